"""One scanned page read: located, every circle decided, every inked writing box cropped.

Nothing here guesses: a page that is not registered keeps its reason and no answers; a group
that is not clearly one mark is "review" (formkit.scan.marks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..pdfpage.marks import PageCode
from .forms import Form, Forms, PageLayout, UnknownForm
from .locate import NotRegistered, locate
from .marks import Decision, decide, read_circles
from .pages import Page

BOX_INSET = 2.5  # points inside a writing box's printed border, where ink means handwriting
BOX_INK = 0.004  # share of a box's inside that must be ink before it is cropped
BOX_WORD = 24  # or this many points² of ink, whatever the box's size: a line written in a big narrative box
CROP_DPI = 150  # crops are saved at this resolution (enough to read handwriting)


@dataclass
class ScannedPage:
    """What one scanned page gave: its code and page, each group's decision, the PNG crops of its
    inked writing boxes and of each doubtful group; or the reason it could not be read."""

    file: str
    number: int
    code: PageCode | None = None
    page: int = 0
    form: Form | None = None
    decisions: list[Decision] = field(default_factory=list)
    crops: dict[str, bytes] = field(default_factory=dict)  # writing box field -> PNG
    review_crops: dict[str, bytes] = field(default_factory=dict)  # doubtful radio field -> PNG
    problem: str = ""


def read_page(scan: Page, forms: Forms) -> ScannedPage:
    """The page's reading, or its one-line problem (never an exception for a bad page)."""
    out = ScannedPage(scan.file, scan.number)
    try:
        found = locate(scan.pixels)
        out.code, out.page = found.code, found.page
        out.form, layout = forms.page(found.code, found.page, found.layout)
    except (NotRegistered, UnknownForm) as exc:
        out.problem = str(exc)
        return out
    readings = read_circles(found.pixels, found.homography, found.paper, layout.circles, layout.samples)
    by_field: dict[str, list[Any]] = {}
    for circle, reading in zip(layout.circles, readings):
        by_field.setdefault(circle.field, []).append(reading)
    for name, values in layout.groups.items():
        decision = decide(name, values, by_field.get(name, []))
        out.decisions.append(decision)
        if decision.reason:
            out.review_crops[name] = _crop(found, _group_box(layout, name))
    for name, box in layout.boxes.items():
        if _inked(found, box):
            out.crops[name] = _crop(found, box)
    for name, box in layout.regions.items():  # a checklist's hours logs, cropped whole for a person to add up
        out.crops[name] = _crop(found, box)
    return out


def _group_box(layout: PageLayout, name: str) -> tuple[float, float, float, float]:
    """A radio group's row on the page: its circles and their printed labels, with some room."""
    xs = [c.x for c in layout.circles if c.field == name]
    ys = [c.y for c in layout.circles if c.field == name]
    return (max(min(xs) - 20, 0), max(min(ys) - 18, 0), min(max(xs) + 120, 612), min(max(ys) + 12, 792))


def _warp(found: Any, box: tuple[float, float, float, float], dpi: float) -> Any:
    """The box of the page, cut from the scan and straightened, at ``dpi``."""
    import cv2
    import numpy as np

    x0, y0, x1, y1 = box
    scale = dpi / 72
    w, h = max(int((x1 - x0) * scale), 1), max(int((y1 - y0) * scale), 1)
    to_page = np.array([[1 / scale, 0, x0], [0, 1 / scale, y0], [0, 0, 1]], dtype=np.float64)
    return cv2.warpPerspective(found.pixels, found.homography @ to_page, (w, h),
                               flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderValue=int(found.paper))


def _inked(found: Any, box: tuple[float, float, float, float]) -> bool:
    """Whether the inside of a writing box holds handwriting (a little ink, not just noise)."""
    import cv2

    x0, y0, x1, y1 = box
    if x1 - x0 <= 2 * BOX_INSET or y1 - y0 <= 2 * BOX_INSET:
        return False
    inner = (x0 + BOX_INSET, y0 + BOX_INSET, x1 - BOX_INSET, y1 - BOX_INSET)
    if not _dark_enough(_warp(found, inner, 72), found.paper):  # most boxes are empty: one cheap look
        return False
    # cut at 3 pixels a point and averaged down to one: a black-and-white scan dithers a box's grey
    # background into dots, which are not ink; a pen's stroke (a point or more wide) stays dark
    inside = _warp(found, inner, 216)
    inside = cv2.resize(inside, (max(inside.shape[1] // 3, 1), max(inside.shape[0] // 3, 1)),
                        interpolation=cv2.INTER_AREA)
    return _dark_enough(inside, found.paper)


def _dark_enough(inside: Any, paper: float) -> bool:
    """A share of ink, or an amount of ink (at a pixel a point) that handwriting leaves."""
    import numpy as np

    dark = inside < paper * 0.55
    return float(np.mean(dark)) >= BOX_INK or int(np.count_nonzero(dark)) >= BOX_WORD


def _crop(found: Any, box: tuple[float, float, float, float]) -> bytes:
    """The box as a PNG (the same pixels give the same bytes).

    Written by OpenCV unfiltered, its runs deflated (zlib level 1, run-length): the same pixels as
    Pillow's adaptively filtered PNG, within 1 % of its size, in a third of the time (crops, some 20
    a checklist page, were 40 % of reading one)."""
    import cv2

    options = [cv2.IMWRITE_PNG_COMPRESSION, 1, cv2.IMWRITE_PNG_STRATEGY, cv2.IMWRITE_PNG_STRATEGY_RLE,
               cv2.IMWRITE_PNG_FILTER, cv2.IMWRITE_PNG_FILTER_NONE]
    done, png = cv2.imencode(".png", _warp(found, box, CROP_DPI), options)
    if not done:  # pragma: no cover - OpenCV encodes any 8-bit grey picture
        raise RuntimeError("OpenCV could not encode a crop as PNG")
    return bytes(png)


__all__ = ["ScannedPage", "read_page"]
