"""What a person wrote, round by round, in the growth report: the learning-plan history and the
reflections, each box typed or handwritten.

A box written by hand on a paper form and read back by `formkit scan --db` has no text (formkit
does not read handwriting): the store hands back its crop (formkit.store.handwriting), and the
report draws the picture in that box's cell (formkit.pdfpage.picture.Picture), tagged as a Figure
whose alternative text says whose box it is. Never a file path: a path under one scan's output
folder would mean nothing to a later reader of a shared store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..collect.report_pages import verbatim
from ..documents.selfassess import names
from ..pdfpage.picture import Picture
from .pages import markup

if TYPE_CHECKING:
    from ..catalog.locale import Wording
    from ..collect.report_pages import ReportPages
    from ..store.records import ReflectionEntry, Submission
    from .history import History

CELL_PICTURE_HEIGHT = 70.0  # points: a handwritten box in a table cell of the report
PLAN_KEYS = ("round", "rater", "for", "goal", "steps", "support", "date")
PLAN_WIDTHS = (62.0, 58.0, 40.0, 100.0, 100.0, 100.0)
REFLECTION_WIDTHS = (62.0, 58.0, 40.0, 90.0)


def _round(words: Wording, value: str) -> str:
    from .person import round_label

    return round_label(words, value)


def _written(words: Wording, text: str, png: bytes | None, what: str) -> Any:
    """A cell: the picture of the handwriting when there is one, else the typed text as markup."""
    if png:
        return Picture(png, verbatim(words, "collect.report_handwritten_alt", what=what), CELL_PICTURE_HEIGHT)
    return markup(text)


def plan_rows(words: Wording, history: History) -> list[list[Any]]:
    """The learning-plan history's rows: round, by whom, for what, then goal, steps, support, date."""
    rows = []
    for sub, plan in history.plans:
        scope = words("reports.plan_whole") if plan.scope not in history.categories else plan.scope
        who = f"{_round(words, sub.round)}, {words(f'reports.{sub.rater}')}"
        rows.append([markup(_round(words, sub.round)), markup(words(f"reports.{sub.rater}")), markup(scope)]
                    + [_written(words, getattr(plan, key), plan.picture(key),
                                f"{who}, {words('reports.plans_heading')} {scope}, {words(f'reports.plan_{key}')}")
                       for key in names.PLAN_COLUMNS])
    return rows


def plans(pages: ReportPages, words: Wording, history: History) -> None:
    pages.heading(words("reports.plans_heading"), 2)
    if not history.plans:
        pages.text(words("reports.plans_none"))
        return
    pages.table([words(f"reports.plan_{key}") for key in PLAN_KEYS], PLAN_WIDTHS, plan_rows(words, history))


def reflections(pages: ReportPages, words: Wording, history: History) -> None:
    """What the person (or supervisor) wrote about each category, round by round; nothing when no
    form held a reflection."""
    if not history.reflections:
        return
    pages.heading(words("reports.reflections_heading"), 2)
    heads = [words("reports.plan_round"), words("reports.plan_rater"), words("reports.plan_for"),
             words("reports.reflection_kind"), words("reports.reflection_text")]
    pages.table(heads, REFLECTION_WIDTHS, [_reflection_row(words, sub, entry) for sub, entry in history.reflections])


def _reflection_row(words: Wording, sub: Submission, entry: ReflectionEntry) -> list[Any]:
    kind = words(f"collect.report_{entry.key}") if entry.key in names.REFLECTION else entry.key
    who = f"{_round(words, sub.round)}, {words(f'reports.{sub.rater}')}"
    return [markup(_round(words, sub.round)), markup(words(f"reports.{sub.rater}")), markup(entry.category_id),
            markup(kind), _written(words, entry.text, entry.handwritten, f"{who}, {entry.category_id}, {kind}")]


__all__ = ["plan_rows", "plans", "reflections"]
