"""Page layout of the self-assessment forms: a top-to-bottom flow over a FormWriter.

Blocks (headings, paragraphs, competency rows, tables) ask for their height first and move
to a new page when they do not fit, so a row is never split. Every page gets a footer naming
the catalogue, version and overlays, and "Page n of N" (the document is laid out twice; the
first pass only counts pages).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from ..locale import Wording
from ..model import Catalog, Category, Competency, Scale
from ..pdfform.fonts import BOLD, REGULAR
from ..pdfform.writer import FormWriter
from . import names

PAGE_W, PAGE_H = 612.0, 792.0
MARGIN = 40.0
WIDTH = PAGE_W - 2 * MARGIN
FOOTER_H = 44.0
BODY = 10.0  # nothing printed smaller than 10 pt
BLACK = (0.0, 0.0, 0.0)
RULE = (0.35, 0.35, 0.35)
SHADE = (0.88, 0.88, 0.88)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    text = hex_colour.lstrip("#")
    try:
        return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return (0.12, 0.31, 0.47)


def _style(size: float = BODY, bold: bool = False, leading: float | None = None) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"s{size}{bold}", fontName=BOLD if bold else REGULAR, fontSize=size,
                          leading=leading or size * 1.3, textColor="#000000")


class Flow:
    """A cursor moving down the pages of one form."""

    def __init__(self, writer: FormWriter, words: Wording, catalog: Catalog, *, kind: str) -> None:
        self.w = writer
        self.c = writer.canvas
        self.words = words
        self.catalog = catalog
        self.kind = kind
        self.accent = _rgb(catalog.organisation.accent_colour)
        self.y = PAGE_H - MARGIN
        self.running_title = ""

    # -- pages ------------------------------------------------------------
    @property
    def bottom(self) -> float:
        return MARGIN + FOOTER_H

    def ensure(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.new_page()

    def new_page(self) -> None:
        self._footer()
        self.w.show_page()
        self.y = PAGE_H - MARGIN
        if self.running_title:
            title = self.words("selfassess.continued", title=self.running_title)
            org = self.catalog.organisation.name
            room = WIDTH - self.c.stringWidth(title, BOLD, BODY) - 24
            if org and self.c.stringWidth(org, REGULAR, BODY) <= room:  # the organisation on every page
                self.c.setFont(REGULAR, BODY)
                self.c.drawRightString(PAGE_W - MARGIN, self.y - BODY, org)
            self.text_line(title, bold=True)
            self.rule(self.accent, 1.5)
            self.y -= 8

    def finish_page(self) -> None:
        self._footer()

    def _footer(self) -> None:
        from .. import __version__

        c = self.c
        c.saveState()
        c.setStrokeColorRGB(*RULE)
        c.setLineWidth(0.75)
        c.line(MARGIN, MARGIN + FOOTER_H - 6, PAGE_W - MARGIN, MARGIN + FOOTER_H - 6)
        page = self.w.page + 1

        def page_label(pages: int) -> None:
            c.setFillColorRGB(*BLACK)
            c.setFont(REGULAR, BODY)
            c.drawRightString(PAGE_W - MARGIN, MARGIN + FOOTER_H - 19,
                              self.words("selfassess.page", page=page, pages=pages))

        self.w.with_page_count(page_label)
        text = self.words("selfassess.footer", provenance=self.catalog.provenance, kind=self.kind,
                          version=__version__)
        from reportlab.platypus import Paragraph

        para = Paragraph(escape(text), _style(BODY, leading=12))
        widest = self.words("selfassess.page", page=page, pages=max(page, 999))  # the count is not known yet
        room = WIDTH - c.stringWidth(widest, REGULAR, BODY) - 12
        _, h = para.wrap(room, 100)
        c.setFillColorRGB(*BLACK)
        para.drawOn(c, MARGIN, MARGIN + FOOTER_H - 9 - h)
        c.restoreState()

    # -- text -------------------------------------------------------------
    def paragraph(self, markup: str, size: float = BODY, bold: bool = False, space_after: float = 6,
                  indent: float = 0, leading: float | None = None) -> None:
        from reportlab.platypus import Paragraph

        para = Paragraph(markup, _style(size, bold, leading))
        self.flow_paragraph(para, WIDTH - indent, MARGIN + indent)
        self.y -= space_after

    def flow_paragraph(self, para: Any, width: float, x: float, after: float = 0.0) -> None:
        """Draw ``para`` at the cursor, keeping ``after`` points free below its last line.

        A paragraph that fits goes whole onto this page or the next (as ``ensure`` does); one
        taller than a page (an overlay may give a 10,000-character statement) is split across
        pages instead of running off the bottom edge, so no text is ever lost.
        """
        fresh = False
        while True:
            _, h = para.wrap(width, PAGE_H)
            room = self.y - self.bottom
            if h + after <= room:
                break
            if not fresh and h + after <= PAGE_H - 2 * MARGIN - FOOTER_H - 60:
                self.new_page()
                fresh = True
                continue
            parts = para.split(width, max(room - after if h <= room else room, 0))
            if len(parts) < 2:
                if fresh:
                    break  # nothing better is possible: draw it as it is
                self.new_page()
                fresh = True
                continue
            first, para = parts[0], parts[1]
            _, fh = first.wrap(width, PAGE_H)
            first.drawOn(self.c, x, self.y - fh)
            self.new_page()
            fresh = True
        para.drawOn(self.c, x, self.y - h)
        self.y -= h

    def text(self, text: str, **kw: Any) -> None:
        self.paragraph(escape(text), **kw)

    def text_line(self, text: str, size: float = BODY, bold: bool = False) -> None:
        self.c.setFillColorRGB(*BLACK)
        self.c.setFont(BOLD if bold else REGULAR, size)
        self.c.drawString(MARGIN, self.y - size, text)
        self.y -= size * 1.35

    def rule(self, colour: tuple[float, float, float] = RULE, width: float = 0.75) -> None:
        self.c.saveState()
        self.c.setStrokeColorRGB(*colour)
        self.c.setLineWidth(width)
        self.c.line(MARGIN, self.y, PAGE_W - MARGIN, self.y)
        self.c.restoreState()
        self.y -= width + 4

    def heading(self, text: str, size: float = 13, keep_with: float = 60) -> None:
        """A section heading kept on the same page as the first ``keep_with`` points after it."""
        from reportlab.platypus import Paragraph

        para = Paragraph(escape(text), _style(size, True))
        _, h = para.wrap(WIDTH, PAGE_H)
        if h + 8 + keep_with <= PAGE_H - 2 * MARGIN - FOOTER_H - 60:
            self.ensure(h + 8 + keep_with)
            self.y -= 4
            para.drawOn(self.c, MARGIN, self.y - h)
            self.y -= h + 3
        else:  # an overlay's heading wording longer than a page: split it, never run off the edge
            self.y -= 4
            self.flow_paragraph(para, WIDTH, MARGIN, after=keep_with)
            self.y -= 3
        self.rule(self.accent, 1.5)
        self.y -= 2

    def field_label(self, text: str, x: float, y: float, bold: bool = False) -> None:
        self.c.setFillColorRGB(*BLACK)
        self.c.setFont(BOLD if bold else REGULAR, BODY)
        self.c.drawString(x, y, text)


# -- blocks ---------------------------------------------------------------
def organisation_header(flow: Flow) -> None:
    """Organisation name, address, contact and logo (or the framework's name without an overlay)."""
    org = flow.catalog.organisation
    c = flow.c
    top = flow.y
    logo_w = 0.0
    if org.logo:
        from reportlab.lib.utils import ImageReader

        img = ImageReader(org.logo)
        iw, ih = img.getSize()
        h = 40.0
        logo_w = min(140.0, iw * h / ih)
        c.drawImage(img, PAGE_W - MARGIN - logo_w, top - h, logo_w, h, preserveAspectRatio=True,
                    anchor="ne", mask="auto")
    lines = [(org.name, True)] if org.name else [(flow.catalog.framework("categories").title, True)]
    lines += [(t, False) for t in (org.address, org.contact) if t]
    y = top
    for text, bold in lines:
        c.setFillColorRGB(*BLACK)
        c.setFont(BOLD if bold else REGULAR, 11 if bold else BODY)
        c.drawString(MARGIN, y - 11, text)
        y -= 14
    flow.y = min(y, top - (44 if logo_w else 0)) - 4
    flow.rule(flow.accent, 2)
    flow.y -= 4


def identity_block(flow: Flow, field_meta: Callable[..., dict[str, Any]]) -> None:
    """Name, role, program, date, supervisor and the assessment round, in two rows of three."""
    words = flow.words
    flow.heading(words("selfassess.about_you"), keep_with=80)
    gap = 12.0
    col = (WIDTH - 2 * gap) / 3
    row_h = 36.0
    flow.ensure(2 * row_h)
    cells: list[tuple[str, str]] = [(k, words(f"selfassess.{k}")) for k in names.IDENTITY]
    for i, (key, label) in enumerate(cells + [(names.ROUND, words("selfassess.round"))]):
        r, k = divmod(i, 3)
        x = MARGIN + k * (col + gap)
        top = flow.y - r * row_h
        flow.field_label(label, x, top - BODY)
        if key == names.ROUND:
            choices = [(v, words(f"selfassess.round_{v}")) for v in names.ROUND_CHOICES]
            positions = [(x, top - 30), (x + 80, top - 30)]
            flow.w.radio_group(names.ROUND, words("selfassess.round_tooltip"), choices, positions, size=12,
                               font_size=BODY, meta=field_meta(identity=names.ROUND, label=label))
        else:
            flow.w.text_field(key, words("selfassess.identity_tooltip", label=label), x, top - 32, col, 18,
                              maxlen=10 if key == "date" else 120, font_size=BODY,
                              meta=field_meta(identity=key, label=label))
    flow.y -= 2 * row_h + 6


def scale_legend(flow: Flow, scale: Scale) -> None:
    words = flow.words
    flow.heading(words("selfassess.scale_heading", title=scale.title), size=11, keep_with=70)
    for point in scale.points:
        key = "selfassess.scale_point" if point.description else "selfassess.scale_na"
        text = words(key, label=point.label, description=point.description)
        flow.paragraph(f"<b>{escape(point.label)}</b>" + escape(text[len(point.label):]), space_after=2)
    if scale.not_applicable:
        flow.paragraph(f"<b>{escape(scale.not_applicable.label)}</b>", space_after=2)
    flow.y -= 4


def _radio_rows(choices: Sequence[tuple[str, str]], width: float, size: float) -> list[list[tuple[str, str, float]]]:
    """Lay the choices out left to right, spread evenly; wrap onto a new row when they do not fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    items = [(v, lab, size + 4 + stringWidth(lab, REGULAR, BODY)) for v, lab in choices]
    rows: list[list[tuple[str, str, float]]] = [[]]
    used = 0.0
    for item in items:
        need = item[2] + (12 if rows[-1] else 0)
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
            need = item[2]
        rows[-1].append(item)
        used += need
    out = []
    for row in rows:
        total = sum(i[2] for i in row)
        gap = min(40.0, (width - total) / (len(row) - 1)) if len(row) > 1 and len(rows) == 1 else 16.0
        x = 0.0
        placed = []
        for value, label, w in row:
            placed.append((value, label, x))
            x += w + gap
        out.append(placed)
    return out


def competency_row(flow: Flow, comp: Competency, scale: Scale, field_meta: Callable[..., dict[str, Any]]) -> None:
    """Id and verbatim statement, one radio group on the scale, an optional notes field."""
    from reportlab.platypus import Paragraph

    words = flow.words
    para = Paragraph(f"<b>{escape(comp.id)}</b>&nbsp;&nbsp;{escape(comp.statement)}", _style(10.5, leading=13.5))
    _, ph = para.wrap(WIDTH, PAGE_H)
    size = 12.0
    indent = 14.0
    rows = _radio_rows([(p.value, p.label) for p in scale.choices], WIDTH - indent, size)
    notes_h = 24.0
    height = ph + 6 + len(rows) * (size + 6) + 4 + notes_h + 10
    flow.flow_paragraph(para, WIDTH, MARGIN, after=height - ph)
    y = flow.y - 6
    choices, positions = [], []
    for row in rows:
        y -= size
        for value, label, x in row:
            choices.append((value, label))
            positions.append((MARGIN + indent + x, y))
        y -= 6
    tooltip = words("selfassess.rating_tooltip", id=comp.id, statement=comp.statement)
    flow.w.radio_group(names.rating_name(comp.id), tooltip, choices, positions, size=size, font_size=BODY,
                       meta=field_meta(competency=comp.id, category=comp.category_id, statement=comp.statement))
    y -= 4
    label = words("selfassess.notes_label")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lw = stringWidth(label, REGULAR, BODY) + 8
    flow.field_label(label, MARGIN + indent, y - notes_h / 2 - 3.5)
    flow.w.text_field(names.notes_name(comp.id), words("selfassess.notes_tooltip", id=comp.id),
                      MARGIN + indent + lw, y - notes_h, WIDTH - indent - lw, notes_h, multiline=True,
                      maxlen=1000, font_size=BODY,
                      meta=field_meta(competency=comp.id, category=comp.category_id, notes=True))
    flow.y = y - notes_h - 6
    flow.c.saveState()
    flow.c.setStrokeColorRGB(*RULE)
    flow.c.setLineWidth(0.5)
    flow.c.line(MARGIN, flow.y, PAGE_W - MARGIN, flow.y)
    flow.c.restoreState()
    flow.y -= 6


def reflection_block(flow: Flow, category: Category, field_meta: Callable[..., dict[str, Any]]) -> None:
    """Strengths, what I want to learn, support I need: three boxes side by side."""
    from reportlab.platypus import Paragraph

    words = flow.words
    flow.heading(words("selfassess.reflection_heading"), keep_with=90)
    gap = 12.0
    col = (WIDTH - 2 * gap) / 3
    box_h = 64.0
    labels = [words(f"selfassess.{key}") for key in names.REFLECTION]
    paras = [Paragraph(f"<b>{escape(label)}</b>", _style(BODY, leading=12)) for label in labels]
    label_h = max(p.wrap(col, 100)[1] for p in paras)
    flow.ensure(label_h + 4 + box_h + 8)
    for i, (key, label, para) in enumerate(zip(names.REFLECTION, labels, paras)):
        x = MARGIN + i * (col + gap)
        para.drawOn(flow.c, x, flow.y - label_h)
        flow.w.text_field(names.reflection_name(category.id, key),
                          words("selfassess.reflection_tooltip", category=f"{category.id} {category.title}",
                                label=label),
                          x, flow.y - label_h - 4 - box_h, col, box_h, multiline=True, maxlen=2000,
                          font_size=BODY, meta=field_meta(category=category.id, reflection=key, label=label))
    flow.y -= label_h + 4 + box_h + 10


PLAN_WIDTHS = (150.0, 160.0, 130.0, WIDTH - 440.0)


def plan_table(flow: Flow, scope: str, scope_label: str, rows: int,
               field_meta: Callable[..., dict[str, Any]], row_h: float = 28.0) -> None:
    """Goal / steps / support / target date, ``rows`` rows of fields under a shaded header."""
    words = flow.words
    labels = [words(f"selfassess.plan_{col}") for col in names.PLAN_COLUMNS]
    header_h = 18.0

    def header() -> None:
        c = flow.c
        c.saveState()
        c.setFillColorRGB(*SHADE)
        c.setStrokeColorRGB(0.15, 0.15, 0.15)
        c.setLineWidth(1)
        c.rect(MARGIN, flow.y - header_h, WIDTH, header_h, stroke=1, fill=1)
        c.restoreState()
        x = MARGIN
        for label, w in zip(labels, PLAN_WIDTHS):
            flow.field_label(label, x + 4, flow.y - 13, bold=True)
            x += w
        flow.y -= header_h

    flow.ensure(header_h + row_h * min(rows, 4))  # keep a short table whole
    header()
    for row in range(1, rows + 1):
        if flow.y - row_h < flow.bottom:
            flow.new_page()
            header()
        x = MARGIN
        for col, label, w in zip(names.PLAN_COLUMNS, labels, PLAN_WIDTHS):
            flow.w.text_field(names.plan_name(scope, row, col),
                              words("selfassess.plan_tooltip", scope=scope_label, row=row, column=label),
                              x, flow.y - row_h, w, row_h, multiline=col != "date",
                              maxlen=10 if col == "date" else 1000, font_size=BODY,
                              meta=field_meta(plan=scope, row=row, column=col, label=label))
            x += w
        flow.y -= row_h
    flow.y -= 10


def signatures(flow: Flow, field_meta: Callable[..., dict[str, Any]]) -> None:
    words = flow.words
    h = 30.0
    flow.ensure(BODY + 6 + h + 2)
    half = (WIDTH - 24) / 2
    for i, key in enumerate(("signature_person", "signature_supervisor")):
        x = MARGIN + i * (half + 24)
        label = words(f"selfassess.{key}")
        flow.field_label(label, x, flow.y - BODY)
        flow.w.signature_field(key.replace("signature_", "sign_"), label, x, flow.y - BODY - 6 - h, half, h,
                               meta=field_meta(signature=key, label=label))
    flow.y -= BODY + 6 + h + 10


def summary_table(flow: Flow, scale: Scale) -> None:
    """Static boxes for a printed copy: one row per category, one column per answer."""
    from reportlab.platypus import Paragraph

    words = flow.words
    first = 150.0
    n = len(scale.choices)
    cw = (WIDTH - first) / n
    heads = [Paragraph(f"<b>{escape(p.label)}</b>", _style(BODY, leading=12)) for p in scale.choices]
    hh = max(h.wrap(cw - 6, 200)[1] for h in heads) + 8
    c = flow.c
    flow.ensure(hh + 26)

    def header() -> None:
        c.saveState()
        c.setFillColorRGB(*SHADE)
        c.setStrokeColorRGB(0.15, 0.15, 0.15)
        c.rect(MARGIN, flow.y - hh, WIDTH, hh, stroke=1, fill=1)
        c.restoreState()
        flow.field_label(words("selfassess.summary_category"), MARGIN + 4, flow.y - 14, bold=True)
        for i, para in enumerate(heads):
            _, h = para.wrap(cw - 6, 200)
            para.drawOn(c, MARGIN + first + i * cw + 3, flow.y - 4 - h)
        flow.y -= hh

    header()
    for cat in flow.catalog.categories:
        label = Paragraph(escape(f"{cat.id}. {cat.title}"), _style(BODY, leading=12))
        _, lh = label.wrap(first - 8, 200)
        rh = max(24.0, lh + 8)
        if flow.y - rh < flow.bottom:
            flow.new_page()
            header()
        c.saveState()
        c.setStrokeColorRGB(0.15, 0.15, 0.15)
        c.setLineWidth(1)
        c.rect(MARGIN, flow.y - rh, first, rh, stroke=1, fill=0)
        for i in range(n):
            c.rect(MARGIN + first + i * cw, flow.y - rh, cw, rh, stroke=1, fill=0)
        c.restoreState()
        label.drawOn(c, MARGIN + 4, flow.y - 4 - lh)
        flow.y -= rh
    flow.y -= 10
