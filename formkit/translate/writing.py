"""Writing a translator's files without losing anyone's edits.

A PO file, a locale file or an overlay may have been edited by hand since formkit wrote it; the
folder's manifest (formkit.runtime.keep) knows the bytes formkit wrote. A file that is neither
those bytes nor the bytes about to be written is someone's work: refused without ``force``,
moved to a timestamped .bak with it. Each file is then written atomically by formkit.runtime.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..core.errors import FormkitError
from ..runtime import keep
from ..runtime.outputs import Artifact, write_artifacts

__all__ = ["Artifact", "guarded_write", "hand_edited"]


def hand_edited(artifacts: Iterable[Artifact], root: Path) -> list[Path]:
    """The targets that hold something formkit did not write (and that differ from the new bytes)."""
    manifest = keep.Manifest(root)
    found = []
    for item in artifacts:
        target = root / item.relpath
        if not target.is_file():
            continue  # absent; or not a file, which the writer refuses with its own message
        current = target.read_bytes()
        if current != item.data and not manifest.knows(item.relpath, keep.digest([current])):
            found.append(target)
    return found


def guarded_write(artifacts: list[Artifact], root: Path, *, force: bool = False,
                  on_backup: Callable[[Path, Path], None] | None = None) -> list[Path]:
    """Write ``artifacts`` under ``root``; a hand-edited target stops everything unless ``force``."""
    edited = hand_edited(artifacts, root)
    if edited and not force:
        more = f" (and {len(edited) - 1} more)" if len(edited) > 1 else ""
        raise FormkitError(f"this file was changed since formkit wrote it, or formkit did not write it{more}; "
                           "nothing was written", path=str(edited[0]),
                           hint="Move it elsewhere, or pass --force to replace it (the old file is kept beside it "
                                "as a timestamped .bak)")
    for target in edited:
        kept = keep.backup(target)
        if on_backup is not None:
            on_backup(target, kept)
    return write_artifacts(artifacts, root)
