"""The organisation's letterhead, one component for every document family.

An overlay's ``organisation`` (name, address, contact, logo, accent colour) used to reach the
self-assessments only: checklists printed neither logo nor address, and summaries ignored the
accent colour. :func:`letterhead` turns a resolved :class:`~formkit.context.Context` into a
:class:`Letterhead` (the logo's bytes included, so nothing here reads a file);
:func:`draw_pdf` puts it at the top of a page of formkit's page engine (tagged: the logo is a
Figure with alternative text, each line a paragraph) and :func:`add_docx` at the top of a Word
document, header or table cell. Library use::

    from formkit.documents.letterhead import letterhead, draw_pdf, add_docx
    head = letterhead(context, fallback=board.name)   # fallback: when the overlay names no organisation
    draw_pdf(flow, head)                               # a formkit.pdfpage.Flow, at flow.y
    add_docx(document, head, width)                   # a python-docx Document, or a section's header/footer; EMU
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..pdfform.fonts import BOLD, REGULAR

if TYPE_CHECKING:
    from ..catalog.locale import Wording
    from ..catalog.model import Catalog
    from ..context import Context, Logo
    from ..pdfpage import Flow

DEFAULT_ACCENT = "#1F4E79"
HEX = re.compile(r"#?([0-9A-Fa-f]{6})")
LOGO_H = 40.0  # points, in the PDF; the Word logo has the same height (14 mm)
LOGO_MAX_W = 140.0
Rgb = tuple[float, float, float]


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document, as printed at its top."""

    name: str
    lines: tuple[str, ...]  # address, contact: printed under the name
    accent: str  # "#RRGGBB": the rule under the letterhead, shaded bars
    logo: Logo | None
    logo_alt: str

    @property
    def accent_rgb(self) -> Rgb:
        return rgb(self.accent)

    def tint(self, share: float = 0.82) -> Rgb:
        """The accent mixed with ``share`` white: a background black text stays readable on,
        whatever colour the overlay chose."""
        return tint(self.accent_rgb, share)

    def tint_hex(self, share: float = 0.82) -> str:
        return "".join(f"{round(v * 255):02X}" for v in self.tint(share))


def rgb(hex_colour: str) -> Rgb:
    """'#1F4E79' as (r, g, b) in 0..1; the default accent when the text is no colour (the overlay
    schema already refuses one, this keeps a library caller's typo from failing a render)."""
    match = HEX.fullmatch(hex_colour.strip())
    text = (match.group(1) if match else DEFAULT_ACCENT[1:])
    return (int(text[0:2], 16) / 255, int(text[2:4], 16) / 255, int(text[4:6], 16) / 255)


def tint(colour: Rgb, share: float) -> Rgb:
    r, g, b = colour
    return (r + (1 - r) * share, g + (1 - g) * share, b + (1 - b) * share)


def letterhead(context: Context, fallback: str = "") -> Letterhead:
    """The letterhead of the context's organisation; ``fallback`` names the document's issuer when
    the overlay names no organisation (the board, the framework)."""
    return from_catalog(context.catalog, context.words, fallback, context.logo)


def from_catalog(catalog: Catalog, words: Wording, fallback: str = "", logo: Logo | None = None) -> Letterhead:
    """The letterhead of ``catalog``'s organisation with a logo already read (or none): for
    callers that hold no resolved context, such as a library call of a collect summary."""
    org = catalog.organisation
    name = org.name or fallback
    accent = org.accent_colour if HEX.fullmatch(org.accent_colour or "") else DEFAULT_ACCENT
    return Letterhead(name=name, lines=tuple(t for t in (org.address, org.contact) if t), accent=accent,
                      logo=logo, logo_alt=words("common.logo_alt", organisation=name))


# -- PDF ------------------------------------------------------------------------
def logo_width(logo: Logo, height: float = LOGO_H) -> float:
    return min(LOGO_MAX_W, logo.width * height / logo.height)


def draw_pdf(flow: Flow, head: Letterhead, *, name_size: float = 12, text_size: float = 9,
             rule_width: float = 2.0) -> None:
    """The letterhead at ``flow.y``: the logo at the right, the name and its lines at the left
    (wrapped clear of the logo), an accent rule under both; the cursor ends below the rule."""
    from reportlab.lib.utils import simpleSplit

    left, right, top = flow.frame.left, flow.frame.right, flow.y
    logo_w = _draw_logo(flow, head, right, top) if head.logo is not None else 0.0
    room = right - left - (logo_w + 12 if logo_w else 0)
    y = top
    for text, font, size in [(head.name, BOLD, name_size)] + [(t, REGULAR, text_size) for t in head.lines]:
        if not text:
            continue
        with flow.element("P"):
            for line in simpleSplit(text, font, size, room) or [text]:
                flow.string(left, y - size, line, font, size)
                y -= size * 1.3
        y -= 1
    flow.y = min(y, top - (LOGO_H + 4 if logo_w else 0)) - 4
    flow.rule(head.accent_rgb, rule_width)
    flow.y -= rule_width + 8


def _draw_logo(flow: Flow, head: Letterhead, right: float, top: float) -> float:
    from reportlab.lib.utils import ImageReader

    assert head.logo is not None
    width = logo_width(head.logo)
    box = [right - width, top - LOGO_H, right, top]
    with flow.element("Figure", Alt=head.logo_alt, A={"O": "Layout", "BBox": [round(v, 2) for v in box]}), \
            flow.marked():
        flow.c.drawImage(ImageReader(io.BytesIO(head.logo.data)), box[0], box[1], width, LOGO_H,
                         preserveAspectRatio=True, anchor="ne", mask="auto")
    return width


# -- Word -----------------------------------------------------------------------
def add_docx(container: Any, head: Letterhead, width: int, *, name_pt: float = 12, text_pt: float = 9) -> Any:
    """The letterhead as a borderless two-cell table at the end of ``container`` (a python-docx
    Document, or a section's header or footer): name and lines left, logo right, an accent rule under it.
    ``width`` is the text width in EMU. Returns the table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Emu, Pt

    body = getattr(container, "_body", container)  # a Document adds tables through its body
    logo_w = Emu(int(logo_width(head.logo) * 12700)) if head.logo is not None else Emu(0)
    table = body.add_table(1, 2, Emu(width))
    text_cell, logo_cell = table.rows[0].cells
    _cell_widths(table, [Emu(width - logo_w), logo_w])
    first = text_cell.paragraphs[0]
    for i, (text, size, bold) in enumerate([(head.name, name_pt, True)] + [(t, text_pt, False) for t in head.lines]):
        paragraph = first if i == 0 else text_cell.add_paragraph()
        _tight(paragraph)
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    if head.logo is not None:
        paragraph = logo_cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        picture = paragraph.add_run().add_picture(io.BytesIO(head.logo.data), height=Emu(int(LOGO_H * 12700)))
        picture._inline.docPr.set("descr", head.logo_alt)  # alternative text, for screen readers
    _bottom_rule(table, head.accent.lstrip("#").upper())
    rule = body.add_paragraph()
    _tight(rule)
    rule.add_run().font.size = Pt(4)
    return table


def _tight(paragraph: Any) -> None:
    from docx.shared import Pt

    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)


def _cell_widths(table: Any, widths: list[Any]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths):
        cell.width = width


def _bottom_rule(table: Any, colour: str) -> None:
    """No borders but a 2¼ pt accent line under the row (w:tblBorders: Word and LibreOffice)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        if side == "bottom":
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "18")  # eighths of a point
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), colour)
        else:
            edge.set(qn("w:val"), "nil")
        borders.append(edge)
    table._tbl.tblPr.append(borders)


__all__ = ["DEFAULT_ACCENT", "Letterhead", "add_docx", "draw_pdf", "from_catalog", "letterhead", "rgb", "tint"]
