"""Classic cross-reference tables ("xref" and rows of 20 bytes) for the fast form reader.

pdftk and pypdf rewrite a filled form with one classic table of some 2,400 rows; a viewer's
incremental save appends a small table of its own. A form's values need about 700 of those
rows, so the rows are checked in one match each subsection (a damaged row sends the file to
pypdf, as before) and read only where an object is wanted: building a dictionary of every
row cost more than reading the form's fields from it.
"""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import itemgetter

from . import budget as _budget
from .fastsyntax import Unsupported

Subsection = tuple[int, int, int]  # (first object number, row count, where its rows start)
MAX_LAZY_SUBSECTIONS = 32  # more (a hostile file could list thousands): one dictionary, built once

_XREF_ROW = re.compile(rb"(\d{10}) \d{5} ([nf])(?: \n|\r\n| \r)")
_XREF_ROWS = re.compile(rb"(?:\d{10} \d{5} [nf](?: \n|\r\n| \r))*+")  # rows of 20 bytes that tile a subsection
_SUBSECTION = re.compile(rb"\s*(\d+)\s+(\d+)[ \t]*\r?\n?")
# every digit read as "0" and "f" as "n": a table of well-formed rows that all end alike becomes
# one of these rows repeated, checked in two C passes instead of the regular expression's steps
_ROW_SHAPE = bytes.maketrans(b"123456789f", b"000000000n")
_ROW_SHAPES = tuple(b"0000000000 00000 n" + end for end in (b" \n", b"\r\n", b" \r"))


def subsections(data: bytes, pos: int) -> tuple[list[Subsection], int]:
    """The subsections of the table whose first subsection header is at ``pos``, each checked row
    by row; and where the table ends (its "trailer" follows)."""
    found: list[Subsection] = []
    rows = 0
    while True:
        m = _SUBSECTION.match(data, pos)
        if m is None:
            return found, pos
        first, count = int(m[1]), int(m[2])
        pos = m.end()
        rows += count
        _budget.check_objects(rows)
        if len(data) < pos + 20 * count or not _well_formed_rows(data, pos, count):
            raise Unsupported("odd xref entry")  # pypdf copes with the variants
        found.append((first, count, pos))
        pos += 20 * count


def _well_formed_rows(data: bytes, pos: int, count: int) -> bool:
    """Whether the ``count`` rows at ``pos`` are all "nnnnnnnnnn ggggg n|f" and an end of line of
    two bytes: first as one row shape repeated (the rows every writer makes), else row by row by
    the regular expression (rows ending in different ways, or a damaged row: the exact answer)."""
    shape = data[pos:pos + 20 * count].translate(_ROW_SHAPE)
    if any(shape == row * count for row in _ROW_SHAPES):
        return True
    return _XREF_ROWS.fullmatch(data, pos, pos + 20 * count) is not None


class TableRows:
    """The rows of a file's classic tables (newest first), read one at a time: :meth:`where`.

    An object's row is the first in-use one listing it: newer tables override older ones, and
    within a table the first listing stands (a free row is no listing), as :func:`table_rows`
    builds them. The tables a viewer appended (a few rows each) are read into :attr:`newer`
    at once; the first, large one (:attr:`base`) row by row.
    """

    def __init__(self, data: bytes, tables: list[list[Subsection]]) -> None:
        self.data = data
        self.base = tables[-1]
        self.newer: dict[int, tuple[int, ...]] = {}
        for table in reversed(tables[:-1]):
            self.newer.update(table_rows(data, table))

    def where(self, num: int) -> tuple[int, ...] | None:
        found = self.newer.get(num)
        if found is not None:
            return found
        data = self.data
        for first, count, pos in self.base:
            if first <= num < first + count:
                row = pos + 20 * (num - first)
                if data[row + 17] == 0x6E:  # "n": in use
                    return (1, int(data[row:row + 10]), 0)
        return None


def lazy_rows(data: bytes, sections: list[dict[int, tuple[int, ...]] | list[Subsection]]) -> TableRows | None:
    """The sections read one row at a time, when they are all classic tables of a few subsections
    whose rows are within the object budget (so the objects in use are too); else None."""
    tables = [section for section in sections if isinstance(section, list)]
    if len(tables) != len(sections) or sum(map(len, tables)) > MAX_LAZY_SUBSECTIONS:
        return None
    if sum(count for table in tables for _, count, _ in table) > _budget.MAX_OBJECTS:
        return None
    return TableRows(data, tables)


def table_rows(data: bytes, table: list[Subsection]) -> dict[int, tuple[int, ...]]:
    """The in-use rows of one table as (1, offset, 0) by object number (the first listing stands).

    Rows are matched by one regular expression in C, and the dictionary built in C: a Python
    step per row was most of the time of reading a file a filler rewrote.
    """
    section: dict[int, tuple[int, ...]] = {}
    for first, count, pos in table:
        rows = _XREF_ROW.findall(data, pos, pos + 20 * count)
        in_use = list(map(b"n".__eq__, map(itemgetter(1), rows)))
        offsets = map(int, compress(map(itemgetter(0), rows), in_use))
        found = dict(zip(compress(range(first, first + count), in_use), zip(repeat(1), offsets, repeat(0))))
        if section:  # an object listed twice: the first listing stands
            for num in found.keys() & section.keys():
                del found[num]
        section.update(found)
    return section
