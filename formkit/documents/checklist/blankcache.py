"""The blank checklist a batch pre-fills, kept between runs in the user's cache folder.

A batch of a thousand applicants spent most of its time before the first applicant: drawing
the blank (about a second) and parsing it again with pypdf to find the fields (more than
filling them all). Both depend only on the inputs, so a run stores the blank and what parsing
found under the digest of those inputs, and the next run with the same inputs starts filling
at once.

Where: ``$XDG_CACHE_HOME/formkit/checklist-blanks/`` (default ``~/.cache/formkit/...``), not the
output folder. A cohort usually gets a folder of its own (``-o out/cohort-2026``), so a cache
there would rarely be hit, and it would put a file nobody asked for among the checklists handed
out. A cache folder that cannot be written is no error: the blank is drawn as before.

A hit needs only the catalogue and the board profile: the fonts and the checklist's limit checks
(:func:`formkit.context.resolve`) read nothing the key does not cover, ran when the entry was
made and would pass again, so a hit skips them (they were a third of the CPU a 1,000-applicant
batch spent before its first file). A miss resolves the context, checks and all.

Key: SHA-256 of the effective catalogue (overlays applied: every field of the resolved model),
the board profile, formkit's version, and the name, size and modification time of every file
of formkit's code and templates (so an edited layout or wording in a checkout is a new key).

Trust: an entry is two files, ``<key>.pdf`` and ``<key>.json``; the JSON names its key, the
blank's SHA-256 and the SHA-256 of the parsed field data. An entry whose key, digests or data do
not match (a truncated write, a disk error, another program's file, a file copied from another
key) is ignored and replaced by a fresh render: a cached blank is never used unverified.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...core.resources import templates_dir
from ...core.cachefolder import mark_used, prune
from ...runtime.outputs import write_atomic
from .fastfill import FastFiller

if TYPE_CHECKING:
    from ...catalog.model import Catalog
    from ...context import Context
    from ...context.boards import Board

FORMAT = "formkit-checklist-blank/1"
KEEP = 16  # entries (about 720 KB each): the blanks of the boards and overlays last used


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/formkit/checklist-blanks`` (XDG default: ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "formkit" / "checklist-blanks"


def inputs_digest(catalog: Catalog, board: Board) -> str:
    """The cache key: what the blank is drawn from (see the module docstring)."""
    from ... import __version__

    sha = hashlib.sha256(f"{FORMAT}\n{__version__}\n".encode())
    sha.update(repr(catalog).encode("utf-8"))
    sha.update(repr(board).encode("utf-8"))
    for root in (Path(__file__).resolve().parents[2], templates_dir()):
        for parts, st in sorted(_files(str(root), ())):
            sha.update(f"{'/'.join(parts)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return sha.hexdigest()


def _files(folder: str, parts: tuple[str, ...]) -> list[tuple[tuple[str, ...], os.stat_result]]:
    """(path parts below the root, stat) of every file under ``folder``; __pycache__ folders are
    not entered (``Path.rglob`` listed and stat'ed every .pyc in them: half of this key's cost).
    Sorted by parts, these come in ``sorted(Path.rglob())`` order, so the key is unchanged."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    found += _files(entry.path, (*parts, entry.name))
            elif entry.is_file():
                found.append(((*parts, entry.name), entry.stat()))
    return found


def cached_filler(source: Catalog | Context, board: Board, names: tuple[str, ...]) -> FastFiller:
    """A :class:`FastFiller` for the blank checklist of ``source`` (a catalogue, or a context
    resolved for the checklists) and ``board``: from a verified cache entry, or drawn and parsed
    now (and stored for the next run). Input errors are raised on a miss only (see above)."""
    from ...catalog.model import Catalog

    key = inputs_digest(source if isinstance(source, Catalog) else source.catalog, board)
    folder = cache_dir()
    found = _read(folder, key, names)
    if found is not None:
        return found
    from . import _context, blank_pdf

    filler = FastFiller(blank_pdf(_context(source, board)), names)
    _store(folder, key, filler)
    return filler


def _state_digest(state: Any) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _read(folder: Path, key: str, names: tuple[str, ...]) -> FastFiller | None:
    """The entry under ``key`` if every check passes, else None (absent, damaged or foreign)."""
    try:
        meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        blank = (folder / f"{key}.pdf").read_bytes()
    except (OSError, ValueError):
        return None
    try:
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("key") != key:
            return None
        state = meta["state"]
        if meta["state_sha256"] != _state_digest(state) or sorted(state["slots"]) != sorted(names):
            return None
        filler = FastFiller.from_state(blank, state)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None
    if filler.blank_sha.hexdigest() != meta.get("blank_sha256"):
        return None
    mark_used(folder / f"{key}.json", folder / f"{key}.pdf")
    return filler


def _store(folder: Path, key: str, filler: FastFiller) -> None:
    """Write the entry (PDF first, then the JSON that vouches for it); a failure is not an error."""
    state = filler.state()
    meta = {"format": FORMAT, "key": key, "blank_sha256": filler.blank_sha.hexdigest(), "state": state,
            "state_sha256": _state_digest(state)}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{key}.pdf", filler.blank)
        write_atomic(folder / f"{key}.json", json.dumps(meta, sort_keys=True).encode("utf-8"))
    except OSError:
        return  # a read-only or full cache folder: the next run draws the blank again
    prune(folder, KEEP)


__all__ = ["cache_dir", "cached_filler", "inputs_digest"]
