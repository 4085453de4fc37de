"""The per-person summary report: a bar chart per category, reflections and the learning plan.

Drawn on formkit's one page engine (formkit.pdfpage), so the report is tagged like the forms:
headings, paragraphs, each chart a Figure whose alternative text gives the counts, the page
footer an artifact. It is a document, not a form: it embeds no field schema, so collect
never mistakes a report for an answered form.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from ..locale import Wording
from ..model import Catalog
from ..pdfform.fonts import BOLD, REGULAR
from ..pdfform.writer import DocInfo, FormWriter
from ..pdfpage import Flow, Frame
from ..selfassess import names
from .read import Response

MARGIN = 40.0
FOOTER_H = 24.0
PADDING = 6.0  # where the report's text always started (reportlab's frame padding)
FRAME = Frame(left=MARGIN + PADDING, right=612.0 - MARGIN - PADDING, top=792.0 - MARGIN - PADDING,
              bottom=MARGIN + FOOTER_H)
CHART_W = 612.0 - 2 * MARGIN


def _chart(counts: list[int], labels: list[str], width: float, top: int) -> Any:
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
    chart.bars[0].fillColor = colors.HexColor("#1F4E79")
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

    def __init__(self, resp: Response, catalog: Catalog) -> None:
        self.resp = resp
        self.words = Wording(catalog)  # its tables are in memory once formkit.context.resolve has run
        self.styles = _styles()
        self.name = resp.identity.get("name") or self.words("collect.report_unnamed")
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

    def heading(self, text: str, level: int) -> None:
        before, after = (0.0, 6.0) if level == 1 else (8.0, 4.0)
        self.flow.heading(text, level, self.styles[f"h{level}"], keep_with=40, before=before)
        self.flow.y -= after

    def charts(self) -> None:
        resp, words, flow = self.resp, self.words, self.flow
        from reportlab.graphics import renderPDF
        from reportlab.platypus import Paragraph

        self.heading(words("collect.report_chart_heading"), 2)
        labels = [c["label"] for c in resp.scale] + [words("collect.report_unanswered")]
        values = [c["value"] for c in resp.scale] + [""]
        top = max([sum(1 for r in resp.ratings if r.category_id == c["id"]) for c in resp.categories] or [1])
        for cat in resp.categories:
            counts = [sum(1 for r in resp.ratings if r.category_id == cat["id"] and r.value == v) for v in values]
            caption = Paragraph(escape(words("collect.report_chart_caption", id=cat["id"], title=cat["title"])),
                                self.styles["body"])
            drawing = _chart(counts, labels, CHART_W, top)
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
        resp, words = self.resp, self.words
        self.heading(words("collect.report_strengths_heading"), 2)
        for cat in resp.categories:
            texts = resp.reflections.get(cat["id"], {})
            self.para(f"<b>{escape(cat['id'])}. {escape(cat['title'])}</b>")
            for key in names.REFLECTION:
                text = texts.get(key) or words("collect.report_nothing")
                self.para(f"<b>{escape(words(f'selfassess.{key}'))}:</b> " + escape(text).replace("\n", "<br/>"))
            self.flow.y -= 4

    def plan(self) -> None:
        resp, words = self.resp, self.words
        self.heading(words("collect.report_plan_heading"), 2)
        if not resp.plan:
            self.para(escape(words("collect.report_nothing")))
        for row in resp.plan:
            self.para(escape(f"{row.scope} {row.row}: " + words(
                "collect.report_plan_row", goal=row.goal, steps=row.steps, support=row.support, date=row.date)))

    def render(self) -> bytes:
        resp, words = self.resp, self.words
        self.heading(self.title, 1)
        self.para(escape(_details(words, resp.identity)))
        self.para(escape(words("collect.report_source", file=resp.file, catalog=resp.catalog_id,
                               version=resp.catalog_version, fingerprint=resp.fingerprint)))
        self.charts()
        self.reflections()
        self.plan()
        self.flow.finish()
        return self.writer.finish(embed_schema=False)


def render_report(resp: Response, catalog: Catalog) -> bytes:
    """One person's summary as PDF bytes (deterministic)."""
    return _Report(resp, catalog).render()
