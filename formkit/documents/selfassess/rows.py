"""The blocks a person writes in: a competency's row (statement, answers, notes) and the reflection.

Each block can say its height before it is drawn, so the booklet can keep a category's start,
or its reflection and learning plan, on one page (:mod:`formkit.documents.selfassess.render`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...catalog.model import Category, Competency, Scale
from ...core.xmltext import escape
from ...pdfform.fonts import ITALIC, REGULAR
from . import boxes, names
from .layout import BODY, MARGIN, PAGE_H, RULE, WIDTH, Flow, text_style

INDENT = 14.0  # answers and notes sit under the statement, indented
RADIO = 12.0  # a radio circle's size
NOTES_H = boxes.box_height(boxes.MIN_LINES, BODY)
REFLECTION_LINES = 5  # three boxes side by side: narrower, so taller
REFLECTION_GAP = 12.0
REFLECTION_COL = (WIDTH - 2 * REFLECTION_GAP) / 3


def _radio_rows(choices: Sequence[tuple[str, str]], width: float, size: float) -> list[list[tuple[str, str, float]]]:
    """Lay the choices out left to right, spread evenly; wrap onto a new row when they do not fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    items = [(v, lab, size + 4 + stringWidth(lab, REGULAR, BODY)) for v, lab in choices]
    rows: list[list[tuple[str, str, float]]] = [[]]
    used = 0.0
    for item in items:
        need = item[2] + (12 if rows[-1] else 0)
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
            need = item[2]
        rows[-1].append(item)
        used += need
    out = []
    for row in rows:
        total = sum(i[2] for i in row)
        gap = min(40.0, (width - total) / (len(row) - 1)) if len(row) > 1 and len(rows) == 1 else 16.0
        x = 0.0
        placed = []
        for value, label, w in row:
            placed.append((value, label, x))
            x += w + gap
        out.append(placed)
    return out


def competency_height(comp: Competency, scale: Scale, second: str = "") -> float:
    """The height :func:`competency_row` takes: statement (and its second language), answers, notes box, rule."""
    return _competency_parts(comp, scale, second)[3]


def _second_paragraph(text: str) -> Any:
    """A bilingual form's second-language statement: italic, indented under the statement, or None."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    if not text:
        return None
    style = ParagraphStyle("second", fontName=ITALIC, fontSize=10, leading=12.5, leftIndent=INDENT)
    return Paragraph(escape(text), style)


def _competency_parts(comp: Competency, scale: Scale,
                      second: str = "") -> tuple[Any, float, list[list[tuple[str, str, float]]], float]:
    """The statement paragraph, its height (with the second language's beneath), the rows of
    answers, and the whole row's height."""
    from reportlab.platypus import Paragraph

    para = Paragraph(f"<b>{escape(comp.id)}</b>&nbsp;&nbsp;{escape(comp.statement)}", text_style(10.5, leading=13.5))
    _, ph = para.wrap(WIDTH, PAGE_H)
    beneath = _second_paragraph(second)
    if beneath is not None:
        ph += beneath.wrap(WIDTH, PAGE_H)[1] + 1
    rows = _radio_rows([(p.value, p.label) for p in scale.choices], WIDTH - INDENT, RADIO)
    return para, ph, rows, ph + 4 + len(rows) * (RADIO + 6) + 2 + NOTES_H + 10


def competency_row(flow: Flow, comp: Competency, scale: Scale, field_meta: Callable[..., dict[str, Any]]) -> None:
    """Id and verbatim statement, one radio group on the scale, a notes box of three lines."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = flow.words
    second = flow.catalog.second_statements.get(comp.id, "")
    para, ph, rows, height = _competency_parts(comp, scale, second)
    beneath = _second_paragraph(second)
    first_h = ph - (beneath.wrap(WIDTH, PAGE_H)[1] + 1 if beneath is not None else 0)
    flow.paragraph(para, after=height - first_h)
    if beneath is not None:  # the same statement in the second language, tagged as that language
        with flow.element("P", Lang=flow.catalog.second_language):
            _, bh = beneath.wrap(WIDTH, PAGE_H)
            flow.draw_flowable(beneath, MARGIN, flow.y - 1 - bh)
        flow.y -= bh + 1
    y = flow.y - 4
    choices, positions = [], []
    for row in rows:
        y -= RADIO
        for value, label, x in row:
            choices.append((value, label))
            positions.append((MARGIN + INDENT + x, y))
        y -= 6
    tooltip = words("selfassess.rating_tooltip", id=comp.id, statement=comp.statement)
    with flow.element("P"):
        flow.w.radio_group(names.rating_name(comp.id), tooltip, choices, positions, size=RADIO, font_size=BODY,
                           meta=field_meta(competency=comp.id, category=comp.category_id, statement=comp.statement))
    y -= 2
    label = words("selfassess.notes_label")
    lw = stringWidth(label, REGULAR, BODY) + 8
    width = WIDTH - INDENT - lw
    flow.field_label(label, MARGIN + INDENT, y - BODY - 3)
    flow.w.text_field(names.notes_name(comp.id), words("selfassess.notes_tooltip", id=comp.id),
                      MARGIN + INDENT + lw, y - NOTES_H, width, NOTES_H, multiline=True,
                      maxlen=boxes.capacity(width, NOTES_H, BODY), font_size=BODY,
                      meta=field_meta(competency=comp.id, category=comp.category_id, notes=True))
    flow.y = y - NOTES_H - 5
    flow.rule(RULE, 0.5)
    flow.y -= 5


def _reflection_parts(flow: Flow) -> tuple[list[str], list[Any], float, float]:
    """The three labels, their paragraphs, the tallest label's height and the box height."""
    from reportlab.platypus import Paragraph

    labels = [flow.words(f"selfassess.{key}") for key in names.REFLECTION]
    paras = [Paragraph(f"<b>{escape(label)}</b>", text_style(BODY, leading=12)) for label in labels]
    label_h = max(p.wrap(REFLECTION_COL, 100)[1] for p in paras)
    return labels, paras, label_h, boxes.box_height(REFLECTION_LINES, BODY)


def reflection_height(flow: Flow) -> float:
    """The height :func:`reflection_block` takes, its heading included."""
    _, _, label_h, box_h = _reflection_parts(flow)
    return flow.section_height(flow.words("selfassess.reflection_heading")) + label_h + 4 + box_h + 10


def reflection_block(flow: Flow, category: Category, field_meta: Callable[..., dict[str, Any]]) -> None:
    """Strengths, what I want to learn, support I need: three boxes side by side."""
    words = flow.words
    labels, paras, label_h, box_h = _reflection_parts(flow)
    flow.section(words("selfassess.reflection_heading"), keep_with=label_h + 4 + box_h + 8)
    col = REFLECTION_COL
    for i, (key, label, para) in enumerate(zip(names.REFLECTION, labels, paras)):
        x = MARGIN + i * (col + REFLECTION_GAP)
        with flow.element("P"):
            flow.draw_flowable(para, x, flow.y - label_h)
        flow.w.text_field(names.reflection_name(category.id, key),
                          words("selfassess.reflection_tooltip", category=f"{category.id} {category.title}",
                                label=label),
                          x, flow.y - label_h - 4 - box_h, col, box_h, multiline=True,
                          maxlen=boxes.capacity(col, box_h, BODY),
                          font_size=BODY, meta=field_meta(category=category.id, reflection=key, label=label))
    flow.y -= label_h + 4 + box_h + 10
