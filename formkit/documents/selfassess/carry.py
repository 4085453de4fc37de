"""The next round's forms for one person, carried forward from the answer store: identity filled
in, the round set to follow-up, a hidden ``person_id`` field (so `formkit collect` files the answers
under the same person whatever name is typed), and last round's plan shown under "Last time you
planned…".

The documents layer does not read the store: the command gives this module what the store said
(:class:`CarriedForward`), so a Python caller can carry forward from anywhere.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...runtime.outputs import Artifact
from . import names
from .lastplan import PlanLine
from .render import render_booklet, render_category

if TYPE_CHECKING:
    from ...catalog.model import Catalog
    from ...context import Context

PERSON_ID = "person_id"  # the hidden field formkit collect and the store read
FOLLOW_UP = "followup"  # the round radio's export value for "Follow-up"
HIDDEN, READ_ONLY = 2, 1  # the annotation's Hidden flag, the field's ReadOnly flag


@dataclass(frozen=True)
class PlannedRow:
    """One row of last round's learning plan."""

    scope: str  # a category id, or names.WHOLE for the booklet's whole plan
    goal: str
    steps: str = ""
    support: str = ""
    date: str = ""
    # boxes handwritten on last round's paper form (formkit scan --db): (column, PNG bytes of the crop);
    # their text is "" and the next form draws the picture instead
    handwritten: tuple[tuple[str, bytes], ...] = ()

    def line(self) -> str:
        """One line: the goal, then the steps, the support asked for and the date, when written."""
        extra = "; ".join(part for part in (self.steps, f"support: {self.support}" if self.support else "",
                                            f"by {self.date}" if self.date else "") if part)
        if not self.goal:
            return extra
        return f"{self.goal} ({extra})" if extra else self.goal


@dataclass(frozen=True)
class CarriedForward:
    person_id: str
    name: str
    program: str
    supervisor: str
    plan: tuple[PlannedRow, ...] = field(default_factory=tuple)

    def lines(self, scope: str | None = None) -> list[PlanLine]:
        """The plan's lines for a category's mini-tool (its own rows and the whole plan's), or all:
        each row's typed text, and the pictures of its handwritten boxes."""
        rows = [r for r in self.plan if scope is None or r.scope in (scope, names.WHOLE, "booklet")]
        return [PlanLine(f"{r.scope}: {r.line()}" if r.line() else f"{r.scope}:", r.scope, r.handwritten)
                for r in rows if r.line() or r.handwritten]


def carried_artifacts(source: Catalog | Context, carried: CarriedForward,
                      categories: Iterable[str] | None = None, *, rater: str = "self") -> list[Artifact]:
    """The mini-tools (or only ``categories``) and the booklet, pre-filled for ``carried``'s next round,
    in a folder of their own (self-assessment/PERSON-ID/), beside the blank forms; ``rater``
    "supervisor" gives the supervisor's versions."""
    from ...catalog.language import file_suffix
    from ...context import as_context
    from . import FOLDER, check_categories

    context = as_context(source, ["self-assessment"])
    wanted = list(categories or [])
    check_categories(context.catalog, wanted)
    folder = f"{FOLDER}/{carried.person_id}"
    suffix = file_suffix(context.catalog)
    out = [Artifact(f"{folder}/{names.category_filename(cat.id, cat.slug, rater, suffix)}",
                    prefilled(render_category(context, cat, rater, last_plan=carried.lines(cat.id),
                                              person=carried.person_id), carried))
           for cat in context.catalog.categories if not wanted or cat.id in wanted]
    out.append(Artifact(f"{folder}/{names.booklet_filename(rater, suffix)}",
                        prefilled(render_booklet(context, rater, last_plan=carried.lines(),
                                                 person=carried.person_id), carried)))
    return out


def prefilled(pdf: bytes, carried: CarriedForward) -> bytes:
    """``pdf`` with the identity and round filled in and the hidden person_id field added."""
    import pikepdf

    from ...pdfform.fill import fill_form

    values = {"name": carried.name, "program": carried.program, "supervisor": carried.supervisor,
              names.ROUND: FOLLOW_UP}
    filled = fill_form(pdf, {key: value for key, value in values.items() if value})
    with pikepdf.open(io.BytesIO(filled)) as doc:
        page = doc.pages[0]
        hidden = doc.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx,
            T=pikepdf.String(PERSON_ID), V=pikepdf.String(carried.person_id), Ff=READ_ONLY, F=HIDDEN,
            Rect=[0, 0, 0, 0], P=page.obj))
        doc.Root.AcroForm.Fields.append(hidden)
        page.obj.Annots.append(hidden)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()


__all__ = ["CarriedForward", "PlanLine", "PlannedRow", "carried_artifacts", "prefilled"]
