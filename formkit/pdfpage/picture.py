"""A picture of handwriting as a block of a page: a scanned writing box drawn where its text would be.

formkit does not read handwriting: a writing box with ink in it comes back from `formkit scan` as
a PNG crop at CROP_DPI. Every document that shows such an answer later (the scan's summary, the
carried-forward form's "Last time you planned…", the growth report) draws the crop with this one
block, so each treats it alike: trimmed to its ink (a short note in a wide box is not drawn small),
fitted to the room it is given but never enlarged, never cut across pages, framed, and tagged as
a Figure whose alternative text says what it is, so a screen reader user learns there is
handwriting there rather than hearing a file name. The block is handed the bytes: it reads no files.
"""

from __future__ import annotations

import io
from typing import Any

CROP_DPI = 150  # the crops' resolution (formkit.scan.read saves them at this): their natural size on a page
TRIM_MARGIN = 6  # pixels of paper kept around the ink when a crop is trimmed
BORDER = 8  # pixels at a crop's edges where the box's printed border is (2.5 points inside at 150 dpi, and some)
FRAME_GREY = (0.6, 0.6, 0.6)


class Picture:
    """A crop of a scanned writing box as a block: at most ``max_height`` points tall, drawn as a
    Figure with ``alt`` as its alternative text (``wrap``, ``split`` and ``draw_in``, as the report
    tables' cells and the page flows take them)."""

    def __init__(self, png: bytes, alt: str, max_height: float = 120.0) -> None:
        self.png, self.alt, self.max_height = trimmed(png), alt, max_height
        from PIL import Image

        with Image.open(io.BytesIO(self.png)) as img:
            self.natural = (img.width * 72 / CROP_DPI, img.height * 72 / CROP_DPI)
        self.width = self.height = 0.0

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        w, h = self.natural
        scale = min(width / w, self.max_height / h, 1.0)
        self.width, self.height = w * scale, h * scale
        return self.width, self.height

    def split(self, width: float, height: float) -> list[Any]:
        return []  # a picture is never cut across pages: it moves whole

    def draw_in(self, flow: Any, x: float, y: float) -> None:
        """Draw at (x, y), the bottom left corner, as a Figure of the flow's current element."""
        from reportlab.lib.utils import ImageReader

        box = [round(v, 2) for v in (x, y, x + self.width, y + self.height)]
        with flow.element("Figure", Alt=self.alt, A={"O": "Layout", "BBox": box}), flow.marked():
            flow.c.drawImage(ImageReader(io.BytesIO(self.png)), x, y, self.width, self.height)
            flow.c.saveState()
            flow.c.setStrokeColorRGB(*FRAME_GREY)
            flow.c.setLineWidth(0.5)
            flow.c.rect(x, y, self.width, self.height, stroke=1, fill=0)
            flow.c.restoreState()


def trimmed(png: bytes) -> bytes:
    """The crop cut to the box around its ink, with a little paper (the same bytes for the same crop).
    The box's printed border, at its edges, is not ink: the outer BORDER pixels are not looked at."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(png)) as img:
        grey = img.convert("L")
        w, h = grey.size
        if w <= 3 * BORDER or h <= 3 * BORDER:
            return png
        paper = _level(grey.histogram(), 0.9 * w * h)  # most of a writing box is paper
        ink = ImageOps.invert(grey.crop((BORDER, BORDER, w - BORDER, h - BORDER)))
        found = ink.point(lambda v: 255 if v > 255 - paper * 0.55 else 0).getbbox()
        if found is None:
            return png
        near, far = BORDER - TRIM_MARGIN, BORDER + TRIM_MARGIN  # the ink's box in the whole crop, with margin
        box = (max(found[0] + near, 0), max(found[1] + near, 0), min(found[2] + far, w), min(found[3] + far, h))
        out = io.BytesIO()
        grey.crop(box).save(out, "PNG", compress_level=6)
        return out.getvalue()


def _level(histogram: list[int], count: float) -> int:
    """The grey level below which ``count`` of the pixels lie."""
    seen = 0
    for level, n in enumerate(histogram):
        seen += n
        if seen >= count:
            return level
    return 255


__all__ = ["CROP_DPI", "Picture", "trimmed"]
