"""The fillable PDF checklist: a board profile and a catalogue in, deterministic PDF bytes out.

Drawn with the shared form layer (formkit.pdfform.writer) on formkit's one page engine
(formkit.pdfpage): page breaks, the footer with "Page x of y", headings and the structure
tags (H1/H2/H3, paragraphs, the competency table and the hours logs as tables, a Form element
per widget) all come from there; this module says what goes on the pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...catalog.language import with_notice
from ...pdfform.fonts import BOLD, REGULAR
from ...pdfform.writer import DocInfo, FormWriter
from ...pdfpage import Flow, Frame
from ...pdfpage.marks import QUIET, PageCode, draw_marks, page_payload, qr_side
from ...pdfpage.textblock import TextStyle
from ..letterhead import draw_pdf
from .model import Checklist
from .signing import TextField

if TYPE_CHECKING:
    from ...context import Context

PAGE_W, PAGE_H = 612.0, 792.0
LEFT, RIGHT, TOP, BOTTOM = 36.0, 576.0, 756.0, 62.0
FRAME = Frame(left=LEFT, right=RIGHT, top=TOP, bottom=BOTTOM, width=PAGE_W, height=PAGE_H)
ROW_MAX_H = (TOP - BOTTOM) * 0.75  # the tallest competency row that still fits under the page's table header
# How a competency row prints its statement (checklist/limits.py checks text against these before rendering).
# Nothing on the form is smaller than 8 pt (column heads, footers), statements are 9 pt: a board's
# evaluators print it and read it at arm's length.
STATEMENT_SIZE, STATEMENT_LEADING, CELL_PAD = 9.0, 10.8, 3.0
DOMAIN_SIZE = 8.0  # the "Domain: ..." line under a statement, in bold, not wrapped
SMALL = 8.0  # column heads, notes and the footer
TITLE_SIZE = 9.5  # a category's title bar
# competency table geometry (column widths, left to right): the rating columns are as wide as the
# widest word of a scale label at 8 pt ("progress"), so a head never breaks inside a word
COLS = {"id": 40.0, "statement": 174.0, "verified": 64.0, "rating": 176.0, "date": 50.0, "initials": 36.0}
WIDTH = RIGHT - LEFT
# The page's QR: a short code (formkit.pdfpage.marks.PageCode.short_payload, QR version 2) at the right of
# the footer, from just under the frame down to the corner squares' height (inside most printers' reach),
# the footer's rule stopping left of it. Its modules: 1.6 pt, 3.3 pixels at 150 dpi (the long code's 1.2 pt
# under the rule were 2.5, and 7 and 9 of 18 pages of a 1-bit 150-dpi scan went unidentified).
QR_MODULE = 1.6
QR_TOP = BOTTOM - QUIET  # the quiet zone under the frame's lowest line
GREY = (0.93, 0.93, 0.93)
CELL_LINE = (0.6, 0.6, 0.6)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, size, width) or [""]


def _heading_style(size: float) -> TextStyle:
    return TextStyle(BOLD, BOLD, size, size * 1.5)


class Layout:
    """The checklist's pages, top to bottom, on a :class:`formkit.pdfpage.Flow`: one section of
    the :class:`~formkit.documents.checklist.model.Checklist` after another."""

    def __init__(self, context: Context, doc: Checklist) -> None:
        catalog = context.catalog
        self.doc = doc
        self.second_language = catalog.second_language  # a bilingual checklist's, for its Spans' /Lang
        self.w = FormWriter(DocInfo(
            title=doc.document_title, form_kind="checklist", lang=doc.language, author=doc.organisation,
            subject=with_notice(doc.board.credential, doc.translation), keywords=f"{doc.board.form_number} {doc.board.form_version}",
            catalog_id=catalog.id, catalog_version=catalog.version, fingerprint=catalog.fingerprint))
        self.code = (PageCode(f"C.{doc.board.id}", catalog.id, catalog.version, catalog.fingerprint)
                     if catalog.scan_marks else None)
        self.flow = Flow(self.w, FRAME, footer=self._footer, marks=self._marks if self.code else None)

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

    def field_label(self, x: float, y: float, s: str, size: float = 8.5, font: str = REGULAR) -> None:
        """A visible label: its own paragraph, read just before its field."""
        with self.flow.element("P"):
            self.text(x, y, s, size, font)

    def cell_box(self, x: float, y: float, w: float, h: float, fill: tuple[float, float, float] | None = None) -> None:
        self.flow.box(x, y, w, h, stroke=CELL_LINE, fill=fill, line_width=0.5)

    def _qr_room(self, page: int) -> float:
        """The width the page's QR code takes from the footer's right end (0 without scan marks)."""
        if self.code is None:
            return 0.0
        return qr_side(page_payload(self.code, page, self.w.fields, short=True), QR_MODULE) + 2 * QUIET

    def _marks(self, flow: Flow) -> None:
        """Corner squares and the page's QR (formkit.pdfpage.marks) at the footer's right, in the
        short format: the footer is short, and the short code's fewer modules can be larger."""
        assert self.code is not None
        draw_marks(flow.c, flow.tags, page_payload(self.code, flow.page + 1, self.w.fields, short=True), RIGHT,
                   QR_TOP, module=QR_MODULE)

    def _footer(self, flow: Flow) -> None:
        """The rule; form number, version and board; "Page x of y"; what made the form (an artifact):
        all left of the QR code when the page has one."""
        doc, c = self.doc, flow.c
        page = flow.page + 1
        qr = self._qr_room(page)
        flow.rule(doc.letterhead.accent_rgb, 0.75, x1=RIGHT - qr, y=BOTTOM - 10)
        self.text(LEFT, BOTTOM - 22, doc.footer, SMALL)

        def page_label(pages: int) -> None:
            c.setFillColorRGB(0, 0, 0)
            c.setFont(REGULAR, SMALL)
            c.drawRightString(RIGHT - qr, BOTTOM - 22, doc.page_label(page, pages))

        flow.page_count(page_label)
        for i, line in enumerate(wrap(doc.generated_by, REGULAR, SMALL, WIDTH - qr)[:2]):
            self.text(LEFT, BOTTOM - 32 - i * 9, line, SMALL)

    # -- sections -----------------------------------------------------------
    def header(self) -> None:
        """The letterhead (logo, organisation or board, address, accent rule), then the title
        with the form number at its right, the board and credential, and an example's notice."""
        doc, flow = self.doc, self.flow
        draw_pdf(flow, doc.letterhead)
        top = flow.y
        flow.heading(doc.title, 1, _heading_style(16), keep_with=0, bookmark=True)
        with flow.element("P"):
            self.text(RIGHT, top - 12, doc.form_line, 9, align="right")
        flow.y = min(flow.y, top - 24)
        self.para(doc.subtitle, 10)
        if doc.translation:
            self.para(doc.translation, SMALL, BOLD)
        if doc.notice:
            self.para(doc.notice, SMALL)

    def labelled_fields(self, fields: tuple[TextField, ...], *, row_gap: float = 34) -> None:
        """Text fields two to a row, each under its visible label."""
        col = (WIDTH - 12) / 2
        for i, field in enumerate(fields):
            x = LEFT + (i % 2) * (col + 12)
            if i % 2 == 0 and i:
                self.flow.y -= row_gap
            self.field_label(x, self.flow.y - 8, field.label)
            self.w.text_field(field.name, field.label, x, self.flow.y - 32, col, 20, maxlen=field.maxlen, font_size=10)

    def applicant(self) -> None:
        self.heading(self.doc.applicant_heading, 11)
        self.labelled_fields(self.doc.applicant)
        self.flow.y -= 38

    def instructions(self) -> None:
        ins = self.doc.instructions
        self.heading(ins.heading, 11)
        self.para(ins.text, 9)
        self.flow.y -= 2
        self.para(ins.scale, 9)
        self.para(ins.verified, 9)
        self.para(ins.rule, 9, BOLD)
        self.flow.y -= 6

    def summary(self) -> None:
        s, flow = self.doc.summary, self.flow
        rows = (len(s.counts) + 1) // 2
        flow.ensure(36 + rows * 22 + 70)
        self.heading(s.heading, 11)
        self.para(s.rule, 9)
        top = flow.y - 4
        box_h = rows * 22 + 62
        self.cell_box(LEFT, top - box_h, WIDTH, box_h)
        col = WIDTH / 2
        for i, count in enumerate(s.counts):
            x = LEFT + 8 + (i % 2) * col
            y = top - 18 - (i // 2) * 22
            self.field_label(x, y + 3, count.label, 9)
            self.w.text_field(f"count_{count.value}", count.tip, x + 150, y - 2, 50, 16, maxlen=4, font_size=9,
                              meta={"rating": count.value})
        y = top - 18 - rows * 22
        self.field_label(LEFT + 8, y + 3, s.result_label, 9, BOLD)
        with flow.element("P"):
            self.w.radio_group("pass_result", s.result_tip, [("YES", s.yes), ("NO", s.no)],
                               [(LEFT + 158, y), (LEFT + 218, y)], size=11, font_size=9)
        y -= 26
        self.field_label(LEFT + 8, y + 3, s.evaluator_label, 9)
        self.w.text_field("evaluator_name", s.evaluator_tip, LEFT + 158, y - 2, WIDTH - 170, 16, maxlen=120,
                          font_size=9)
        flow.y = top - box_h - 6

    def narrative(self) -> None:
        n, flow = self.doc.narrative, self.flow
        flow.new_page()
        self.heading(n.heading, 12, 0)
        self.para(n.prompt, 9)
        self.para(n.limit, 9, BOLD)
        h = 230.0
        maxlen = n.word_limit * 10 if n.word_limit else 12000
        self.w.text_field("narrative", n.tip, LEFT, flow.y - h - 4, WIDTH, h, multiline=True, maxlen=maxlen,
                          font_size=9, meta={"word_limit": n.word_limit})
        flow.y -= h + 12

    def run(self) -> bytes:
        from .pdfsigning import attestations, board_use
        from .pdftables import competencies, logs

        self.header()
        self.applicant()
        self.instructions()
        competencies(self)
        self.summary()
        logs(self)
        self.narrative()
        attestations(self)
        board_use(self)
        self.flow.finish()
        b = self.doc.board
        return self.w.finish({"board": {"id": b.id, "name": b.name, "form": b.form_number, "version": b.form_version},
                              "title": self.doc.title})


def render_pdf(context: Context) -> bytes:
    """The blank fillable checklist of the context's board (deterministic bytes)."""
    from .model import checklist

    return Layout(context, checklist(context)).run()
