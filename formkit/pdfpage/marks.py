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

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

PREFIX = "FK1"  # the payload's format, every part spelled out; a reader refuses any other but SHORT
SEP = "|"
SHORT = "FK2"  # the short format (PageCode.short_payload): in the QR's alphanumeric set, the catalogue as a key
SHORT_SEP = ":"
SHORT_FORM = re.compile(r"[A-Z]\.[a-z0-9.-]+")  # a form a short code carries ("C.icrc-pr"), its name read back lower
KEY_LENGTH = 6  # base32 characters of a catalogue key (catalog_key)
MARK_SIZE = 12.0  # the corner squares' side, points
MARK_INSET = 16.0  # from the page edges to the squares' outer sides (inside most printers' reach)
MODULE = 1.8  # one QR module, points: read at 150 dpi after blur, noise and JPEG (measured, see formkit.scan)
QR_MASK = 0  # every page's QR uses this mask pattern (see qr_matrix)
QUIET = 4.0  # points kept clear around the QR by the documents that place it


@dataclass(frozen=True)
class PageCode:
    """What a page's QR says, but the page number: the same for every page of one document.

    ``form`` names the document so it can be drawn again: "S.s.CC1" (the self-assessment
    mini-tool of CC1 as the person's own; "S.v.CC1" the supervisor's), "B.s" (the booklet),
    "C.<board>" (a checklist). ``person`` is the person or applicant id of a pre-filled form.
    ``key`` is the catalogue key a short code was read with (:func:`catalog_key`); such a code does
    not spell out the catalogue, so ``catalog_id``, ``version`` and ``fingerprint`` are then "".
    """

    form: str
    catalog_id: str
    version: str
    fingerprint: str
    person: str = ""
    key: str = ""

    def made_from(self, catalog_id: str, version: str, fingerprint: str) -> bool:
        """Whether the page was printed from this catalogue, version and overlays (either format)."""
        return (self.key or catalog_key(self.catalog_id, self.version, self.fingerprint)) == catalog_key(
            catalog_id, version, fingerprint)

    def payload(self, page: int, layout: str = "") -> str:
        """The QR text of page ``page`` (from 1); ``layout`` is :func:`layout_digest` of its fields."""
        parts = (PREFIX, self.form, self.catalog_id, self.version, self.fingerprint, str(page), self.person, layout)
        for part in parts:
            if SEP in part:
                raise ValueError(f"a scan code part may not hold {SEP!r}: {part!r}")
        return SEP.join(parts)

    def short_payload(self, page: int, layout: str = "") -> str:
        """The QR text of page ``page`` in the short format, "FK2:C.ICRC-PR:1:K7QZ2B:E1B44F" (form, page,
        catalogue key, layout digest): 25 to 40 characters of the QR's alphanumeric set (upper case,
        5.5 bits a character) where :meth:`payload` spells out 64 to 85 bytes. It fits a version-2 QR
        (25 modules, not 33 or 37) at a higher error correction, so the checklist's short footer can
        print its modules a third larger (1.6 pt, not 1.2); measured on 1-bit scans at 150 dpi, see
        formkit.documents.checklist.pdf. The scanner is given the catalogue and checks the key against
        it. For a form without a person, named by its kind's letter and a lower-case name ("C.icrc-pr")."""
        if self.person or not SHORT_FORM.fullmatch(self.form) or not re.fullmatch(r"[0-9a-f]*", layout):
            raise ValueError(f"a short scan code holds no person and only a form like 'C.icrc-pr': {self.form!r}")
        key = self.key or catalog_key(self.catalog_id, self.version, self.fingerprint)
        return SHORT_SEP.join((SHORT, self.form.upper(), str(page), key, layout.upper()))


def catalog_key(catalog_id: str, version: str, fingerprint: str) -> str:
    """Six base32 characters (30 bits) of a digest of the catalogue id, version and overlays'
    fingerprint: a short code's stand-in for them. A page printed from another catalogue passes for
    the one given about once in a billion, and then its layout digest still has to match."""
    import base64
    import hashlib

    digest = hashlib.sha256(SEP.join((catalog_id, version, fingerprint)).encode()).digest()
    return base64.b32encode(digest).decode()[:KEY_LENGTH]


def parse_payload(text: str) -> tuple[PageCode, int, str]:
    """(code, page, layout digest) from a QR's text, in either format; ValueError when it is not a
    formkit page code."""
    if text.startswith(SHORT + SHORT_SEP):
        return _parse_short(text)
    parts = text.split(SEP)
    if len(parts) != 8 or parts[0] != PREFIX or not parts[5].isdigit():
        raise ValueError("not a formkit page code")
    return PageCode(parts[1], parts[2], parts[3], parts[4], parts[6]), int(parts[5]), parts[7]


def _parse_short(text: str) -> tuple[PageCode, int, str]:
    """A short code read back: the form's name in lower case again, the catalogue as its key."""
    parts = text.split(SHORT_SEP)
    if len(parts) != 5 or not parts[2].isdigit() or len(parts[3]) != KEY_LENGTH:
        raise ValueError("not a formkit page code")
    form = parts[1][:2] + parts[1][2:].lower()
    return PageCode(form, "", "", "", key=parts[3]), int(parts[2]), parts[4].lower()


def layout_digest(places: Iterable[tuple[str, Sequence[float]]]) -> str:
    """Six hex digits naming where a page's fields are: (field or field=value, rectangle) pairs.

    A scanner draws the blank form again to find the circles; when the page it draws is not the
    page printed (a pre-filled form's extra lines, another formkit version), the digests differ and
    the page is not read, rather than read at the wrong places. Rectangles count to 0.01 point, as
    the embedded schema keeps them, so the renderer and the schema give the same digest."""
    import hashlib

    text = "\n".join(f"{key}:{','.join(f'{round(v, 2):.2f}' for v in rect)}" for key, rect in sorted(places))
    return hashlib.sha256(text.encode()).hexdigest()[:6]


def corners(width: float = 612.0, height: float = 792.0) -> tuple[tuple[float, float], ...]:
    """The corner squares' centres in page points (origin bottom left): bottom left, bottom
    right, top right, top left."""
    near = MARK_INSET + MARK_SIZE / 2
    return ((near, near), (width - near, near), (width - near, height - near), (near, height - near))


@functools.lru_cache(maxsize=256)
def qr_matrix(text: str) -> tuple[tuple[int, ...], ...]:
    """The QR's modules (1 = dark): the smallest version that holds ``text``, at the highest error
    correction that version allows (larger modules read better than more correction).

    The mask is fixed (QR_MASK) rather than chosen by segno's penalty scoring: scoring the eight
    masks took three quarters of the encoding time (about 5 of 6.6 ms a page, a quarter of a whole
    build's CPU), every mask is valid QR that every reader decodes, and our codes are read by
    formkit's own scanner from a printed page (tests/test_scan.py reads every page of the corpus).
    Cached because a page asks for its matrix twice: once to measure it, once to draw it."""
    import segno

    try:
        code = segno.make_qr(text, error="L", boost_error=True, mask=QR_MASK)
    except segno.DataOverflowError:
        raise ValueError(f"the scan code is too long for a QR code: {text[:40]}…") from None
    return tuple(tuple(row) for row in code.matrix)


def page_payload(code: PageCode, page: int, fields: Iterable[Any], *, short: bool = False) -> str:
    """The QR text of page ``page`` (from 1) whose form fields (formkit.pdfform.writer.Field: name,
    page from 0, rect, choices, choice_rects) are ``fields``: the code, the page and its layout;
    ``short``: in the short format (:meth:`PageCode.short_payload`)."""
    places: list[tuple[str, Sequence[float]]] = []
    for fld in fields:
        if fld.page != page - 1:
            continue
        places.append((fld.name, fld.rect))
        places += [(f"{fld.name}={value}", rect) for (value, _label), rect in zip(fld.choices, fld.choice_rects)]
    layout = layout_digest(places)
    return code.short_payload(page, layout) if short else code.payload(page, layout)


def qr_side(text: str, module: float = MODULE) -> float:
    """The QR's side in points (without its quiet zone)."""
    return len(qr_matrix(text)) * module


def draw_marks(canvas: Any, tags: Any, payload: str, qr_right: float, qr_top: float, *,
               module: float = MODULE, width: float = 612.0, height: float = 792.0) -> None:
    """The corner squares and a page's QR holding ``payload`` (:meth:`PageCode.payload`), its top right
    corner at (``qr_right``, ``qr_top``); a page with a short footer (the checklist's) draws a short
    code (:meth:`PageCode.short_payload`) of its own ``module``."""
    matrix = qr_matrix(payload)
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


def _runs(row: Sequence[int]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules: one rectangle per run, not per module."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, dark in enumerate([*row, 0]):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


__all__ = [
    "MARK_INSET",
    "MARK_SIZE",
    "MODULE",
    "QUIET",
    "PageCode",
    "catalog_key",
    "corners",
    "draw_marks",
    "layout_digest",
    "page_payload",
    "parse_payload",
    "qr_matrix",
    "qr_side",
]
