"""The per-person summary report: a bar chart per category, reflections and the learning plan.

Drawn on formkit's one page engine (formkit.pdfpage), so the report is tagged like the forms:
headings, paragraphs, each chart a Figure whose alternative text gives the counts, the page
footer an artifact. It is a document, not a form: it embeds no field schema, so collect
never mistakes a report for an answered form.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..documents.letterhead import Letterhead, draw_pdf, from_catalog
from ..documents.selfassess import names
from ..pdfform.fonts import BOLD, REGULAR
from ..pdfform.writer import DocInfo, FormWriter
from ..pdfpage import Flow, Frame
from .read import Response

MARGIN = 40.0
FOOTER_H = 24.0
PADDING = 6.0  # where the report's text always started (reportlab's frame padding)
FRAME = Frame(left=MARGIN + PADDING, right=612.0 - MARGIN - PADDING, top=792.0 - MARGIN - PADDING,
              bottom=MARGIN + FOOTER_H)
CHART_W = 612.0 - 2 * MARGIN

# How much of one answer the summary prints. A supervisor reads the summary to talk it through;
# the whole text is in responses.csv and responses.json. Without a cap one pasted megabyte made
# ~200 pages, and reportlab re-wraps the rest of a paragraph at every page break (quadratic time).
SHOWN_CHARS = 4000  # about three-quarters of a page at 10 pt
SHOWN_LINES = 40
SHOWN_NAME_CHARS = 200  # the name, file and other identity values in headings and detail lines


def _shown(words: Wording, text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters and SHOWN_LINES lines (at a space when one is near the
    end), with a visible note of how much more the data files hold."""
    cut = text[:limit]
    lines = cut.split("\n", SHOWN_LINES)
    if len(lines) > SHOWN_LINES:
        cut = "\n".join(lines[:SHOWN_LINES])
    if len(cut) == len(text):
        return text
    space = cut.rfind(" ", len(cut) * 4 // 5)
    cut = cut[:space] if space > 0 else cut
    return cut.rstrip() + " " + words("collect.report_more", count=len(text) - len(cut))


NAME_SLUG_CHARS = 60  # of a person's name in a report's file name (ASCII, so also bytes)


def _slug(text: str) -> str:
    """An ASCII file-name part; a name longer than NAME_SLUG_CHARS is cut and given a short digest
    of the whole name, so it stays unique and the same every run. A file name may hold 255 bytes,
    and the atomic writer's temporary name adds about 20: a 300-character name failed the report."""
    from ..core.naming import slug as make_slug

    slug = make_slug(text, limit=None, ascii_lower=True) or "unnamed"
    if len(slug) <= NAME_SLUG_CHARS:
        return slug
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return slug[:NAME_SLUG_CHARS - 9].rstrip("-") + "-" + digest


def report_namer() -> Callable[[str], str]:
    """A function from a person's name to the <name> of reports/summary-<name>.pdf: short, safe
    anywhere, and unique in the run (a second Sam Lee gets sam-lee-2). Only the names are kept."""
    used: set[str] = set()

    def report_name(person: str) -> str:
        base = _slug(person)
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        return name

    return report_name


def _chart(counts: list[int], labels: list[str], width: float, top: int, colour: str) -> Any:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    height = 16.0 * len(labels) + 20
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 200, 14
    chart.width, chart.height = width - 220, height - 20
    chart.data = [list(reversed(counts))]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 10
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(top, 1)  # the same axis for every category, so bars compare
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 10
    chart.bars[0].fillColor = colors.HexColor(colour)  # the organisation's accent colour
    chart.bars[0].strokeColor = colors.black
    drawing.add(chart)
    return drawing


def _details(words: Wording, ident: dict[str, str]) -> str:
    """'Role: x · Program: y · ...' for the identity fields that were filled in."""
    parts = []
    for key in names.IDENTITY[1:] + (names.ROUND,):
        value = ident.get(key, "")
        if key == names.ROUND and value in names.ROUND_CHOICES:
            value = words(f"selfassess.round_{value}")
        if value:
            parts.append(words("collect.report_detail", label=words(f"selfassess.{key}"), value=value))
    return " · ".join(parts)


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    return {"body": ParagraphStyle("b", fontName=REGULAR, fontSize=10, leading=13),
            "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=16, leading=20),
            "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=12, leading=15)}


class _Report:
    """One person's summary, section by section, on a tagged page flow."""

    def __init__(self, resp: Response, catalog: Catalog, head: Letterhead | None = None) -> None:
        self.resp = resp
        self.words = Wording(catalog)
        self.head = head or from_catalog(catalog, self.words)
        self.styles = _styles()
        self.ident = {key: _shown(self.words, value, SHOWN_NAME_CHARS) for key, value in resp.identity.items()}
        self.name = self.ident.get("name") or self.words("collect.report_unnamed")
        self.categories = [{"id": _shown(self.words, c["id"], 40), "raw_id": c["id"],
                            "title": _shown(self.words, c["title"], SHOWN_NAME_CHARS)} for c in resp.categories]
        self.title = self.words("collect.report_title", name=self.name)
        self.writer = FormWriter(DocInfo(title=self.title, form_kind="report", lang=catalog.language,
                                         author="formkit", catalog_id=resp.catalog_id,
                                         catalog_version=resp.catalog_version, fingerprint=resp.fingerprint))
        self.flow = Flow(self.writer, FRAME, footer=self._footer)

    def _footer(self, flow: Flow) -> None:
        page, c = flow.page + 1, flow.c

        def page_label(pages: int) -> None:
            c.setFillColorRGB(0, 0, 0)
            c.setFont(REGULAR, 10)
            c.drawRightString(FRAME.right, MARGIN + 6, self.words("collect.report_page", page=page, pages=pages))

        flow.page_count(page_label)

    def para(self, markup: str, after: float = 0.0) -> None:
        from reportlab.platypus import Paragraph

        if markup:
            self.flow.paragraph(Paragraph(markup, self.styles["body"]))
        self.flow.y -= after

    def heading(self, text: str, level: int, keep_with: float = 40) -> None:
        before, after = (0.0, 6.0) if level == 1 else (8.0, 4.0)
        self.flow.heading(text, level, self.styles[f"h{level}"], keep_with=keep_with, before=before, bookmark=True)
        self.flow.y -= after

    def charts(self) -> None:
        resp, words, flow = self.resp, self.words, self.flow
        from reportlab.graphics import renderPDF
        from reportlab.platypus import Paragraph

        self.heading(words("collect.report_chart_heading"), 2)
        labels = [_shown(words, c["label"], 60) for c in resp.scale] + [words("collect.report_unanswered")]
        values = [c["value"] for c in resp.scale] + [""]
        top = max([sum(1 for r in resp.ratings if r.category_id == c["id"]) for c in resp.categories] or [1])
        for cat in self.categories:
            counts = [sum(1 for r in resp.ratings if r.category_id == cat["raw_id"] and r.value == v) for v in values]
            caption = Paragraph(escape(words("collect.report_chart_caption", id=cat["id"], title=cat["title"])),
                                self.styles["body"])
            drawing = _chart(counts, labels, CHART_W, top, self.head.accent)
            _, ch = caption.wrap(FRAME.body_width, FRAME.height)
            flow.ensure(ch + drawing.height + 6)  # caption and chart together
            flow.paragraph(caption)
            alt = words("collect.report_chart_alt", counts="; ".join(
                words("collect.report_chart_count", label=label, count=n) for label, n in zip(labels, counts)))
            box = [FRAME.left, flow.y - drawing.height, FRAME.left + drawing.width, flow.y]
            with flow.element("Figure", Alt=alt, A={"O": "Layout", "BBox": [round(v, 2) for v in box]}), \
                    flow.marked():
                renderPDF.draw(drawing, flow.c, FRAME.left, flow.y - drawing.height)
            flow.y -= drawing.height + 6

    def reflections(self) -> None:
        """Reflections per category, each answer cut to what a summary shows; a title is kept with
        its first answer, and the section heading with the first title."""
        resp, words = self.resp, self.words
        blocks = []
        for cat in self.categories:
            texts = resp.reflections.get(cat["raw_id"], {})
            blocks.append((cat, [f"<b>{escape(words(f'selfassess.{key}'))}:</b> " + escape(
                _shown(words, texts.get(key, "")) or words("collect.report_nothing")).replace("\n", "<br/>")
                for key in names.REFLECTION]))
        first = self._title_with(blocks[0][1][0]) if blocks else 40.0
        self.heading(words("collect.report_strengths_heading"), 2, keep_with=first)
        for cat, answers in blocks:
            self.flow.ensure(self._title_with(answers[0]))
            self.para(f"<b>{escape(cat['id'])}. {escape(cat['title'])}</b>")
            for markup in answers:
                self.para(markup)
            self.flow.y -= 4

    def _title_with(self, markup: str) -> float:
        """The height a title line and ``markup`` need together (when that fits a page): kept together."""
        from reportlab.platypus import Paragraph

        _, h = Paragraph(markup, self.styles["body"]).wrap(FRAME.body_width, FRAME.height)
        return 13 + h if 13 + h <= FRAME.body_height - 120 else 26.0

    def plan(self) -> None:
        resp, words = self.resp, self.words
        self.heading(words("collect.report_plan_heading"), 2)
        if not resp.plan:
            self.para(escape(words("collect.report_nothing")))
        for row in resp.plan:
            shown = {key: _shown(words, getattr(row, key)) for key in ("goal", "steps", "support", "date")}
            self.para(escape(f"{_shown(words, row.scope, 40)} {row.row}: " + words("collect.report_plan_row", **shown)))

    def render(self) -> bytes:
        resp, words = self.resp, self.words
        if self.head.name or self.head.logo is not None:  # the organisation's letterhead, as on its forms
            draw_pdf(self.flow, self.head, name_size=12, text_size=10)
        self.heading(self.title, 1)
        self.para(escape(_details(words, self.ident)))
        self.para(escape(words("collect.report_source", file=_shown(words, resp.file, SHOWN_NAME_CHARS),
                               catalog=resp.catalog_id, version=resp.catalog_version, fingerprint=resp.fingerprint)))
        self.charts()
        self.reflections()
        self.plan()
        self.flow.finish()
        return self.writer.finish(embed_schema=False)


def render_report(resp: Response, catalog: Catalog, head: Letterhead | None = None) -> bytes:
    """One person's summary as PDF bytes (deterministic), under ``head``: the letterhead of a
    resolved context (formkit.documents.letterhead.letterhead), else the catalogue's
    organisation without its logo."""
    return _Report(resp, catalog, head).render()
