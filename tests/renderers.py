"""What three renderers formkit did not write draw on a page: text with positions, and pixels.

A user checks a filled form by looking at it: is my name in the name box, and only there? So the
matrix asks each renderer *where* it drew each character (PDF points, origin bottom-left) rather
than whether some text changed somewhere, and samples pixels where a radio button's dot belongs.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import require_tool, run_tool

Rect = tuple[float, float, float, float]
DPI = 144


@dataclass(frozen=True)
class Glyph:
    """A character (PDFium, MuPDF) or a word (poppler) and its box in PDF points, y upwards."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def inside(self, rect: Rect, slack: float = 0.5) -> bool:
        """True when the glyph's centre lies in the rectangle: drawn in that box, not beside it."""
        cx, cy = (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2
        x1, y1, x2, y2 = rect
        return x1 - slack <= cx <= x2 + slack and y1 - slack <= cy <= y2 + slack


def text_in(glyphs: list[Glyph], rect: Rect) -> str:
    """The characters drawn in a box in the engine's reading order, whitespace dropped (engines disagree on it)."""
    return "".join("".join(g.text.split()) for g in glyphs if g.inside(rect))


# --- text with positions ------------------------------------------------------------------------------

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def text_poppler(pdf: Path, page: int, height: float, tmp: Path) -> list[Glyph]:
    """poppler's word boxes (pdftotext -bbox), as Evince and Okular would draw the page."""
    out = run_tool("pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(pdf), "-").stdout
    return [Glyph(html.unescape(m[4]), float(m[0]), height - float(m[3]), float(m[2]), height - float(m[1]))
            for m in _WORD.findall(out)]


_CHAR = re.compile(r'<char quad="([^"]+)"[^>]* c="([^"]*)"/>')


def text_mupdf(pdf: Path, page: int, height: float, tmp: Path) -> list[Glyph]:
    """MuPDF's character boxes (mutool draw -F stext), annotations and widgets included."""
    require_tool("mutool")
    done = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", str(pdf), str(page + 1)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    glyphs = []
    for quad, char in _CHAR.findall(done.stdout):
        q = [float(v) for v in quad.split()]
        xs, ys = q[0::2], q[1::2]
        glyphs.append(Glyph(html.unescape(char), min(xs), height - max(ys), max(xs), height - min(ys)))
    return glyphs


def text_pdfium(pdf: Path, page: int, height: float, tmp: Path) -> list[Glyph]:
    """PDFium's character boxes: on an in-memory copy with forms initialised (as Chrome shows it),
    flatten the page's widgets into its content, load the page again, and read its text.

    The copy is never saved: the file under test stays as the filler wrote it.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(str(pdf))
    doc.init_forms()
    loaded = doc[page]
    result = pdfium_c.FPDFPage_Flatten(loaded.raw, pdfium_c.FLAT_NORMALDISPLAY)
    assert result != pdfium_c.FLATTEN_FAIL, f"PDFium could not flatten page {page} of {pdf.name}"
    loaded.close()  # PDFium shows the flattened content only once the page is loaded again
    flat = doc[page]
    textpage = flat.get_textpage()
    glyphs = [Glyph(textpage.get_text_range(i, 1), *textpage.get_charbox(i)) for i in range(textpage.count_chars())]
    textpage.close()
    flat.close()
    doc.close()
    return glyphs


# --- pixels -------------------------------------------------------------------------------------------
# Each reader returns the pixels of ``clip`` (a PDF rectangle of the page) at DPI: the matrix only
# looks at radio buttons, and rasterising a whole checklist page in poppler costs ten times more.


def _pixel_box(clip: Rect, height: float) -> tuple[int, int, int, int]:
    """The clip in pixels at DPI, origin top-left: (left, top, right, bottom)."""
    scale = DPI / 72
    return (int(clip[0] * scale), int((height - clip[3]) * scale),
            int(clip[2] * scale) + 1, int((height - clip[1]) * scale) + 1)


def pixels_poppler(pdf: Path, page: int, clip: Rect, height: float, tmp: Path) -> Any:
    from PIL import Image

    left, top, right, bottom = _pixel_box(clip, height)
    stem = tmp / f"pop-{pdf.stem}-{page}"
    run_tool("pdftoppm", "-png", "-r", str(DPI), "-f", str(page + 1), "-l", str(page + 1), "-x", str(left),
             "-y", str(top), "-W", str(right - left), "-H", str(bottom - top), "-singlefile", str(pdf), str(stem))
    return Image.open(f"{stem}.png").convert("L")


def pixels_mupdf(pdf: Path, page: int, clip: Rect, height: float, tmp: Path) -> Any:
    from PIL import Image

    out = tmp / f"mu-{pdf.stem}-{page}.png"
    require_tool("mutool")
    done = subprocess.run(["mutool", "draw", "-q", "-r", str(DPI), "-o", str(out), str(pdf), str(page + 1)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return Image.open(out).convert("L").crop(_pixel_box(clip, height))


def pixels_pdfium(pdf: Path, page: int, clip: Rect, height: float, tmp: Path) -> Any:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    doc.init_forms()
    image = doc[page].render(scale=DPI / 72, may_draw_forms=True).to_pil().convert("L")
    doc.close()
    return image.crop(_pixel_box(clip, height))


def dark_at_centre(image: Any, clip: Rect, rect: Rect, height: float, radius: float = 1.5) -> float:
    """Share of dark pixels in a small square at a widget's centre: a selected radio's dot fills it.

    ``image`` holds the pixels of ``clip`` (see the readers above).
    """
    cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    left, top, _, _ = _pixel_box(clip, height)
    box = _pixel_box((cx - radius, cy - radius, cx + radius, cy + radius), height)
    crop = image.crop((box[0] - left, box[1] - top, box[2] - left, box[3] - top))
    dark = crop.point(lambda p: 255 if p < 128 else 0).histogram()[255]
    return dark / (crop.width * crop.height)


TextReader = Callable[[Path, int, float, Path], list[Glyph]]
PixelReader = Callable[[Path, int, Rect, float, Path], Any]

RENDERERS: dict[str, tuple[TextReader, PixelReader]] = {
    "poppler": (text_poppler, pixels_poppler),
    "mupdf": (text_mupdf, pixels_mupdf),
    "pdfium": (text_pdfium, pixels_pdfium),
}
