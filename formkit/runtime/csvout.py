"""The one way formkit writes CSV: cells a spreadsheet shows as text, that still read back exactly.

Every CSV formkit writes (responses.csv, the batch index.csv, the catalogue export) is opened
by people in Excel or LibreOffice, and holds text typed by others (answers, names, applicant
ids, overlay wording). A spreadsheet runs a cell starting with '=', '+', '-' or '@' as a
formula (also after a tab, carriage return or line feed), including the "minus-digit" form
``-2+3+cmd|' /C calc'!A0``. Following OWASP's CSV-injection advice, such a cell gets a
leading apostrophe (the GUARD): spreadsheets show the rest as plain text.

Reading back exactly (Python's csv module, or any reader)::

    from formkit.runtime.csvout import unguard
    value = unguard(cell)   # drops the apostrophe formkit added, and only that one

A cell that starts with an apostrophe of its own is guarded too (``'x`` is written ``''x``), so
:func:`unguard` can always tell the guard from the text: for any text without control characters
other than tab, CR and LF, ``unguard(guard(text)) == text``. The other C0 control characters
(NUL stops some CSV readers, Excel shows the rest as boxes or drops the row; none is typed on
purpose) are written as U+FFFD, the replacement character: visible, and never a second cell.
:func:`has_control` tells a caller whose text will change, so it can say so.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

GUARD = "'"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls but tab, LF, CR
TRIGGERS = frozenset("=+-@\t\r\n")  # OWASP's list, plus line feed (a cell's text may start with one)
_STARTS = TRIGGERS | {GUARD}
LINE_END = "\r\n"  # what Excel writes; csv.reader reads any


def guard(value: object) -> str:
    """The text of one cell, made safe to open in a spreadsheet (see the module docstring)."""
    text = "" if value is None else str(value)
    if has_control(text):
        text = _CONTROL.sub("\ufffd", text)
    if text[:1] in _STARTS:
        return GUARD + text
    return text


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character the CSV will show as U+FFFD."""
    return _CONTROL.search(text) is not None


def unguard(cell: str) -> str:
    """The text :func:`guard` was given: one leading apostrophe removed where guard added it."""
    if cell[:1] == GUARD and cell[1:2] in _STARTS:
        return cell[1:]
    return cell


class SafeWriter:
    """``csv.writer`` whose every cell goes through :func:`guard`; the one CSV writer formkit uses."""

    def __init__(self, handle: TextIO | Any) -> None:
        self._writer = csv.writer(handle, lineterminator=LINE_END)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([guard(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)

    def writerows_between(self, head: Iterable[object], rows: Iterable[Iterable[object]],
                          tail: Iterable[object]) -> None:
        """Each of ``rows`` between the same ``head`` and ``tail`` cells, which are made safe once.

        What :meth:`writerows` writes for ``[*head, *row, *tail]``: collect's 64 rows per form
        repeat 11 of their 17 cells, and guarding them once per row was a third of the work.
        """
        first, last = [guard(cell) for cell in head], [guard(cell) for cell in tail]
        self._writer.writerows([*first, *map(guard, row), *last] for row in rows)


def writer(handle: TextIO | Any) -> SafeWriter:
    return SafeWriter(handle)


def reader(handle: TextIO | Any) -> Iterator[list[str]]:
    """Rows of a CSV formkit wrote, each cell as it was before :func:`guard`."""
    for row in csv.reader(handle):
        yield [unguard(cell) for cell in row]


__all__ = ["GUARD", "SafeWriter", "guard", "has_control", "reader", "unguard", "writer"]
