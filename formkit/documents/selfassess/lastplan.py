"""A carried-forward form's "Last time you planned…": last round's plan, typed or handwritten.

A plan written on paper and read back by `formkit scan --db` has no text (formkit does not read
handwriting): the store keeps each handwritten box as its crop (formkit.store.handwriting). The
next round's form draws that crop where the text would be, under a short label naming the box,
scaled to the width of the page and at most :data:`PICTURE_HEIGHT` tall, tagged as a Figure
whose alternative text says what it is. The pictures come in with the plan (:class:`PlanLine`):
nothing here reads a file or the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...core.xmltext import escape
from ...pdfpage.picture import Picture

if TYPE_CHECKING:
    from .layout import Flow

PICTURE_HEIGHT = 90.0  # points: a plan box's handwriting, never more than this tall on the next form
INDENT = 12.0


@dataclass(frozen=True)
class PlanLine:
    """One row of last round's plan as the next form shows it: its typed text ("CC1: Goal (steps)")
    and the crops of its handwritten boxes, (column, PNG bytes) each: "goal", "steps", "support", "date"."""

    text: str
    scope: str = ""
    pictures: tuple[tuple[str, bytes], ...] = ()


def as_line(item: str | PlanLine) -> PlanLine:
    return item if isinstance(item, PlanLine) else PlanLine(item)


def draw(flow: Flow, items: Sequence[str | PlanLine]) -> None:
    """The heading, its sentence and the plan as a list (L > LI > LBody); a row with handwriting
    holds, in its LBody, its text and each box's label and picture (P, Figure)."""
    from .layout import bullet_list

    lines = [as_line(item) for item in items]
    if not lines:
        return
    words = flow.words
    flow.section(words("selfassess.last_plan_heading"), size=11, keep_with=40)
    flow.text(words("selfassess.last_plan_intro"), space_after=2)
    if not any(line.pictures for line in lines):
        bullet_list(flow, [escape(line.text) for line in lines], space_after=2)
    else:
        with flow.element("L"):
            for line in lines:
                with flow.element("LI"):
                    _item(flow, line)
    flow.y -= 4


def _item(flow: Flow, line: PlanLine) -> None:
    from .layout import MARGIN, WIDTH

    if not line.pictures:
        flow.paragraph_text(escape(line.text), space_after=2, role="LBody")
        return
    words = flow.words
    with flow.element("LBody"):
        if line.text:
            flow.paragraph_text(escape(line.text), space_after=2)
        for column, png in line.pictures:
            box = words(f"selfassess.plan_{column}")
            alt = words("selfassess.last_plan_written_alt", scope=line.scope, column=box)
            picture = Picture(png, alt, PICTURE_HEIGHT)
            _, height = picture.wrap(WIDTH - INDENT, PICTURE_HEIGHT)
            label = words("selfassess.last_plan_written", column=box)
            flow.ensure(flow.text_height(label) + height + 4)  # the label stays with its picture
            flow.paragraph_text(escape(label), space_after=1, indent=INDENT)
            picture.draw_in(flow, MARGIN + INDENT, flow.y - height)
            flow.y -= height + 4


__all__ = ["PICTURE_HEIGHT", "PlanLine", "as_line", "draw"]
