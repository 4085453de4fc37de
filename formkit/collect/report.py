"""The per-person summary report: a bar chart per category, reflections and the learning plan."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from ..locale import Wording
from ..model import Catalog
from ..pdfform.fonts import BOLD, REGULAR, register_fonts
from ..selfassess import names
from .read import Response

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
    from ..naming import slug as make_slug

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
    ident = {key: _shown(words, value, SHOWN_NAME_CHARS) for key, value in resp.identity.items()}
    name = ident.get("name") or words("collect.report_unnamed")
    story: list[object] = [
        Paragraph(escape(words("collect.report_title", name=name)), h1),
        Paragraph(escape(_details(words, ident)), body),
        Paragraph(escape(words("collect.report_source", file=_shown(words, resp.file, SHOWN_NAME_CHARS),
                               catalog=resp.catalog_id, version=resp.catalog_version,
                               fingerprint=resp.fingerprint)), body),
        Paragraph(escape(words("collect.report_chart_heading")), h2),
    ]
    labels = [_shown(words, c["label"], 60) for c in resp.scale] + [words("collect.report_unanswered")]
    values = [c["value"] for c in resp.scale] + [""]
    top = max([sum(1 for r in resp.ratings if r.category_id == c["id"]) for c in resp.categories] or [1])
    categories = [{"id": _shown(words, c["id"], 40), "title": _shown(words, c["title"], SHOWN_NAME_CHARS),
                   "raw_id": c["id"]} for c in resp.categories]
    for cat in categories:
        counts = [sum(1 for r in resp.ratings if r.category_id == cat["raw_id"] and r.value == v) for v in values]
        story.append(KeepTogether([
            Paragraph(escape(words("collect.report_chart_caption", id=cat["id"], title=cat["title"])), body),
            _chart(counts, labels, 532, top), Spacer(1, 6)]))
    story += _answers(words, resp, categories, body, h2)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=LETTER, leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40,
                            title=words("collect.report_title", name=name), author="formkit",
                            lang=catalog.language, invariant=1, pageCompression=0)  # tidy() compresses
    doc.build(story)
    return tidy(buf.getvalue())


def _answers(words: Wording, resp: Response, categories: list[dict[str, str]], body: object,
             h2: object) -> list[object]:
    """Reflections per category, then the learning plan: each answer cut to what a summary shows."""
    from reportlab.platypus import Paragraph, Spacer

    story: list[object] = []
    story.append(Paragraph(escape(words("collect.report_strengths_heading")), h2))
    for cat in categories:
        texts = resp.reflections.get(cat["raw_id"], {})
        story.append(Paragraph(f"<b>{escape(cat['id'])}. {escape(cat['title'])}</b>", body))
        for key in names.REFLECTION:
            text = _shown(words, texts.get(key, "")) or words("collect.report_nothing")
            story.append(Paragraph(f"<b>{escape(words(f'selfassess.{key}'))}:</b> "
                                   + escape(text).replace("\n", "<br/>"), body))
        story.append(Spacer(1, 4))
    story.append(Paragraph(escape(words("collect.report_plan_heading")), h2))
    if not resp.plan:
        story.append(Paragraph(escape(words("collect.report_nothing")), body))
    for row in resp.plan:
        shown = {key: _shown(words, getattr(row, key)) for key in ("goal", "steps", "support", "date")}
        story.append(Paragraph(escape(f"{_shown(words, row.scope, 40)} {row.row}: "
                                      + words("collect.report_plan_row", **shown)), body))
    return story
