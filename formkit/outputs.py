"""Writing documents safely: everything rendered first, then each file written atomically.

A build either writes every file whole or none (render errors happen before any write);
a file is written to a temporary name in the same folder and renamed into place, so a
crash never leaves a half-written document. A PDF that already holds answers is never
replaced unless the caller says ``force``.

Temporary names carry the writer's process id (``.<name>.<pid>.<random>.tmp``): one left by
a process that was killed is removed by the next write into that folder, while one of a
build still running beside us is left alone. Two builds into one folder take turns (an
advisory lock on the folder), so the folder ends up as one build's complete set.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
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


TMP_NAME = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")
STALE_SECONDS = 24 * 3600


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: leave its files alone
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete temporary files left in ``folder`` by writers that died (killed, power cut)."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = TMP_NAME.match(entry.name)
        if not m:
            continue
        try:
            stale = not _alive(int(m.group(1))) or now - entry.stat().st_mtime > STALE_SECONDS
            if stale and entry.is_file():
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an advisory lock on the folder itself (no lock file is left behind)."""
    try:
        import fcntl
    except ImportError:  # Windows: atomic renames still keep every file whole
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _ensure_folder(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FormkitError(f"cannot create the output folder ({exc.strerror or exc})", path=str(root),
                           hint=write_hint(exc)) from None
    if not root.is_dir():
        raise FormkitError("is a file, not a folder", path=str(root), hint="Choose an output folder with -o")


def write_artifacts(artifacts: Iterable[Artifact], out_dir: str | Path, *, force: bool = False) -> list[Path]:
    """Write every artifact under ``out_dir``; refuse first if any target holds answers."""
    root = Path(out_dir)
    items = list(artifacts)
    if not items:
        return []
    _ensure_folder(root)
    with _folder_lock(root):
        return _write_locked(items, root, force)


def _write_locked(items: list[Artifact], root: Path, force: bool) -> list[Path]:
    if not force:
        for item in items:
            target = root / item.relpath
            if pdf_holds_answers(target):
                raise FormkitError("this form already holds someone's answers; not overwriting it",
                                   path=str(target), hint="Move it elsewhere, or pass --force to replace it")
    for folder in sorted({(root / item.relpath).parent for item in items}):
        remove_stale_temporaries(folder)
    written: list[Path] = []
    for item in items:
        target = root / item.relpath
        try:
            write_atomic(target, item.data)
        except OSError as exc:
            done = f"; {len(written)} of {len(items)} files were written, each whole" if written else \
                "; nothing was written"
            raise FormkitError(f"cannot write the file ({exc.strerror or exc}){done}", path=str(target),
                               hint=write_hint(exc)) from None
        written.append(target)
    return written


def write_hint(exc: OSError) -> str:
    """The fix for a failed write, in the user's terms."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "The disk is full: free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "The output folder is read-only: choose another with -o, or fix its permissions"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return "A file is in the way of a folder formkit needs: choose another output folder with -o"
    if exc.errno == errno.ENAMETOOLONG:
        return "The path is too long: choose a shorter output folder"
    return "Check the output folder and try again"


_write_hint = write_hint  # the former private name
