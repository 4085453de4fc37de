"""Where the page keeps what people answered, for the people and cohort pages.

Every form that reaches the page (uploaded, or filled here) is read once with `formkit collect`'s
reader and summarised into an index in the data folder (person, program, supervisor, round,
date, each competency's rating), so the people and cohort pages read one small file, not every
PDF. When formkit's answer store (`formkit.store`, issue 18) is installed the same files are
also ingested into it (the store's own database, in the data folder unless a URL is given).
"""

from __future__ import annotations

import importlib
import json
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..catalog.model import Catalog
from .datafolder import DataFolder
from .settings import ServeSettings

_INDEX_LOCK = threading.Lock()
INDEX = "index.json"


def summary(response: Any) -> dict[str, Any]:
    """What the people and cohort pages show of one read form."""
    return {"person": response.person, "program": response.identity.get("program", ""),
            "supervisor": response.identity.get("supervisor", ""), "round": response.identity.get("round", ""),
            "date": response.identity.get("date", ""), "catalog": f"{response.catalog_id} {response.catalog_version}",
            "ratings": {r.competency_id: [r.category_id, r.value, r.label] for r in response.ratings}}


def read(paths: list[Path], catalog: Catalog) -> Iterator[tuple[Path, Any]]:
    """Each file with its Response or the one-line reason it could not be read (collect's reader,
    in this process: a web server must not fork)."""
    from ..collect import read_forms

    yield from read_forms(paths, catalog, jobs=1)


def load_index(folder: DataFolder) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(folder.inside("uploads", INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(folder: DataFolder, entries: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Add (file name, summary) entries to the index, atomically, one writer at a time."""
    with _INDEX_LOCK:
        index = load_index(folder)
        index.update(entries)
        text = json.dumps(index, ensure_ascii=False, sort_keys=True)
        folder.write(folder.inside("uploads", INDEX), text.encode("utf-8"))


def ingest(settings: ServeSettings, folder: DataFolder, paths: list[Path], catalog: Catalog) -> str:
    """Index the forms at ``paths`` and hand them to the answer store when it is installed; a line
    saying what was kept."""
    if not paths:
        return ""
    entries = []
    for path, outcome in read(paths, catalog):
        if not isinstance(outcome, str):
            entries.append((path.name, summary(outcome)))
    remember(folder, entries)
    stored = to_store(settings, folder, paths, catalog)
    kept = f"{len(entries)} form{' is' if len(entries) == 1 else 's are'} kept for the People and Cohort pages."
    return kept + (f" {stored}" if stored else "")


def to_store(settings: ServeSettings, folder: DataFolder, paths: list[Path], catalog: Catalog) -> str:
    """Ingest into formkit.store when this formkit has it ('' when it does not)."""
    store_module = importlib.import_module("formkit.store")
    open_store: Any = getattr(store_module, "open_store", None)
    if open_store is None:
        return ""
    with open_store(settings.store_url or folder.inside("formkit.db")) as store:
        report = store.ingest(paths, catalog)
    added = len(getattr(report, "added", []) or [])
    return f"The answer store added {added} form(s)."
