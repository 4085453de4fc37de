"""The fillable PDF checklist: a board profile and a catalogue in, deterministic PDF bytes out.

Drawn with the shared form layer (formkit.pdfform.writer) on formkit's one page engine
(formkit.pdfpage): page breaks, the footer with "Page x of y", headings and the structure
tags (H1/H2/H3, paragraphs, the competency table and the hours logs as tables, a Form element
per widget) all come from there; this module says what goes on the pages.
"""

from __future__ import annotations

import re
from typing import Any

from ..boards import Board, describe
from ..locale import Wording
from ..model import Catalog
from ..pdfform.fonts import BOLD, REGULAR
from ..pdfform.writer import DocInfo, FormWriter
from ..pdfpage import Flow, Frame

PAGE_W, PAGE_H = 612.0, 792.0
LEFT, RIGHT, TOP, BOTTOM = 36.0, 576.0, 756.0, 54.0
FRAME = Frame(left=LEFT, right=RIGHT, top=TOP, bottom=BOTTOM, width=PAGE_W, height=PAGE_H)
ROW_MAX_H = (TOP - BOTTOM) * 0.75  # the tallest competency row that still fits under the page's table header
# How a competency row prints its statement (checklist/limits.py checks text against these before rendering).
STATEMENT_SIZE, STATEMENT_LEADING, CELL_PAD = 7.5, 8.8, 3.0
DOMAIN_SIZE = 6.8  # the "Domain: ..." line under a statement, in bold, not wrapped
# competency table geometry (column widths, left to right)
COLS = {"id": 36.0, "statement": 196.0, "verified": 76.0, "rating": 136.0, "date": 54.0, "initials": 42.0}
WIDTH = RIGHT - LEFT
GREY = (0.93, 0.93, 0.93)
CELL_LINE = (0.6, 0.6, 0.6)

# Applicant fields the batch pre-fills: (field name, wording key, maxlen).
APPLICANT_FIELDS = (("applicant_name", "checklist.applicant_name", 120),
                    ("applicant_id", "checklist.applicant_id", 60),
                    ("credential", "checklist.credential", 120),
                    ("organisation", "checklist.organisation", 120))


def field_id(competency_id: str) -> str:
    """An ASCII field-name part for a competency id: CC6.A1 -> CC6_A1."""
    return re.sub(r"[^A-Za-z0-9]", "_", competency_id)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, size, width) or [""]


def _heading_style(size: float) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"h{size}", fontName=BOLD, fontSize=size, leading=size * 1.5, textColor="#000000")


class Layout:
    """The checklist's pages, top to bottom, on a :class:`formkit.pdfpage.Flow`."""

    def __init__(self, catalog: Catalog, board: Board) -> None:
        self.cat = catalog
        self.board = board
        self.words = Wording(catalog)
        self.w = FormWriter(DocInfo(
            title=f"{self.words('checklist.title')}: {board.name}", form_kind="checklist", lang=catalog.language,
            author=catalog.organisation.name, subject=board.credential,
            keywords=f"{board.form_number} {board.form_version}", catalog_id=catalog.id,
            catalog_version=catalog.version, fingerprint=catalog.fingerprint))
        self.flow = Flow(self.w, FRAME, footer=self._footer)

    # -- primitives ---------------------------------------------------------
    def text(self, x: float, y: float, s: str, size: float = 9, font: str = REGULAR, *, align: str = "left") -> None:
        """One line of text, content of the current structure element."""
        self.flow.string(x, y, s, font, size, align=align)

    def para(self, s: str, size: float = 9, font: str = REGULAR) -> None:
        self.flow.lines(s, font, size)

    def heading(self, s: str, size: float = 12, space: float = 6, level: int = 2) -> None:
        """A heading kept with what follows it (and a bookmark)."""
        self.flow.heading(s, level, _heading_style(size), keep_with=size * 0.5 + 30 - space, before=space,
                          bookmark=True)

    def field_label(self, x: float, y: float, s: str, size: float = 7.5, font: str = REGULAR) -> None:
        """A visible label: its own paragraph, read just before its field."""
        with self.flow.element("P"):
            self.text(x, y, s, size, font)

    def cell_box(self, x: float, y: float, w: float, h: float, fill: tuple[float, float, float] | None = None) -> None:
        self.flow.box(x, y, w, h, stroke=CELL_LINE, fill=fill, line_width=0.5)

    def _footer(self, flow: Flow) -> None:
        """Form number, version and board; "Page x of y"; what made the form (an artifact)."""
        b, c = self.board, flow.c
        flow.rule((0.5, 0.5, 0.5), 0.5, y=BOTTOM - 10)
        self.text(LEFT, BOTTOM - 22, self.words("checklist.footer", number=b.form_number, version=b.form_version,
                                                 board=b.name), 7.5)
        page = flow.page + 1

        def page_label(pages: int) -> None:
            c.setFillColorRGB(0, 0, 0)
            c.setFont(REGULAR, 7.5)
            c.drawRightString(RIGHT, BOTTOM - 22, self.words("common.page_of", page=page, pages=pages))

        flow.page_count(page_label)
        prov = self.words("common.generated_by", version=_version(), provenance=self.cat.provenance)
        for i, line in enumerate(wrap(prov, REGULAR, 6, WIDTH)[:2]):
            self.text(LEFT, BOTTOM - 31 - i * 7, line, 6)

    # -- sections -----------------------------------------------------------
    def header(self) -> None:
        b, words, flow = self.board, self.words, self.flow
        top = flow.y
        flow.heading(words("checklist.title"), 1, _heading_style(16), keep_with=0, bookmark=True)
        with flow.element("P"):
            self.text(RIGHT, top - 10, f"{b.form_number} · {b.form_version}", 8, align="right")
        if self.cat.organisation.name:
            with flow.element("P"):
                self.text(RIGHT, top - 20, self.cat.organisation.name, 8, align="right")
        flow.y = top - 24
        self.para(words("checklist.subtitle", board=b.name, credential=b.credential), 10)
        if b.example:
            self.para(words("checklist.example_notice", as_of=b.as_of, sources=" ".join(b.sources)), 7.5)
        elif b.id == "custom":
            self.para(words("checklist.custom_notice", board=b.name), 7.5)

    def labelled_fields(self, fields: list[tuple[str, str, int]], *, row_gap: float = 34) -> None:
        """Text fields two to a row, each under its visible label."""
        col = (WIDTH - 12) / 2
        for i, (name, label, maxlen) in enumerate(fields):
            x = LEFT + (i % 2) * (col + 12)
            if i % 2 == 0 and i:
                self.flow.y -= row_gap
            self.field_label(x, self.flow.y - 8, label)
            self.w.text_field(name, label, x, self.flow.y - 30, col, 18, maxlen=maxlen, font_size=10)

    def applicant(self) -> None:
        self.heading(self.words("checklist.applicant_heading"), 11)
        self.labelled_fields([(name, self.words(key), maxlen) for name, key, maxlen in APPLICANT_FIELDS])
        self.flow.y -= 38

    def instructions(self) -> None:
        b, words = self.board, self.words
        self.heading(words("checklist.instructions_heading"), 11)
        self.para(words("checklist.instructions"), 8.5)
        self.flow.y -= 2
        labels = "  ·  ".join(f"{p.label}" + (f": {p.description}" if p.description else "") for p in b.scale.choices)
        self.para(f"{words('checklist.scale_heading')}: {labels}", 8)
        methods = "  ·  ".join(f"{words('checklist.verify_short_' + m)} = {words('checklist.verify_' + m)}"
                               for m in b.verification)
        self.para(f"{words('checklist.verified_heading')}: {methods}", 8)
        self.para(f"{words('checklist.pass_rule_heading')}: {describe(b.pass_rule, b.scale, words)}", 8.5, BOLD)
        self.flow.y -= 6

    def summary(self) -> None:
        words, b, flow = self.words, self.board, self.flow
        choices = b.scale.choices
        rows = (len(choices) + 1) // 2
        flow.ensure(36 + rows * 22 + 70)
        self.heading(words("checklist.summary_heading"), 11)
        self.para(f"{words('checklist.pass_rule_heading')}: {describe(b.pass_rule, b.scale, words)}", 8.5)
        top = flow.y - 4
        box_h = rows * 22 + 62
        self.cell_box(LEFT, top - box_h, WIDTH, box_h)
        col = WIDTH / 2
        for i, p in enumerate(choices):
            x = LEFT + 8 + (i % 2) * col
            y = top - 18 - (i // 2) * 22
            label = words("checklist.summary_count", label=p.label)
            self.field_label(x, y + 3, label, 8.5)
            self.w.text_field(f"count_{p.value}", words("checklist.tip_summary_count", label=p.label),
                              x + 150, y - 2, 50, 16, maxlen=4, font_size=9, meta={"rating": p.value})
        y = top - 18 - rows * 22
        self.field_label(LEFT + 8, y + 3, words("checklist.summary_result"), 8.5, BOLD)
        with flow.element("P"):
            self.w.radio_group("pass_result", words("checklist.tip_result"),
                               [("YES", words("checklist.result_yes")), ("NO", words("checklist.result_no"))],
                               [(LEFT + 158, y), (LEFT + 218, y)], size=11, font_size=8.5)
        y -= 26
        self.field_label(LEFT + 8, y + 3, words("checklist.evaluator_name"), 8.5)
        self.w.text_field("evaluator_name", words("checklist.tip_evaluator_name"), LEFT + 158, y - 2,
                          WIDTH - 170, 16, maxlen=120, font_size=9)
        flow.y = top - box_h - 6

    def narrative(self) -> None:
        words, b, flow = self.words, self.board, self.flow
        flow.new_page()
        self.heading(words("checklist.narrative_heading"), 12, 0)
        self.para(words("checklist.narrative_prompt"), 8.5)
        limit = (words("checklist.narrative_limit", limit=b.word_limit) if b.word_limit
                 else words("checklist.narrative_no_limit"))
        self.para(limit, 8.5, BOLD)
        h = 250.0
        maxlen = b.word_limit * 10 if b.word_limit else 12000
        self.w.text_field("narrative", f"{words('checklist.tip_narrative')}. {limit}", LEFT, flow.y - h - 4, WIDTH, h,
                          multiline=True, maxlen=maxlen, font_size=9, meta={"word_limit": b.word_limit})
        flow.y -= h + 12

    def attestation(self) -> None:
        words, flow = self.words, self.flow
        self.heading(words("checklist.attestation_heading"), 12)
        self.para(words("checklist.attestation_text"), 8.5)
        flow.y -= 4
        pairs = [("supervisor_name", 120), ("supervisor_credential", 80), ("supervisor_organisation", 120),
                 ("supervisor_contact", 120), ("supervisor_years", 10)]
        self.labelled_fields([(name, words(f"checklist.{name}"), maxlen) for name, maxlen in pairs])
        flow.y -= 40
        for who in ("supervisor", "applicant"):
            label = words(f"checklist.{who}_signature")
            date_label = words(f"checklist.{who}_date")
            self.field_label(LEFT, flow.y - 8, label)
            self.w.signature_field(f"{who}_signature", label, LEFT, flow.y - 48, 300, 38)
            self.field_label(LEFT + 320, flow.y - 8, date_label)
            self.w.text_field(f"{who}_date", words("checklist.tip_date_field", what=f"{label}: {date_label}"),
                              LEFT + 320, flow.y - 30, 110, 18, maxlen=10, font_size=10, meta={"format": "YYYY-MM-DD"})
            flow.y -= 58

    def run(self) -> bytes:
        from .pdftables import competencies, logs

        self.header()
        self.applicant()
        self.instructions()
        competencies(self)
        self.summary()
        logs(self)
        self.narrative()
        self.attestation()
        self.flow.finish()
        return self.w.finish({"board": {"id": self.board.id, "name": self.board.name,
                                        "form": self.board.form_number, "version": self.board.form_version},
                              "title": self.words("checklist.title")})


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

    data = Layout(catalog, board).run()
    gc.collect()
    return data
