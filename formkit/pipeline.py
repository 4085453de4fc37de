"""The build pipeline: every document family rendered from one effective catalogue.

Each family is a function ``(catalog) -> list[Artifact]``, named in FAMILIES. All files
are rendered in memory first and written only when every family succeeded, so a bad
input never leaves a half-built output folder.

Families are independent, so on Linux they render in forked worker processes, one per
CPU: rendering is pure Python, and a second core halves `formkit build`. A family that
fails in a worker is rendered again here, so its error (a plain FormkitError, say) reaches
the caller exactly as in a serial run. The bytes do not depend on which process made them.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from .families import FAMILIES
from .model import Catalog
from .outputs import Artifact, write_artifacts


def render_family(name: str, catalog: Catalog) -> list[Artifact]:
    module, func = FAMILIES[name].split(":")
    return list(getattr(importlib.import_module(module), func)(catalog))


def render_all(catalog: Catalog, families: Iterable[str] | None = None, *,
               jobs: int | None = None) -> list[Artifact]:
    """Every artifact of ``families`` (default: all), in FAMILIES order.

    ``jobs`` caps the worker processes (default: the CPUs this process may use; 1 renders
    here, in this process).
    """
    names = list(families or FAMILIES)
    workers = min(len(names), jobs or _cpus())
    if workers < 2 or not _can_fork():
        return [a for name in names for a in render_family(name, catalog)]
    import multiprocessing

    _FORKED["catalog"] = catalog  # workers inherit it through fork (a Catalog does not pickle)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker)
        try:
            pending = [pool.apply_async(_render_in_worker, (name,)) for name in names]
            results = [p.get() for p in pending]
            pool.close()
        finally:
            pool.terminate()
            pool.join()
    finally:
        _FORKED.clear()
    out: list[Artifact] = []
    for name, result in zip(names, results):
        out.extend(result if result is not None else render_family(name, catalog))
    return out


def build(catalog: Catalog, out_dir: str | Path = "output", *, families: Sequence[str] | None = None,
          force: bool = False, jobs: int | None = None) -> list[Path]:
    """Render every document family and write the files under ``out_dir``; return their paths."""
    return write_artifacts(render_all(catalog, families, jobs=jobs), out_dir, force=force)


_FORKED: dict[str, Catalog] = {}


def _render_in_worker(name: str) -> list[Artifact] | None:
    """A family's artifacts, or None when it failed (the parent re-renders it to raise)."""
    try:
        return render_family(name, _FORKED["catalog"])
    except Exception:
        return None


def _quiet_worker() -> None:
    """Only the parent reports Ctrl-C (one line); the pool stops its workers with SIGTERM,
    which the CLI's own handler would turn into a traceback here."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    """fork is safe (and cheap) on Linux in a single-threaded process; elsewhere render serially."""
    return sys.platform == "linux" and threading.active_count() == 1


__all__ = ["build", "render_all", "render_family"]
