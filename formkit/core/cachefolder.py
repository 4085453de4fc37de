"""formkit's cache folders (parsed fonts, wording tables, blank checklists) keep their most recently
used entries and no more.

Each entry is named by the digest of its inputs, so a new formkit version, an edited overlay or
another board adds an entry and the old one is never asked for again; without pruning, a program
that runs batches for many boards or upgrades formkit a few times collects blank checklists of
700 KB each in the user's home for good. A run that reads an entry marks it used (its files'
modification time); a run that adds one deletes the least recently used entries beyond the
folder's ``keep``. An entry is the files sharing one key (a blank checklist is ``<key>.pdf`` and
``<key>.json``); files not named by a key (anything a person put there, a write in progress) are
left alone. Pruning is best effort: a file another run deleted first, or a folder that cannot
be written, is no error, and a run that finds its entry gone reads it as a miss.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_KEY = re.compile(r"^([0-9a-f]{64})\.[A-Za-z0-9]+$")  # "<sha256 hex>.<suffix>": an entry's file


def mark_used(*paths: Path) -> None:
    """Note that a run read these entry files: pruning keeps the most recently used."""
    for path in paths:
        try:
            os.utime(path)
        except OSError:
            pass  # read-only, or pruned by another run meanwhile: the entry was read all the same


def prune(folder: Path, keep: int) -> list[str]:
    """Delete all but the ``keep`` most recently used entries of ``folder``; the keys deleted."""
    entries: dict[str, list[tuple[float, str]]] = {}
    try:
        with os.scandir(folder) as found:
            for item in found:
                m = _KEY.match(item.name)
                if m is not None and item.is_file(follow_symlinks=False):
                    entries.setdefault(m[1], []).append((item.stat(follow_symlinks=False).st_mtime, item.path))
    except OSError:
        return []
    if len(entries) <= keep:
        return []
    by_use = sorted(entries, key=lambda key: (max(t for t, _ in entries[key]), key), reverse=True)
    for key in by_use[keep:]:
        for _, path in entries[key]:
            try:
                os.unlink(path)
            except OSError:
                pass
    return by_use[keep:]


__all__ = ["mark_used", "prune"]
