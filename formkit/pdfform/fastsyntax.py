"""PDF object syntax for the fast form reader: tokens, objects, dictionaries read in part, text.

The fast reader (:mod:`formkit.pdfform.fastread`) parses only the objects a form's values live
in, token by token, with regular expressions that fail in one pass on hostile bytes. Anything
outside the subset form fillers write raises :class:`Unsupported`, and pypdf reads the file
instead. Every loop ticks the file's budget, so no input runs unbounded.
"""

from __future__ import annotations

import codecs
import re
from operator import itemgetter
from typing import Any

from . import budget as _budget


class Unsupported(Exception):
    """Not the simple case; let pypdf read this file."""


class Ref(tuple):  # type: ignore[type-arg]
    """An indirect reference (object number, generation)."""


class Name(str):
    """A PDF name, '#xx' escapes decoded, without the leading slash."""


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
        elif kind == "aopen" and (run := REF_ARRAY.match(data, pos - 1)):  # "[ 5 0 R 8 0 R ... ]" at once
            value = refs(REF_ITEM.findall(data, pos, run.end()))
            pos = run.end()
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


OBJ_HEAD = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj")  # "12 0 obj"
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


# "[ 5 0 R 8 0 R ... ]": an array of references, read in one match (/Fields and /Kids hold hundreds)
_REF_WS = rb"[ \t\r\n\f]"
REF_ARRAY = re.compile(rb"\[(?:" + _REF_WS + rb"*+\d++" + _REF_WS + rb"++\d++" + _REF_WS + rb"++R(?=[ \t\r\n\f\]]))*+"
                       + _REF_WS + rb"*+\]")
REF_ITEM = re.compile(rb"(\d+)" + _REF_WS + rb"+(\d+)" + _REF_WS + rb"+R")


def refs(pairs: list[tuple[bytes, bytes]]) -> list[Ref]:
    """References from (number, generation) digit pairs, built in C (/Fields holds hundreds)."""
    return list(map(Ref, zip(map(int, map(itemgetter(0), pairs)), map(int, map(itemgetter(1), pairs)))))


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
