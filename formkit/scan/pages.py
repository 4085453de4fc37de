"""Scanned pages in, one grey picture at a time: PDFs of scans, TIFF (one page or many), PNG, JPEG.

A PDF is read with PDFium (pypdfium2, already how collect reads printed copies): a Python library,
so no program is started per file. A page that is one upright picture (what "scan to PDF" writes)
gives that picture as scanned, unresampled; any other page is drawn at :data:`PDF_DPI`.
Pictures are decoded by Pillow. Each page is yielded on its own, so a 500-page batch never sits in
memory; a page that cannot be decoded (a truncated TIFF, an enormous picture) becomes a
:class:`BadPage` with a one-line reason, and the next page is read.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PDF_DPI = 200  # scans inside PDFs are drawn at 200 dpi: enough for the QR and the marks, fast to read
MAX_PIXELS = 60_000_000  # a letter page at 600 dpi is 34 million: more is not a scan of a form
MAX_PDF_SIDE = 20 * 72  # points: a PDF page larger than 20 inches is not a scanned form
PICTURES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SUFFIXES = PICTURES | {".pdf"}


@dataclass(frozen=True)
class Page:
    """One scanned page: where it came from (file, page from 1) and its grey pixels (numpy, uint8)."""

    file: str
    number: int
    pixels: Any


@dataclass(frozen=True)
class BadPage:
    """A page (or a whole file, number 0) that could not be decoded, and why."""

    file: str
    number: int
    reason: str


def find_scans(paths: list[str]) -> list[Path]:
    """The scan files named, or found under the folders named (sorted), by suffix; FormkitError for a
    name that does not exist or when there is nothing to read (a mistake in the command, not a page)."""
    from ..core.errors import FormkitError

    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise FormkitError("no such file or folder", path=str(path), hint=HINT)
    if not found:
        raise FormkitError("no scans found (PDF, TIFF, PNG or JPEG)", path=", ".join(paths), hint=HINT)
    return list(dict.fromkeys(found))


HINT = "Name scanned pages (PDF, TIFF, PNG or JPEG files) or folders that hold them"


def read_pages(path: Path) -> Iterator[Page | BadPage]:
    """Every page of one scan file, in order; problems as :class:`BadPage`, never an exception."""
    suffix = path.suffix.lower()
    if not path.is_file():
        yield BadPage(str(path), 0, "no such file (name scanned PDF, TIFF, PNG or JPEG files, or folders of them)")
    elif suffix == ".pdf":
        yield from _pdf_pages(path)
    elif suffix in PICTURES:
        yield from _picture_pages(path)
    else:
        yield BadPage(str(path), 0, f"not a scan formkit reads ({suffix or 'no suffix'}): "
                                    "save the scans as PDF, TIFF, PNG or JPEG")


def _pdf_pages(path: Path) -> Iterator[Page | BadPage]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 - PDFium raises PdfiumError and others for damaged files
        yield BadPage(str(path), 0, f"the PDF cannot be opened ({_short(exc)}): scan the pages again")
        return
    try:
        for index in range(len(pdf)):
            yield _pdf_page(pdf, index, path)
    finally:
        pdf.close()


def _pdf_page(pdf: Any, index: int, path: Path) -> Page | BadPage:
    try:
        page = pdf[index]
        width, height = page.get_size()
        if max(width, height) > MAX_PDF_SIDE:
            return BadPage(str(path), index + 1, f"the page is {width / 72:.0f} x {height / 72:.0f} inches: "
                                                  "not a scanned form page")
        pixels = _scanned_picture(page)
        if pixels is None:
            bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
            pixels = bitmap.to_numpy().copy()
        if pixels.ndim == 3:
            pixels = pixels[:, :, 0]
        if pixels.size > MAX_PIXELS:
            return BadPage(str(path), index + 1, "the scanned picture is too large for a page (scan at 200 to 300 dpi)")
        return Page(str(path), index + 1, pixels)
    except Exception as exc:  # noqa: BLE001 - one damaged page must not stop the others
        return BadPage(str(path), index + 1, f"the page cannot be drawn ({_short(exc)})")


def _scanned_picture(page: Any) -> Any:
    """The picture of a scanner's page, as scanned, when the page is that one picture drawn upright
    (what "scan to PDF" writes): five times faster than drawing the page. None otherwise."""
    import cv2
    import pypdfium2.raw as pdfium_c

    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    matrix = objects[0].get_matrix()
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
        return None
    width, height = objects[0].get_px_size()
    if width * height > MAX_PIXELS:
        return None  # drawn at PDF_DPI instead
    pixels = objects[0].get_bitmap(render=False).to_numpy()
    if pixels.ndim == 2:
        return pixels.copy()
    code = cv2.COLOR_BGR2GRAY if pixels.shape[2] == 3 else cv2.COLOR_BGRA2GRAY
    return cv2.cvtColor(pixels, code)


def _picture_pages(path: Path) -> Iterator[Page | BadPage]:
    """Each page of a picture file; a TIFF cut short gives its whole pages, then one BadPage."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns of damaged metadata: the pixels are what count
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for damaged files
        yield BadPage(str(path), 0, f"the picture cannot be opened ({_short(exc)}): scan the pages again")
        return
    with image:
        for index in range(MAX_FRAMES):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    image.seek(index)
            except EOFError:
                return
            except Exception as exc:  # noqa: BLE001 - the next page's header is cut off
                yield BadPage(str(path), index + 1, _CUT.format(_short(exc)))
                return
            page = _frame(image, path, index)
            yield page
            if isinstance(page, BadPage):
                return  # a TIFF cut short: nothing after this page can be reached


_CUT = "the page cannot be decoded ({}): the file may be cut short; scan it again"
MAX_FRAMES = 2000  # pages in one picture file


def _frame(image: Any, path: Path, index: int) -> Page | BadPage:
    import numpy as np
    from PIL import Image

    width, height = image.size
    if width * height > MAX_PIXELS:
        return BadPage(str(path), index + 1, f"the picture is {width} x {height} pixels: too large for a scanned "
                                             "page (scan at 200 to 300 dpi)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            grey = image.convert("L")
        return Page(str(path), index + 1, np.asarray(grey).copy())
    except Exception as exc:  # noqa: BLE001 - a truncated page: say so
        return BadPage(str(path), index + 1, _CUT.format(_short(exc)))


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= 120 else text[:117] + "..."


__all__ = ["PDF_DPI", "BadPage", "Page", "find_scans", "read_pages"]
