"""Reading the answers of a flattened form back from its pages.

``pdftk F output G flatten`` and ``qpdf --flatten-annotations=all`` turn every field into
drawing: the widget's appearance is placed on the page as a form XObject at the widget's
rectangle, and the fields are removed. formkit's embedded schema survives and records where
each field was (``rect``, and for a radio group each circle's ``rect``), so each answer is
read from the appearance placed at its field's corner:

- a text field: the text drawn inside that appearance, and nothing else on the page (the
  labels and placeholders the blank form prints are page text, not in any appearance);
  a multi-line answer comes back with one line per printed line, so a line the box wrapped
  and a line the person ended with Enter both end in a newline;
- a radio group: the circle whose appearance has a dark mark (a filled dot, or a glyph);
- a checkbox: its on-state when its appearance has a mark (a tick drawn as lines counts).

Whenever that cannot be done reliably (the schema has no positions, nothing is placed where
the fields were, a group shows two marks, no answer at all is found) the file is refused
with :class:`FlattenedCopy`, never read as a blank form.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..pdfform.pagebudget import pages_within_budget
from ..pdfform.pageobjects import Box, Placed, iter_pages, open_pdf, placed_forms
from .placement import as_box

TOLERANCE = 2.0  # points between a field's corner and where a flattener placed its appearance
READ_KINDS = ("text", "multiline", "radio", "checkbox")


class FlattenedCopy(Exception):
    """A flattened form whose answers cannot be read back reliably (the one-line reason)."""


def unreadable(why: str, what: str = "self-assessment") -> FlattenedCopy:
    return FlattenedCopy(f"a flattened copy of a formkit {what} (its fields were turned into page "
                         f"drawing) whose answers cannot be read back: {why}")


def fields_gone(schema: dict[str, Any], values: dict[str, str]) -> bool:
    """True when none of the schema's fields is in the file: flattened (or printed)."""
    return not any(isinstance(f, dict) and f.get("name") in values for f in schema.get("fields", []))


def read_flattened(source: str | Path | bytes, schema: dict[str, Any],
                   what: str = "self-assessment") -> dict[str, str]:
    """Each field's answer by name, read from the pages; raises FlattenedCopy (naming the form as ``what``)."""
    try:
        return _read_flattened(source, schema)
    except FlattenedCopy as exc:
        raise unreadable(exc.args[0], what) from None


def _read_flattened(source: str | Path | bytes, schema: dict[str, Any]) -> dict[str, str]:
    fields = [f for f in schema.get("fields", []) if isinstance(f, dict) and f.get("kind") in READ_KINDS]
    if not any(_has_position(f) for f in fields):
        raise FlattenedCopy("the form records no field positions; it was made before formkit kept them")
    pages = {f["page"] for f in fields if isinstance(f.get("page"), int)}
    if not pages_within_budget(source, pages):
        raise FlattenedCopy("its pages hold more drawing than a form does, or cannot be walked safely")
    try:
        doc = open_pdf(source)
    except Exception as exc:  # noqa: BLE001 - PDFium refuses it: say so in the one line
        raise FlattenedCopy(f"PDFium cannot open it: {exc}") from None
    try:
        placed = {page: placed_forms(doc, page) for page in iter_pages(doc, pages)}
        values: dict[str, str] = {}
        found = 0
        for fld in fields:
            answer = _answer(fld, placed.get(fld.get("page", -1), []))
            if answer is not None:
                found += 1
                values[fld["name"]] = answer
    finally:
        doc.close()
    if not found:
        raise FlattenedCopy("nothing is drawn where its fields were")
    if not any(values.values()):
        raise FlattenedCopy("no answer was found on its pages")
    return values


def _answer(fld: dict[str, Any], placed: list[Placed]) -> str | None:
    """The field's answer, '' when it is empty, None when nothing was placed where it was."""
    kind = fld["kind"]
    if kind in ("text", "multiline"):
        shown = _at(as_box(fld.get("rect")), placed)
        if not shown:
            return None
        lines = [line for p in shown for line in p.lines()]
        return ("\n" if kind == "multiline" else " ").join(lines)
    choices = [c for c in fld.get("choices", []) if isinstance(c, dict)]
    circles = _circles(fld, choices, placed)
    if circles is None:
        return None
    marked = [c["value"] for c, shown in zip(choices, circles) if any(_marked(p, kind) for p in shown)]
    if len(marked) > 1:
        raise FlattenedCopy(f"{fld.get('name')} shows {len(marked)} marks")
    return str(marked[0]) if marked else ""


def _circles(fld: dict[str, Any], choices: list[dict[str, Any]], placed: list[Placed]) -> list[list[Placed]] | None:
    """The appearances placed at each choice's circle (exact when the schema has each circle's rect).

    With only the group's rect, the appearances placed inside it are taken in reading order
    (rows top to bottom, each left to right), as formkit lays circles out, and only when
    there is exactly one per choice.
    """
    if choices and all(as_box(c.get("rect")) for c in choices):
        shown = [_at(as_box(c.get("rect")), placed) for c in choices]
        return shown if any(shown) else None
    group = as_box(fld.get("rect"))
    if group is None or not choices:
        return None
    inside = [p for p in placed if _within(p.origin, group)]
    if len(inside) != len(choices):
        return None
    inside.sort(key=lambda p: (-round(p.origin[1]), p.origin[0]))
    return [[p] for p in inside]


def _marked(shown: Placed, kind: str) -> bool:
    """A dark mark: a filled dot or a glyph; for a checkbox also a tick drawn as lines."""
    return bool(shown.dark_fills or shown.texts or (kind == "checkbox" and shown.dark_strokes))


def _at(rect: Box | None, placed: Iterable[Placed]) -> list[Placed]:
    """The appearances a flattener placed at ``rect``'s lower-left corner."""
    if rect is None:
        return []
    return [p for p in placed
            if abs(p.origin[0] - rect[0]) <= TOLERANCE and abs(p.origin[1] - rect[1]) <= TOLERANCE]


def _within(point: tuple[float, float], rect: Box) -> bool:
    return (rect[0] - TOLERANCE <= point[0] <= rect[2] + TOLERANCE
            and rect[1] - TOLERANCE <= point[1] <= rect[3] + TOLERANCE)


def _has_position(fld: dict[str, Any]) -> bool:
    return as_box(fld.get("rect")) is not None or any(
        isinstance(c, dict) and as_box(c.get("rect")) for c in fld.get("choices", []) or [])


__all__ = ["FlattenedCopy", "fields_gone", "read_flattened"]
