"""Page layout of the self-assessment forms: a top-to-bottom flow over a FormWriter.

Blocks (headings, paragraphs, competency rows, tables) ask for their height first and move
to a new page when they do not fit, so a row is never split. Every page gets a footer naming
the catalogue, version and overlays, and "Page n of N" (the document is laid out twice; the
first pass only counts pages).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ...catalog.model import Category, Competency, Scale
from ...pdfform.fonts import BOLD, REGULAR
from ...pdfform.writer import FormWriter
from ...pdfpage import Flow as PageFlow
from ...pdfpage import Frame
from . import names

if TYPE_CHECKING:
    from ...context import Context

PAGE_W, PAGE_H = 612.0, 792.0
MARGIN = 40.0
WIDTH = PAGE_W - 2 * MARGIN
FOOTER_H = 44.0
BODY = 10.0  # nothing printed smaller than 10 pt
BLACK = (0.0, 0.0, 0.0)
RULE = (0.35, 0.35, 0.35)
SHADE = (0.88, 0.88, 0.88)
GRID = (0.15, 0.15, 0.15)
FRAME = Frame(left=MARGIN, right=PAGE_W - MARGIN, top=PAGE_H - MARGIN, bottom=MARGIN + FOOTER_H,
              width=PAGE_W, height=PAGE_H)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    text = hex_colour.lstrip("#")
    try:
        return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return (0.12, 0.31, 0.47)


def text_style(size: float = BODY, bold: bool = False, leading: float | None = None) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"s{size}{bold}", fontName=BOLD if bold else REGULAR, fontSize=size,
                          leading=leading or size * 1.3, textColor="#000000")


class Flow(PageFlow):
    """The self-assessment's page flow: its footer, running head, headings and labels."""

    def __init__(self, writer: FormWriter, context: Context, *, kind: str) -> None:
        super().__init__(writer, FRAME, footer=_footer, running_head=_running_head)
        self.words = context.words
        self.catalog = catalog = context.catalog
        self.logo = context.logo
        self.kind = kind
        self.accent = _rgb(catalog.organisation.accent_colour)
        self.running_title = ""

    def paragraph_text(self, markup: str, size: float = BODY, bold: bool = False, space_after: float = 6,
                       indent: float = 0, leading: float | None = None, role: str = "P") -> None:
        from reportlab.platypus import Paragraph

        para = Paragraph(markup, text_style(size, bold, leading))
        self.paragraph(para, x=MARGIN + indent, width=WIDTH - indent, role=role)
        self.y -= space_after

    def text(self, text: str, **kw: Any) -> None:
        self.paragraph_text(escape(text), **kw)

    def title(self, text: str, level: int, size: float = 16, bookmark: bool = False) -> None:
        """A document or category title (H1), or the form's kind above it (a P when level is 0)."""
        if level:
            self.heading(text, level, text_style(size, True, size * 1.25), keep_with=0, bookmark=bookmark)
            self.y -= 6
        else:
            self.paragraph_text(f"<b>{escape(text)}</b>", size=size, leading=size * 1.25)

    def section(self, text: str, size: float = 13, keep_with: float = 60, level: int = 2) -> None:
        """A section heading kept with the first ``keep_with`` points after it, over an accent rule."""
        self.heading(text, level, text_style(size, True), keep_with=keep_with + 4, before=4)
        self.y -= 3
        self.rule(self.accent, 1.5)
        self.y -= 1.5 + 4 + 2

    def field_label(self, text: str, x: float, y: float, bold: bool = False) -> None:
        """A field's visible label: its own paragraph, read just before the field."""
        with self.element("P"):
            self.string(x, y, text, BOLD if bold else REGULAR, BODY)


def _running_head(flow: PageFlow) -> None:
    """On continued pages: the section title (continued), the organisation, an accent rule."""
    assert isinstance(flow, Flow)
    if not flow.running_title:
        return
    c = flow.c
    title = flow.words("selfassess.continued", title=running_title(flow.running_title))
    org = flow.catalog.organisation.name
    room = WIDTH - c.stringWidth(title, BOLD, BODY) - 24
    if org and c.stringWidth(org, REGULAR, BODY) <= room:  # the organisation on every page
        flow.string(PAGE_W - MARGIN, flow.y - BODY, org, REGULAR, BODY, align="right")
    flow.string(MARGIN, flow.y - BODY, title, BOLD, BODY)
    flow.y -= BODY * 1.35
    flow.rule(flow.accent, 1.5)
    flow.y -= 1.5 + 4 + 8


def running_title(title: str, most: int = 6) -> str:
    """A long title shortened for the running head, as books do (the page's H1 has it whole).

    A running head is a pagination artifact, which screen readers skip; a whole sentence there
    would look like skipped prose to a checker (and it is no help to the eye either).
    """
    parts = title.split()
    return title if len(parts) <= most else " ".join(parts[:most - 1]) + "…"


def _footer(flow: PageFlow) -> None:
    """Catalogue, version and overlays on the left, "Page n of N" on the right, over a rule."""
    from reportlab.platypus import Paragraph

    from ... import __version__

    assert isinstance(flow, Flow)
    c = flow.c
    flow.rule(RULE, 0.75, y=MARGIN + FOOTER_H - 6)
    page = flow.page + 1
    words = flow.words

    def page_label(pages: int) -> None:
        c.setFillColorRGB(*BLACK)
        c.setFont(REGULAR, BODY)
        c.drawRightString(PAGE_W - MARGIN, MARGIN + FOOTER_H - 19, words("selfassess.page", page=page, pages=pages))

    flow.page_count(page_label)
    text = words("selfassess.footer", provenance=flow.catalog.provenance, kind=flow.kind, version=__version__)
    para = Paragraph(escape(text), text_style(BODY, leading=12))
    widest = words("selfassess.page", page=page, pages=max(page, 999))  # the count is not known yet
    room = WIDTH - c.stringWidth(widest, REGULAR, BODY) - 12
    _, h = para.wrap(room, 100)
    c.setFillColorRGB(*BLACK)
    para.drawOn(c, MARGIN, MARGIN + FOOTER_H - 9 - h)


# -- blocks ---------------------------------------------------------------
def organisation_header(flow: Flow) -> None:
    """Organisation name, address, contact and logo (or the framework's name without an overlay)."""
    org = flow.catalog.organisation
    top = flow.y
    logo_w = 0.0
    if flow.logo is not None:
        import io

        from reportlab.lib.utils import ImageReader

        img = ImageReader(io.BytesIO(flow.logo.data))
        h = 40.0
        logo_w = min(140.0, flow.logo.width * h / flow.logo.height)
        box = [PAGE_W - MARGIN - logo_w, top - h, PAGE_W - MARGIN, top]
        alt = flow.words("common.logo_alt", organisation=org.name or flow.catalog.framework("categories").title)
        with flow.element("Figure", Alt=alt, A={"O": "Layout", "BBox": [round(v, 2) for v in box]}), flow.marked():
            flow.c.drawImage(img, box[0], box[1], logo_w, h, preserveAspectRatio=True, anchor="ne", mask="auto")
    lines = [(org.name, True)] if org.name else [(flow.catalog.framework("categories").title, True)]
    lines += [(t, False) for t in (org.address, org.contact) if t]
    y = top
    for text, bold in lines:
        with flow.element("P"):
            flow.string(MARGIN, y - 11, text, BOLD if bold else REGULAR, 11 if bold else BODY)
        y -= 14
    flow.y = min(y, top - (44 if logo_w else 0)) - 4
    flow.rule(flow.accent, 2)
    flow.y -= 2 + 4 + 4


def identity_block(flow: Flow, field_meta: Callable[..., dict[str, Any]]) -> None:
    """Name, role, program, date, supervisor and the assessment round, in two rows of three."""
    words = flow.words
    flow.section(words("selfassess.about_you"), keep_with=80)
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
            with flow.element("P"):
                flow.w.radio_group(names.ROUND, words("selfassess.round_tooltip"), choices, positions, size=12,
                                   font_size=BODY, meta=field_meta(identity=names.ROUND, label=label))
        else:
            flow.w.text_field(key, words("selfassess.identity_tooltip", label=label), x, top - 32, col, 18,
                              maxlen=10 if key == "date" else 120, font_size=BODY,
                              meta=field_meta(identity=key, label=label))
    flow.y -= 2 * row_h + 6


def scale_legend(flow: Flow, scale: Scale) -> None:
    """The answers of the scale, as a list, and the source's definition of its levels if it has one."""
    from .wording import legend_items, legend_source

    words = flow.words
    flow.section(words("selfassess.scale_heading", title=scale.title), size=11, keep_with=70)
    bullet_list(flow, legend_items(words, scale), space_after=2)
    source = legend_source(flow.catalog, words, scale)
    if source:
        flow.text(source, size=8, space_after=2)
    flow.y -= 4


def bullet_list(flow: Flow, items: Sequence[str], space_after: float = 1) -> None:
    """Paragraph markup items as a list (L > LI > LBody): a screen reader says how many."""
    with flow.element("L"):
        for markup in items:
            with flow.element("LI"):
                flow.paragraph_text(markup, space_after=space_after, role="LBody")


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
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    words = flow.words
    para = Paragraph(f"<b>{escape(comp.id)}</b>&nbsp;&nbsp;{escape(comp.statement)}", text_style(10.5, leading=13.5))
    _, ph = para.wrap(WIDTH, PAGE_H)
    size = 12.0
    indent = 14.0
    rows = _radio_rows([(p.value, p.label) for p in scale.choices], WIDTH - indent, size)
    notes_h = 24.0
    height = ph + 6 + len(rows) * (size + 6) + 4 + notes_h + 10
    flow.paragraph(para, after=height - ph)
    y = flow.y - 6
    choices, positions = [], []
    for row in rows:
        y -= size
        for value, label, x in row:
            choices.append((value, label))
            positions.append((MARGIN + indent + x, y))
        y -= 6
    tooltip = words("selfassess.rating_tooltip", id=comp.id, statement=comp.statement)
    with flow.element("P"):
        flow.w.radio_group(names.rating_name(comp.id), tooltip, choices, positions, size=size, font_size=BODY,
                           meta=field_meta(competency=comp.id, category=comp.category_id, statement=comp.statement))
    y -= 4
    label = words("selfassess.notes_label")
    lw = stringWidth(label, REGULAR, BODY) + 8
    flow.field_label(label, MARGIN + indent, y - notes_h / 2 - 3.5)
    flow.w.text_field(names.notes_name(comp.id), words("selfassess.notes_tooltip", id=comp.id),
                      MARGIN + indent + lw, y - notes_h, WIDTH - indent - lw, notes_h, multiline=True,
                      maxlen=1000, font_size=BODY,
                      meta=field_meta(competency=comp.id, category=comp.category_id, notes=True))
    flow.y = y - notes_h - 6
    flow.rule(RULE, 0.5)
    flow.y -= 6


def reflection_block(flow: Flow, category: Category, field_meta: Callable[..., dict[str, Any]]) -> None:
    """Strengths, what I want to learn, support I need: three boxes side by side."""
    from reportlab.platypus import Paragraph

    words = flow.words
    flow.section(words("selfassess.reflection_heading"), keep_with=90)
    gap = 12.0
    col = (WIDTH - 2 * gap) / 3
    box_h = 64.0
    labels = [words(f"selfassess.{key}") for key in names.REFLECTION]
    paras = [Paragraph(f"<b>{escape(label)}</b>", text_style(BODY, leading=12)) for label in labels]
    label_h = max(p.wrap(col, 100)[1] for p in paras)
    flow.ensure(label_h + 4 + box_h + 8)
    for i, (key, label, para) in enumerate(zip(names.REFLECTION, labels, paras)):
        x = MARGIN + i * (col + gap)
        with flow.element("P"):
            flow.draw_flowable(para, x, flow.y - label_h)
        flow.w.text_field(names.reflection_name(category.id, key),
                          words("selfassess.reflection_tooltip", category=f"{category.id} {category.title}",
                                label=label),
                          x, flow.y - label_h - 4 - box_h, col, box_h, multiline=True, maxlen=2000,
                          font_size=BODY, meta=field_meta(category=category.id, reflection=key, label=label))
    flow.y -= label_h + 4 + box_h + 10


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
