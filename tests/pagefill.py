"""How full is each page of a PDF, measured from what is on it (not from the layout's own numbers).

The used height of a page is the distance from the top of its body (below the top margin) to
the lowest word or form box in the body; the footer below the body is not counted. Words come
from poppler's ``pdftotext -bbox`` and boxes from the widgets' /Rect (an empty plan table is
nothing but boxes), so the measure sees the page as a reader does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from conftest import run_tool

WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')
PAGE = re.compile(r"<page width=\"[\d.]+\" height=\"([\d.]+)\">(.*?)</page>", re.S)


@dataclass(frozen=True)
class PageFill:
    """One page: its number (from 1), the body's height and how much of it is used (points)."""

    number: int
    body: float
    used: float

    @property
    def share(self) -> float:
        return self.used / self.body


def page_fills(pdf: Path, *, top: float, bottom: float) -> list[PageFill]:
    """Every page's fill; ``top`` and ``bottom`` are the body's edges in PDF points from the page bottom."""
    from pypdf import PdfReader

    text = run_tool("pdftotext", "-bbox", str(pdf), "-").stdout
    pages = PAGE.findall(text)
    reader = PdfReader(str(pdf))
    assert len(pages) == len(reader.pages)
    out = []
    for number, ((height, body), page) in enumerate(zip(pages, reader.pages), start=1):
        lows = [float(height) - float(y_max) for _, y_max in WORD.findall(body)]  # baseline-ish bottoms
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Widget":
                lows.append(float(annot["/Rect"][1]))
        inside = [y for y in lows if bottom - 1 <= y <= top + 1]
        used = top - min(inside) if inside else 0.0
        out.append(PageFill(number, top - bottom, used))
    return out
