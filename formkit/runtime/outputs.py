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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import FormkitError
from . import keep


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
    """True when ``path`` is a PDF that holds answers, or that cannot be opened to tell (a
    password, damage): conservatively, someone's work (see :mod:`formkit.runtime.keep`)."""
    if path.suffix.lower() != ".pdf" or not path.is_file():
        return False
    return keep._pdf_work(path, ()) is not None


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
    removed: list[Path] = []
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
def folder_lock(folder: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold an advisory lock on the folder itself (no lock file is left behind).

    A build waits for its turn (it takes seconds). A batch (``wait=False``) may take minutes, so
    one started beside another run is refused at once instead of seeming to hang, or
    interleaving its files and index with the other's.
    """
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
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FormkitError("the folder is in use by another formkit run", path=str(folder),
                               hint="Wait for that run to finish, or choose another folder with -o") from None
        except OSError:
            pass
        yield
    finally:
        os.close(fd)  # closing releases the lock


_folder_lock = folder_lock  # the former private name


def _ensure_folder(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FormkitError(f"cannot create the output folder ({exc.strerror or exc})", path=str(root),
                           hint=write_hint(exc)) from None
    if not root.is_dir():
        raise FormkitError("is a file, not a folder", path=str(root), hint="Choose an output folder with -o")


def write_artifacts(artifacts: Iterable[Artifact], out_dir: str | Path, *, force: bool = False,
                    on_backup: Callable[[Path, Path], None] | None = None) -> list[Path]:
    """Write every artifact under ``out_dir``; refuse first if any target holds someone's work.

    What counts as someone's work is :func:`formkit.runtime.keep.someones_work`. With ``force`` such a
    file is moved to a timestamped backup first, and ``on_backup(old, kept)`` is told.
    """
    root = Path(out_dir)
    items = list(artifacts)
    if not items:
        return []
    _ensure_folder(root)
    with _folder_lock(root):
        manifest = keep.Manifest(root)
        try:
            return _write_locked(items, root, force, manifest, on_backup)
        finally:
            try:
                manifest.save()
            except OSError:
                pass  # the files were written whole; without the record they are judged by a look inside


def _keep_work(items: list[Artifact], root: Path, force: bool, manifest: keep.Manifest,
               on_backup: Callable[[Path, Path], None] | None) -> None:
    """Refuse (or, with ``force``, back up) every target that holds someone's work."""
    for item in items:
        target = root / item.relpath
        why = keep.someones_work(target, manifest, item.relpath, keep.digest([item.data]))
        if why is None:
            continue
        if not force:
            raise FormkitError(f"this file {why}; not overwriting it", path=str(target),
                               hint="Move it elsewhere, or pass --force to replace it (the old file is kept "
                                    "beside it as a timestamped .bak)")
        try:
            kept = keep.backup(target)
        except OSError as exc:
            raise FormkitError(f"cannot keep a backup of the old file ({exc.strerror or exc}); nothing was "
                               "written", path=str(target), hint=write_hint(exc)) from None
        if on_backup is not None:
            on_backup(target, kept)


def _write_locked(items: list[Artifact], root: Path, force: bool, manifest: keep.Manifest,
                  on_backup: Callable[[Path, Path], None] | None) -> list[Path]:
    _keep_work(items, root, force, manifest, on_backup)
    for item in items:  # saved first: a build killed mid-way leaves files the manifest still knows
        if (root / item.relpath).exists():  # (a new file is judged by a look inside: no record needed)
            manifest.expect(item.relpath, keep.digest([item.data]))
    try:
        manifest.save()
    except OSError:
        pass  # the write below reports the folder's problem
    for folder in sorted({root} | {(root / item.relpath).parent for item in items}):
        remove_stale_temporaries(folder)
    written: list[Path] = []
    before = _identity(root)
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
        manifest.record(item.relpath, keep.digest([item.data]))
    check_written(root, before, [(item.relpath, len(item.data)) for item in items])
    return written


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def check_written(root: Path, before: tuple[int, int] | None, items: list[tuple[str, int]]) -> None:
    """Raise unless every file just written is still there, in the same output folder.

    A folder deleted (or moved) while a build writes into it loses the files written so far;
    writing on re-creates it, so without this look the build would report success for files
    no one can find.
    """
    missing = [relpath for relpath, size in items if not _still_there(root / relpath, size)]
    if _identity(root) != before or missing:
        lost = len(missing) if missing else len(items)
        raise FormkitError(f"the output folder was deleted or replaced while formkit wrote into it; {lost} of "
                           f"{len(items)} files are missing", path=str(root),
                           hint="Leave the folder alone while formkit runs, then run the same command again")


def _still_there(path: Path, size: int) -> bool:
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


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
