"""The self-assessment's tables: the learning plan (rows of fields) and the printable summary.

Both are tagged tables (Table > TR > TH/TD, header cells with their scope); on a continued
page the header row is drawn again as a pagination artifact, so it is read once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...catalog.model import Scale
from ...core.xmltext import escape
from ...pdfform.fonts import BOLD
from . import boxes, names
from .layout import BODY, GRID, MARGIN, SHADE, WIDTH, Flow, text_style

# Goal, steps, support, target date: the date needs only "2027-01-31"; the words get the rest.
PLAN_WIDTHS = (146.0, 166.0, 140.0, WIDTH - 452.0)
PLAN_HEADER_H = 18.0
PLAN_ROW_H = boxes.box_height(boxes.MIN_LINES, BODY)


def plan_height(rows: int) -> float:
    """The height :func:`plan_table` takes for ``rows`` rows (header and space after included)."""
    return PLAN_HEADER_H + rows * PLAN_ROW_H + 10


def _table_header(flow: Flow, labels: Sequence[Any], widths: Sequence[float], height: float, *,
                  repeat: bool, first: str | None = None) -> None:
    """A shaded header row; on a continued page it is a repeat (an artifact: read once)."""
    flow.box(MARGIN, flow.y - height, WIDTH, height, stroke=GRID, fill=SHADE)

    def cells() -> None:
        x = MARGIN
        for label, w in zip(labels, widths):
            with flow.header_cell():
                if isinstance(label, str):
                    flow.string(x + 4, flow.y - 13, label, BOLD, BODY)
                else:
                    _, h = label.wrap(w - 6, 200)
                    flow.draw_flowable(label, x + 3, flow.y - 4 - h)
            x += w

    with flow.header_row(repeat=repeat):
        cells()
    flow.y -= height


def plan_table(flow: Flow, scope: str, scope_label: str, rows: int,
               field_meta: Callable[..., dict[str, Any]], row_h: float = PLAN_ROW_H) -> None:
    """Goal / steps / support / target date, ``rows`` rows of three-line boxes under a shaded header."""
    words = flow.words
    labels = [words(f"selfassess.plan_{col}") for col in names.PLAN_COLUMNS]
    header_h = PLAN_HEADER_H
    flow.ensure(header_h + row_h * min(rows, 4))  # keep a short table whole
    with flow.element("Table"):
        _table_header(flow, labels, PLAN_WIDTHS, header_h, repeat=False)
        for row in range(1, rows + 1):
            if flow.y - row_h < flow.bottom:
                flow.new_page()
                _table_header(flow, labels, PLAN_WIDTHS, header_h, repeat=True)
            x = MARGIN
            with flow.element("TR"):
                for col, label, w in zip(names.PLAN_COLUMNS, labels, PLAN_WIDTHS):
                    multiline = col != "date"
                    with flow.element("TD"):
                        flow.w.text_field(names.plan_name(scope, row, col),
                                          words("selfassess.plan_tooltip", scope=scope_label, row=row, column=label),
                                          x, flow.y - row_h, w, row_h, multiline=multiline,
                                          maxlen=boxes.capacity(w, row_h, BODY) if multiline else 10,
                                          font_size=BODY, meta=field_meta(plan=scope, row=row, column=col, label=label))
                    x += w
            flow.y -= row_h
    flow.y -= 10


def summary_table(flow: Flow, scale: Scale) -> None:
    """Static boxes for a printed copy: one row per category, one column per answer."""
    from reportlab.platypus import Paragraph

    words = flow.words
    first = 150.0
    n = len(scale.choices)
    cw = (WIDTH - first) / n
    heads = [Paragraph(f"<b>{escape(p.label)}</b>", text_style(BODY, leading=12)) for p in scale.choices]
    hh = max(h.wrap(cw - 6, 200)[1] for h in heads) + 8
    labels: list[Any] = [words("selfassess.summary_category"), *heads]
    widths = [first] + [cw] * n
    flow.ensure(hh + 26)
    with flow.element("Table"):
        _table_header(flow, labels, widths, hh, repeat=False)
        for cat in flow.catalog.categories:
            label = Paragraph(escape(f"{cat.id}. {cat.title}"), text_style(BODY, leading=12))
            _, lh = label.wrap(first - 8, 200)
            rh = max(24.0, lh + 8)
            if flow.y - rh < flow.bottom:
                flow.new_page()
                _table_header(flow, labels, widths, hh, repeat=True)
            x = MARGIN
            for w in widths:
                flow.box(x, flow.y - rh, w, rh, stroke=GRID)
                x += w
            with flow.element("TR"):
                with flow.header_cell(scope="Row"):
                    flow.draw_flowable(label, MARGIN + 4, flow.y - 4 - lh)
                for _ in range(n):
                    with flow.element("TD", keep_empty=True):
                        pass
            flow.y -= rh
    flow.y -= 10
