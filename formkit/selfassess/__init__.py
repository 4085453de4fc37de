"""Fillable PDF self-assessment mini-tools (one per category) and the booklet.

Library use::

    from formkit.effective import effective_catalog
    from formkit.selfassess import artifacts, render_category, render_booklet
    docs = artifacts(effective_catalog(["my-org.yaml"]))   # list[Artifact]
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import FormkitError
from ..model import Catalog
from ..outputs import Artifact
from ..suggest import did_you_mean
from . import names
from .render import render_booklet, render_category

FOLDER = "self-assessment"


def artifacts(catalog: Catalog, categories: Iterable[str] | None = None, *, booklet: bool = True) -> list[Artifact]:
    """Every mini-tool (or only ``categories``) and the booklet, under self-assessment/."""
    wanted = list(categories or [])
    known = [c.id for c in catalog.categories]
    for cat_id in wanted:
        if cat_id not in known:
            raise FormkitError(f"no category '{cat_id}' in the catalogue", key="--category",
                               hint=did_you_mean(cat_id, known) or f"Choose from: {', '.join(known)}")
    out = [Artifact(f"{FOLDER}/{names.category_filename(cat.id, cat.slug)}", render_category(catalog, cat))
           for cat in catalog.categories if not wanted or cat.id in wanted]
    if booklet:
        out.append(Artifact(f"{FOLDER}/{names.BOOKLET_FILENAME}", render_booklet(catalog)))
    return out


__all__ = ["FOLDER", "artifacts", "render_booklet", "render_category"]
