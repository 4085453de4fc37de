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
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ..core._memo import remember

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
        self._handle = handle
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
        The text comes from :func:`rows_between`, in one write.
        """
        self._handle.write(rows_between(head, rows, tail))


# Each text cell's text as a row of the CSV holds it (guarded, quoted where needed), by the cell.
# The csv module looks at every character of every cell twice (one C call per character for the
# line terminator): in collect that was 5.4 M of a booklet's 38.6 M instructions, though most
# cells (a statement, its id, a rating's label, an empty note) are the same in every form.
_CELLS: dict[str, str] = {}
MAX_CELLS = 4096


def rows_between(head: Iterable[object], rows: Iterable[Iterable[object]], tail: Iterable[object]) -> str:
    """The text :meth:`SafeWriter.writerows` writes for ``[*head, *row, *tail]`` per row.

    The csv module writes a cell the same way wherever it stands in a row of two or more, so
    the row is its cells' texts joined by commas: the head and tail cells are written once per
    call, a text cell of the rows once per distinct text (:data:`_CELLS`), each by the csv
    module itself. A row of one cell (written ``""`` when empty) is left to the csv module.
    """
    first, last = [guard(cell) for cell in head], [guard(cell) for cell in tail]
    out = io.StringIO()
    plain = csv.writer(out, lineterminator=LINE_END)
    if not first and not last:  # nothing shared: every row as the csv module writes it
        plain.writerows(list(map(guard, row)) for row in rows)
        return out.getvalue()
    one = _OneCell(out, plain)
    start, end = [one.row(first)] if first else [], [one.row(last)] if last else []
    known, text = _CELLS, one.text
    lines = []
    for row in rows:
        line = ",".join([*start, *[known[c] if type(c) is str and c in known else text(c) for c in row], *end])
        if not line:  # a row of one empty cell
            plain.writerow([*first, *map(guard, row), *last])
            line = one.take()
        lines.append(line)
    lines.append("")
    return LINE_END.join(lines)


class _OneCell:
    """Cells written by the csv module into ``out``, read back as text (see rows_between)."""

    def __init__(self, out: io.StringIO, plain: Any) -> None:
        self.out, self.plain = out, plain

    def take(self) -> str:
        """What was written since the last take, without its line end; ``out`` emptied."""
        written = self.out.getvalue()
        self.out.seek(0)
        self.out.truncate()
        return written[:-len(LINE_END)]

    def row(self, cells: list[str]) -> str:
        """Guarded ``cells`` as a part of a longer row (no line end)."""
        self.plain.writerow([*cells, ""])
        return self.take()[:-1]  # the empty cell written after them: a comma

    def text(self, cell: object) -> str:
        """One cell of a longer row; a text cell is kept in _CELLS."""
        written = self.row([guard(cell)])
        if type(cell) is str:
            remember(_CELLS, cell, written, MAX_CELLS)
        return written


def writer(handle: TextIO | Any) -> SafeWriter:
    return SafeWriter(handle)


def reader(handle: TextIO | Any) -> Iterator[list[str]]:
    """Rows of a CSV formkit wrote, each cell as it was before :func:`guard`."""
    for row in csv.reader(handle):
        yield [unguard(cell) for cell in row]


__all__ = ["GUARD", "SafeWriter", "guard", "has_control", "reader", "rows_between", "unguard", "writer"]
