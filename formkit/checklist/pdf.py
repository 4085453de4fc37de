"""The fillable PDF checklist: a board profile and a catalogue in, deterministic PDF bytes out.

Drawn with the shared form layer (formkit.pdfform.writer). The page count is needed in the
footer ("Page x of y"), so the layout runs twice: once to count, once for real.
"""

from __future__ import annotations

import re
from typing import Any

from ..boards import Board, describe
from ..errors import FormkitError
from ..locale import Wording
from ..model import Catalog
from ..pdfform.fonts import BOLD, REGULAR
from ..pdfform.writer import DocInfo, FormWriter

PAGE_W, PAGE_H = 612.0, 792.0
LEFT, RIGHT, TOP, BOTTOM = 36.0, 576.0, 756.0, 54.0
ROW_MAX_H = (TOP - BOTTOM) * 0.75  # the tallest competency row that still fits under the page's table header
# How a competency row prints its statement (checklist/limits.py checks text against these before rendering).
STATEMENT_SIZE, STATEMENT_LEADING, CELL_PAD = 7.5, 8.8, 3.0
DOMAIN_SIZE = 6.8  # the "Domain: ..." line under a statement, in bold, not wrapped
WIDTH = RIGHT - LEFT
GREY = (0.93, 0.93, 0.93)

# Applicant fields the batch pre-fills: (field name, wording key, maxlen).
APPLICANT_FIELDS = (("applicant_name", "checklist.applicant_name", 120),
                    ("applicant_id", "checklist.applicant_id", 60),
                    ("credential", "checklist.credential", 120),
                    ("organisation", "checklist.organisation", 120))


def field_id(competency_id: str) -> str:
    """An ASCII field-name part for a competency id: CC6.A1 -> CC6_A1."""
    return re.sub(r"[^A-Za-z0-9]", "_", competency_id)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, size, width) or [""]


class _Layout:
    """One pass over the document, top to bottom (page counts are filled in at the end)."""

    def __init__(self, catalog: Catalog, board: Board) -> None:
        self.cat = catalog
        self.board = board
        self.words = Wording(catalog)
        self.w = FormWriter(DocInfo(
            title=f"{self.words('checklist.title')}: {board.name}", form_kind="checklist", lang=catalog.language,
            author=catalog.organisation.name, subject=board.credential,
            keywords=f"{board.form_number} {board.form_version}", catalog_id=catalog.id,
            catalog_version=catalog.version, fingerprint=catalog.fingerprint))
        self.c = self.w.canvas
        self.y = TOP

    # -- primitives ---------------------------------------------------------
    def text(self, x: float, y: float, s: str, size: float = 9, font: str = REGULAR) -> None:
        self.c.setFont(font, size)
        self.c.setFillColorRGB(0, 0, 0)
        self.c.drawString(x, y, s)

    def para(self, s: str, size: float = 9, font: str = REGULAR, width: float = WIDTH, x: float = LEFT,
             leading: float | None = None) -> None:
        leading = leading or size * 1.25
        for line in _wrap(s, font, size, width):
            self.need(leading)
            self.text(x, self.y - size, line, size, font)
            self.y -= leading

    def heading(self, s: str, size: float = 12, space: float = 6) -> None:
        self.need(size * 2 + 30)
        self.y -= space
        self.text(LEFT, self.y - size, s, size, BOLD)
        self.y -= size * 1.5

    def need(self, height: float) -> bool:
        """Start a new page when ``height`` does not fit; True if a page was started."""
        if self.y - height < BOTTOM:
            self.new_page()
            return True
        return False

    def footer(self) -> None:
        b = self.board
        self.c.setStrokeColorRGB(0.5, 0.5, 0.5)
        self.c.setLineWidth(0.5)
        self.c.line(LEFT, BOTTOM - 10, RIGHT, BOTTOM - 10)
        self.text(LEFT, BOTTOM - 22, self.words("checklist.footer", number=b.form_number, version=b.form_version,
                                                 board=b.name), 7.5)
        page = self.w.page + 1

        def page_label(pages: int) -> None:
            self.c.setFillColorRGB(0, 0, 0)
            self.c.setFont(REGULAR, 7.5)
            self.c.drawRightString(RIGHT, BOTTOM - 22, self.words("common.page_of", page=page, pages=pages))

        self.w.with_page_count(page_label)
        prov = self.words("common.generated_by", version=_version(), provenance=self.cat.provenance)
        self.c.setFont(REGULAR, 6)
        for i, line in enumerate(_wrap(prov, REGULAR, 6, WIDTH)[:2]):
            self.c.drawString(LEFT, BOTTOM - 31 - i * 7, line)

    def new_page(self) -> None:
        self.footer()
        self.w.show_page()
        self.y = TOP

    def field_label(self, x: float, y: float, s: str) -> None:
        self.text(x, y, s, 7.5)

    def cell_box(self, x: float, y: float, w: float, h: float, fill: tuple[float, float, float] | None = None) -> None:
        self.c.setStrokeColorRGB(0.6, 0.6, 0.6)
        self.c.setLineWidth(0.5)
        if fill:
            self.c.setFillColorRGB(*fill)
        self.c.rect(x, y, w, h, stroke=1, fill=1 if fill else 0)
        self.c.setFillColorRGB(0, 0, 0)

    # -- sections -----------------------------------------------------------
    def header(self) -> None:
        b, words = self.board, self.words
        self.text(LEFT, self.y - 16, words("checklist.title"), 16, BOLD)
        self.c.setFont(REGULAR, 8)
        self.c.drawRightString(RIGHT, self.y - 10, f"{b.form_number} · {b.form_version}")
        if self.cat.organisation.name:
            self.c.drawRightString(RIGHT, self.y - 20, self.cat.organisation.name)
        self.y -= 24
        self.para(words("checklist.subtitle", board=b.name, credential=b.credential), 10)
        if b.example:
            self.para(words("checklist.example_notice", as_of=b.as_of, sources=" ".join(b.sources)), 7.5)
        elif b.id == "custom":
            self.para(words("checklist.custom_notice", board=b.name), 7.5)

    def applicant(self) -> None:
        self.heading(self.words("checklist.applicant_heading"), 11)
        col = (WIDTH - 12) / 2
        for i, (name, key, maxlen) in enumerate(APPLICANT_FIELDS):
            x = LEFT + (i % 2) * (col + 12)
            if i % 2 == 0 and i:
                self.y -= 34
            label = self.words(key)
            self.field_label(x, self.y - 8, label)
            self.w.text_field(name, label, x, self.y - 30, col, 18, maxlen=maxlen, font_size=10)
        self.y -= 38

    def instructions(self) -> None:
        b, words = self.board, self.words
        self.heading(words("checklist.instructions_heading"), 11)
        self.para(words("checklist.instructions"), 8.5)
        self.y -= 2
        labels = "  ·  ".join(f"{p.label}" + (f": {p.description}" if p.description else "") for p in b.scale.choices)
        self.para(f"{words('checklist.scale_heading')}: {labels}", 8)
        methods = "  ·  ".join(f"{words('checklist.verify_short_' + m)} = {words('checklist.verify_' + m)}"
                               for m in b.verification)
        self.para(f"{words('checklist.verified_heading')}: {methods}", 8)
        self.para(f"{words('checklist.pass_rule_heading')}: {describe(b.pass_rule, b.scale, words)}", 8.5, BOLD)
        self.y -= 6

    # competency table geometry
    COLS = {"id": 36.0, "statement": 196.0, "verified": 76.0, "rating": 136.0, "date": 54.0, "initials": 42.0}

    def _col_x(self) -> dict[str, float]:
        out, x = {}, LEFT
        for key, width in self.COLS.items():
            out[key] = x
            x += width
        return out

    def table_header(self) -> None:
        words, cx, b = self.words, self._col_x(), self.board
        h = 30.0
        self.need(h + 40)
        top = self.y
        for key, width in self.COLS.items():
            self.cell_box(cx[key], top - h, width, h, GREY)
        self.c.setFillColorRGB(0, 0, 0)
        self.text(cx["id"] + 3, top - 11, words("checklist.col_id"), 8, BOLD)
        self.text(cx["statement"] + 3, top - 11, words("checklist.col_statement"), 8, BOLD)
        self.text(cx["verified"] + 3, top - 11, words("checklist.col_verified"), 8, BOLD)
        n = len(b.verification)
        for i, m in enumerate(b.verification):
            self.text(cx["verified"] + 4 + i * (self.COLS["verified"] - 4) / n + 2, top - 25,
                      words("checklist.verify_short_" + m), 7.5, BOLD)
        choices = b.scale.choices
        cw = self.COLS["rating"] / len(choices)
        for i, p in enumerate(choices):
            lines = _wrap(p.label, BOLD, 6.5, cw - 2)[:3]
            for j, line in enumerate(lines):
                self.c.setFont(BOLD, 6.5)
                self.c.drawCentredString(cx["rating"] + cw * i + cw / 2, top - 9 - j * 7.5, line)
        self.text(cx["date"] + 3, top - 11, words("checklist.col_date"), 8, BOLD)
        self.text(cx["initials"] + 3, top - 11, words("checklist.col_initials"), 8, BOLD)
        self.y = top - h

    def competencies(self) -> None:
        words, b, cx = self.words, self.board, self._col_x()
        self.table_header()
        choices = b.scale.choices
        cw = self.COLS["rating"] / len(choices)
        for cat in self.cat.categories:
            if not cat.competencies:
                continue
            title_lines = _wrap(f"{cat.id}  {cat.title}", BOLD, 8.5, WIDTH - 6)
            if self.need(len(title_lines) * 11 + 6 + 30):
                self.table_header()
            th = len(title_lines) * 11 + 4
            self.cell_box(LEFT, self.y - th, WIDTH, th, (0.85, 0.89, 0.95))
            for i, line in enumerate(title_lines):
                self.text(LEFT + 3, self.y - 10 - i * 11, line, 8.5, BOLD)
            self.y -= th
            for comp in cat.competencies:
                fid = field_id(comp.id)
                lines = _wrap(comp.statement, REGULAR, STATEMENT_SIZE, self.COLS["statement"] - 2 * CELL_PAD)
                dom = b.domain_of(comp.id)
                extra = [words("checklist.domain_prefix", domain=dom.name)] if dom else []
                h = max(22.0, (len(lines) + len(extra)) * STATEMENT_LEADING + 6)
                if h > ROW_MAX_H:  # checked before rendering (limits.py); kept for library callers
                    raise FormkitError(
                        f"the statement of {comp.id} is {len(comp.statement)} characters: too long for one "
                        "checklist row (it would run off the page)", key=f"statements.{comp.id}",
                        hint="Shorten it in your overlay")
                if self.need(h):
                    self.table_header()
                top = self.y
                for key, width in self.COLS.items():
                    self.cell_box(cx[key], top - h, width, h)
                self.text(cx["id"] + 3, top - 10, comp.id, 7.5, BOLD)
                for i, line in enumerate(lines):
                    self.text(cx["statement"] + CELL_PAD, top - 9.5 - i * STATEMENT_LEADING, line, STATEMENT_SIZE)
                for i, line in enumerate(extra):
                    self.text(cx["statement"] + CELL_PAD, top - 9.5 - (len(lines) + i) * STATEMENT_LEADING, line,
                              DOMAIN_SIZE, BOLD)
                mid = top - h / 2
                n = len(b.verification)
                for i, m in enumerate(b.verification):
                    self.w.checkbox(f"v_{fid}_{m}",
                                    words("checklist.tip_verified", id=comp.id, method=words("checklist.verify_" + m)),
                                    cx["verified"] + 4 + i * (self.COLS["verified"] - 4) / n, mid - 5, size=10,
                                    meta={"competency": comp.id, "method": m})
                self.w.radio_group(f"r_{fid}", words("checklist.tip_rating", id=comp.id),
                                   [(p.value, p.label) for p in choices],
                                   [(cx["rating"] + cw * i + cw / 2 - 5.5, mid - 5.5) for i in range(len(choices))],
                                   size=11, draw_labels=False, meta={"competency": comp.id})
                self.w.text_field(f"d_{fid}", words("checklist.tip_date", id=comp.id), cx["date"] + 2, mid - 8,
                                  self.COLS["date"] - 4, 16, maxlen=10, font_size=7,
                                  meta={"competency": comp.id, "format": "YYYY-MM-DD"})
                self.w.text_field(f"i_{fid}", words("checklist.tip_initials", id=comp.id), cx["initials"] + 2,
                                  mid - 8, self.COLS["initials"] - 4, 16, maxlen=6, font_size=8,
                                  meta={"competency": comp.id})
                self.y = top - h

    def summary(self) -> None:
        words, b = self.words, self.board
        choices = b.scale.choices
        rows = (len(choices) + 1) // 2
        self.need(36 + rows * 22 + 70)
        self.heading(words("checklist.summary_heading"), 11)
        self.para(f"{words('checklist.pass_rule_heading')}: {describe(b.pass_rule, b.scale, words)}", 8.5)
        top = self.y - 4
        box_h = rows * 22 + 62
        self.cell_box(LEFT, top - box_h, WIDTH, box_h)
        col = WIDTH / 2
        for i, p in enumerate(choices):
            x = LEFT + 8 + (i % 2) * col
            y = top - 18 - (i // 2) * 22
            label = words("checklist.summary_count", label=p.label)
            self.text(x, y + 3, label, 8.5)
            self.w.text_field(f"count_{p.value}", words("checklist.tip_summary_count", label=p.label),
                              x + 150, y - 2, 50, 16, maxlen=4, font_size=9, meta={"rating": p.value})
        y = top - 18 - rows * 22
        self.text(LEFT + 8, y + 3, words("checklist.summary_result"), 8.5, BOLD)
        self.w.radio_group("pass_result", words("checklist.tip_result"),
                           [("YES", words("checklist.result_yes")), ("NO", words("checklist.result_no"))],
                           [(LEFT + 158, y), (LEFT + 218, y)], size=11, font_size=8.5)
        y -= 26
        self.text(LEFT + 8, y + 3, words("checklist.evaluator_name"), 8.5)
        self.w.text_field("evaluator_name", words("checklist.tip_evaluator_name"), LEFT + 158, y - 2,
                          WIDTH - 170, 16, maxlen=120, font_size=9)
        self.y = top - box_h - 6

    def _log(self, key: str, title: str, columns: list[tuple[str, str, float]], rows: int,
             per_domain: bool, minimums: dict[str, float | None], total_required: float | None) -> None:
        """One hours log: fixed columns, optional per-domain hour columns, a total and a minimum row."""
        words, b = self.words, self.board
        doms = list(b.domains) if per_domain else []
        fixed = sum(c[2] for c in columns)
        dw = (WIDTH - fixed) / len(doms) if doms else 0
        if not doms:  # stretch the first column
            columns = [(columns[0][0], columns[0][1], columns[0][2] + WIDTH - fixed)] + columns[1:]
        cols = columns + [(f"dom_{d.id}", f"D{i + 1}", dw) for i, d in enumerate(doms)]
        rh = 17.0
        self.need(22 + 26 + rh * min(rows, 4) + 30)
        self.heading(title, 10.5, 2)
        # header
        top = self.y
        x = LEFT
        hh = 20.0
        for name, label, width in cols:
            self.cell_box(x, top - hh, width, hh, GREY)
            for j, line in enumerate(_wrap(label, BOLD, 7, width - 4)[:2]):
                self.text(x + 2, top - 8 - j * 8, line, 7, BOLD)
            x += width
        self.y = top - hh
        for r in range(1, rows + 1):
            if self.need(rh):
                pass
            x = LEFT
            for name, label, width in cols:
                numeric = name.startswith("dom_") or name == "hours"
                full_label = _column_label(name, label, doms)
                self.w.text_field(f"{key}_{r}_{name}", words("checklist.tip_log_cell", log=title, row=r, column=full_label),
                                  x + 1, self.y - rh + 1.5, width - 2, rh - 3, maxlen=8 if numeric else 80,
                                  font_size=7.5, meta={"log": key, "row": r, "column": name})
                x += width
            self.y -= rh
        # totals + minimum rows
        self.need(rh * 2 + 14)
        for kind in ("total", "minimum"):
            x = LEFT
            label_w = sum(w for n, _, w in cols if not (n.startswith("dom_") or n == "hours"))
            self.cell_box(x, self.y - rh, label_w, rh, GREY)
            self.text(x + 3, self.y - rh + 5, words(f"checklist.{kind}_row"), 7.5, BOLD)
            x += label_w
            for name, label, width in cols:
                if not (name.startswith("dom_") or name == "hours"):
                    continue
                if kind == "total":
                    self.w.text_field(f"{key}_total_{name}",
                                      words("checklist.tip_log_total", log=title, column=_column_label(name, label, doms)),
                                      x + 1, self.y - rh + 1.5, width - 2, rh - 3, maxlen=8, font_size=7.5,
                                      meta={"log": key, "total": name})
                else:
                    self.cell_box(x, self.y - rh, width, rh, GREY)
                    value = minimums.get(name)
                    self.c.setFont(BOLD, 7.5)
                    self.c.drawCentredString(x + width / 2, self.y - rh + 5,
                                             _hours(value) if value is not None else words("checklist.minimum_not_set"))
                x += width
            self.y -= rh
        note = (words("checklist.total_required", hours=_hours(total_required)) if total_required is not None
                else words("checklist.total_not_set"))
        self.y -= 2
        self.para(note, 7.5)

    def logs(self) -> None:
        words, b = self.words, self.board
        self.new_page()
        self.heading(words("checklist.logs_heading"), 12, 0)
        legend = "  ·  ".join(f"D{i + 1} = {d.name}" for i, d in enumerate(b.domains))
        self.para(f"{words('checklist.domains_legend')}: {legend}", 8)
        train_min: dict[str, float | None] = {f"dom_{d.id}": d.training_hours for d in b.domains}
        train_min["hours"] = b.training_hours
        self._log("training", words("checklist.training_heading"),
                  [("title", words("checklist.training_title"), 150.0), ("provider", words("checklist.training_provider"), 90.0),
                   ("dates", words("checklist.training_dates"), 60.0), ("hours", words("checklist.training_hours"), 36.0)],
                  b.log_rows["training"], True, train_min, b.training_hours)
        self._log("experience", words("checklist.experience_heading"),
                  [("org", words("checklist.experience_org"), 190.0), ("from", words("checklist.experience_from"), 55.0),
                   ("to", words("checklist.experience_to"), 55.0), ("hours", words("checklist.experience_hours"), 36.0)],
                  b.log_rows["experience"], True, {"hours": b.experience_hours}, b.experience_hours)
        self._log("supervision", words("checklist.supervision_heading"),
                  [("date", words("checklist.supervision_date"), 70.0), ("type", words("checklist.supervision_type"), 110.0),
                   ("domains", words("checklist.supervision_domains"), 200.0), ("initials", words("checklist.supervision_initials"), 124.0),
                   ("hours", words("checklist.supervision_hours"), 36.0)],
                  b.log_rows["supervision"], False, {"hours": b.supervision_hours}, b.supervision_hours)

    def narrative(self) -> None:
        words, b = self.words, self.board
        self.new_page()
        self.heading(words("checklist.narrative_heading"), 12, 0)
        self.para(words("checklist.narrative_prompt"), 8.5)
        limit = (words("checklist.narrative_limit", limit=b.word_limit) if b.word_limit
                 else words("checklist.narrative_no_limit"))
        self.para(limit, 8.5, BOLD)
        h = 250.0
        maxlen = b.word_limit * 10 if b.word_limit else 12000
        self.w.text_field("narrative", f"{words('checklist.tip_narrative')}. {limit}", LEFT, self.y - h - 4, WIDTH, h,
                          multiline=True, maxlen=maxlen, font_size=9, meta={"word_limit": b.word_limit})
        self.y -= h + 12

    def attestation(self) -> None:
        words = self.words
        self.heading(words("checklist.attestation_heading"), 12)
        self.para(words("checklist.attestation_text"), 8.5)
        self.y -= 4
        col = (WIDTH - 12) / 2
        pairs = [("supervisor_name", 120), ("supervisor_credential", 80), ("supervisor_organisation", 120),
                 ("supervisor_contact", 120), ("supervisor_years", 10)]
        for i, (name, maxlen) in enumerate(pairs):
            x = LEFT + (i % 2) * (col + 12)
            if i % 2 == 0 and i:
                self.y -= 34
            label = words(f"checklist.{name}")
            self.field_label(x, self.y - 8, label)
            self.w.text_field(name, label, x, self.y - 30, col, 18, maxlen=maxlen, font_size=10)
        self.y -= 40
        for who in ("supervisor", "applicant"):
            label = words(f"checklist.{who}_signature")
            date_label = words(f"checklist.{who}_date")
            self.field_label(LEFT, self.y - 8, label)
            self.w.signature_field(f"{who}_signature", label, LEFT, self.y - 48, 300, 38)
            self.field_label(LEFT + 320, self.y - 8, date_label)
            self.w.text_field(f"{who}_date", words("checklist.tip_date_field", what=f"{label}: {date_label}"),
                              LEFT + 320, self.y - 30, 110, 18, maxlen=10, font_size=10, meta={"format": "YYYY-MM-DD"})
            self.y -= 58

    def run(self) -> bytes:
        self.header()
        self.applicant()
        self.instructions()
        self.competencies()
        self.summary()
        self.logs()
        self.narrative()
        self.attestation()
        self.footer()
        return self.w.finish({"board": {"id": self.board.id, "name": self.board.name,
                                        "form": self.board.form_number, "version": self.board.form_version},
                              "title": self.words("checklist.title")})


def _column_label(name: str, label: str, doms: list[Any]) -> str:
    if name.startswith("dom_"):
        for d in doms:
            if f"dom_{d.id}" == name:
                return f"{label} {d.name}"
    return label


def _hours(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _version() -> str:
    from .. import __version__

    return __version__


def render_pdf(catalog: Catalog, board: Board) -> bytes:
    """The blank fillable checklist for ``board`` (deterministic bytes)."""
    import gc

    data = _Layout(catalog, board).run()
    gc.collect()
    return data

