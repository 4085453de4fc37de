"""What a page draws, read with PDFium: the form XObjects placed on it, and its text.

When a form is flattened (``pdftk ... flatten``, ``qpdf --flatten-annotations=all``) every
widget's appearance is placed on the page as a form XObject and the fields are gone; a form
"printed to PDF" keeps only drawing. The answers (and the footer that names the form) are
then only in the page content. PDFium decodes any font's text to Unicode and gives each
object's position, which pypdf and pikepdf do not; it is imported here only, and only when
a file fails the normal read, so ``formkit collect`` on ordinary forms never loads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Box = tuple[float, float, float, float]  # left, bottom, right, top in page points

MAX_DEPTH = 8  # nested form XObjects looked into; a flattened widget uses one or two levels
DARK = 0.5  # a fill darker than this (0 black .. 1 white) is a mark, not a background


@dataclass
class TextPiece:
    """One text object: its Unicode text and page-space box."""

    text: str
    box: Box


@dataclass
class Placed:
    """A form XObject drawn by the page itself (not inside another one).

    ``origin`` is where its own (0, 0) lands on the page: a flattener places a widget's
    appearance with its box's corner at the widget's lower-left corner.
    """

    origin: tuple[float, float]
    box: Box
    texts: list[TextPiece] = field(default_factory=list)
    dark_fills: list[Box] = field(default_factory=list)
    dark_strokes: list[Box] = field(default_factory=list)  # lines only, no fill: a tick drawn as strokes

    def lines(self) -> list[str]:
        """The text drawn inside, one string per printed line, top to bottom."""
        return text_lines(self.texts)


def open_pdf(source: str | Path | bytes) -> Any:
    """A pypdfium2 document (raises pypdfium2's PdfiumError for what PDFium cannot open)."""
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))


def placed_forms(doc: Any, page_index: int) -> list[Placed]:
    """Every top-level form XObject of one page, with the text and dark fills inside it."""
    from pypdfium2 import raw

    page = doc[page_index]
    textpage = page.get_textpage()
    placed: list[Placed] = []
    matrices: dict[int, Any] = {}  # level -> page matrix of the form holding objects at that level
    for obj in page.get_objects(max_depth=MAX_DEPTH, textpage=textpage):
        if obj.level == 0:
            if obj.type != raw.FPDF_PAGEOBJ_FORM:
                continue
            m = obj.get_matrix()
            placed.append(Placed((m.e, m.f), _box(obj.get_bounds())))
            matrices = {1: m}
            continue
        inside = matrices.get(obj.level)
        if inside is None or not placed:
            continue
        box = _on_page(inside, obj.get_bounds())
        if obj.type == raw.FPDF_PAGEOBJ_FORM:
            matrices[obj.level + 1] = obj.get_matrix().multiply(inside)
        elif obj.type == raw.FPDF_PAGEOBJ_TEXT:
            text = obj.extract()
            if text.strip():
                placed[-1].texts.append(TextPiece(text, box))
        elif obj.type == raw.FPDF_PAGEOBJ_PATH:
            if _dark_fill(obj):
                placed[-1].dark_fills.append(box)
            elif _dark_stroke(obj):
                placed[-1].dark_strokes.append(box)
    return placed


def page_text(doc: Any, pages: Iterable[int]) -> str:
    """The plain text of some pages, as PDFium reads it (for recognising a printed copy)."""
    out = []
    for index in pages:
        out.append(doc[index].get_textpage().get_text_bounded())
    return "\n".join(out)


def text_lines(pieces: Iterable[TextPiece]) -> list[str]:
    """Text pieces as printed lines: grouped by height on the page, each read left to right.

    Pieces whose vertical middles are within half a line of each other are one line; two
    pieces of a line are joined by a space when a gap separates them.
    """
    ordered = sorted(pieces, key=lambda p: (-_middle(p.box), p.box[0]))
    lines: list[list[TextPiece]] = []
    for piece in ordered:
        if lines and abs(_middle(lines[-1][0].box) - _middle(piece.box)) < _height(lines[-1][0].box) / 2:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [_join(sorted(line, key=lambda p: p.box[0])) for line in lines]


def _join(line: list[TextPiece]) -> str:
    text, right = "", None
    for piece in line:
        gap = right is not None and piece.box[0] - right > 0.15 * _height(piece.box)
        if gap and text and not text[-1].isspace() and not piece.text[:1].isspace():
            text += " "
        text += piece.text
        right = piece.box[2]
    return text.strip()


def _dark_fill(obj: Any) -> bool:
    """A path PDFium fills with a dark colour (a radio dot, a tick drawn as a shape)."""
    import ctypes

    from pypdfium2 import raw

    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj.raw, fillmode, stroke) or fillmode.value == 0:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a) or a.value == 0:
        return True  # no colour known: PDFium fills black
    return (0.3 * r.value + 0.59 * g.value + 0.11 * b.value) / 255 < DARK


def _dark_stroke(obj: Any) -> bool:
    """A path PDFium only strokes, in a dark colour: a checkbox's tick drawn as lines (formkit's
    checkboxes draw theirs so; the box around it is filled white, so it is not one)."""
    import ctypes

    from pypdfium2 import raw

    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj.raw, fillmode, stroke) or fillmode.value != 0 or not stroke.value:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not raw.FPDFPageObj_GetStrokeColor(obj.raw, r, g, b, a) or a.value == 0:
        return True
    return (0.3 * r.value + 0.59 * g.value + 0.11 * b.value) / 255 < DARK


def _on_page(matrix: Any, bounds: Box) -> Box:
    """A box from a form's own space onto the page (the box around its four corners)."""
    left, bottom, right, top = bounds
    xs, ys = zip(*(matrix.on_point(x, y) for x in (left, right) for y in (bottom, top)))
    return (min(xs), min(ys), max(xs), max(ys))


def _box(bounds: Iterable[float]) -> Box:
    left, bottom, right, top = bounds
    return (left, bottom, right, top)


def _middle(box: Box) -> float:
    return (box[1] + box[3]) / 2


def _height(box: Box) -> float:
    return max(box[3] - box[1], 1.0)


def iter_pages(doc: Any, wanted: Iterable[int]) -> Iterator[int]:
    """The wanted page indexes that the document has, once each, in order."""
    count = len(doc)
    yield from sorted({i for i in wanted if isinstance(i, int) and 0 <= i < count})


__all__ = ["Box", "Placed", "TextPiece", "iter_pages", "open_pdf", "page_text", "placed_forms", "text_lines"]
