"""The shipped wording, kept parsed between runs in the user's cache folder.

Every document and report looks its fixed wording up in templates/locales/<language>/*.yaml.
Parsing those files meant importing PyYAML and running its parser: a tenth of a `formkit report
person` run's CPU, every run, for files that change only when formkit does. A run that parsed
them stores the flat key -> text table as JSON under the digest of the files' names and bytes;
the next run reads that instead, and PyYAML is not imported at all.

Where: ``$XDG_CACHE_HOME/formkit/locales/`` (default ``~/.cache/formkit/...``), like the
checklist blanks (formkit.documents.checklist.blankcache). A folder that cannot be written is no
error: the files are parsed as before.

Trust: the key covers every byte the table is parsed from, so an edited wording file is a new
key, never a stale table. An entry whose format, key or contents do not check out (a truncated
write, another program's file) is ignored and replaced: it can cost a parse, never a wrong word.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from ..core.cachefolder import mark_used, prune
from ..runtime.outputs import write_atomic

FORMAT = "formkit-locale/1"
KEEP = 32  # entries (about 50 KB each): the languages and locale overlays last used


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/formkit/locales`` (XDG default: ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "formkit" / "locales"


def folder_digest(files: list[Path]) -> str:
    """The cache key: the format, then each wording file's name and bytes, in order."""
    sha = hashlib.sha256(f"{FORMAT}\n".encode())
    for path in files:
        data = path.read_bytes()
        sha.update(f"{path.name}\0{len(data)}\0".encode())
        sha.update(data)
    return sha.hexdigest()


def cached_table(files: list[Path], parse: Callable[[], Mapping[str, str]]) -> dict[str, str]:
    """The table ``parse()`` makes from ``files``: from a checked cache entry, or parsed now (and
    stored for the next run). A file that cannot be read, or a parse error, is raised as before."""
    try:
        key = folder_digest(files)
    except OSError:
        return dict(parse())  # the parse names the file it cannot read
    entry = cache_dir() / f"{key}.json"
    found = _read(entry, key)
    if found is not None:
        mark_used(entry)
        return found
    table = dict(parse())
    _store(entry, key, table)
    return table


def _read(entry: Path, key: str) -> dict[str, str] | None:
    """The entry's table if it is whole and made for ``key``, else None (absent, damaged, foreign)."""
    try:
        meta = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("key") != key:
        return None
    table = meta.get("table")
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        return None
    return table


def _store(entry: Path, key: str, table: Mapping[str, str]) -> None:
    """Write the entry; a read-only or full cache folder is not an error (the next run parses again)."""
    meta = {"format": FORMAT, "key": key, "table": dict(table)}
    try:
        write_atomic(entry, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    except OSError:
        return
    prune(entry.parent, KEEP)


__all__ = ["cache_dir", "cached_table", "folder_digest"]
