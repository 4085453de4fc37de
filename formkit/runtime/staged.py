"""Writing outputs as they are produced, with the guarantees of :mod:`formkit.runtime.outputs`.

:func:`formkit.runtime.outputs.write_artifacts` takes every file's bytes at once, so a caller that
reads 10,000 forms would hold 10,000 forms' worth of output. Here each output is written as
it is produced, to a temporary file in its target's folder (``.<name>.<pid>.<random>.tmp``,
the names :func:`formkit.runtime.outputs.remove_stale_temporaries` clears after a killed run), and
nothing is renamed into place before :meth:`Stage.commit`: a run that fails or is killed
part-way replaces no file and leaves no half-written one. The output folder is locked for
the whole run, so two runs into one folder take turns. What is kept per file is its name
and digest, not its bytes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..core.errors import FormkitError
from . import keep
from .outputs import _ensure_folder, _folder_lock, _identity, check_written, remove_stale_temporaries, write_hint

T = TypeVar("T")


class StagedFile:
    """One output being written: bytes go to its temporary file and into its digest."""

    def __init__(self, stage: Stage, relpath: str) -> None:
        target = stage.root / relpath
        self.relpath, self.target = relpath, target
        self._stage = stage
        stage.guard(lambda: target.parent.mkdir(parents=True, exist_ok=True), target)
        if target.parent not in stage.folders:  # temporaries a killed run left here go first
            stage.folders.add(target.parent)
            remove_stale_temporaries(target.parent)
        fd, tmp = stage.guard(lambda: tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                                       dir=target.parent), target)
        self.tmp = Path(tmp)
        stage.temporaries.append(self.tmp)
        self._handle = os.fdopen(fd, "wb")
        stage.handles.append(self._handle)
        self._sha = hashlib.sha256()
        self._size = 0

    def write(self, data: bytes) -> None:
        self._sha.update(data)
        self._size += len(data)
        self._stage.guard(lambda: self._handle.write(data), self.target)

    def close(self) -> None:
        """Flush to disk and leave the finished file waiting for :meth:`Stage.commit`."""
        def finish() -> None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            os.chmod(self.tmp, 0o644)

        self._stage.guard(finish, self.target)
        self._stage.finished.append((self.relpath, self.tmp, self._sha.hexdigest()))
        self._stage.sizes[self.relpath] = self._size


class Stage:
    """The outputs of one run under ``root``; see the module docstring."""

    def __init__(self, root: Path, force: bool, on_backup: Callable[[Path, Path], None] | None) -> None:
        self.root, self.force, self.on_backup = root, force, on_backup
        self.temporaries: list[Path] = []
        self.handles: list[Any] = []  # the temporaries' open files: closed by discard if a run stops midway
        self.folders: set[Path] = set()
        self.finished: list[tuple[str, Path, str]] = []  # (relpath, temporary file, sha-256)
        self.sizes: dict[str, int] = {}

    def open(self, relpath: str) -> StagedFile:
        return StagedFile(self, relpath)

    def write(self, relpath: str, data: bytes) -> None:
        """A whole file at once (a report rendered in one piece)."""
        staged = self.open(relpath)
        staged.write(data)
        staged.close()

    def guard(self, action: Callable[[], T], target: Path, done: int = 0) -> T:
        """Run one file operation; a failure becomes the one-line message of a failed write."""
        try:
            return action()
        except OSError as exc:
            what = f"{done} of {len(self.finished)} files were written, each whole" if done else "nothing was written"
            raise FormkitError(f"cannot write the file ({exc.strerror or exc}); {what}",
                               path=str(target), hint=write_hint(exc)) from None

    def commit(self, order: Callable[[str], Any] | None = None) -> list[Path]:
        """Move every finished file into place, keeping someone's work as :mod:`formkit.runtime.keep` says.

        Files are moved (and listed) in the order ``order(relpath)`` sorts them, by default in
        the order they were finished; a caller whose files finish in any order (worker
        processes) passes one, so the result does not depend on which worker was quicker.
        """
        if order is not None:
            self.finished.sort(key=lambda item: order(item[0]))
        manifest = keep.Manifest(self.root)
        try:
            self._keep_work(manifest)
            written: list[Path] = []
            before = _identity(self.root)
            sizes = [(relpath, self.sizes[relpath]) for relpath, _, _ in self.finished]
            for relpath, tmp, sha in self.finished:
                target = self.root / relpath
                try:
                    os.replace(tmp, target)
                except OSError:  # the folder went away (its temporaries with it), or a plain failure
                    check_written(self.root, before, sizes)
                    self.guard(functools.partial(os.replace, tmp, target), target, len(written))
                written.append(target)
                manifest.record(relpath, sha)
            check_written(self.root, before, sizes)
            return written
        finally:
            with contextlib.suppress(OSError):
                manifest.save()  # without the record, files are judged by a look inside

    def _keep_work(self, manifest: keep.Manifest) -> None:
        for relpath, _tmp, sha in self.finished:
            target = self.root / relpath
            why = keep.someones_work(target, manifest, relpath, sha)
            if why is None:
                continue
            if not self.force:
                raise FormkitError(f"this file {why}; not overwriting it", path=str(target),
                                   hint="Move it elsewhere, or pass --force to replace it (the old file is "
                                        "kept beside it as a timestamped .bak)")
            kept = self.guard(functools.partial(keep.backup, target), target)
            if self.on_backup is not None:
                self.on_backup(target, kept)
        for relpath, _tmp, sha in self.finished:  # recorded first: a kill mid-way leaves known files
            if (self.root / relpath).exists():
                manifest.expect(relpath, sha)
        with contextlib.suppress(OSError):
            manifest.save()

    def discard(self) -> None:
        for handle in self.handles:
            with contextlib.suppress(OSError):
                handle.close()  # a no-op for a file already closed
        for tmp in self.temporaries:
            with contextlib.suppress(OSError):
                tmp.unlink()


@contextlib.contextmanager
def staged(out_dir: str | Path, *, force: bool = False,
           on_backup: Callable[[Path, Path], None] | None = None) -> Iterator[Stage]:
    """A :class:`Stage` under ``out_dir``, locked; whatever is not committed is removed on leaving."""
    root = Path(out_dir)
    made = not root.exists()
    _ensure_folder(root)
    with _folder_lock(root):
        stage = Stage(root, force, on_backup)
        try:
            yield stage
        finally:
            stage.discard()  # after a commit only what failed to move is left to remove
            if made:  # a run that failed before writing anything leaves no folder behind either
                for folder in sorted(stage.folders | {root}, key=lambda f: len(f.parts), reverse=True):
                    with contextlib.suppress(OSError):
                        folder.rmdir()  # only an empty one: a file in it means the run wrote something


__all__ = ["Stage", "StagedFile", "staged"]
