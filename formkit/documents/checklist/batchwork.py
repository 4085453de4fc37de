"""The part of a batch that costs: fill one applicant's form, check the target, write the file.

Why apart from :mod:`.batch`: this part is spread over forked worker processes, one per CPU, a
chunk of applicants at a time, while the parent keeps everything that must stay in row order
(file names, the index, the manifest). Each job's outcome is plain data, so it crosses the
process boundary; the files and outcomes are the same whether one process does the work or two.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...runtime import keep
from ...runtime import workers as _workers

WINDOW = 2048  # applicants named and dispatched at a time: memory stays flat for any cohort size
CHUNK = 32  # applicants a worker takes at a time
PER_WORKER_AT_LEAST = 64  # a smaller window is done here: forking would cost more than it saves


@dataclass(frozen=True)
class Job:
    """One applicant's file to write: the row it came from, its file name and its field values."""

    line: int
    id: str
    name: str
    file: str
    values: dict[str, str]


@dataclass(frozen=True)
class Outcome:
    """What became of a job: ``sha`` of the file written, or why not (``refused``: someone's
    work is there; ``invalid``: a value the form cannot take; ``failed``: the disk said no)."""

    job: Job
    sha: str = ""
    refused: str = ""
    invalid: str = ""
    failed: str = ""
    backup: tuple[Path, Path] | None = None


@dataclass(frozen=True)
class Writer:
    """What every job needs, inherited by forked workers: the filler, the folder, its manifest."""

    filler: Any
    out: Path
    manifest: keep.Manifest
    force: bool
    protected: tuple[str, ...]  # the fields formkit itself fills: a value there is nobody's work
    jobs: int | None = None  # worker processes at most (None: one per CPU)


def do_job(writer: Writer, job: Job) -> Outcome:
    """Fill, check, write: one applicant's file, whole or absent."""
    filler, target = writer.filler, writer.out / job.file
    try:
        values = job.values
        parts = (filler.blank, filler.update(values)) if filler.supports(values) else (filler.fill(values),)
    except ValueError as exc:
        return Outcome(job, invalid=str(exc))
    sha = filler.digest(parts)
    why = keep.someones_work(target, writer.manifest, job.file, sha, writer.protected)
    backup = None
    try:
        if why is not None and writer.force:
            backup, why = (target, keep.backup(target)), None
        if why is not None:
            return Outcome(job, refused=why)
        write_parts(target, parts)
    except OSError as exc:
        return Outcome(job, failed=str(exc.strerror or exc), backup=backup)
    return Outcome(job, sha=sha, backup=backup)


def write_parts(path: Path, parts: Sequence[bytes]) -> None:
    """Temp file + rename in the same folder (no fsync per file: speed matters for a cohort)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.b.tmp")  # per process: two workers never share one
    try:
        with open(tmp, "wb") as handle:
            for part in parts:
                handle.write(part)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def outcomes(writer: Writer, jobs: Sequence[Job]) -> Iterator[Outcome]:
    """Each job's outcome, in the order of ``jobs``; by worker processes when there are enough.

    A worker that dies leaves its jobs to be done here; a file it had already written is found
    identical (same digest) and written again, so nothing is refused or lost.
    """
    workers = min(writer.jobs or _workers.cpus(), len(jobs) // PER_WORKER_AT_LEAST)
    done = 0
    if workers >= 2 and _workers.can_fork():
        from concurrent.futures.process import BrokenProcessPool

        with _workers.fork_pool(workers, writer) as pool:
            try:
                for outcome in _workers.in_order(pool, _do_chunk, jobs, chunk=CHUNK, ahead=2 * workers):
                    done += 1
                    yield outcome
            except BrokenProcessPool:
                pass
    for job in jobs[done:]:
        yield do_job(writer, job)


def _do_chunk(jobs: Sequence[Job]) -> list[Outcome]:
    """In a worker: a few jobs, with the writer the parent shared before forking."""
    writer = _workers.shared()
    return [do_job(writer, job) for job in jobs]


__all__ = ["CHUNK", "Job", "Outcome", "WINDOW", "Writer", "do_job", "outcomes", "write_parts"]
