"""The checklist's two kinds of table: the competency table and the hours logs.

Both are tagged tables (Table > TR > TH/TD; header cells say their scope; a cell that holds a
field holds its Form element). On a continued page the competency table's header row is drawn
again as a pagination artifact, so a screen reader reads it once.
"""

from __future__ import annotations

from typing import Any

from ..errors import FormkitError
from ..pdfform.fonts import BOLD, REGULAR
from .pdf import (CELL_PAD, COLS, DOMAIN_SIZE, GREY, LEFT, ROW_MAX_H, STATEMENT_LEADING, STATEMENT_SIZE, WIDTH,
                  Layout, _hours, field_id, wrap)

CATEGORY_FILL = (0.85, 0.89, 0.95)


def _col_x() -> dict[str, float]:
    out, x = {}, LEFT
    for key, width in COLS.items():
        out[key] = x
        x += width
    return out


def table_header(lay: Layout, *, repeat: bool) -> None:
    """The competency table's header row (a repeat on a continued page is an artifact)."""
    words, b, flow = lay.words, lay.board, lay.flow
    cx = _col_x()
    h = 30.0
    flow.ensure(h + 40)
    top = flow.y
    for key, width in COLS.items():
        lay.cell_box(cx[key], top - h, width, h, GREY)

    def cells() -> None:
        for key, label in (("id", "col_id"), ("statement", "col_statement"), ("verified", "col_verified")):
            with flow.header_cell(), flow.marked():
                lay.text(cx[key] + 3, top - 11, words("checklist." + label), 8, BOLD)
                if key == "verified":
                    n = len(b.verification)
                    for i, m in enumerate(b.verification):
                        lay.text(cx["verified"] + 4 + i * (COLS["verified"] - 4) / n + 2, top - 25,
                                 words("checklist.verify_short_" + m), 7.5, BOLD)
        cw = COLS["rating"] / len(b.scale.choices)
        with flow.header_cell(), flow.marked():
            for i, p in enumerate(b.scale.choices):
                for j, line in enumerate(wrap(p.label, BOLD, 6.5, cw - 2)[:3]):
                    lay.text(cx["rating"] + cw * i + cw / 2, top - 9 - j * 7.5, line, 6.5, BOLD, align="centre")
        for key in ("date", "initials"):
            with flow.header_cell():
                lay.text(cx[key] + 3, top - 11, words("checklist.col_" + key), 8, BOLD)

    with flow.header_row(repeat=repeat):
        cells()
    flow.y = top - h


def competencies(lay: Layout) -> None:
    """One table: a header row, then per category a title row and a row per competency."""
    flow = lay.flow
    with flow.element("Table"):
        table_header(lay, repeat=False)
        for cat in lay.cat.categories:
            if not cat.competencies:
                continue
            title_lines = wrap(f"{cat.id}  {cat.title}", BOLD, 8.5, WIDTH - 6)
            if flow.ensure(len(title_lines) * 11 + 6 + 30):
                table_header(lay, repeat=True)
            th = len(title_lines) * 11 + 4
            lay.cell_box(LEFT, flow.y - th, WIDTH, th, CATEGORY_FILL)
            with flow.element("TR"), flow.element("TD", A={"O": "Table", "ColSpan": len(COLS)}), flow.marked():
                for i, line in enumerate(title_lines):
                    lay.text(LEFT + 3, flow.y - 10 - i * 11, line, 8.5, BOLD)
            flow.y -= th
            for comp in cat.competencies:
                _competency_row(lay, comp)


def _competency_row(lay: Layout, comp: Any) -> None:
    words, b, flow = lay.words, lay.board, lay.flow
    cx = _col_x()
    fid = field_id(comp.id)
    lines = wrap(comp.statement, REGULAR, STATEMENT_SIZE, COLS["statement"] - 2 * CELL_PAD)
    dom = b.domain_of(comp.id)
    extra = [words("checklist.domain_prefix", domain=dom.name)] if dom else []
    h = max(22.0, (len(lines) + len(extra)) * STATEMENT_LEADING + 6)
    if h > ROW_MAX_H:  # checked before rendering (limits.py); kept for library callers
        raise FormkitError(
            f"the statement of {comp.id} is {len(comp.statement)} characters: too long for one "
            "checklist row (it would run off the page)", key=f"statements.{comp.id}",
            hint="Shorten it in your overlay")
    if flow.ensure(h):
        table_header(lay, repeat=True)
    top = flow.y
    for key, width in COLS.items():
        lay.cell_box(cx[key], top - h, width, h)
    mid = top - h / 2
    with flow.element("TR"):
        with flow.header_cell(scope="Row"):
            lay.text(cx["id"] + 3, top - 10, comp.id, 7.5, BOLD)
        with flow.element("TD"), flow.marked():  # the statement's lines: one sequence
            for i, line in enumerate(lines):
                lay.text(cx["statement"] + CELL_PAD, top - 9.5 - i * STATEMENT_LEADING, line, STATEMENT_SIZE)
            for i, line in enumerate(extra):
                lay.text(cx["statement"] + CELL_PAD, top - 9.5 - (len(lines) + i) * STATEMENT_LEADING, line,
                         DOMAIN_SIZE, BOLD)
        with flow.element("TD"):
            n = len(b.verification)
            for i, m in enumerate(b.verification):
                lay.w.checkbox(f"v_{fid}_{m}", words("checklist.tip_verified", id=comp.id,
                                                     method=words("checklist.verify_" + m)),
                               cx["verified"] + 4 + i * (COLS["verified"] - 4) / n, mid - 5, size=10,
                               meta={"competency": comp.id, "method": m})
        cw = COLS["rating"] / len(b.scale.choices)
        with flow.element("TD"):
            lay.w.radio_group(f"r_{fid}", words("checklist.tip_rating", id=comp.id),
                              [(p.value, p.label) for p in b.scale.choices],
                              [(cx["rating"] + cw * i + cw / 2 - 5.5, mid - 5.5) for i in range(len(b.scale.choices))],
                              size=11, draw_labels=False, meta={"competency": comp.id})
        with flow.element("TD"):
            lay.w.text_field(f"d_{fid}", words("checklist.tip_date", id=comp.id), cx["date"] + 2, mid - 8,
                             COLS["date"] - 4, 16, maxlen=10, font_size=7,
                             meta={"competency": comp.id, "format": "YYYY-MM-DD"})
        with flow.element("TD"):
            lay.w.text_field(f"i_{fid}", words("checklist.tip_initials", id=comp.id), cx["initials"] + 2,
                             mid - 8, COLS["initials"] - 4, 16, maxlen=6, font_size=8, meta={"competency": comp.id})
    flow.y = top - h


# -- hours logs ---------------------------------------------------------------
def _numeric(name: str) -> bool:
    return name.startswith("dom_") or name == "hours"


def _column_label(name: str, label: str, doms: list[Any]) -> str:
    if name.startswith("dom_"):
        for d in doms:
            if f"dom_{d.id}" == name:
                return f"{label} {d.name}"
    return label


def _log_header(lay: Layout, cols: list[tuple[str, str, float]]) -> None:
    flow, top, hh = lay.flow, lay.flow.y, 20.0
    x = LEFT
    with flow.element("TR"):
        for _name, label, width in cols:
            lay.cell_box(x, top - hh, width, hh, GREY)
            with flow.header_cell(), flow.marked():
                for j, line in enumerate(wrap(label, BOLD, 7, width - 4)[:2]):
                    lay.text(x + 2, top - 8 - j * 8, line, 7, BOLD)
            x += width
    flow.y = top - hh


def _log_rows(lay: Layout, key: str, title: str, cols: list[tuple[str, str, float]], rows: int,
              doms: list[Any], rh: float) -> None:
    flow, words = lay.flow, lay.words
    for r in range(1, rows + 1):
        flow.ensure(rh)
        x = LEFT
        with flow.element("TR"):
            for name, label, width in cols:
                full_label = _column_label(name, label, doms)
                with flow.element("TD"):
                    lay.w.text_field(f"{key}_{r}_{name}",
                                     words("checklist.tip_log_cell", log=title, row=r, column=full_label),
                                     x + 1, flow.y - rh + 1.5, width - 2, rh - 3, maxlen=8 if _numeric(name) else 80,
                                     font_size=7.5, meta={"log": key, "row": r, "column": name})
                x += width
        flow.y -= rh


def _log_totals(lay: Layout, key: str, title: str, cols: list[tuple[str, str, float]], doms: list[Any],
                minimums: dict[str, float | None], rh: float) -> None:
    """The total row (fields) and the minimum row (the board's hours), each headed by its label."""
    flow, words = lay.flow, lay.words
    flow.ensure(rh * 2 + 14)
    spanned = [c for c in cols if not _numeric(c[0])]
    label_w = sum(w for _, _, w in spanned)
    for kind in ("total", "minimum"):
        x = LEFT
        lay.cell_box(x, flow.y - rh, label_w, rh, GREY)
        with flow.element("TR"):
            with flow.header_cell(scope="Row", ColSpan=len(spanned)):
                lay.text(x + 3, flow.y - rh + 5, words(f"checklist.{kind}_row"), 7.5, BOLD)
            x += label_w
            for name, label, width in cols:
                if not _numeric(name):
                    continue
                with flow.element("TD"):
                    if kind == "total":
                        lay.w.text_field(f"{key}_total_{name}",
                                         words("checklist.tip_log_total", log=title,
                                               column=_column_label(name, label, doms)),
                                         x + 1, flow.y - rh + 1.5, width - 2, rh - 3, maxlen=8, font_size=7.5,
                                         meta={"log": key, "total": name})
                    else:
                        lay.cell_box(x, flow.y - rh, width, rh, GREY)
                        value = minimums.get(name)
                        lay.text(x + width / 2, flow.y - rh + 5, _hours(value) if value is not None
                                 else words("checklist.minimum_not_set"), 7.5, BOLD, align="centre")
                x += width
        flow.y -= rh


def _log(lay: Layout, key: str, title: str, columns: list[tuple[str, str, float]], rows: int,
         per_domain: bool, minimums: dict[str, float | None], total_required: float | None) -> None:
    """One hours log: fixed columns, optional per-domain hour columns, a total and a minimum row."""
    words, b, flow = lay.words, lay.board, lay.flow
    doms = list(b.domains) if per_domain else []
    fixed = sum(c[2] for c in columns)
    dw = (WIDTH - fixed) / len(doms) if doms else 0
    if not doms:  # stretch the first column
        columns = [(columns[0][0], columns[0][1], columns[0][2] + WIDTH - fixed)] + columns[1:]
    cols = columns + [(f"dom_{d.id}", f"D{i + 1}", dw) for i, d in enumerate(doms)]
    rh = 17.0
    flow.ensure(22 + 26 + rh * min(rows, 4) + 30)
    lay.heading(title, 10.5, 2, level=3)
    with flow.element("Table"):
        _log_header(lay, cols)
        _log_rows(lay, key, title, cols, rows, doms, rh)
        _log_totals(lay, key, title, cols, doms, minimums, rh)
    note = (words("checklist.total_required", hours=_hours(total_required)) if total_required is not None
            else words("checklist.total_not_set"))
    flow.y -= 2
    lay.para(note, 7.5)


def logs(lay: Layout) -> None:
    words, b = lay.words, lay.board
    lay.flow.new_page()
    lay.heading(words("checklist.logs_heading"), 12, 0)
    legend = "  ·  ".join(f"D{i + 1} = {d.name}" for i, d in enumerate(b.domains))
    lay.para(f"{words('checklist.domains_legend')}: {legend}", 8)
    train_min: dict[str, float | None] = {f"dom_{d.id}": d.training_hours for d in b.domains}
    train_min["hours"] = b.training_hours
    w = words
    _log(lay, "training", w("checklist.training_heading"),
         [("title", w("checklist.training_title"), 150.0), ("provider", w("checklist.training_provider"), 90.0),
          ("dates", w("checklist.training_dates"), 60.0), ("hours", w("checklist.training_hours"), 36.0)],
         b.log_rows["training"], True, train_min, b.training_hours)
    _log(lay, "experience", w("checklist.experience_heading"),
         [("org", w("checklist.experience_org"), 190.0), ("from", w("checklist.experience_from"), 55.0),
          ("to", w("checklist.experience_to"), 55.0), ("hours", w("checklist.experience_hours"), 36.0)],
         b.log_rows["experience"], True, {"hours": b.experience_hours}, b.experience_hours)
    _log(lay, "supervision", w("checklist.supervision_heading"),
         [("date", w("checklist.supervision_date"), 70.0), ("type", w("checklist.supervision_type"), 110.0),
          ("domains", w("checklist.supervision_domains"), 200.0),
          ("initials", w("checklist.supervision_initials"), 124.0), ("hours", w("checklist.supervision_hours"), 36.0)],
         b.log_rows["supervision"], False, {"hours": b.supervision_hours},
         b.supervision_hours)
