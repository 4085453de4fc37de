"""The build pipeline: every document family rendered from one effective catalogue.

Each family is a function ``(catalog) -> list[Artifact]``, named in FAMILIES. All files
are rendered in memory first and written only when every family succeeded, so a bad
input never leaves a half-built output folder.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from .families import FAMILIES
from .model import Catalog
from .outputs import Artifact, write_artifacts


def render_family(name: str, catalog: Catalog) -> list[Artifact]:
    module, func = FAMILIES[name].split(":")
    return list(getattr(importlib.import_module(module), func)(catalog))


def render_all(catalog: Catalog, families: Iterable[str] | None = None) -> list[Artifact]:
    out: list[Artifact] = []
    for name in families or FAMILIES:
        out.extend(render_family(name, catalog))
    return out


def build(catalog: Catalog, out_dir: str | Path = "output", *, families: Sequence[str] | None = None,
          force: bool = False) -> list[Path]:
    """Render every document family and write the files under ``out_dir``; return their paths."""
    return write_artifacts(render_all(catalog, families), out_dir, force=force)
