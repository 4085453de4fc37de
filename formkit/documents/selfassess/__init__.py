"""Fillable PDF self-assessment mini-tools (one per category) and the booklet.

Library use::

    from formkit.context import resolve
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import artifacts, render_category, render_booklet
    ctx = resolve(effective_catalog(["my-org.yaml"]), ["self-assessment"])  # reads the logo, the fonts
    docs = artifacts(ctx)   # list[Artifact]

``render_category`` and ``render_booklet`` also take a catalogue and resolve it themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ...catalog.language import file_suffix
from ...catalog.model import Catalog
from ...core.errors import FormkitError
from ...core.suggest import did_you_mean
from ...runtime.outputs import Artifact
from ..tasks import Task
from . import names
from .wording import RATERS, SELF

if TYPE_CHECKING:
    from ...context import Context
    from .render import render_booklet, render_category


def __getattr__(name: str) -> Any:
    """The renderers are imported when a form is made: the reports and `formkit collect` only
    need the field names (:mod:`.names`), and importing the renderers cost them 0.1 s of start-up."""
    if name in ("render_booklet", "render_category"):
        from . import render

        return getattr(render, name)
    raise AttributeError(name)

FOLDER = "self-assessment"


def check_categories(catalog: Catalog, categories: Iterable[str]) -> None:
    """Every id of ``categories`` is a category of the catalogue (call before rendering)."""
    known = [c.id for c in catalog.categories]
    for cat_id in categories:
        if cat_id not in known:
            raise FormkitError(f"no category '{cat_id}' in the catalogue", key="--category",
                               hint=did_you_mean(cat_id, known) or f"Choose from: {', '.join(known)}")


def check_rater(rater: str) -> None:
    """``rater`` is one formkit makes forms for: "self" or "supervisor"."""
    if rater not in RATERS:
        raise FormkitError(f"no form for rater '{rater}'", key="--rater",
                           hint=did_you_mean(rater, list(RATERS)) or f"Choose from: {', '.join(RATERS)}")


def artifacts(source: Catalog | Context, categories: Iterable[str] | None = None, *,
              booklet: bool = True, rater: str = SELF) -> list[Artifact]:
    """Every mini-tool (or only ``categories``, see :func:`check_categories`) and the booklet,
    under self-assessment/; ``rater="supervisor"`` gives the supervisor's versions, named
    supervisor-assessment-*.pdf, beside the peer worker's own."""
    from ...context import as_context
    from .render import render_booklet, render_category

    context = as_context(source, ["self-assessment"])
    catalog = context.catalog
    wanted = list(categories or [])
    check_categories(catalog, wanted)
    check_rater(rater)
    suffix = file_suffix(catalog)
    out = [Artifact(f"{FOLDER}/{names.category_filename(cat.id, cat.slug, rater, suffix)}",
                    render_category(context, cat, rater))
           for cat in catalog.categories if not wanted or cat.id in wanted]
    if booklet:
        out.append(Artifact(f"{FOLDER}/{names.booklet_filename(rater, suffix)}", render_booklet(context, rater)))
    return out


def warm() -> None:
    """Load the form libraries before `formkit build` forks (see formkit.pdfform.writer.warm)."""
    from ...pdfform.writer import warm as warm_forms

    warm_forms()


def tasks(context: Context) -> list[Task]:
    """Each mini-tool and the booklet as a separate task of `formkit build` (the booklet,
    every category at once, is the longest; a mini-tool costs its rows and a title page)."""
    from .render import render_booklet, render_category

    def one(relpath: str, render: Callable[[], bytes]) -> Callable[[], list[Artifact]]:
        return lambda: [Artifact(relpath, render())]

    suffix = file_suffix(context.catalog)
    out = [Task("self-assessment", f"{FOLDER}/{names.category_filename(cat.id, cat.slug, suffix=suffix)}",
                len(cat.competencies) + 4,
                one(f"{FOLDER}/{names.category_filename(cat.id, cat.slug, suffix=suffix)}",
                    functools.partial(render_category, context, cat)))
           for cat in context.catalog.categories]
    booklet = f"{FOLDER}/{names.booklet_filename(suffix=suffix)}"
    rows = sum(len(cat.competencies) for cat in context.catalog.categories)
    out.append(Task("self-assessment", booklet, rows + 4 * len(context.catalog.categories),
                    one(booklet, functools.partial(render_booklet, context))))
    return out


__all__ = ["FOLDER", "RATERS", "artifacts", "check_categories", "check_rater", "render_booklet", "render_category", "tasks", "warm"]
