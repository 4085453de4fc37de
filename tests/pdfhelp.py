"""Helpers shared by the PDF form tests: parsing pdftk output, rendering with three engines."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import require_tool, run_tool


def pdftk_fields(pdf: Path) -> list[dict[str, list[str]]]:
    """pdftk dump_data_fields_utf8 as a list of {key: [values]} blocks."""
    out = run_tool("pdftk", str(pdf), "dump_data_fields_utf8").stdout
    blocks: list[dict[str, list[str]]] = []
    for chunk in out.split("---"):
        block: dict[str, list[str]] = {}
        for line in chunk.strip().splitlines():
            if ": " in line:
                key, value = line.split(": ", 1)
                block.setdefault(key, []).append(value)
            elif line.endswith(":"):
                block.setdefault(line[:-1], []).append("")
        if block:
            blocks.append(block)
    return blocks


def xfdf(values: dict[str, str]) -> str:
    from xml.sax.saxutils import escape

    fields = "".join(f'<field name="{escape(k)}"><value>{escape(v)}</value></field>' for k, v in values.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve">'
            f"<fields>{fields}</fields></xfdf>\n")


def render_pdfium(pdf: Path, page: int = 0, dpi: int = 72):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    doc.init_forms()
    image = doc[page].render(scale=dpi / 72, may_draw_forms=True).to_pil().convert("L")
    doc.close()
    return image


def render_poppler(pdf: Path, tmp: Path, page: int = 0, dpi: int = 72):  # type: ignore[no-untyped-def]
    from PIL import Image

    stem = tmp / f"pop-{pdf.stem}-{page}"
    run_tool("pdftoppm", "-png", "-r", str(dpi), "-f", str(page + 1), "-l", str(page + 1), "-singlefile",
             str(pdf), str(stem))
    return Image.open(f"{stem}.png").convert("L")


def render_mupdf(pdf: Path, tmp: Path, page: int = 0, dpi: int = 72):  # type: ignore[no-untyped-def]
    from PIL import Image

    out = tmp / f"mu-{pdf.stem}-{page}.png"
    require_tool("mutool")
    subprocess.run(["mutool", "draw", "-q", "-r", str(dpi), "-o", str(out), str(pdf), str(page + 1)],
                   check=True, capture_output=True)
    return Image.open(out).convert("L")


def dark_pixels(image, rect: tuple[float, float, float, float], page_height: float = 792.0,  # type: ignore[no-untyped-def]
                dpi: int = 72, inset: float = 3.0) -> int:
    """Dark pixels inside a PDF rectangle (points), its border left out."""
    scale = dpi / 72
    x1, y1, x2, y2 = rect
    box = (int((x1 + inset) * scale), int((page_height - y2 + inset) * scale),
           int((x2 - inset) * scale), int((page_height - y1 - inset) * scale))
    crop = image.crop(box)
    return sum(crop.point(lambda p: 255 if p < 128 else 0).histogram()[255:])


def field_rect(pdf: Path, name: str) -> tuple[int, tuple[float, float, float, float]]:
    """(page index, rect) of a terminal text field's widget."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/T") == name:
                return index, tuple(float(v) for v in annot["/Rect"])  # type: ignore[return-value]
    raise KeyError(name)
