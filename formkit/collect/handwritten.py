"""Handwriting from a paper form: the value a scanned writing box gives, and its picture on a report.

formkit does not read handwriting. `formkit scan` gives an inked writing box the value
``[handwritten: crops/…png]`` (:func:`marker`), the crop saved beside the outputs; the summary
report draws that picture in place of the typed answer (:class:`Crop`), tagged as a Figure whose
alternative text says what it is, so a screen reader user learns there is handwriting there
rather than hearing a file name. The report is handed the pictures' bytes: it reads no files.
The marker is for the files of that one scan (responses.csv beside crops/): the answer store keeps
the picture itself instead (formkit.store.handwriting), and the block that draws it lives with the
page engine (formkit.pdfpage.picture), so the carried-forward forms and the growth report draw it too.
"""

from __future__ import annotations

import re

from ..pdfpage.picture import CROP_DPI, Picture

_MARKER = re.compile(r"\[handwritten: ([^\]\n]+)\]")


def marker(path: str) -> str:
    """The value of a writing box with handwriting in it: where its picture is."""
    return f"[handwritten: {path}]"


def crop_path(text: str) -> str | None:
    """The picture a value names when it is a :func:`marker`, else None (typed text)."""
    found = _MARKER.fullmatch(text.strip())
    return found.group(1) if found else None


class Crop(Picture):
    """A crop of a scanned writing box as a block of the report (formkit.pdfpage.picture.Picture)."""


__all__ = ["CROP_DPI", "Crop", "crop_path", "marker"]
