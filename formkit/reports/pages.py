"""The page the growth and cohort reports are printed on: the supervision summary's frame, type,
headings and tables (formkit.collect.report), on formkit's tagged page engine.

A report is a document, not a form: tagged (headings, paragraphs, tables with header cells, the
chart a Figure with its numbers as alternative text), with no field schema, so `formkit collect`
never mistakes one for an answered form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..collect.report import FRAME, MARGIN, report_styles
from ..collect.report_table import Column, TextTable
from ..pdfform.fonts import REGULAR
from ..pdfform.writer import DocInfo, FormWriter
from ..pdfpage import Flow


class ReportPages:
    """One report's pages: paragraphs, headings and tables flowing down a tagged document."""

    def __init__(self, catalog: Catalog, words: Wording, title: str) -> None:
        self.words = words
        self.styles = report_styles()
        self.writer = FormWriter(DocInfo(title=title, form_kind="report", lang=catalog.language, author="formkit",
                                         catalog_id=catalog.id, catalog_version=catalog.version,
                                         fingerprint=catalog.fingerprint))
        self.flow = Flow(self.writer, FRAME, footer=self._footer)
        self.width = FRAME.body_width

    def _footer(self, flow: Flow) -> None:
        """"Page n of N", as the supervision summary has it (a footer sentence would be prose a
        screen reader skips, which the checkers rightly flag)."""
        page, c = flow.page + 1, flow.c

        def page_label(pages: int) -> None:
            c.setFillColorRGB(0, 0, 0)
            c.setFont(REGULAR, 9)
            c.drawRightString(FRAME.right, MARGIN + 6, self.words("reports.page", page=page, pages=pages))

        flow.page_count(page_label)

    def para(self, markup: str, style: str = "body", after: float = 2.0) -> None:
        from reportlab.platypus import Paragraph

        if markup:
            self.flow.paragraph(Paragraph(markup, self.styles[style]))
        self.flow.y -= after

    def text(self, text: str, style: str = "body", after: float = 2.0) -> None:
        self.para(escape(text), style, after)

    def heading(self, text: str, level: int, keep_with: float = 40) -> None:
        before, after = {1: (0.0, 6.0), 2: (10.0, 4.0)}.get(level, (6.0, 2.0))
        self.flow.heading(text, level, self.styles[f"h{level}"], keep_with=keep_with, before=before,
                          bookmark=level <= 2)
        self.flow.y -= after

    def table(self, heads: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[str]]) -> None:
        """A tagged table; ``heads`` are plain text, ``rows`` paragraph markup; the last column takes
        the width the others leave."""
        widths = [*widths, self.width - sum(widths)]
        columns = [Column(escape(head), width) for head, width in zip(heads, widths)]
        TextTable(self.flow, columns, self.styles["cell"], self.styles["head"]).draw(rows)
        self.flow.y -= 6

    def finish(self) -> bytes:
        self.flow.finish()
        return self.writer.finish(embed_schema=False)


def markup(text: str) -> str:
    """Typed text as paragraph markup: escaped, its line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def split_widths(total: float, fixed: Sequence[float], count: int) -> list[float]:
    """``fixed`` widths, then ``count`` equal columns sharing what is left of ``total`` but the last
    column (which :meth:`ReportPages.table` sizes itself)."""
    share = (total - sum(fixed)) / max(count, 1)
    return [*fixed, *[share] * (count - 1)]


__all__ = ["ReportPages", "markup", "split_widths"]
