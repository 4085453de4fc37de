"""A small, fast reader for AcroForm values: the common case of `formkit collect`.

pypdf parses every object of a file in pure Python (about 200 ms for a filled booklet);
collecting a quarter's forms spends almost all its time there. This reader follows the
cross-reference data (tables or streams, incremental updates included), decompresses object
streams with zlib, and parses only the objects a form's values live in: the catalogue,
/AcroForm, the field tree, /Info and formkit's embedded schema. A field dictionary is read by
one regular-expression match (match_field), and what was read is kept by the dictionary's
bytes, because the forms of one batch repeat most of them byte for byte.

It understands the subset of PDF that form fillers write. Anything else (encryption,
unusual filters or predictors, a damaged cross-reference) raises :class:`Unsupported`, and
:mod:`formkit.pdfform.read` falls back to pypdf, which also decides what is broken.
"""

from __future__ import annotations

import codecs
import re
import struct
import zlib
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any

from .._memo import remember
from . import budget as _budget


class Unsupported(Exception):
    """Not the simple case; let pypdf read this file."""


MAX_INFLATED = 64 * 1024 * 1024  # a form's streams are far smaller; more is a compression bomb
_IN_USE = frozenset({1, 2}).__contains__  # cross-reference stream entry types of objects in use


def _inflate(body: bytes, limit: int = MAX_INFLATED) -> bytes:
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


class Ref(tuple):  # type: ignore[type-arg]
    """An indirect reference (object number, generation)."""


class Name(str):
    """A PDF name, '#xx' escapes decoded, without the leading slash."""


_WS = b" \t\r\n\f\x00"
_DELIM = b"()<>[]{}/%"
# Every quantifier that can meet the same bytes twice is possessive (++ *+): a run of white
# space before an unexpected byte must fail in one pass, not try each way of splitting the run
# (which took 2.5 s for 22 spaces and doubled with each one more).
_TOKEN = re.compile(rb"""
    (?:[ \t\r\n\f\x00]++|%[^\r\n]*+)*+
    (?:
      (?P<ref>(?P<rn>\d++)[ \t\r\n\f\x00]++(?P<rg>\d++)[ \t\r\n\f\x00]++R(?![^ \t\r\n\f\x00()<>\[\]{}/%]))
    | (?P<num>[+-]?(?:\d++(?:\.\d*+)?|\.\d++))
    | (?P<name>/[^ \t\r\n\f\x00()<>\[\]{}/%]*+)
    | (?P<dopen><<) | (?P<dclose>>>)
    | (?P<aopen>\[) | (?P<aclose>\])
    | (?P<hex><[0-9A-Fa-f \t\r\n\f\x00]*+>)
    | \((?P<lit>[^()\\]*+\))?
    | (?P<kw>[A-Za-z]++)
    )
""", re.VERBOSE)
_NAME_ESC = re.compile(rb"#([0-9A-Fa-f]{2})")
_LIT_SPECIAL = re.compile(rb"[()\\]")
_LIT_ESC = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])")
_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\r": b"", b"\n": b""}


def _unescape(m: re.Match[bytes]) -> bytes:
    code = m[1]
    if code[:1].isdigit() and code[:1] < b"8":
        return bytes([int(code, 8) & 0xFF])
    return _ESC.get(code, code)


# Escapes that Python's own bytes-escape decoder reads exactly as PDF does: octal codes up to
# \377, and \n \r \t \b \f \\. pypdf writes every other character of a string as an octal code.
_PLAIN_ESCAPES = re.compile(rb"[^\\]*+(?:\\(?:[0-3][0-7]{0,2}|[4-7][0-7]?(?![0-7])|[nrtbf\\])[^\\]*+)*+")


def unescape(body: bytes) -> bytes:
    """A literal string's bytes from its body (between the parentheses), escapes undone."""
    if b"\\" not in body:
        return body
    if _PLAIN_ESCAPES.fullmatch(body):
        return codecs.escape_decode(body)[0]  # in C, not one Python call per escape
    return _LIT_ESC.sub(_unescape, body)


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """Parse a literal string whose '(' is at data[pos-1]; return (bytes, position after ')')."""
    depth, p, escaped = 1, pos, False
    tick = _budget.current().tick
    while True:
        tick()
        m = _LIT_SPECIAL.search(data, p)
        if m is None:
            raise Unsupported("unterminated string")
        c = data[m.start()]
        if c == 0x5C:
            escaped, p = True, m.start() + 2
            continue
        p = m.end()
        if c == 0x28:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                raw = data[pos:m.start()]
                return (unescape(raw) if escaped else raw), p


def parse_object(data: bytes, pos: int) -> tuple[Any, int]:
    """Parse one object at ``pos``; return (value, position after it)."""
    stack: list[Any] = []
    tick = _budget.current().tick
    while True:
        tick()
        m = _TOKEN.match(data, pos)
        if m is None:
            raise Unsupported(f"unexpected byte at {pos}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "ref":
            value: Any = Ref((int(m["rn"]), int(m["rg"])))
        elif kind == "num":
            text = m["num"]
            value = float(text) if b"." in text else int(text)
        elif kind == "name":
            raw = m["name"][1:]
            if b"#" in raw:
                raw = _NAME_ESC.sub(lambda x: bytes([int(x[1], 16)]), raw)
            value = Name(raw.decode("utf-8", "surrogateescape"))
        elif kind == "aopen" and (refs := _REF_ARRAY.match(data, pos - 1)):  # "[ 5 0 R 8 0 R ... ]" at once
            value = _refs(_REF_ITEM.findall(data, pos, refs.end()))
            pos = refs.end()
        elif kind in ("dopen", "aopen"):
            stack.append([] if kind == "aopen" else {"": []})
            continue
        elif kind == "aclose":
            if not stack or not isinstance(stack[-1], list):
                raise Unsupported("unbalanced ]")
            value = stack.pop()
        elif kind == "dclose":
            if not stack or not isinstance(stack[-1], dict):
                raise Unsupported("unbalanced >>")
            items = stack.pop()[""]
            if len(items) % 2:
                raise Unsupported("odd dictionary")
            value = {items[i]: items[i + 1] for i in range(0, len(items), 2)}
        elif kind == "hex":
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", m["hex"][1:-1])
            value = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
        elif kind == "lit":
            value = m["lit"][:-1]  # a string without escapes or parentheses
        elif kind is None and data[pos - 1:pos] == b"(":
            value, pos = _literal(data, pos)
        elif kind == "kw":
            word = m["kw"]
            value = {b"true": True, b"false": False, b"null": None}.get(word, Unsupported)
            if value is Unsupported:
                raise Unsupported(f"keyword {word!r}")
        else:
            raise Unsupported(f"unexpected token at {pos}")
        if not stack:
            return value, pos
        top = stack[-1]
        (top[""] if isinstance(top, dict) else top).append(value)


_OBJ = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj")
_SKIP = re.compile(rb"<<|>>|[\[\]()<%]")


def skip_value(data: bytes, pos: int) -> int:
    """Position just after the object at ``pos``, without building it (strings and nesting honoured)."""
    m = _TOKEN.match(data, pos)
    if m is None:
        raise Unsupported(f"unexpected byte at {pos}")
    kind = m.lastgroup
    if kind is None:  # a string with escapes or parentheses
        return _literal(data, m.end())[1]
    if kind not in ("dopen", "aopen"):
        return m.end()
    depth, p = 1, m.end()
    tick = _budget.current().tick
    while True:
        tick()
        s = _SKIP.search(data, p)
        if s is None:
            raise Unsupported("unterminated object")
        tok, p = s.group(), s.end()
        if tok in (b"<<", b"["):
            depth += 1
        elif tok in (b">>", b"]"):
            depth -= 1
            if depth == 0:
                return p
        elif tok == b"(":
            p = _literal(data, p)[1]
        elif tok == b"<":
            p = data.index(b">", p) + 1
        else:  # a comment inside an object: leave it to pypdf
            raise Unsupported("comment inside an object")


_W = rb"[ \t\r\n\f\x00]*+"
_STR = rb"\((?:[^()\\]++|\\[^\r\n])*+\)"
_FLAT = rb"(?:[^<>()\[\]%]++|" + _STR + rb"|<[0-9A-Fa-f \t\r\n]*+>)*+"
# one dictionary entry whose value holds no deeper nesting than "<< ... [ ... ] ... >>"
_ENTRY = re.compile(_W + rb"(?:(>>)|/([^ \t\r\n\f\x00()<>\[\]{}/%]*)" + _W + rb"(?:(" + _STR
                    + rb"|<[0-9A-Fa-f \t\r\n]*>(?!>)|\[" + _FLAT + rb"\]|<<(?:" + _FLAT + rb"|\[" + _FLAT
                    + rb"\])*+>>|[^ \t\r\n\f\x00()<>\[\]{}/%]++(?:[ \t\r\n\f\x00]++\d++[ \t\r\n\f\x00]++R)?"
                    + rb"|/[^ \t\r\n\f\x00()<>\[\]{}/%]*)(?=[ \t\r\n\f\x00()<>\[\]{}/%]))?)")
_DICT_OPEN = re.compile(rb"[ \t\r\n\f\x00]*<<")


def parse_keys(data: bytes, pos: int, wanted: frozenset[bytes]) -> dict[str, Any]:
    """The ``wanted`` entries of the dictionary at ``pos``; other values are skipped unparsed.

    Most entries ("/Rect [ ... ]", "/MK << ... >>", "/TU (...)") are stepped over by one
    regular-expression match; deeper values go through :func:`skip_value`.
    """
    m = _DICT_OPEN.match(data, pos)
    if m is None:
        raise Unsupported("expected a dictionary")
    pos = m.end()
    out: dict[str, Any] = {}
    tick = _budget.current().tick
    while True:
        tick()
        k = _ENTRY.match(data, pos)
        if k is None:
            raise Unsupported(f"expected a key at {pos}")
        if k[1]:
            return out
        key = k[2]
        if b"#" in key:
            raise Unsupported("escaped key")
        if key in wanted:
            name = key.decode("ascii")
            if name in out:  # pypdf keeps the first of two; let it decide
                raise Unsupported(f"duplicate key /{name}")
            value_at = k.start(3) if k[3] is not None else k.end()
            out[name], pos = parse_object(data, value_at)
        elif k[3] is not None:
            pos = k.end()
        else:
            pos = skip_value(data, k.end())


# -- a field dictionary in one regular-expression match ------------------------------------------
# parse_keys steps over a dictionary entry by entry, in Python; a booklet has about 650 field and
# widget dictionaries. This pattern matches a whole dictionary in C and captures the entries a
# form's values live in (/T /V /FT /Kids /AS). Other values are stepped over, nested up to three
# levels deep ("/AP << /N << /On 5 0 R >> >>"). A comment, deeper nesting, a string with unescaped
# parentheses, an escaped key or a key given twice (pypdf keeps the first) makes it fail, and
# parse_keys, or pypdf, takes over.
# NUL and vertical tab outside strings decline the match: pypdf and the PDF standard disagree on them.
_B_WS = rb"[ \t\r\n\f]"
_B_END = rb"(?=[ \t\r\n\f()<>\[\]{}/%])"  # a token ends at white space or a delimiter
_B_NAME = rb"[^ \t\r\n\f\x00\x0b()<>\[\]{}/%#]"
_B_STR = rb"\([^()\\]*+(?:\\[\s\S][^()\\]*+)*+\)"
_B_HEX = rb"<[0-9A-Fa-f \t\r\n\f]*+>"
_B_RUN = rb"[^<>()\[\]%\x00\x0b]*+"


def _b_nested(inner: bytes) -> bytes:
    """Array or dictionary contents: plain runs between strings and deeper ``inner`` levels."""
    return (_B_RUN + rb"(?:(?:" + _B_STR + rb"|<<" + inner + rb">>|" + _B_HEX + rb"|\[" + inner + rb"\])"
            + _B_RUN + rb")*+")


_B_LEVEL0 = _B_RUN + rb"(?:(?:" + _B_STR + rb"|" + _B_HEX + rb")" + _B_RUN + rb")*+"
_B_INNER = _b_nested(_b_nested(_B_LEVEL0))
_B_VALUE = (rb"(?:/" + _B_NAME + rb"*+" + _B_END
            + rb"|[^ \t\r\n\f\x00\x0b()<>\[\]{}/%]++(?:" + _B_WS + rb"++\d++" + _B_WS + rb"++R)?" + _B_END
            + rb"|" + _B_STR + rb"|<<" + _B_INNER + rb">>|" + _B_HEX + rb"|\[" + _B_INNER + rb"\])")
FIELD_KEYS = ("T", "V", "FT", "Kids", "AS", "Parent", "TM")  # pypdf names a field by /TM or /Parent


def _b_captured(key: str, group: int) -> bytes:
    """``/key value``, the value captured in ``group``; a repeat of the key fills ``group - 1``."""
    return (key.encode() + _B_END + _B_WS + rb"*+(?(" + str(group).encode() + rb")()" + _B_VALUE
            + rb"|(" + _B_VALUE + rb"))")


_FIELD_DICT = re.compile(
    _B_WS + rb"*+<<(?:" + _B_WS + rb"*+/(?:"
    + rb"|".join(_b_captured(key, 2 * i + 2) for i, key in enumerate(FIELD_KEYS))
    + rb"|" + _B_NAME + rb"*+" + _B_WS + rb"*+" + _B_VALUE
    + rb"))*+" + _B_WS + rb"*+>>")
assert _FIELD_DICT.groups == 2 * len(FIELD_KEYS)


_REF_ARRAY = re.compile(rb"\[(?:" + _B_WS + rb"*+\d++" + _B_WS + rb"++\d++" + _B_WS + rb"++R(?=[ \t\r\n\f\]]))*+"
                        + _B_WS + rb"*+\]")
_REF_ITEM = re.compile(rb"(\d+)" + _B_WS + rb"+(\d+)" + _B_WS + rb"+R")


def _refs(pairs: list[tuple[bytes, bytes]]) -> list[Ref]:
    """References from (number, generation) digit pairs, built in C (/Fields holds hundreds)."""
    return list(map(Ref, zip(map(int, map(itemgetter(0), pairs)), map(int, map(itemgetter(1), pairs)))))


def _b_value(raw: bytes | None) -> Any:
    """One captured value: strings, names and arrays of references directly, else by parse_object."""
    if raw is None:
        return None
    first = raw[:1]
    if first == b"(":
        return unescape(raw[1:-1])
    if first == b"/":
        return Name(raw[1:].decode("utf-8", "surrogateescape"))
    if first.isdigit() and (ref := _REF_ITEM.fullmatch(raw)):
        return Ref((int(ref[1]), int(ref[2])))
    if first == b"[" and _REF_ARRAY.fullmatch(raw):
        return _refs(_REF_ITEM.findall(raw))
    value = parse_object(raw, 0)[0]
    if value is None:  # "/V null": let the general path tell it from a missing entry
        raise Unsupported("null entry in a field")
    return value


# match_field's answers, by the bytes they were read from. The forms of one batch share most of
# their field and widget dictionaries byte for byte (the same blank, the same filler): a field left
# empty, a widget whose only change is its on/off state, a rating given the same answer. An answer
# depends on those bytes alone, so a repeat costs one look-up. The entries are shared: read-only.
_FIELDS_READ: dict[bytes, tuple[Any, ...]] = {}
MAX_FIELDS_READ = 8192  # a few MiB at most; a booklet has about 650 field and widget dictionaries


def match_field(source: bytes) -> tuple[Any, ...] | None:
    """(T, V, FT, Kids, AS, Parent) of the dictionary ``source`` starts with; None if it is not simple.

    T is decoded text, V too when it needs no other object (a str); the rest as parse_object
    gives them. The result depends on ``source`` alone, so callers may keep it by those bytes.
    """
    m = _FIELD_DICT.match(source)
    if m is None:
        return None
    groups = m.groups()
    if groups[0::2].count(None) != len(FIELD_KEYS):
        return None  # a key given twice
    t, v, ft, kids, state, parent, mapping_name = groups[1::2]
    if mapping_name is not None:
        return None  # pypdf names a field by its /TM: let the general path step aside
    if t is not None and t[:1] != b"(" and t[:1] != b"<":
        return None  # pypdf names such a field by the object itself: leave it to pypdf
    try:
        if t is not None:
            t = text(_b_value(t))  # the name part, decoded once
        if v is None or v[:1] == b"(" or v[:1] == b"/":
            v = _clean(None, _b_value(v))  # a direct value: decoded once (str marks it as done)
        else:
            v = _b_value(v)
            v = tuple(v) if type(v) is list else v
        ft, state = _name(ft), _name(state)
        kids, parent = _b_value(kids), _b_value(parent)
    except Unsupported:
        return None  # a null or an odd token: the general path decides
    return t, v, ft, tuple(kids) if type(kids) is list else kids, state, parent


_NAMES_READ: dict[bytes, Any] = {}


def _name(raw: bytes | None) -> Any:
    """_b_value for /FT and /AS, which take a handful of values: each is decoded once."""
    if raw is None:
        return None
    value = _NAMES_READ.get(raw)
    if value is None:
        value = _b_value(raw)
        if len(_NAMES_READ) < 256:
            _NAMES_READ[raw] = value
    return value


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
        self._sections: list[dict[int, tuple[int, ...]]] = []  # cross-reference sections, newest first
        self._cache: dict[int, Any] = {}
        self._objstm: dict[int, tuple[bytes, list[int], int, list[int]]] = {}
        self._own: dict[int, bytes] = {}  # own_text's answers: a second look at the fields (collect's checks) reuses them
        self.widgets: list[tuple[str, Any]] = []  # (field name, widget) as field_values found them, in order
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
        for section in reversed(self._sections):  # a newer section overrides an older one
            self.offsets.update(section)
        _budget.check_objects(len(self.offsets))
        if "Encrypt" in self.trailer:
            raise Unsupported("encrypted")

    # -- cross-reference ---------------------------------------------------------------
    def _read_xref(self, offset: int) -> int | None:
        data = self.data
        if data.startswith(b"xref", offset):
            pos = offset + 4
            section: dict[int, tuple[int, ...]] = {}
            self._sections.append(section)
            while True:
                m = re.compile(rb"\s*(\d+)\s+(\d+)[ \t]*\r?\n?").match(data, pos)
                if m is None:
                    break
                first, count = int(m[1]), int(m[2])
                pos = m.end()
                _budget.check_objects(len(section) + count)
                for i in range(count):
                    entry = data[pos:pos + 20]
                    if len(entry) < 20 or entry[18:20] not in (b" \n", b"\r\n", b" \r"):
                        raise Unsupported("odd xref entry")  # pypdf copes with the variants
                    if entry[17:18] == b"n":
                        section.setdefault(first + i, (1, int(entry[:10]), 0))
                    pos += 20
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
        num, head, body = self._indirect_at(offset)
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
        m = _OBJ.match(self.data, offset)
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
        data = _inflate(body, limit) if filters else body
        parms = head.get("DecodeParms")
        if isinstance(parms, list):
            parms = parms[0] if parms else None
        if isinstance(parms, dict) and int(parms.get("Predictor", 1)) > 1:
            if int(parms["Predictor"]) < 10:
                raise Unsupported("TIFF predictor")
            data = _png_unpredict(data, int(parms.get("Columns", 1)))
        return data

    # -- objects ---------------------------------------------------------------------------
    def get(self, value: Any) -> Any:
        """Resolve a reference (other values pass through)."""
        if not isinstance(value, Ref):
            return value
        num = value[0]
        if num in self._cache:
            return self._cache[num]
        where = self.offsets.get(num)
        if where is None:
            obj: Any = None
        elif where[0] == 1:
            _, head, body = self._indirect_at(where[1])
            obj = (head, body) if body is not None else head
        else:
            obj = self._from_stream(where[1], where[2], num)
        self._cache[num] = obj
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
            where = self.offsets.get(stm)
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
        where = self.offsets.get(num)
        if where is None:
            raise Unsupported("missing object")
        if where[0] == 1:
            m = _OBJ.match(self.data, where[1])
            if m is None:
                raise Unsupported(f"no object at {where[1]}")
            end = self.data.find(b"endobj", m.end())
            return self.data, m.end(), end if end >= 0 else len(self.data)
        return self._in_stream(where[1], where[2], num)

    def own_text(self, num: int) -> bytes:
        """The bytes object ``num`` may span (see _locate): what match_field reads, and is kept by."""
        text = self._own.get(num)
        if text is None:
            text = self._own[num] = self._own_text(num)
        return text

    def _own_text(self, num: int) -> bytes:
        where = self.offsets.get(num)
        if where is not None and where[0] == 2 and where[1] in self._objstm:  # the usual case, inline
            raw, nums, first, ends = self._objstm[where[1]]
            index = where[2]
            if 2 * index + 1 < len(nums) and nums[2 * index] == num:
                return raw[first + nums[2 * index + 1]:ends[index]]
        buf, start, end = self._locate(num)
        return buf[start:end]

    def field(self, value: Any) -> tuple[Any, ...]:
        """(T, V, FT, Kids, AS, Parent) of a field or widget dictionary, direct or by reference; None if absent.

        One regular-expression match reads the usual dictionary (:func:`match_field`, on the
        object's own text, so it cannot read past it); anything else goes through parse_keys.
        """
        if isinstance(value, Ref) and value[0] not in self._cache:
            own_text = self.own_text(value[0])
            entry = _FIELDS_READ.get(own_text)
            if entry is None:
                entry = match_field(own_text)
                if entry is not None:
                    remember(_FIELDS_READ, own_text, entry, MAX_FIELDS_READ)
            if entry is not None:
                return entry
            if b"\x00" in own_text or b"\x0b" in own_text:  # parse_keys would not read them as pypdf does
                raise Unsupported("NUL or vertical tab in a field")
        found = self.keys(value, _FIELD_KEYS_B)
        if any(v is None for v in found.values()):
            raise Unsupported("null entry in a field")
        if "TM" in found:
            raise Unsupported("a field with a mapping name")  # pypdf names the field by it
        return tuple(found.get(key) for key in FIELD_KEYS[:-1])

    def keys(self, value: Any, wanted: frozenset[bytes]) -> dict[str, Any]:
        """Only the ``wanted`` entries of a dictionary (direct or by reference)."""
        if not isinstance(value, Ref):
            if not isinstance(value, dict):
                raise Unsupported("expected a dictionary")
            return {k: v for k, v in value.items() if k.encode() in wanted}
        if value[0] in self._cache:
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


_PLAIN = re.compile(rb"[\t\n\r\x20-\x7e]*")


# PDFDocEncoding is Latin-1 but for these characters (ISO 32000, annex D). Bytes it leaves
# undefined, and strings pypdf would read as UTF-8 or UTF-16 first, go to pypdf itself.
_PDFDOC = str.maketrans(dict(zip(range(0x18, 0x20), "\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc"))
                        | dict(zip(range(0x80, 0x9F), "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039"
                                   "\u203a\u2212\u2030\u201e\u201c\u201d\u2018\u2019\u201a\u2122\ufb01\ufb02\u0141"
                                   "\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e")) | {0xA0: "\u20ac"})
_PDFDOC_UNDEFINED = re.compile(rb"[\x00\x16\x7f\x9f\xad]")
_UNICODE_MARKS = (b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe")


def text(value: bytes) -> str:
    """A string value as pypdf shows it (UTF-16 with BOM, UTF-8 with BOM, else PDFDocEncoding).

    The usual cases are decoded here: importing pypdf for them would cost about 0.1 s.
    """
    if _PLAIN.fullmatch(value):  # ASCII reads the same in PDFDocEncoding
        return value.decode("ascii")
    if value[:2] == b"\xfe\xff" and len(value) % 2 == 0:
        try:
            return value[2:].decode("utf-16-be")
        except UnicodeDecodeError:
            pass
    elif not value.startswith(_UNICODE_MARKS) and _PDFDOC_UNDEFINED.search(value) is None:
        return value.decode("latin-1").translate(_PDFDOC)
    from pypdf.generic import create_string_object

    return str(create_string_object(value))


def _clean(pdf: FastPdf | None, value: Any) -> str:
    """A value as text, the way read._clean shows pypdf's; ``pdf`` resolves references."""
    if pdf is not None:
        value = pdf.get(value)
    if value is None:
        return ""
    if isinstance(value, Name):
        return str(value)
    if isinstance(value, bytes):  # pypdf writes a radio's /V as the string "/state"
        string = text(value)
        return string[1:] if string.startswith("/") else string
    if isinstance(value, (list, tuple)) and not isinstance(value, Ref):
        return ", ".join(_clean(pdf, v) for v in value)
    if isinstance(value, bool):
        raise Unsupported("boolean value")
    if isinstance(value, (int, float)):
        return str(value)
    raise Unsupported("value type")


_FIELD_KEYS_B = frozenset(key.encode() for key in FIELD_KEYS)
_DIRECT = object()  # the parent of kids of a direct dictionary: no /Parent can point at it


def field_values(pdf: FastPdf) -> dict[str, str]:
    """Fully qualified name -> value for every field node with a name, as read.read_field_values."""
    root = pdf.dict(pdf.trailer.get("Root"))
    acro = root.get("AcroForm")
    if acro is None:
        return {}
    out: dict[str, str] = {}
    pdf.widgets = []
    _walk(pdf, pdf.dict(acro).get("Fields"), None, "", 0, out)
    return out


def _walk(pdf: FastPdf, refs: Any, parent_ref: Any, prefix: str, depth: int, out: dict[str, str]) -> None:
    """Add the fields under ``refs`` to ``out``; a widget (no /T of its own) is not a field.

    Names are built down the tree; pypdf builds them up the /Parent links. Where the two could
    differ (a named field whose /Parent is not ``parent_ref``, the field it is under), step aside.
    """
    if depth > 32:
        raise Unsupported("field tree too deep")
    own_text, known, tick = pdf.own_text, _FIELDS_READ.get, _budget.current().tick
    for ref in pdf.get(refs) or []:
        tick()
        entry = known(own_text(ref[0])) if type(ref) is Ref else None  # field()'s first step, inline
        t, v, ft, kids, _, parent = entry if entry is not None else pdf.field(ref)
        if t is None:
            if depth:
                pdf.widgets.append((prefix, ref))  # a widget of the field above
            continue
        if parent != parent_ref:
            raise Unsupported("a field whose /Parent is not the field it is listed under")
        if type(t) is not str and type(t) is not bytes:
            raise Unsupported("a field name that is not a string")  # pypdf names it by the object
        part = t if isinstance(t, str) else text(t)
        name = f"{prefix}.{part}" if prefix else part
        value = v if type(v) is str else _clean(pdf, v)
        if (not value or value == "Off") and ft == "Btn":
            for kid in pdf.get(kids) or []:
                state = pdf.field(kid)[4]
                if state is not None and state != "Off":
                    value = _clean(pdf, state)
                    break
        if name in out:
            raise Unsupported("duplicate field name")
        if len(value) > _budget.MAX_VALUE_CHARS or len(out) >= _budget.MAX_FIELDS:
            _budget.check_value(name, value)
            _budget.check_fields(len(out) + 1)
        out[name] = value
        if kids is not None:
            _walk(pdf, kids, ref if isinstance(ref, Ref) else _DIRECT, name, depth + 1, out)
        else:
            pdf.widgets.append((name, ref))  # a field and its widget in one dictionary


# /Info dictionaries by their bytes: the same for every form of a build, and slow to parse (long
# strings with parentheses). Entries are read-only.
_INFO_READ: dict[bytes, dict[str, Any]] = {}
MAX_INFO_READ = 64


def _info_dict(pdf: FastPdf, ref: Any) -> dict[str, Any]:
    """The /Info dictionary; parsed from its own bytes (once per distinct bytes) where it can be."""
    if isinstance(ref, Ref) and ref[0] not in pdf._cache:
        own_text = pdf.own_text(ref[0])
        found = _INFO_READ.get(own_text)
        if found is None:
            try:
                value, _ = parse_object(own_text, 0)
            except Unsupported:
                value = None  # not within its own bytes: read it the general way
            if isinstance(value, dict):
                found = remember(_INFO_READ, own_text, value, MAX_INFO_READ)
        if found is not None:
            return found
    return pdf.dict(ref)


def info(pdf: FastPdf) -> dict[str, str]:
    ref = pdf.trailer.get("Info")
    if ref is None:
        return {}
    out = {}
    for key, value in _info_dict(pdf, ref).items():
        value = pdf.get(value)
        if isinstance(value, bytes):
            out[key] = text(value)
        elif isinstance(value, Name):
            out[key] = "/" + value
    return out


def open_fast(path: str | Path) -> FastPdf:
    return FastPdf(Path(path).read_bytes())
