"""The build pipeline: every document family rendered from one effective catalogue.

Each family is a function ``(catalog) -> list[Artifact]``, named in FAMILIES. All files
are rendered in memory first and written only when every family succeeded, so a bad
input never leaves a half-built output folder.

Families are independent, so they render in worker processes, one per CPU, where
:mod:`formkit.workers` allows it. A family that fails in a worker is rendered again here, so
its error (a plain FormkitError, say) reaches the caller exactly as in a serial run. The bytes
do not depend on which process made them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import workers as _workers
from .families import FAMILIES
from .model import Catalog
from .outputs import Artifact, write_artifacts


def render_family(name: str, catalog: Catalog) -> list[Artifact]:
    module, func = FAMILIES[name].split(":")
    return list(getattr(importlib.import_module(module), func)(catalog))


def check_inputs(catalog: Catalog, families: Iterable[str]) -> None:
    """Run each family's input limits (a module-level ``check(catalog)``, where it has one) before
    any family renders: a statement the checklist cannot draw was refused only after the other
    families had rendered, minutes into a build."""
    for name in families:
        check = getattr(importlib.import_module(FAMILIES[name].split(":")[0]), "check", None)
        if check is not None:
            check(catalog)


def render_all(catalog: Catalog, families: Iterable[str] | None = None, *,
               jobs: int | None = None) -> list[Artifact]:
    """Every artifact of ``families`` (default: all), in FAMILIES order.

    ``jobs`` caps the worker processes (default: one per CPU; 1 renders here, in this process).
    """
    names = list(families or FAMILIES)
    check_inputs(catalog, names)
    workers = min(len(names), jobs or _workers.cpus())
    if workers < 2 or not _workers.can_fork():
        return [a for name in names for a in render_family(name, catalog)]
    from concurrent.futures.process import BrokenProcessPool

    with _workers.fork_pool(workers, catalog) as pool:
        pending = [pool.submit(_render_in_worker, name) for name in names]
        try:
            results = [p.result() for p in pending]
        except BrokenProcessPool:  # a worker died: render everything here instead
            results = [None] * len(names)
    out: list[Artifact] = []
    for name, result in zip(names, results):
        out.extend(result if result is not None else render_family(name, catalog))
    return out


def build(catalog: Catalog, out_dir: str | Path = "output", *, families: Sequence[str] | None = None,
          force: bool = False, jobs: int | None = None,
          on_backup: Callable[[Path, Path], None] | None = None) -> list[Path]:
    """Render every document family and write the files under ``out_dir``; return their paths.

    ``on_backup(old, kept)`` hears of each file --force moved aside (see write_artifacts)."""
    return write_artifacts(render_all(catalog, families, jobs=jobs), out_dir, force=force, on_backup=on_backup)


def _render_in_worker(name: str) -> list[Artifact] | None:
    """A family's artifacts, or None when it failed (the parent re-renders it to raise)."""
    try:
        return render_family(name, _workers.shared())
    except Exception:
        return None


__all__ = ["build", "check_inputs", "render_all", "render_family"]
