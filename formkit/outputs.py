"""Writing documents safely: everything rendered first, then each file written atomically.

A build either writes every file whole or none (render errors happen before any write);
a file is written to a temporary name in the same folder and renamed into place, so a
crash never leaves a half-written document. A PDF that already holds answers is never
replaced unless the caller says ``force``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import FormkitError


@dataclass(frozen=True)
class Artifact:
    """One rendered file: a path relative to the output folder, and its bytes."""

    relpath: str
    data: bytes


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and rename; never a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def pdf_holds_answers(path: Path) -> bool:
    """True when ``path`` is a PDF form with any field filled in (a person's answers)."""
    if path.suffix.lower() != ".pdf" or not path.is_file():
        return False
    from .pdfform.read import read_field_values  # lazy: pypdf is heavy

    try:
        values = read_field_values(path)
    except Exception:  # an unreadable file holds no answers we could lose by accident
        return False
    return any(v not in ("", "Off") for v in values.values())


def write_artifacts(artifacts: Iterable[Artifact], out_dir: str | Path, *, force: bool = False) -> list[Path]:
    """Write every artifact under ``out_dir``; refuse first if any target holds answers."""
    root = Path(out_dir)
    items = list(artifacts)
    if not force:
        for item in items:
            target = root / item.relpath
            if pdf_holds_answers(target):
                raise FormkitError("this form already holds someone's answers; not overwriting it",
                                   path=str(target), hint="Move it elsewhere, or pass --force to replace it")
    written = []
    for item in items:
        target = root / item.relpath
        try:
            write_atomic(target, item.data)
        except OSError as exc:
            raise FormkitError(f"cannot write the file ({exc.strerror or exc})", path=str(target),
                               hint=_write_hint(exc)) from None
        written.append(target)
    return written


def _write_hint(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return "The disk is full: free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "The output folder is read-only: choose another with -o"
    return "Check the output folder"
