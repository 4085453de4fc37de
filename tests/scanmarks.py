"""Scans of formkit's forms with chosen answers marked (tests/scancorpus.py marks at random)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from scancorpus import draw_mark, page_pixels, radio_groups, scanner

from formkit.pdfform.read import read_form


def marked_pages(pdf: bytes, marks: dict[str, list[str]], rng: np.random.Generator, dpi: int = 200,
                 bw: bool = False) -> list[Image.Image]:
    """Every page of ``pdf`` scanned, with a pen mark in each circle ``marks`` names (field -> values:
    two values are a double mark)."""
    import pypdfium2 as pdfium

    schema = read_form(pdf).schema
    doc = pdfium.PdfDocument(pdf)
    count = len(doc)
    doc.close()
    images = []
    for page in range(1, count + 1):
        img = Image.fromarray(page_pixels(pdf, page - 1, dpi))
        draw = ImageDraw.Draw(img)
        for name, choices in radio_groups(schema, page).items():
            for value, rect in choices:
                if value in marks.get(name, []):
                    draw_mark(draw, rect, dpi, "fill" if len(marks[name]) > 1 else "tick", rng)
        images.append(scanner(np.asarray(img), rng, bw=bw))
    return images
