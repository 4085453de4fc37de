"""The per-person summary report: a bar chart per category, reflections and the learning plan."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from ..locale import Wording
from ..model import Catalog
from ..pdfform.fonts import BOLD, REGULAR, register_fonts
from ..selfassess import names
from .read import Response


def _chart(counts: list[int], labels: list[str], width: float, top: int) -> object:
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


def render_report(resp: Response, catalog: Catalog) -> bytes:
    """One person's summary as PDF bytes (deterministic)."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    from ..pdfform.post import tidy

    register_fonts()
    words = Wording(catalog)
    body = ParagraphStyle("b", fontName=REGULAR, fontSize=10, leading=13)
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=16, leading=20, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4)
    ident = resp.identity
    name = ident.get("name") or words("collect.report_unnamed")
    story: list[object] = [
        Paragraph(escape(words("collect.report_title", name=name)), h1),
        Paragraph(escape(_details(words, ident)), body),
        Paragraph(escape(words("collect.report_source", file=resp.file, catalog=resp.catalog_id,
                               version=resp.catalog_version, fingerprint=resp.fingerprint)), body),
        Paragraph(escape(words("collect.report_chart_heading")), h2),
    ]
    labels = [c["label"] for c in resp.scale] + [words("collect.report_unanswered")]
    values = [c["value"] for c in resp.scale] + [""]
    top = max([sum(1 for r in resp.ratings if r.category_id == c["id"]) for c in resp.categories] or [1])
    for cat in resp.categories:
        counts = [sum(1 for r in resp.ratings if r.category_id == cat["id"] and r.value == v) for v in values]
        story.append(KeepTogether([
            Paragraph(escape(words("collect.report_chart_caption", id=cat["id"], title=cat["title"])), body),
            _chart(counts, labels, 532, top), Spacer(1, 6)]))
    story.append(Paragraph(escape(words("collect.report_strengths_heading")), h2))
    for cat in resp.categories:
        texts = resp.reflections.get(cat["id"], {})
        story.append(Paragraph(f"<b>{escape(cat['id'])}. {escape(cat['title'])}</b>", body))
        for key in names.REFLECTION:
            text = texts.get(key) or words("collect.report_nothing")
            story.append(Paragraph(f"<b>{escape(words(f'selfassess.{key}'))}:</b> "
                                   + escape(text).replace("\n", "<br/>"), body))
        story.append(Spacer(1, 4))
    story.append(Paragraph(escape(words("collect.report_plan_heading")), h2))
    if not resp.plan:
        story.append(Paragraph(escape(words("collect.report_nothing")), body))
    for row in resp.plan:
        story.append(Paragraph(escape(f"{row.scope} {row.row}: " + words(
            "collect.report_plan_row", goal=row.goal, steps=row.steps, support=row.support, date=row.date)), body))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=LETTER, leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40,
                            title=words("collect.report_title", name=name), author="formkit",
                            lang=catalog.language, invariant=1, pageCompression=0)  # tidy() compresses
    doc.build(story)
    return tidy(buf.getvalue())
