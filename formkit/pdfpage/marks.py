"""Marks that let a scanner read a printed page back: four corner squares and a QR code.

A printed form comes back as a picture: `formkit scan` finds the page by its QR code (which
form, which catalogue and overlays, which page, and for a pre-filled form whose) and maps the
picture onto the page from the four corner squares, so it knows where every circle was printed.
Both are drawn as Layout artifacts (a screen reader skips them), in the margins, away from
every field. The QR is drawn as vector squares from segno's matrix: the same page gives the
same bytes.

The corner squares are the same on every kind of page (:data:`CORNERS`); where the QR goes is
each document's choice (its footer makes room), since a scanner finds the QR by looking for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PREFIX = "FK1"  # the payload's format; a reader refuses any other
SEP = "|"
MARK_SIZE = 12.0  # the corner squares' side, points
MARK_INSET = 16.0  # from the page edges to the squares' outer sides (inside most printers' reach)
MODULE = 1.8  # one QR module, points: read at 150 dpi after blur, noise and JPEG (measured, see formkit.scan)
QUIET = 4.0  # points kept clear around the QR by the documents that place it


@dataclass(frozen=True)
class PageCode:
    """What a page's QR says, but the page number: the same for every page of one document.

    ``form`` names the document so it can be drawn again: "S.s.CC1" (the self-assessment
    mini-tool of CC1 as the person's own; "S.v.CC1" the supervisor's), "B.s" (the booklet),
    "C.<board>" (a checklist). ``person`` is the person or applicant id of a pre-filled form.
    """

    form: str
    catalog_id: str
    version: str
    fingerprint: str
    person: str = ""

    def payload(self, page: int) -> str:
        """The QR text of page ``page`` (from 1)."""
        parts = (PREFIX, self.form, self.catalog_id, self.version, self.fingerprint, str(page), self.person)
        for part in parts:
            if SEP in part:
                raise ValueError(f"a scan code part may not hold {SEP!r}: {part!r}")
        return SEP.join(parts)


def parse_payload(text: str) -> tuple[PageCode, int]:
    """(code, page) from a QR's text; ValueError when it is not a formkit page code."""
    parts = text.split(SEP)
    if len(parts) != 7 or parts[0] != PREFIX or not parts[5].isdigit():
        raise ValueError("not a formkit page code")
    return PageCode(parts[1], parts[2], parts[3], parts[4], parts[6]), int(parts[5])


def corners(width: float = 612.0, height: float = 792.0) -> tuple[tuple[float, float], ...]:
    """The corner squares' centres in page points (origin bottom left): bottom left, bottom
    right, top right, top left."""
    near = MARK_INSET + MARK_SIZE / 2
    return ((near, near), (width - near, near), (width - near, height - near), (near, height - near))


def qr_matrix(text: str) -> list[list[int]]:
    """The QR's modules (1 = dark), error correction M when it fits version 5, else L."""
    import segno

    try:
        code = segno.make_qr(text, error="M", boost_error=False, version=None)
        if int(code.version) > 5:
            code = segno.make_qr(text, error="L", boost_error=False)
    except segno.DataOverflowError:
        raise ValueError(f"the scan code is too long for a QR code: {text[:40]}…") from None
    return [list(row) for row in code.matrix]


def qr_side(text: str, module: float = MODULE) -> float:
    """The QR's side in points (without its quiet zone)."""
    return len(qr_matrix(text)) * module


def draw_marks(canvas: Any, tags: Any, code: PageCode, page: int, qr_right: float, qr_top: float, *,
               module: float = MODULE, width: float = 612.0, height: float = 792.0) -> None:
    """The corner squares and page ``page``'s QR, its top right corner at (``qr_right``, ``qr_top``);
    a page with little margin (the checklist's) may draw smaller ``module``s, read from 200 dpi."""
    matrix = qr_matrix(code.payload(page))
    with tags.artifact("Layout"):
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        for x, y in corners(width, height):
            canvas.rect(x - MARK_SIZE / 2, y - MARK_SIZE / 2, MARK_SIZE, MARK_SIZE, stroke=0, fill=1)
        left = qr_right - len(matrix) * module
        for r, row in enumerate(matrix):
            y = qr_top - (r + 1) * module
            for start, length in _runs(row):
                canvas.rect(left + start * module, y, length * module, module, stroke=0, fill=1)
        canvas.restoreState()


def _runs(row: list[int]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules: one rectangle per run, not per module."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, dark in enumerate(row + [0]):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


__all__ = ["MARK_INSET", "MARK_SIZE", "MODULE", "PageCode", "QUIET", "corners", "draw_marks", "parse_payload",
           "qr_matrix", "qr_side"]
