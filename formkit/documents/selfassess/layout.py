"""Page layout of the self-assessment forms: a top-to-bottom flow over a FormWriter.

Blocks (headings, paragraphs, competency rows, tables) ask for their height first and move
to a new page when they do not fit, so a row is never split. Every page gets a footer naming
the catalogue, version and overlays, and "Page n of N" (the document is laid out twice; the
first pass only counts pages).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ...catalog.model import Scale
from ...core.xmltext import escape
from ...pdfform.fonts import BOLD, REGULAR
from ...pdfform.writer import FormWriter
from ...pdfpage import Flow as PageFlow
from ...pdfpage import Frame
from ...pdfpage.marks import QUIET, PageCode, draw_marks, page_payload, qr_side
from ...pdfpage.textblock import TextBlock, TextStyle
from ..letterhead import letterhead
from . import names
from .wording import SELF, for_rater

if TYPE_CHECKING:
    from ...context import Context

PAGE_W, PAGE_H = 612.0, 792.0
MARGIN = 40.0
WIDTH = PAGE_W - 2 * MARGIN
FOOTER_H = 44.0
SECTION_RULE = 3 + 1.5 + 4 + 2  # the accent rule under a section heading, with its space: kept with the heading
BODY = 10.0  # nothing printed smaller than 10 pt
BLACK = (0.0, 0.0, 0.0)
RULE = (0.35, 0.35, 0.35)
SHADE = (0.88, 0.88, 0.88)
GRID = (0.15, 0.15, 0.15)
FRAME = Frame(left=MARGIN, right=PAGE_W - MARGIN, top=PAGE_H - MARGIN, bottom=MARGIN + FOOTER_H,
              width=PAGE_W, height=PAGE_H)


def text_style(size: float = BODY, bold: bool = False, leading: float | None = None) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"s{size}{bold}", fontName=BOLD if bold else REGULAR, fontSize=size,
                          leading=leading or size * 1.3, textColor="#000000")


def heading_style(size: float, leading: float | None = None) -> TextStyle:
    """A heading's type: bold at ``size``, drawn by the page engine's text block as every heading is."""
    return TextStyle(BOLD, BOLD, size, leading or size * 1.3)


class Flow(PageFlow):
    """The self-assessment's page flow: its footer, running head, headings and labels."""

    def __init__(self, writer: FormWriter, context: Context, *, kind: str, rater: str = SELF,
                 code: PageCode | None = None) -> None:
        super().__init__(writer, FRAME, footer=_footer, running_head=_running_head,
                         marks=_scan_marks if code is not None else None)
        self.code = code
        self.rater = rater
        self.words = for_rater(context.words, rater)
        self.catalog = catalog = context.catalog
        self.kind = kind
        self.letterhead = letterhead(context, fallback=catalog.framework("categories").title)
        self.accent = self.letterhead.accent_rgb
        self.running_title = ""

    def paragraph_text(self, markup: str, size: float = BODY, bold: bool = False, space_after: float = 6,
                       indent: float = 0, leading: float | None = None, role: str = "P") -> None:
        from reportlab.platypus import Paragraph

        para = Paragraph(markup, text_style(size, bold, leading))
        self.paragraph(para, x=MARGIN + indent, width=WIDTH - indent, role=role)
        self.y -= space_after

    def text(self, text: str, **kw: Any) -> None:
        self.paragraph_text(escape(text), **kw)

    def text_height(self, text: str, size: float = BODY) -> float:
        """The height :meth:`text` takes for ``text`` (without the space after it)."""
        from reportlab.platypus import Paragraph

        return float(Paragraph(escape(text), text_style(size)).wrap(WIDTH, PAGE_H)[1])

    def title(self, text: str, level: int, size: float = 16, bookmark: bool = False) -> None:
        """A document or category title (H1), or the form's kind above it (a P when level is 0)."""
        if level:
            self.heading(text, level, heading_style(size, size * 1.25), keep_with=0, bookmark=bookmark)
            self.y -= 6
        else:
            self.paragraph_text(f"<b>{escape(text)}</b>", size=size, leading=size * 1.25)

    def section(self, text: str, size: float = 13, keep_with: float = 60, level: int = 2) -> None:
        """A section heading kept with the first ``keep_with`` points after it, over an accent rule.

        In a mini-tool each section is a bookmark too (its outline would otherwise hold one
        entry); the booklet's outline lists its categories only, so it stays short.
        """
        self.heading(text, level, heading_style(size), keep_with=keep_with + 4 + SECTION_RULE, before=4,
                     bookmark=self.kind == names.FORM_KIND_CATEGORY)
        self.y -= 3
        self.rule(self.accent, 1.5)
        self.y -= SECTION_RULE - 3

    def section_height(self, text: str, size: float = 13) -> float:
        """The height :meth:`section` takes (the heading, the rule and the space around them)."""
        return self.title_height(text, size, leading=size * 1.3) + 4 + 3 + 1.5 + 4 + 2

    def title_height(self, text: str, size: float, leading: float | None = None) -> float:
        """The height of a heading of ``text`` at ``size`` over the body width, as :meth:`heading` draws it."""
        return TextBlock(escape(text), heading_style(size, leading)).wrap(WIDTH, PAGE_H)[1]

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


QR_TOP = MARGIN + FOOTER_H - 2  # just under the body, at the right; the footer's rule stops short of it


def _payload(flow: Flow) -> str:
    """This page's QR text: the form's code, the page and where its fields are (all drawn by now)."""
    assert flow.code is not None
    return page_payload(flow.code, flow.page + 1, flow.w.fields)


def _qr_room(flow: Flow) -> float:
    """The width the page's QR code takes from the footer's right end (0 without scan marks)."""
    return qr_side(_payload(flow)) + 2 * QUIET if flow.code is not None else 0.0


def _scan_marks(flow: PageFlow) -> None:
    """The corner squares and this page's QR (formkit.pdfpage.marks), the QR just under the body at
    the right, where the footer keeps its text and rule clear."""
    assert isinstance(flow, Flow) and flow.code is not None
    draw_marks(flow.c, flow.tags, _payload(flow), PAGE_W - MARGIN, QR_TOP)


def _footer(flow: PageFlow) -> None:
    """Catalogue, version and overlays on the left, "Page n of N" on the right, over a rule
    (left of the QR code when the page has one)."""
    from reportlab.platypus import Paragraph

    from ... import __version__

    assert isinstance(flow, Flow)
    c = flow.c
    page = flow.page + 1
    words = flow.words
    qr = _qr_room(flow)
    flow.rule(RULE, 0.75, y=MARGIN + FOOTER_H - 6, x1=PAGE_W - MARGIN - qr)

    def page_label(pages: int) -> None:
        c.setFillColorRGB(*BLACK)
        c.setFont(REGULAR, BODY)
        c.drawRightString(PAGE_W - MARGIN - qr, MARGIN + FOOTER_H - 19, words("selfassess.page", page=page, pages=pages))

    flow.page_count(page_label)
    kind = words("selfassess.booklet_title" if flow.kind == names.FORM_KIND_BOOKLET else "selfassess.kind_title")
    text = words("selfassess.footer", provenance=flow.catalog.provenance, kind=kind, version=__version__)
    para = Paragraph(escape(text), text_style(BODY, leading=12))
    widest = words("selfassess.page", page=page, pages=max(page, 999))  # the count is not known yet
    room = WIDTH - qr - c.stringWidth(widest, REGULAR, BODY) - 12
    _, h = para.wrap(room, 100)
    c.setFillColorRGB(*BLACK)
    para.drawOn(c, MARGIN, MARGIN + FOOTER_H - 9 - h)


# -- blocks ---------------------------------------------------------------
def organisation_header(flow: Flow) -> None:
    """The letterhead every family shares (formkit.documents.letterhead): organisation name,
    address, contact and logo (or the framework's name without an overlay), an accent rule."""
    from ..letterhead import draw_pdf

    draw_pdf(flow, flow.letterhead, name_size=11, text_size=BODY)


def translation(flow: Flow) -> None:
    """A translation's notice (unofficial, for review, its English source), bold, on the first
    page under the title; nothing for a document in the catalogue's own language."""
    from ...catalog.language import translation_notice

    notice = translation_notice(flow.catalog, flow.words)
    if notice:
        flow.text(notice, bold=True, space_after=8)


def identity_block(flow: Flow, field_meta: Callable[..., dict[str, Any]]) -> None:
    """Name, role, program, date, supervisor and the assessment round, in two rows of three; on
    the supervisor's form a third row says who filled it in (:func:`rater_box`)."""
    words = flow.words
    rows = 2 if flow.rater == SELF else 3
    flow.section(words("selfassess.about_you"), keep_with=40 * rows)
    gap = 12.0
    col = (WIDTH - 2 * gap) / 3
    row_h = 36.0
    flow.ensure(rows * row_h)
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
    if flow.rater != SELF:
        rater_box(flow, MARGIN, flow.y - 2 * row_h, col)
    flow.y -= rows * row_h + 6


def rater_box(flow: Flow, x: float, top: float, width: float) -> None:
    """A read-only box holding the rater ("supervisor"): how formkit collect tells the
    supervisor's answers from the peer worker's own (a self-assessment has no such field). It is
    printed, so a flattened or printed copy still says who filled it in."""
    label = flow.words(f"{flow.rater}.rater_label")
    flow.field_label(label, x, top - BODY)
    flow.w.text_field(names.RATER, flow.words(f"{flow.rater}.rater_tooltip"), x, top - 32, width, 18,
                      font_size=BODY, value=flow.rater, read_only=True, meta={"rater": flow.rater, "label": label})


def last_plan(flow: Flow, lines: Sequence[Any]) -> None:
    """A carried-forward form's reminder of the plan made last round (nothing when there is none):
    text lines, or formkit.documents.selfassess.lastplan.PlanLine with the pictures of handwriting."""
    from .lastplan import draw

    draw(flow, lines)


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


SIGNATURE_H = 30.0


def signatures_height() -> float:
    """The height :func:`signatures` takes."""
    return BODY + 6 + SIGNATURE_H + 10


def signatures(flow: Flow, field_meta: Callable[..., dict[str, Any]]) -> None:
    """The peer worker's and the supervisor's signature boxes, side by side."""
    words = flow.words
    h = SIGNATURE_H
    flow.ensure(BODY + 6 + h + 2)
    half = (WIDTH - 24) / 2
    for i, key in enumerate(("signature_person", "signature_supervisor")):
        x = MARGIN + i * (half + 24)
        label = words(f"selfassess.{key}")
        flow.field_label(label, x, flow.y - BODY)
        flow.w.signature_field(key.replace("signature_", "sign_"), label, x, flow.y - BODY - 6 - h, half, h,
                               meta=field_meta(signature=key, label=label))
    flow.y -= BODY + 6 + h + 10
