"""Handwriting into the answer store as pictures, and back out with the answers it belongs to.

formkit does not read handwriting: `formkit scan` gives a writing box with ink in it the value
"[handwritten: crops/….png]" (formkit.collect.handwritten.marker), a path under that scan's output
folder. That path must not reach the store: a carried-forward form would print it under "Last time
you planned…", a growth report in its plan history, and a store shared over PostgreSQL could never
find the file. So before a scanned form is stored (:func:`lifted`), each such value becomes
:data:`HANDWRITTEN` in its text column and the crop's PNG bytes a row of the ``handwriting`` table,
keyed by where the box was (a plan row's column, a category's reflection, a competency's notes).
The store's read methods hand the bytes back with the rows they belong to (formkit.store.reads
plans_of, reflections_of), that text then "", and the documents draw the pictures.

The text stays not blank on purpose: a handwritten support box is support asked for, as a typed
one is, and the cohort tallies (formkit.store.tallies) count and later subtract a plan row's
support from its text. Migration r0004 turns an older store's "[handwritten: crops/….png]" into
the same text, so its tallies stay exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..collect.handwritten import crop_path
from .records import NOTES, PLAN, REFLECTION
from .storable import Storable

HANDWRITTEN = "[handwritten]"  # the text column of a box written by hand: not blank, and no path
PLAN_TEXT = {"goal": 2, "steps": 3, "support": 4, "date": 5}  # plan row (scope, row, goal, steps, support, date)
NOTES_AT = 7  # an answer row's notes (formkit.store.storable.Storable.answers)
NOT_READ = "the picture of the handwriting in {box} could not be read ({path}): stored without it"
HANDWRITING_COLUMNS = ("submission_id", "section", "owner", "row", "box", "png")

Reader = Callable[[str], "bytes | None"]  # a crop's path (as the marker names it) -> its PNG bytes, None if gone


def lifted(form: Storable, read: Reader) -> Storable:
    """``form`` with every handwriting marker's text made HANDWRITTEN and its crop kept in ``pictures``
    (read by ``read``); a crop that cannot be read is a note of the form, its text HANDWRITTEN still."""
    pictures: list[tuple[str, str, int, str, bytes]] = []
    notes: list[str] = []

    def take(text: str, section: str, owner: str, row: int, box: str) -> str:
        path = crop_path(text) if text else None
        if path is None:
            return text
        png = read(path)
        if png:
            pictures.append((section, owner, row, box, png))
        else:
            notes.append(NOT_READ.format(box=f"{owner} {box}", path=path))
        return HANDWRITTEN

    answers = tuple((*row[:NOTES_AT], take(row[NOTES_AT], NOTES, row[0], 0, NOTES), *row[NOTES_AT + 1:])
                    for row in form.answers)
    plans = []
    for row in form.plans:
        cells = list(row)
        for column, at in PLAN_TEXT.items():
            cells[at] = take(cells[at], PLAN, row[0], row[1], column)
        plans.append(tuple(cells))
    reflections = tuple((category, key, take(text, REFLECTION, category, 0, key))
                        for category, key, text in form.reflections)
    if not pictures and not notes:
        return form
    return replace(form, answers=answers, plans=tuple(plans), reflections=reflections,
                   pictures=(*form.pictures, *pictures), notes=(*form.notes, *notes))


def picture_rows(submission_id: int, form: Storable) -> list[tuple[Any, ...]]:
    """The ``handwriting`` rows of one stored form, in HANDWRITING_COLUMNS order."""
    return [(submission_id, *picture) for picture in form.pictures]


__all__ = ["HANDWRITING_COLUMNS", "HANDWRITTEN", "lifted", "picture_rows"]
