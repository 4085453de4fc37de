"""One pre-filled checklist per applicant, streamed: one applicant in memory at a time.

Files are written to a temporary name and renamed, so a file is whole or absent. A bad row
is recorded and the others still get their files; the caller reports the errors at the end.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...catalog.model import Catalog
from ...context.boards import Board
from ...core.errors import FormkitError
from ...runtime import csvout, keep
from ...runtime.outputs import write_hint
from .applicants import Applicant, RowError, check_pattern, file_stem, read_applicants
from .model import APPLICANT_FIELDS

if TYPE_CHECKING:
    from ...context import Context

PREFILLED = tuple(name for name, _, _ in APPLICANT_FIELDS)


@dataclass
class BatchResult:
    written: int = 0  # a count, not a list: memory stays flat whatever the cohort size
    errors: list[RowError] = field(default_factory=list)
    index: Path | None = None
    backups: list[tuple[Path, Path]] = field(default_factory=list)  # (old file, where it was kept) under --force


def values_for(applicant: Applicant, board: Board, catalog: Catalog) -> dict[str, str]:
    """The applicant block's pre-filled values (credential and organisation default from board/overlay)."""
    return {"applicant_name": applicant.name, "applicant_id": applicant.id,
            "credential": applicant.credential or board.credential,
            "organisation": applicant.organisation or catalog.organisation.name}


@dataclass
class _Keeper:
    """What a batch needs to leave people's work alone: the folder's manifest, and --force."""

    manifest: keep.Manifest
    force: bool

    def clear(self, target: Path, name: str, sha: str, result: BatchResult) -> str | None:
        """None when ``target`` (to hold bytes of digest ``sha``) may be written (backing it up
        first under --force); else why not."""
        why = keep.someones_work(target, self.manifest, name, sha, PREFILLED)
        if why is not None and self.force:
            result.backups.append((target, keep.backup(target)))
            return None
        return why


def _write_fast(path: Path, parts: Iterable[bytes]) -> None:
    """Temp file + rename in the same folder (no fsync per file: speed matters for a cohort)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.b.tmp")  # per process: two batches never share one
    try:
        with open(tmp, "wb") as handle:
            for part in parts:
                handle.write(part)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def run_batch(source: Catalog | Context, board: Board, csv_path: str | Path, out_dir: str | Path, *,
              pattern: str = "{id}-{name}", force: bool = False,
              progress: Callable[[Iterable[Applicant | RowError]], Iterable[Applicant | RowError]] | None = None,
              blank: bytes | None = None) -> BatchResult:
    """Write one pre-filled checklist per good row of ``csv_path`` into ``out_dir`` plus index.csv.

    ``blank`` is the form to pre-fill; by default the blank checklist of ``source`` (a catalogue,
    or a context already resolved for the checklists) and ``board``, from the cache of
    :mod:`formkit.documents.checklist.blankcache` when an earlier run made it from the same inputs.
    """
    from . import _context
    from .blankcache import cached_filler
    from .fastfill import FastFiller

    check_pattern(pattern)
    rows = _peek(read_applicants(csv_path))
    if blank is not None:
        filler = FastFiller(blank, PREFILLED)
    else:
        filler = cached_filler(_context(source, board), PREFILLED)
    catalog = source.catalog if not isinstance(source, Catalog) else source
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FormkitError(f"cannot create the output folder ({exc.strerror or exc})", path=str(out),
                           hint="Choose another folder with -o") from None
    from ...runtime.outputs import folder_lock

    with folder_lock(out, wait=False):  # two batches into one folder would interleave files and index
        return _locked_batch(rows, progress, filler, board, catalog, out, pattern, force)


def _locked_batch(rows: Iterable[Applicant | RowError], progress: Any, filler: Any, board: Board,
                  catalog: Catalog, out: Path, pattern: str, force: bool) -> BatchResult:
    """The batch proper, run while this process holds the output folder."""
    from ...runtime.outputs import remove_stale_temporaries

    remove_stale_temporaries(out)  # left by a batch that was killed
    result = BatchResult()
    used: set[str] = set()
    result.index = out / "index.csv"
    keeper = _Keeper(keep.Manifest(out), force)
    index_tmp = out / f".index.csv.{os.getpid()}.b.tmp"
    try:
        index_file = open(index_tmp, "w", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise FormkitError(f"cannot write into the output folder ({exc.strerror or exc})", path=str(out),
                           hint=write_hint(exc)) from None
    index = csvout.writer(index_file)  # ids and names are typed by others: spreadsheet-safe cells
    index.writerow(["line", "id", "name", "file", "status"])
    try:
        _run(rows, progress, filler, board, catalog, out, pattern, keeper, used, index, result)
    except BaseException:
        index_file.close()
        index_tmp.unlink(missing_ok=True)
        _save(keeper.manifest)
        raise
    _save(keeper.manifest)
    try:
        index_file.close()
        os.replace(index_tmp, result.index)  # fails if the folder was deleted under us: never "success"
    except OSError as exc:
        raise FormkitError(f"cannot write the file ({exc.strerror or exc}); the output folder changed during "
                           "the run", path=str(result.index), hint=write_hint(exc)) from None
    return result


def _run(rows: Iterable[Applicant | RowError], progress: Any, filler: Any, board: Board, catalog: Catalog,
         out: Path, pattern: str, keeper: _Keeper, used: set[str], index: Any, result: BatchResult) -> None:
    """The per-row loop: every row ends up as one index line (written or error)."""
    for row in (progress(rows) if progress else rows):
        if isinstance(row, RowError):
            result.errors.append(row)
            index.writerow((str(row.line), "", "", "", f"error: {row.message}"))
            continue
        stem = file_stem(pattern, row)
        name, n = f"{stem}.pdf", 2
        while name.lower() in used:
            name, n = f"{stem}-{n}.pdf", n + 1
        used.add(name.lower())
        target = out / name
        values = values_for(row, board, catalog)
        try:
            parts = (filler.blank, filler.update(values)) if filler.supports(values) else (filler.fill(values),)
            sha = filler.digest(parts)
            why = keeper.clear(target, name, sha, result)
            if why is not None:
                err = RowError(row.line, f"{target} {why}; not overwriting it",
                               "Move it elsewhere, or pass --force to replace it (the old file is kept as a .bak)")
                result.errors.append(err)
                index.writerow((str(row.line), row.id, row.name, name, "error: holds someone's work"))
                continue
            _write_fast(target, parts)
            keeper.manifest.record(name, sha)
        except ValueError as exc:
            result.errors.append(RowError(row.line, str(exc), "Shorten the value"))
            index.writerow((str(row.line), row.id, row.name, "", f"error: {exc}"))
            continue
        except OSError as exc:
            raise FormkitError(f"cannot write the file ({exc.strerror or exc})", path=str(target),
                               hint=write_hint(exc)) from None
        result.written += 1
        index.writerow((str(row.line), row.id, row.name, name, "written"))


def _save(manifest: keep.Manifest) -> None:
    try:
        manifest.save()
    except OSError:
        pass  # every file was written whole; without the record they are judged by a look inside


def _peek(rows: Iterable[Applicant | RowError]) -> Iterable[Applicant | RowError]:
    """Read the first row now (so header errors surface before any file is made), then all."""
    it = iter(rows)
    try:
        head = next(it)
    except StopIteration:
        return []
    return _chain(head, it)


def _chain(head: Applicant | RowError, rest: Iterable[Applicant | RowError]) -> Iterable[Applicant | RowError]:
    yield head
    yield from rest
