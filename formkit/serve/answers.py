"""Where the page keeps what people answered, for the people and cohort pages.

Every form that reaches the page (uploaded, or filled here) is read once with `formkit collect`'s
reader and summarised into an index in the data folder (person, program, supervisor, round,
date, each competency's rating), so the people and cohort pages read one small file, not every
PDF. The same files are also ingested into formkit's answer store (`formkit.store`: formkit.db in
the data folder, or the database URL given), where `formkit people` and the store's reports find
them.
"""

from __future__ import annotations

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
    """Index the forms at ``paths`` and hand them to the answer store; a line saying what was kept."""
    if not paths:
        return ""
    entries = []
    for path, outcome in read(paths, catalog):
        if not isinstance(outcome, str):
            entries.append((path.name, summary(outcome)))
    remember(folder, entries)
    stored = to_store(settings, folder, paths, catalog)
    from .wording import say_count

    kept = say_count("kept", len(entries))
    return kept + (f" {stored}" if stored else "")


def to_store(settings: ServeSettings, folder: DataFolder, paths: list[Path], catalog: Catalog) -> str:
    """Ingest the files into formkit's answer store, by path as `formkit collect --db` does (the same
    file twice adds nothing, whichever way it came); a line saying what the store did. A store that
    cannot be reached is said in that line: the forms stay kept in the data folder."""
    from ..core.errors import FormkitError
    from ..store import open_store
    from .wording import say

    target = settings.store_url or folder.inside("formkit.db")
    try:
        with open_store(target) as store:
            report = store.ingest(paths, catalog)
    except FormkitError as exc:
        return say("store_failed", problem=exc.one_line())
    parts = [say("store_added", count=len(report.added))]
    if report.skipped_same_hash:
        parts.append(say("store_already", count=len(report.skipped_same_hash)))
    if report.new_versions:
        parts.append(say("store_versions", count=len(report.new_versions)))
    if report.failures:
        parts.append(say("store_refused", count=len(report.failures),
                         reasons="; ".join(text for _f, text in report.failures[:3])))
    return say("store_did", parts=", ".join(parts))
