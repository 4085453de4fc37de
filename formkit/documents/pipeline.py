"""The build pipeline: every document family rendered from one resolved context.

Each family is a function ``(context) -> list[Artifact]``, named in FAMILIES. Every input is
read and checked first (:func:`formkit.context.resolve`), so a bad input is reported before
any family renders; all files are rendered in memory and written only when every family
succeeded, so a bad input never leaves a half-built output folder.

Each family is cut into tasks, one per document (:mod:`formkit.documents.tasks`), rendered in
worker processes, one per CPU, where :mod:`formkit.runtime.workers` allows it, the longest
first. The heavy libraries (reportlab, pikepdf, python-docx) are imported, and the field fonts
built, once before the workers fork, not once in each. :func:`build` writes each document to a
temporary file as soon as it is finished (:mod:`formkit.runtime.staged`) and renames them all
into place only when every task succeeded: memory holds one document at a time, and a failed or
interrupted build replaces nothing. Renderers raise no input errors, so a task that fails in a
worker is a bug in formkit: it is reported as :class:`RenderError` (an internal error, with
the worker's traceback), not rendered again. The bytes do not depend on which process made them.

Library use::

    from formkit.context import resolve
    from formkit.documents.pipeline import build
    build(resolve(effective_catalog(["my-org.yaml"])), "out/")
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..catalog.model import Catalog
from ..context import Context, as_context
from ..context.families import FAMILIES
from ..runtime import workers as _workers
from ..runtime.outputs import Artifact
from ..runtime.staged import staged
from .tasks import Task, longest_first


class RenderError(RuntimeError):
    """A task failed after its inputs were resolved: formkit's own bug, not the user's input."""

    def __init__(self, family: str, worker_traceback: str, label: str = "") -> None:
        last = worker_traceback.strip().splitlines()[-1] if worker_traceback.strip() else "no detail"
        what = f" ({label})" if label and label != family else ""
        super().__init__(f"rendering '{family}' failed in a worker process{what}: {last}")
        self.family = family
        self.worker_traceback = worker_traceback
        self.add_note(f"In the worker:\n{worker_traceback}")  # shown with the traceback (FORMKIT_DEBUG=1)


def render_family(name: str, source: Context | Catalog) -> list[Artifact]:
    """One family's artifacts (a catalogue is resolved for it first)."""
    module, func = FAMILIES[name].split(":")
    return list(getattr(importlib.import_module(module), func)(as_context(source, [name])))


def family_tasks(name: str, context: Context) -> list[Task]:
    """The family's tasks: its module's ``tasks(context)``, or the whole family as one task."""
    module = importlib.import_module(FAMILIES[name].split(":")[0])
    if hasattr(module, "tasks"):
        return list(module.tasks(context))
    return [Task(name, name, 1.0, lambda: render_family(name, context))]


def render_task(task: Task) -> list[Artifact]:
    """One task's artifacts (a seam: tests wrap it to see which process rendered what)."""
    return task.render()


def rendered(source: Context | Catalog, families: Iterable[str] | None = None, *,
             jobs: int | None = None) -> Iterator[tuple[int, list[Artifact]]]:
    """``(position, artifacts)`` of every task of ``families`` as each finishes, in any order.

    ``position`` orders the tasks as FAMILIES and each family list them. ``jobs`` caps the worker
    processes (default: one per CPU; 1 renders here, in this process, in order).
    """
    names = list(families or FAMILIES)
    context = as_context(source, names)
    tasks = [task for name in names for task in family_tasks(name, context)]
    workers = min(len(tasks), jobs or _workers.cpus())
    if workers < 2 or not _workers.can_fork():
        for position, task in enumerate(tasks):
            yield position, render_task(task)
        return
    warm_up(names)
    yield from _in_workers(tasks, workers)


def _in_workers(tasks: list[Task], workers: int) -> Iterator[tuple[int, list[Artifact]]]:
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    missing = set(range(len(tasks)))
    with _workers.fork_pool(workers, tasks) as pool:
        pending = {pool.submit(_render_in_worker, i): i for i in longest_first(tasks)}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=pending.__getitem__):
                    position = pending.pop(future)
                    result = future.result()
                    if isinstance(result, str):
                        raise RenderError(tasks[position].family, result, tasks[position].label)
                    missing.discard(position)
                    yield position, result
        except BrokenProcessPool:  # a worker was killed (out of memory, say): finish here
            pass
    for position in sorted(missing):
        yield position, render_task(tasks[position])


def warm_up(names: Iterable[str]) -> None:
    """Import each family's libraries and build what they cache, here, before the fork, so
    every worker inherits them instead of paying for them again (a family module's ``warm``)."""
    for name in names:
        module = importlib.import_module(FAMILIES[name].split(":")[0])
        warm = getattr(module, "warm", None)
        if warm is not None:
            warm()


def render_all(source: Context | Catalog, families: Iterable[str] | None = None, *,
               jobs: int | None = None) -> list[Artifact]:
    """Every artifact of ``families`` (default: all), in FAMILIES order, held in memory.

    ``source`` is a resolved context (a catalogue is resolved here first, for convenience).
    ``jobs`` caps the worker processes (default: one per CPU; 1 renders here, in this process).
    """
    results = sorted(rendered(source, families, jobs=jobs), key=lambda item: item[0])
    return [artifact for _, artifacts in results for artifact in artifacts]


def build(source: Context | Catalog, out_dir: str | Path = "output", *, families: Sequence[str] | None = None,
          force: bool = False, jobs: int | None = None,
          on_backup: Callable[[Path, Path], None] | None = None) -> list[Path]:
    """Render every document family and write the files under ``out_dir``; return their paths.

    Each document goes to a temporary file as it is finished and all are renamed into place
    once every one succeeded (see the module docstring). ``on_backup(old, kept)`` hears of each
    file --force moved aside (see :mod:`formkit.runtime.keep`)."""
    names = list(families or FAMILIES)
    context = as_context(source, names)  # an input error is raised here, before the folder is made
    with staged(out_dir, force=force, on_backup=on_backup) as stage:
        order: dict[str, tuple[int, int]] = {}
        for position, artifacts in rendered(context, names, jobs=jobs):
            for n, artifact in enumerate(artifacts):
                stage.write(artifact.relpath, artifact.data)
                order[artifact.relpath] = (position, n)
        return stage.commit(order=order.__getitem__)


def _render_in_worker(position: int) -> list[Artifact] | str:
    """A task's artifacts, or the traceback of its failure (an exception object may not
    survive the trip back to the parent; its text always does)."""
    try:
        return render_task(_workers.shared()[position])
    except Exception:  # noqa: BLE001 - any failure here is a bug, reported by the parent
        import traceback

        return traceback.format_exc(limit=-8).strip()


__all__ = ["RenderError", "build", "family_tasks", "render_all", "render_family", "rendered", "warm_up"]
