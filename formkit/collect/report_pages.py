"""The report page every formkit report is printed on: the supervision summary (formkit.collect.report)
and the growth and cohort reports (formkit.reports) share its frame, type, headings, tables and
"Page n of N" footer, on formkit's tagged page engine.

A report is a document, not a form: tagged (headings, paragraphs, tables with header cells), with
no field schema, so `formkit collect` never mistakes one for an answered form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..catalog.language import translation_notice
from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..core.xmltext import escape
from ..pdfform.fonts import BOLD, REGULAR
from ..pdfform.writer import DocInfo, FormWriter
from ..pdfpage import Flow, Frame
from ..pdfpage.textblock import TextBlock, TextStyle
from .report_table import Column, TextTable

MARGIN = 40.0
FOOTER_H = 24.0
PADDING = 6.0  # where the report's text always started (reportlab's frame padding)
FRAME = Frame(left=MARGIN + PADDING, right=612.0 - MARGIN - PADDING, top=792.0 - MARGIN - PADDING,
              bottom=MARGIN + FOOTER_H)


TABLE_TYPE = 8.5  # the size of every table's cells and heads (formkit.reports.grid measures words in it)


def report_styles() -> dict[str, TextStyle]:
    """The reports' text styles: body, small, table cells and heads, three heading levels."""
    return {"body": TextStyle(REGULAR, BOLD, 10, 13),
            "small": TextStyle(REGULAR, BOLD, 8.5, 10.5),
            "cell": TextStyle(REGULAR, BOLD, TABLE_TYPE, 10.5),
            "head": TextStyle(BOLD, BOLD, TABLE_TYPE, 10.5),
            "h1": TextStyle(BOLD, BOLD, 16, 20),
            "h2": TextStyle(BOLD, BOLD, 12, 15),
            "h3": TextStyle(BOLD, BOLD, 10, 13)}


def verbatim(words: Wording, key: str, **values: str) -> str:
    """Wording ``key`` filled with ``values`` exactly as typed: a person's name or a category title
    must not go through the overlay's terminology, which Wording applies to the filled text."""
    marks = {name: chr(0xE000 + i) for i, name in enumerate(values)}  # private-use: no overlay matches one
    text = words(key, **marks)
    for name, mark in marks.items():
        text = text.replace(mark, values[name])
    return text


class ReportPages:
    """One report's pages: paragraphs, headings and tables flowing down a tagged document, with
    the wording ``page_key`` ("Page {page} of {pages}") at the foot of each."""

    def __init__(self, info: DocInfo, words: Wording, page_key: str) -> None:
        self.words = words
        self.page_key = page_key
        self.styles = report_styles()
        self.writer = FormWriter(info)
        self.flow = Flow(self.writer, FRAME, footer=self._footer)
        self.width = FRAME.body_width
        self.short_cells: dict[tuple[int, float, str], Any] = {}  # shared by the report's tables

    def _footer(self, flow: Flow) -> None:
        """"Page n of N" only: a footer sentence would be prose a screen reader skips."""
        page, c = flow.page + 1, flow.c

        def page_label(pages: int) -> None:
            c.setFillColorRGB(0, 0, 0)
            c.setFont(REGULAR, 9)
            c.drawRightString(FRAME.right, MARGIN + 6, self.words(self.page_key, page=page, pages=pages))

        flow.page_count(page_label)

    def para(self, markup: str, style: str = "body", after: float = 0.0) -> None:
        """A paragraph of report markup (formkit.pdfpage.textblock: escaped text, <b>, <br/>)."""
        if markup:
            self.flow.paragraph(TextBlock(markup, self.styles[style]))
        self.flow.y -= after

    def text(self, text: str, style: str = "body", after: float = 2.0) -> None:
        """Plain text as a paragraph (escaped: nothing in it is markup)."""
        self.para(escape(text), style, after)

    def heading(self, text: str, level: int, keep_with: float = 40) -> None:
        before, after = {1: (0.0, 6.0), 2: (10.0, 4.0)}.get(level, (6.0, 2.0))
        self.flow.heading(text, level, self.styles[f"h{level}"], keep_with=keep_with, before=before,
                          bookmark=level <= 2)
        self.flow.y -= after

    def table(self, heads: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[Any]]) -> None:
        """A tagged table; ``heads`` are plain text, ``rows`` report markup (or a block that draws
        itself: formkit.pdfpage.picture.Picture); the last column takes the width the others leave."""
        widths = [*widths, self.width - sum(widths)]
        columns = [Column(escape(head), width) for head, width in zip(heads, widths)]
        TextTable(self.flow, columns, self.styles["cell"], self.styles["head"], self.short_cells).draw(rows)
        self.flow.y -= 6

    def translation_line(self, catalog: Catalog) -> None:
        """Under a report's title: the notice that it is an unofficial translation (nothing in the
        catalogue's own language), the same sentence its /Subject carries."""
        notice = translation_notice(catalog, self.words)
        if notice:
            self.para(f"<b>{escape(notice)}</b>", after=4)

    def finish(self) -> bytes:
        self.flow.finish()
        return self.writer.finish(embed_schema=False)


__all__ = ["FOOTER_H", "FRAME", "MARGIN", "ReportPages", "report_styles", "verbatim"]
