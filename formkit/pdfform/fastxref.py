"""Cross-reference data and objects of one PDF, for the fast form reader: :class:`FastPdf`.

Follows cross-reference tables and streams (incremental updates included), decompresses
object streams with zlib within a ceiling, and parses an object only when it is asked for.
Encryption, filters other than Flate, TIFF predictors and damaged cross-references raise
:class:`~formkit.pdfform.fastsyntax.Unsupported`, so pypdf reads such files instead.
"""

from __future__ import annotations

import re
import struct
import zlib
from itertools import compress
from operator import itemgetter
from typing import Any

from . import budget as _budget
from .fastsyntax import OBJ_HEAD, Ref, Unsupported, parse_keys, parse_object
from .fasttable import Subsection, TableRows, lazy_rows, subsections, table_rows

MAX_INFLATED = 64 * 1024 * 1024  # a form's streams are far smaller; more is a compression bomb
PREFETCH_WINDOW = 8192  # a field dictionary is a few hundred bytes; a longer text is found by own_text
_HEAD_END = re.compile(OBJ_HEAD.pattern.replace(b"(", b"").replace(b")", b""))  # OBJ_HEAD, no groups to keep
_IN_USE = frozenset({1, 2}).__contains__  # cross-reference stream entry types of objects in use


def inflate(body: bytes, limit: int = MAX_INFLATED) -> bytes:
    """zlib-decompress with a ceiling, so a hostile file cannot make us allocate gigabytes.

    Past ``limit`` the file is over its budget (no other reader may try again: pypdf
    would inflate it all); what is inflated is charged to the file's budget.
    """
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(body, limit)
    except zlib.error as exc:
        raise Unsupported(f"bad compressed data ({exc})") from None
    if inflater.unconsumed_tail:
        raise _budget.OverBudget(f"a stream inflates past {limit >> 20} MB")
    _budget.current().charge_inflated(len(data))
    return data


def _png_unpredict(data: bytes, columns: int) -> bytes:
    """Undo PNG predictors None/Sub/Up (what qpdf and pdftk write for xref streams)."""
    row_len = columns + 1
    out = bytearray()
    prev = bytearray(columns)
    tick = _budget.current().tick
    for start in range(0, len(data), row_len):
        tick(row_len)
        kind, row = data[start], bytearray(data[start + 1:start + row_len])
        if kind == 1:
            for i in range(1, len(row)):
                row[i] = (row[i] + row[i - 1]) & 0xFF
        elif kind == 2:
            for i in range(len(row)):
                row[i] = (row[i] + prev[i]) & 0xFF
        elif kind != 0:
            raise Unsupported("PNG predictor")
        out += row
        prev = row
    return bytes(out)


class FastPdf:
    """Objects of one PDF, parsed on demand."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(b"%PDF-"):
            raise Unsupported("no header")
        self.data = data
        self.offsets: dict[int, tuple[int, ...]] = {}  # num -> (1, offset, 0) | (2, stream, index)
        # cross-reference sections, newest first: a stream's as a dictionary, a classic table's as
        # its subsections (first object, count, where its rows start), validated but not yet read
        self._sections: list[dict[int, tuple[int, ...]] | list[Subsection]] = []
        self._rows: TableRows | None = None  # classic tables read one row at a time (offsets unused)
        self._table: Subsection | None = None  # the one subsection of a one-table file: read inline
        self.parsed: dict[int, Any] = {}  # objects parsed whole so far, by number
        self._objstm: dict[int, tuple[bytes, list[int], int, list[int]]] = {}
        self._own: dict[int, bytes] = {}  # own_text's answers: a second look at the fields (collect's checks) reuses them
        # (field name, widget, its own text or b"", its /Rect and /AP bytes or None) as field_values
        # found them, in order: what collect's placement check reads (fastfields.match_field's shape)
        self.widgets: list[tuple[str, Any, bytes, Any]] = []
        self.trailer: dict[str, Any] = {}
        at = data.rfind(b"startxref")
        if at < 0:
            raise Unsupported("no startxref")
        offset: int | None = int(data[at + 9:at + 40].split()[0])
        seen: set[int] = set()
        while offset is not None:
            if offset in seen or len(seen) > 64:
                raise Unsupported("xref loop")
            seen.add(offset)
            offset = self._read_xref(offset)
        # where the earliest cross-reference section starts: no revision of the file ends before it
        self.first_xref = min(seen)
        self._merge_sections()
        if "Encrypt" in self.trailer:
            raise Unsupported("encrypted")

    # -- cross-reference ---------------------------------------------------------------
    def _read_xref(self, offset: int) -> int | None:
        """Read the cross-reference section at ``offset``; return the offset of the one before it."""
        if self.data.startswith(b"xref", offset):
            return self._read_xref_table(offset + 4)
        return self._read_xref_stream(offset)

    def _read_xref_table(self, pos: int) -> int | None:
        """A classic "xref" table and its trailer (with a hybrid file's /XRefStm)."""
        data = self.data
        section, pos = subsections(data, pos)
        self._sections.append(section)
        if not data.startswith(b"trailer", pos):
            pos = data.find(b"trailer", pos)
            if pos < 0:
                raise Unsupported("no trailer")
        trailer, _ = parse_object(data, pos + 7)
        for key, value in trailer.items():
            self.trailer.setdefault(key, value)
        if "XRefStm" in trailer:
            self._read_xref(int(trailer["XRefStm"]))
        prev = trailer.get("Prev")
        return int(prev) if prev is not None else None

    def _read_xref_stream(self, offset: int) -> int | None:
        """A cross-reference stream (PDF 1.5): rows of packed integers, often PNG-predicted."""
        _, head, body = self._indirect_at(offset)
        if not isinstance(head, dict) or head.get("Type") != "XRef":
            raise Unsupported("no xref at startxref")
        raw = self._decode(head, body)
        w = [int(x) for x in head["W"]]
        index = [int(x) for x in head.get("Index", [0, int(head["Size"])])]
        row = sum(w)
        codes = {0: "", 1: "B", 2: "H", 4: "I"}
        pos = 0
        for start, count in zip(index[::2], index[1::2]):
            chunk = raw[pos:pos + row * count]
            pos += row * count
            if len(chunk) < row * count:
                raise Unsupported("short xref stream")
            if all(x in codes for x in w) and w[0] and w[1]:  # the usual widths: let struct unpack the rows
                rows: list[tuple[int, ...]] = list(struct.iter_unpack(">" + "".join(codes[x] for x in w), chunk))
                if not w[2]:
                    rows = [(a, b, 0) for a, b in rows]
            else:
                rows = [tuple(int.from_bytes(chunk[r + sum(w[:j]):r + sum(w[:j + 1])], "big") if w[j]
                              else (1 if j == 0 else 0) for j in range(3)) for r in range(0, len(chunk), row)]
            _budget.check_objects(len(rows))
            in_use = map(_IN_USE, map(itemgetter(0), rows))  # types 1 and 2; free entries are left out
            self._sections.append(dict(compress(zip(range(start, start + count), rows), in_use)))
        for key, value in head.items():
            if key not in ("Type", "W", "Index", "Filter", "DecodeParms", "Length", "Prev"):
                self.trailer.setdefault(key, value)
        prev = head.get("Prev")
        return int(prev) if prev is not None else None

    def _indirect_at(self, offset: int) -> tuple[int, Any, bytes | None]:
        m = OBJ_HEAD.match(self.data, offset)
        if m is None:
            raise Unsupported(f"no object at {offset}")
        value, pos = parse_object(self.data, m.end())
        body = None
        s = re.compile(rb"\s*stream(?:\r\n|\n|\r)").match(self.data, pos)
        if s is not None and isinstance(value, dict):
            length = value.get("Length")
            if isinstance(length, Ref):
                length = self.get(length)
            if not isinstance(length, int):
                raise Unsupported(f"stream length {length!r} at {offset}")
            start = s.end()
            body = self.data[start:start + int(length)]
        return int(m[1]), value, body

    def _decode(self, head: dict[str, Any], body: bytes | None, limit: int = MAX_INFLATED) -> bytes:
        if body is None:
            raise Unsupported("not a stream")
        filters = head.get("Filter")
        filters = filters if isinstance(filters, list) else [filters] if filters else []
        if filters not in ([], ["FlateDecode"]):
            raise Unsupported(f"filter {filters}")
        if not filters and len(body) > limit:
            raise _budget.OverBudget(f"a stream is larger than {limit >> 20} MB")
        data = inflate(body, limit) if filters else body
        parms = head.get("DecodeParms")
        if isinstance(parms, list):
            parms = parms[0] if parms else None
        if isinstance(parms, dict) and int(parms.get("Predictor", 1)) > 1:
            if int(parms["Predictor"]) < 10:
                raise Unsupported("TIFF predictor")
            data = _png_unpredict(data, int(parms.get("Columns", 1)))
        return data

    def _merge_sections(self) -> None:
        """One look-up for every object: classic tables (what pdftk, pypdf and a viewer's
        incremental save write) keep their rows unread (fasttable); anything else is merged into
        :attr:`offsets`, newer sections over older ones."""
        self._rows = lazy_rows(self.data, self._sections)
        if self._rows is not None:
            if len(self._rows.base) == 1:
                self._table = self._rows.base[0]
            return
        for section in reversed(self._sections):
            self.offsets.update(table_rows(self.data, section) if isinstance(section, list) else section)
        _budget.check_objects(len(self.offsets))

    def where(self, num: int) -> tuple[int, ...] | None:
        """(1, offset, 0) or (2, object stream, index) of object ``num``; None if it is not in use."""
        return self.offsets.get(num) if self._rows is None else self._rows.where(num)

    # -- objects ---------------------------------------------------------------------------
    def get(self, value: Any) -> Any:
        """Resolve a reference (other values pass through)."""
        if not isinstance(value, Ref):
            return value
        num = value[0]
        if num in self.parsed:
            return self.parsed[num]
        where = self.where(num)
        if where is None:
            obj: Any = None
        elif where[0] == 1:
            _, head, body = self._indirect_at(where[1])
            obj = (head, body) if body is not None else head
        else:
            obj = self._from_stream(where[1], where[2], num)
        self.parsed[num] = obj
        return obj

    def _from_stream(self, stm: int, index: int, num: int) -> Any:
        raw, start, _ = self._in_stream(stm, index, num)
        value, _ = parse_object(raw, start)
        return value

    def _in_stream(self, stm: int, index: int, num: int) -> tuple[bytes, int, int]:
        """(decoded stream, start, end) of object ``num``, the ``index``-th of object stream ``stm``.

        ``end`` is where the next object starts; in a well-formed stream no object runs past it.
        """
        if stm not in self._objstm:
            where = self.where(stm)
            if where is None or where[0] != 1:
                raise Unsupported("object stream missing")
            _, head, body = self._indirect_at(where[1])
            raw = self._decode(head, body)
            first = int(head["First"])
            nums = list(map(int, raw[:first].split()))
            _budget.check_objects(len(nums) // 2)
            starts = [first + off for off in nums[1::2]]
            if starts == sorted(set(starts)):
                ends = starts[1:] + [len(raw)]
            else:  # offsets out of order: do not guess where an object ends
                ends = [len(raw)] * len(starts)
            self._objstm[stm] = (raw, nums, first, ends)
        raw, nums, first, ends = self._objstm[stm]
        if 2 * index + 1 >= len(nums) or nums[2 * index] != num:
            raise Unsupported("object stream index mismatch")
        return raw, first + nums[2 * index + 1], ends[index]

    def _locate(self, num: int) -> tuple[bytes, int, int]:
        """(buffer, start, end) of object ``num``'s value, for a parse that skips what it does not need.

        ``end`` bounds the text a well-formed object can use: the next object of its stream, or
        "endobj" (a parse must still stop by itself; ``end`` is only for bounded matches).
        """
        where = self.where(num)
        if where is None:
            raise Unsupported("missing object")
        if where[0] == 1:
            m = OBJ_HEAD.match(self.data, where[1])
            if m is None:
                raise Unsupported(f"no object at {where[1]}")
            return self.data, m.end(), _endobj(self.data, m.end())
        return self._in_stream(where[1], where[2], num)

    def own_text(self, num: int) -> bytes:
        """The bytes object ``num`` may span (see _locate): what match_field reads, and is kept by."""
        text = self._own.get(num)
        if text is None:
            text = self._own[num] = self._own_text(num)
        return text

    def prefetch(self, items: Any) -> list[bytes] | None:
        """own_text of every reference among ``items`` (a /Fields or /Kids array), worked out in one
        loop when the file has one classic table (what pdftk and pypdf write), in their order; b""
        for the rest, and no list at all for another kind of file. A booklet's walk looks up 650
        objects, and this loop is most of it. What it does not read plainly (an object a later
        update replaced, a row not in use, a text past a few KB) is left to own_text, which finds
        it, or fails on it, as before; the budget is charged a step per item up front."""
        if self._table is None or self._rows is None or type(items) not in (list, tuple):
            return None
        _budget.current().tick(len(items))
        first, count, pos = self._table
        data, newer, own, head_end, find = self.data, self._rows.newer, self._own, _HEAD_END.match, self.data.find
        row_of, last, known = pos - 20 * first, first + count, own.get  # object num's row is at row_of + 20 * num
        texts: list[bytes] = []
        for ref in items:
            text = known(ref[0], b"") if type(ref) is Ref else b""
            if not text and type(ref) is Ref and first <= (num := ref[0]) < last and num not in newer:
                row = row_of + 20 * num
                if data[row + 17] == 0x6E:  # in use ("n"); else own_text says what it is
                    head = head_end(data, int(data[row:row + 10]))
                    if head is not None:
                        start = head.end()
                        end = find(b"endobj", start, start + PREFETCH_WINDOW)
                        if end >= 0:
                            text = own[num] = data[start:end]
            texts.append(text)
        return texts

    def _own_text(self, num: int) -> bytes:
        """_locate's answer as bytes; the usual cases inline (a form has about 700 such objects)."""
        if self._table is not None and self._rows is not None:
            first, count, pos = self._table
            row, data, newer = pos + 20 * (num - first), self.data, self._rows.newer.get(num)
            if newer is not None:
                head = OBJ_HEAD.match(data, newer[1])
            elif first <= num < first + count and data[row + 17] == 0x6E:  # in use ("n"): as where() reads it
                head = OBJ_HEAD.match(data, int(data[row:row + 10]))
            else:
                return self._slice(num)  # not there: _locate says why
            if head is not None:
                return data[head.end():_endobj(data, head.end())]
            return self._slice(num)
        where = self.where(num)
        if where is None:
            pass
        elif where[0] == 1:
            head = OBJ_HEAD.match(self.data, where[1])
            if head is not None:
                return self.data[head.end():_endobj(self.data, head.end())]
        elif where[1] in self._objstm:
            raw, nums, first, ends = self._objstm[where[1]]
            index = where[2]
            if 2 * index + 1 < len(nums) and nums[2 * index] == num:
                return raw[first + nums[2 * index + 1]:ends[index]]
        return self._slice(num)

    def _slice(self, num: int) -> bytes:
        buf, start, end = self._locate(num)
        return buf[start:end]

    def keys(self, value: Any, wanted: frozenset[bytes]) -> dict[str, Any]:
        """Only the ``wanted`` entries of a dictionary (direct or by reference)."""
        if not isinstance(value, Ref):
            if not isinstance(value, dict):
                raise Unsupported("expected a dictionary")
            return {k: v for k, v in value.items() if k.encode() in wanted}
        if value[0] in self.parsed:
            return {k: v for k, v in self.dict(value).items() if k.encode() in wanted}
        buf, start, _ = self._locate(value[0])
        return parse_keys(buf, start, wanted)

    def dict(self, value: Any) -> dict[str, Any]:
        obj = self.get(value)
        if isinstance(obj, tuple):
            obj = obj[0]
        if not isinstance(obj, dict):
            raise Unsupported("expected a dictionary")
        return obj

    def stream(self, value: Any, limit: int = MAX_INFLATED) -> bytes:
        """A stream's decoded bytes; more than ``limit`` of them is over the file's budget."""
        obj = self.get(value)
        if not isinstance(obj, tuple):
            raise Unsupported("expected a stream")
        head, body = obj
        return self._decode(head, body, limit)


def _endobj(data: bytes, start: int) -> int:
    """Where the first "endobj" after ``start`` begins (the end of ``data`` if none)."""
    end = data.find(b"endobj", start)
    return end if end >= 0 else len(data)
