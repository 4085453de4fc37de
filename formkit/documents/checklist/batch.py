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
from .batchwork import WINDOW, Job, Outcome, Writer, outcomes
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


def run_batch(source: Catalog | Context, board: Board, csv_path: str | Path, out_dir: str | Path, *,
              pattern: str = "{id}-{name}", force: bool = False,
              progress: Callable[[Iterable[Applicant | RowError]], Iterable[Applicant | RowError]] | None = None,
              blank: bytes | None = None, jobs: int | None = None) -> BatchResult:
    """Write one pre-filled checklist per good row of ``csv_path`` into ``out_dir`` plus index.csv.

    ``jobs`` caps the worker processes that fill and write (default: one per CPU; 1: here only).

    ``blank`` is the form to pre-fill; by default the blank checklist of ``source`` (a catalogue,
    or a context already resolved for the checklists) and ``board``, from the cache of
    :mod:`formkit.documents.checklist.blankcache` when an earlier run made it from the same inputs.
    """
    from .blankcache import cached_filler
    from .fastfill import FastFiller

    check_pattern(pattern)
    rows = _peek(read_applicants(csv_path))
    if blank is not None:
        filler = FastFiller(blank, PREFILLED)
    else:
        filler = cached_filler(source, board, PREFILLED)
    catalog = source.catalog if not isinstance(source, Catalog) else source
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FormkitError(f"cannot create the output folder ({exc.strerror or exc})", path=str(out),
                           hint="Choose another folder with -o") from None
    from ...runtime.outputs import folder_lock

    with folder_lock(out, wait=False):  # two batches into one folder would interleave files and index
        return _locked_batch(rows, progress, filler, board, catalog, out, pattern, force, jobs)


def _locked_batch(rows: Iterable[Applicant | RowError], progress: Any, filler: Any, board: Board,
                  catalog: Catalog, out: Path, pattern: str, force: bool, jobs: int | None) -> BatchResult:
    """The batch proper, run while this process holds the output folder."""
    from ...runtime.outputs import remove_stale_temporaries

    remove_stale_temporaries(out)  # left by a batch that was killed
    result = BatchResult()
    result.index = out / "index.csv"
    writer = Writer(filler, out, keep.Manifest(out), force, PREFILLED, jobs)
    index_tmp = out / f".index.csv.{os.getpid()}.b.tmp"
    try:
        index_file = open(index_tmp, "w", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise FormkitError(f"cannot write into the output folder ({exc.strerror or exc})", path=str(out),
                           hint=write_hint(exc)) from None
    index = csvout.writer(index_file)  # ids and names are typed by others: spreadsheet-safe cells
    index.writerow(["line", "id", "name", "file", "status"])
    try:
        _run(rows, progress, writer, board, catalog, pattern, index, result)
    except BaseException:
        index_file.close()
        index_tmp.unlink(missing_ok=True)
        _save(writer.manifest)
        raise
    _save(writer.manifest)
    try:
        index_file.close()
        os.replace(index_tmp, result.index)  # fails if the folder was deleted under us: never "success"
    except OSError as exc:
        raise FormkitError(f"cannot write the file ({exc.strerror or exc}); the output folder changed during "
                           "the run", path=str(result.index), hint=write_hint(exc)) from None
    return result


def _run(rows: Iterable[Applicant | RowError], progress: Any, writer: Writer, board: Board, catalog: Catalog,
         pattern: str, index: Any, result: BatchResult) -> None:
    """The per-row loop: every row ends up as one index line (written or error), in row order.

    Rows are named here, a window at a time; the filling and writing of a window is spread over
    worker processes (:mod:`.batchwork`) and its outcomes come back in row order."""
    used: set[str] = set()
    window: list[Job | RowError] = []
    for row in (progress(rows) if progress else rows):
        if isinstance(row, RowError):
            window.append(row)
        else:
            window.append(Job(row.line, row.id, row.name, _unique_name(file_stem(pattern, row), used),
                              values_for(row, board, catalog)))
        if len(window) >= WINDOW:
            _flush(writer, window, index, result)
    _flush(writer, window, index, result)


def _unique_name(stem: str, used: set[str]) -> str:
    """``stem``.pdf, or stem-2.pdf, stem-3.pdf… when an earlier row took it (case-blind, as on macOS)."""
    name, n = f"{stem}.pdf", 2
    while name.lower() in used:
        name, n = f"{stem}-{n}.pdf", n + 1
    used.add(name.lower())
    return name


def _flush(writer: Writer, window: list[Job | RowError], index: Any, result: BatchResult) -> None:
    """Do the window's jobs and record every row's outcome in row order; empty the window."""
    done = outcomes(writer, [item for item in window if isinstance(item, Job)])
    for item in window:
        if isinstance(item, RowError):
            result.errors.append(item)
            index.writerow((str(item.line), "", "", "", f"error: {item.message}"))
        else:
            _record(writer, next(done), index, result)
    window.clear()


def _record(writer: Writer, outcome: Outcome, index: Any, result: BatchResult) -> None:
    """One applicant's line in the index, and the file in the manifest when it was written."""
    job = outcome.job
    if outcome.backup is not None:
        result.backups.append(outcome.backup)
    if outcome.failed:
        raise FormkitError(f"cannot write the file ({outcome.failed})", path=str(writer.out / job.file),
                           hint=write_hint(OSError(outcome.failed)))
    if outcome.invalid:
        result.errors.append(RowError(job.line, outcome.invalid, "Shorten the value"))
        index.writerow((str(job.line), job.id, job.name, "", f"error: {outcome.invalid}"))
    elif outcome.refused:
        result.errors.append(RowError(job.line, f"{writer.out / job.file} {outcome.refused}; not overwriting it",
                                      "Move it elsewhere, or pass --force to replace it (the old file is kept as a "
                                      ".bak)"))
        index.writerow((str(job.line), job.id, job.name, job.file, "error: holds someone's work"))
    else:
        writer.manifest.record(job.file, outcome.sha)
        index.writerow((str(job.line), job.id, job.name, job.file, "written"))
        result.written += 1


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
