"""Work spread over forked worker processes, one per CPU.

Rendering forms and reading them back are pure Python, so a second core nearly halves
`formkit build` and `formkit collect`. Workers are forked (Linux only, and only from a
single-threaded process, where fork is safe and cheap), so they inherit the catalogue and
every imported module instead of pickling them. Elsewhere :func:`can_fork` is False and
callers do the work in this process, in the same order, with the same results.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

_SHARED: dict[str, Any] = {}


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """fork is safe (and cheap) on Linux in a single-threaded process."""
    return sys.platform == "linux" and threading.active_count() == 1


@contextmanager
def fork_pool(workers: int, shared: Any) -> Iterator[Any]:
    """A ``ProcessPoolExecutor`` of forked workers that see ``shared`` through :func:`shared`.

    A worker that dies (killed for memory, say) makes the pool raise ``BrokenProcessPool``
    instead of waiting for ever; callers then finish the work in this process. Leaving the
    block cancels what has not started (also on an error or Ctrl-C here).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _SHARED["value"] = shared
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(os.getpid(),))
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        _SHARED.clear()


def in_order(pool: Any, fn: Callable[..., list[Any]], items: Sequence[Any], *, chunk: int, ahead: int,
             extra: tuple[Any, ...] = (), started: Callable[[], None] | None = None) -> Iterator[Any]:
    """``fn(items[i:i + chunk], *extra)`` run by ``pool`` for consecutive chunks, each result yielded
    in the order of ``items`` as soon as its chunk and every chunk before it are done. The first
    chunks are submitted by this call, not by the first ``next``; ``started()`` then runs here (the
    workers forked and busy) before anything is waited for.

    Why not ``pool.map``: it submits every chunk at once and keeps each result until the caller
    reads it, so a slow reader holds them all. Here at most ``ahead`` chunks are submitted and not
    yet read (a bounded reorder buffer): memory stays flat however many items there are.
    """
    pending: deque[Any] = deque()
    starts = iter(range(0, len(items), chunk))

    def submit_next() -> None:
        for start in starts:
            pending.append(pool.submit(fn, items[start:start + chunk], *extra))
            return

    for _ in range(max(ahead, 1)):
        submit_next()
    if started is not None:
        started()
    return _drained(pending, submit_next)


def _drained(pending: deque[Any], submit_next: Callable[[], None]) -> Iterator[Any]:
    """in_order's results: the oldest chunk's, then one more chunk submitted, until none is pending."""
    while pending:
        results = pending.popleft().result()
        submit_next()
        yield from results


def shared() -> Any:
    """What the parent passed to :func:`fork_pool` (inside a worker)."""
    return _SHARED["value"]


def _start_worker(parent: int) -> None:
    """Only the parent reports Ctrl-C or SIGTERM (one line), not every worker with a traceback;
    and a worker dies with its parent, even a parent killed with SIGKILL, instead of waiting
    for work for ever (holding the caller's pipes open)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: the check below still covers a parent already gone
        pass
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h
