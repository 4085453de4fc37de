"""The build pipeline: every document family rendered from one resolved context.

Each family is a function ``(context) -> list[Artifact]``, named in FAMILIES. Every input is
read and checked first (:func:`formkit.context.resolve`), so a bad input is reported before
any family renders; all files are rendered in memory and written only when every family
succeeded, so a bad input never leaves a half-built output folder.

Families are independent, so they render in worker processes, one per CPU, where
:mod:`formkit.runtime.workers` allows it. Renderers raise no input errors, so a family that fails in a
worker is a bug in formkit: it is reported as :class:`RenderError` (an internal error, with
the worker's traceback), not rendered again. The bytes do not depend on which process made them.

Library use::

    from formkit.context import resolve
    from formkit.documents.pipeline import build
    build(resolve(effective_catalog(["my-org.yaml"])), "out/")
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..catalog.model import Catalog
from ..context import Context, as_context
from ..context.families import FAMILIES
from ..runtime import workers as _workers
from ..runtime.outputs import Artifact, write_artifacts


class RenderError(RuntimeError):
    """A family failed after its inputs were resolved: formkit's own bug, not the user's input."""

    def __init__(self, family: str, worker_traceback: str) -> None:
        last = worker_traceback.strip().splitlines()[-1] if worker_traceback.strip() else "no detail"
        super().__init__(f"rendering '{family}' failed in a worker process: {last}")
        self.family = family
        self.worker_traceback = worker_traceback
        self.add_note(f"In the worker:\n{worker_traceback}")  # shown with the traceback (FORMKIT_DEBUG=1)


def render_family(name: str, source: Context | Catalog) -> list[Artifact]:
    """One family's artifacts (a catalogue is resolved for it first)."""
    module, func = FAMILIES[name].split(":")
    return list(getattr(importlib.import_module(module), func)(as_context(source, [name])))


def render_all(source: Context | Catalog, families: Iterable[str] | None = None, *,
               jobs: int | None = None) -> list[Artifact]:
    """Every artifact of ``families`` (default: all), in FAMILIES order.

    ``source`` is a resolved context (a catalogue is resolved here first, for convenience).
    ``jobs`` caps the worker processes (default: one per CPU; 1 renders here, in this process).
    """
    names = list(families or FAMILIES)
    context = as_context(source, names)
    workers = min(len(names), jobs or _workers.cpus())
    if workers < 2 or not _workers.can_fork():
        return [a for name in names for a in render_family(name, context)]
    from concurrent.futures.process import BrokenProcessPool

    with _workers.fork_pool(workers, context) as pool:
        pending = [pool.submit(_render_in_worker, name) for name in names]
        try:
            results = [p.result() for p in pending]
        except BrokenProcessPool:  # a worker was killed (out of memory, say): render everything here
            return [a for name in names for a in render_family(name, context)]
    out: list[Artifact] = []
    for name, result in zip(names, results):
        if isinstance(result, str):
            raise RenderError(name, result)
        out.extend(result)
    return out


def build(source: Context | Catalog, out_dir: str | Path = "output", *, families: Sequence[str] | None = None,
          force: bool = False, jobs: int | None = None,
          on_backup: Callable[[Path, Path], None] | None = None) -> list[Path]:
    """Render every document family and write the files under ``out_dir``; return their paths.

    ``on_backup(old, kept)`` hears of each file --force moved aside (see write_artifacts)."""
    return write_artifacts(render_all(source, families, jobs=jobs), out_dir, force=force, on_backup=on_backup)


def _render_in_worker(name: str) -> list[Artifact] | str:
    """A family's artifacts, or the traceback of its failure (an exception object may not
    survive the trip back to the parent; its text always does)."""
    try:
        return render_family(name, _workers.shared())
    except Exception:  # noqa: BLE001 - any failure here is a bug, reported by the parent
        import traceback

        return traceback.format_exc(limit=-8).strip()


__all__ = ["RenderError", "build", "render_all", "render_family"]
