"""The checklist's two kinds of table: the competency table and the hours logs.

Both are tagged tables (Table > TR > TH/TD; header cells say their scope; a cell that holds a
field holds its Form element). On a continued page the competency table's header row is drawn
again as a pagination artifact, so a screen reader reads it once.
"""

from __future__ import annotations

from ...pdfform.fonts import BOLD, ITALIC, REGULAR
from .model import CompetencyRow, Log
from .pdf import (
    CELL_PAD,
    COLS,
    DOMAIN_SIZE,
    GREY,
    LEFT,
    SMALL,
    STATEMENT_LEADING,
    STATEMENT_SIZE,
    TITLE_SIZE,
    WIDTH,
    Layout,
    wrap,
)

LOG_ROW_H = 24.0  # 8.5 mm: room to write a date or a course title by hand
WIDGET_TOP = 7.0  # every widget of a competency row has its top this far above the row's middle
# Hours-log column widths in points; the per-domain columns share what is left.
LOG_WIDTHS = {"training": {"title": 150.0, "provider": 90.0, "dates": 60.0, "hours": 36.0},
              "experience": {"org": 190.0, "from": 55.0, "to": 55.0, "hours": 36.0},
              "supervision": {"date": 70.0, "type": 110.0, "domains": 200.0, "initials": 124.0, "hours": 36.0}}


def _col_x() -> dict[str, float]:
    out, x = {}, LEFT
    for key, width in COLS.items():
        out[key] = x
        x += width
    return out


def statement_lines(row: CompetencyRow) -> tuple[list[str], list[str]]:
    """A row's statement as drawn (wrapped to its column), and its domain line if any."""
    return (wrap(row.statement, REGULAR, STATEMENT_SIZE, COLS["statement"] - 2 * CELL_PAD),
            [row.domain_line] if row.domain_line else [])


def second_lines(row: CompetencyRow) -> list[str]:
    """A bilingual row's second-language statement, wrapped in italics, under the first."""
    return wrap(row.second, ITALIC, STATEMENT_SIZE, COLS["statement"] - 2 * CELL_PAD) if row.second else []


def _statement_cell(lay: Layout, row: CompetencyRow, x: float, y: float) -> None:
    """The statement's lines, then (on a bilingual checklist) the same statement in the second
    language in italics, tagged as a Span in that language, then the domain line."""
    lines, extra = statement_lines(row)
    second = second_lines(row)

    def draw(texts: list[str], start: int, size: float, font: str) -> None:
        for i, line in enumerate(texts, start):
            lay.text(x, y - i * STATEMENT_LEADING, line, size, font)

    if not second:
        with lay.flow.marked():  # the statement's lines and its domain: one sequence
            draw(lines, 0, STATEMENT_SIZE, REGULAR)
            draw(extra, len(lines), DOMAIN_SIZE, BOLD)
        return
    with lay.flow.marked():
        draw(lines, 0, STATEMENT_SIZE, REGULAR)
    with lay.flow.element("Span", Lang=lay.second_language), lay.flow.marked():
        draw(second, len(lines), STATEMENT_SIZE, ITALIC)
    if extra:
        with lay.flow.marked():
            draw(extra, len(lines) + len(second), DOMAIN_SIZE, BOLD)


def row_height(row: CompetencyRow) -> float:
    lines, extra = statement_lines(row)
    return max(24.0, (len(lines) + len(second_lines(row)) + len(extra)) * STATEMENT_LEADING + 7)


def fitting_size(labels: list[str], width: float, size: float = SMALL, smallest: float = 5.5) -> float:
    """The header's type size at which every word of ``labels`` fits ``width`` (a translation's
    longer word, "Iniciales", "observado", ran over the column's edge); never below ``smallest``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max((stringWidth(word, BOLD, size) for label in labels for word in label.split()), default=0.0)
    return size if widest <= width else max(smallest, round(size * width / widest, 2))


def table_header(lay: Layout, *, repeat: bool) -> None:
    """The competency table's header row (a repeat on a continued page is an artifact)."""
    table, flow = lay.doc.table, lay.flow
    cx = _col_x()
    cw = COLS["rating"] / len(table.ratings)
    rating_size = fitting_size([label for _value, label in table.ratings], cw - 2)
    rating_lines = max(len(wrap(label, BOLD, rating_size, cw - 2)) for _value, label in table.ratings)
    h = max(30.0, 8 + min(rating_lines, 3) * 9.0)
    flow.ensure(h + 40)
    top = flow.y
    for key, width in COLS.items():
        lay.cell_box(cx[key], top - h, width, h, GREY)

    def cells() -> None:
        for key, label in (("id", table.id_label), ("statement", table.statement_label),
                           ("verified", table.verified_label)):
            with flow.header_cell(), flow.marked():
                lay.text(cx[key] + 3, top - 11, label, fitting_size([label], COLS[key] - 6), BOLD)
                if key == "verified":
                    n = len(table.methods)
                    for i, m in enumerate(table.methods):
                        x = cx["verified"] + 4 + i * (COLS["verified"] - 4) / n + 2
                        lay.text(x, top - 24, m.short, SMALL, BOLD)
        with flow.header_cell(), flow.marked():
            for i, (_value, label) in enumerate(table.ratings):
                for j, line in enumerate(wrap(label, BOLD, rating_size, cw - 2)[:3]):
                    lay.text(cx["rating"] + cw * i + cw / 2, top - 10 - j * 9, line, rating_size, BOLD,
                             align="centre")
        ends = (("date", table.date_label), ("initials", table.initials_label))
        end_size = min(fitting_size([label], COLS[key] - 6) for key, label in ends)  # the two alike
        for key, label in ends:
            with flow.header_cell():
                lay.text(cx[key] + 3, top - 11, label, end_size, BOLD)

    with flow.header_row(repeat=repeat):
        cells()
    flow.y = top - h


def competencies(lay: Layout) -> None:
    """One table: a header row, then per category a title row and a row per competency."""
    flow = lay.flow
    with flow.element("Table"):
        table_header(lay, repeat=False)
        for cat in lay.doc.table.categories:
            title_lines = wrap(cat.title, BOLD, TITLE_SIZE, WIDTH - 2 * CELL_PAD)
            if flow.ensure(len(title_lines) * 12 + 5 + row_height(cat.rows[0])):  # a title with its first row
                table_header(lay, repeat=True)
            th = len(title_lines) * 12 + 5
            lay.cell_box(LEFT, flow.y - th, WIDTH, th, lay.doc.letterhead.tint())
            with flow.element("TR"), flow.element("TD", A={"O": "Table", "ColSpan": len(COLS)}), flow.marked():
                for i, line in enumerate(title_lines):
                    lay.text(LEFT + CELL_PAD, flow.y - 11 - i * 12, line, TITLE_SIZE, BOLD)
            flow.y -= th
            for row in cat.rows:
                _competency_row(lay, row)


def _competency_row(lay: Layout, row: CompetencyRow) -> None:
    table, flow = lay.doc.table, lay.flow
    cx = _col_x()
    fid = row.field_id
    h = row_height(row)
    if flow.ensure(h):
        table_header(lay, repeat=True)
    top = flow.y
    for key, width in COLS.items():
        lay.cell_box(cx[key], top - h, width, h)
    # Every widget's top edge at the same height, so a viewer that orders by rows (top edge, then
    # left to right) tabs verified -> rating -> date -> initials, as the structure (/Tabs /S) does.
    wtop = top - h / 2 + WIDGET_TOP
    with flow.element("TR"):
        with flow.header_cell(scope="Row"):
            lay.text(cx["id"] + 3, top - 10.5, row.id, STATEMENT_SIZE, BOLD)
        with flow.element("TD"):
            _statement_cell(lay, row, cx["statement"] + CELL_PAD, top - 10.5)
        with flow.element("TD"):
            n = len(table.methods)
            for i, (m, tip) in enumerate(zip(table.methods, row.verified_tips)):
                lay.w.checkbox(f"v_{fid}_{m.id}", tip, cx["verified"] + 4 + i * (COLS["verified"] - 4) / n, wtop - 10,
                               size=10, meta={"competency": row.id, "method": m.id})
        cw = COLS["rating"] / len(table.ratings)
        with flow.element("TD"):
            lay.w.radio_group(f"r_{fid}", row.rating_tip, list(table.ratings),
                              [(cx["rating"] + cw * i + cw / 2 - 5.5, wtop - 11) for i in range(len(table.ratings))],
                              size=11, draw_labels=False, meta={"competency": row.id})
        with flow.element("TD"):
            lay.w.text_field(f"d_{fid}", row.date_tip, cx["date"] + 2, wtop - 14, COLS["date"] - 4, 14, maxlen=10,
                             font_size=7, meta={"competency": row.id, "format": "YYYY-MM-DD"})
        with flow.element("TD"):
            lay.w.text_field(f"i_{fid}", row.initials_tip, cx["initials"] + 2, wtop - 14, COLS["initials"] - 4, 14,
                             maxlen=6, font_size=8, meta={"competency": row.id})
    flow.y = top - h


# -- hours logs ---------------------------------------------------------------
def _widths(log: Log) -> list[float]:
    """Each column's width: the fixed ones from LOG_WIDTHS, the domains share the rest (without
    domain columns the first column takes it)."""
    fixed = [LOG_WIDTHS[log.key][c.name] for c in log.columns if c.name in LOG_WIDTHS[log.key]]
    doms = len(log.columns) - len(fixed)
    if not doms:
        return [fixed[0] + WIDTH - sum(fixed)] + fixed[1:]
    return fixed + [(WIDTH - sum(fixed)) / doms] * doms


def _log_header(lay: Layout, log: Log, widths: list[float]) -> None:
    flow, top, hh = lay.flow, lay.flow.y, 22.0
    x = LEFT
    with flow.element("TR"):
        for col, width in zip(log.columns, widths):
            lay.cell_box(x, top - hh, width, hh, GREY)
            with flow.header_cell(), flow.marked():
                for j, line in enumerate(wrap(col.label, BOLD, SMALL, width - 4)[:2]):
                    lay.text(x + 2, top - 9 - j * 9, line, SMALL, BOLD)
            x += width
    flow.y = top - hh


def _log_rows(lay: Layout, log: Log, widths: list[float], rh: float) -> None:
    flow = lay.flow
    for r in range(1, log.rows + 1):
        flow.ensure(rh)
        x = LEFT
        with flow.element("TR"):
            for col, width in zip(log.columns, widths):
                with flow.element("TD"):
                    lay.w.text_field(f"{log.key}_{r}_{col.name}", col.cell_tips[r - 1],
                                     x + 1, flow.y - rh + 1.5, width - 2, rh - 3, maxlen=8 if col.numeric else 80,
                                     font_size=9, meta={"log": log.key, "row": r, "column": col.name})
                x += width
        flow.y -= rh


def _log_totals(lay: Layout, log: Log, widths: list[float], rh: float) -> None:
    """The total row (fields) and the minimum row (the board's hours), each headed by its label."""
    flow, logs = lay.flow, lay.doc.logs
    flow.ensure(rh * 2 + 14)
    spanned = [w for c, w in zip(log.columns, widths) if not c.numeric]
    label_w = sum(spanned)
    for label, minimum in ((logs.total_label, False), (logs.minimum_label, True)):
        x = LEFT
        lay.cell_box(x, flow.y - rh, label_w, rh, GREY)
        with flow.element("TR"):
            with flow.header_cell(scope="Row", ColSpan=len(spanned)):
                lay.text(x + 3, flow.y - rh + 6, label, SMALL + 1, BOLD)
            x += label_w
            for col, width in zip(log.columns, widths):
                if not col.numeric:
                    continue
                with flow.element("TD"):
                    if not minimum:
                        lay.w.text_field(f"{log.key}_total_{col.name}", col.total_tip, x + 1, flow.y - rh + 1.5,
                                         width - 2, rh - 3, maxlen=8, font_size=9,
                                         meta={"log": log.key, "total": col.name})
                    else:
                        lay.cell_box(x, flow.y - rh, width, rh, GREY)
                        lay.text(x + width / 2, flow.y - rh + 6, col.minimum, SMALL + 1, BOLD, align="centre")
                x += width
        flow.y -= rh


def _log(lay: Layout, log: Log) -> None:
    """One hours log: its columns, a row of fields per entry, a total and a minimum row."""
    flow = lay.flow
    widths = _widths(log)
    rh = LOG_ROW_H
    flow.ensure(22 + 26 + rh * min(log.rows, 4) + 30)
    lay.heading(log.title, 10.5, 2, level=3)
    with flow.element("Table"):
        _log_header(lay, log, widths)
        _log_rows(lay, log, widths, rh)
        _log_totals(lay, log, widths, rh)
    flow.y -= 2
    lay.para(log.note, 9)


def logs(lay: Layout) -> None:
    section = lay.doc.logs
    lay.flow.new_page()
    lay.heading(section.heading, 12, 0)
    lay.para(section.legend, 9)
    for log in section.logs:
        _log(lay, log)
