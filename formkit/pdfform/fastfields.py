"""Field and widget dictionaries for the fast form reader, most of them in one regular-expression match.

A booklet has about 650 field and widget dictionaries, and the forms of one batch repeat most
of them byte for byte; :func:`read_field` reads each distinct one once, by one match in C
(:func:`match_field`), and falls back to reading its entries one by one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..core._memo import remember
from .fastsyntax import REF_ARRAY, REF_ITEM, Name, Ref, Unsupported, parse_object, refs, text, unescape

if TYPE_CHECKING:
    from .fastxref import FastPdf


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
    """``/key value``, the value captured in ``group``; a repeat of the key fails the match."""
    return key.encode() + _B_END + rb"(?(" + str(group).encode() + rb")(?!)|" + _B_WS + rb"*+(" + _B_VALUE + rb"))"


def dict_pattern(keys: tuple[str, ...]) -> re.Pattern[bytes]:
    """A whole simple dictionary in one match, ``keys[i]``'s value in group i+1; a key given twice
    fails it (pypdf keeps the first with a warning: the general path decides, as before).

    Shared by the field reader and the placement check, so both accept the same simple case. A
    repeated key cannot be stepped over as another key's entry (the lookahead): the possessive
    loop then ends at it and ``>>`` is not there. Each key's value pattern appears once (it is
    most of the pattern's 19 KB: compiled at every start of `formkit collect`).
    """
    captured = rb"|".join(_b_captured(key, i + 1) for i, key in enumerate(keys))
    other = (rb"(?!(?:" + rb"|".join(re.escape(key.encode()) for key in keys) + rb")" + _B_END + rb")"
             + _B_NAME + rb"*+" + _B_WS + rb"*+" + _B_VALUE)
    pattern = re.compile(_B_WS + rb"*+<<(?:" + _B_WS + rb"*+/(?:" + captured + rb"|" + other + rb"))*+"
                         + _B_WS + rb"*+>>")
    assert pattern.groups == len(keys)
    return pattern


WIDGET_KEYS = ("Rect", "AP")  # where a widget is drawn: captured too, for collect's placement check
_FIELD_DICT = dict_pattern(FIELD_KEYS + WIDGET_KEYS)


def _b_value(raw: bytes | None) -> Any:
    """One captured value: strings, names and arrays of references directly, else by parse_object."""
    if raw is None:
        return None
    first = raw[:1]
    if first == b"(":
        return unescape(raw[1:-1])
    if first == b"/":
        return Name(raw[1:].decode("utf-8", "surrogateescape"))
    if first.isdigit() and (ref := REF_ITEM.fullmatch(raw)):
        return Ref((int(ref[1]), int(ref[2])))
    if first == b"[" and REF_ARRAY.fullmatch(raw):
        return refs(REF_ITEM.findall(raw))
    value = parse_object(raw, 0)[0]
    if value is None:  # "/V null": let the general path tell it from a missing entry
        raise Unsupported("null entry in a field")
    return value


# match_field's answers, by the bytes they were read from. The forms of one batch share most of
# their field and widget dictionaries byte for byte (the same blank, the same filler): a field left
# empty, a widget whose only change is its on/off state, a rating given the same answer. An answer
# depends on those bytes alone, so a repeat costs one look-up. The entries are shared: read-only.
FIELDS_READ: dict[bytes, tuple[Any, ...]] = {}
# Answers read once, kept apart until their bytes come again (then they move to FIELDS_READ). A
# text field holding its own answer never comes again; kept with the shared ones, the ~100 of each
# booklet filled FIELDS_READ every ~50 forms, and emptying it cost every shared answer: about a
# sixth of a booklet's instructions in a run of distinct fills. Now only this memory is emptied.
FIELDS_SEEN: dict[bytes, tuple[Any, ...]] = {}
MAX_FIELDS_SEEN = 4096
# A signed signature field's value: its signature dictionary (ISO 32000-1, 12.8.1), which has no
# text; both readers give this marker instead (a noncharacter: no one types it).
SIGNED_VALUE = "\ufffesigned"
MAX_FIELDS_READ = 8192  # keys up to _memo.LARGEST: 16 MiB at most; a booklet has about 650 field and widget dictionaries


def match_field(source: bytes) -> tuple[Any, ...] | None:
    """(T, V, FT, Kids, AS, Parent, shape) of the dictionary ``source`` starts with; None if it is not simple.

    T is decoded text, V too when it needs no other object (a str); the rest as parse_object
    gives them. ``shape`` is the (/Rect, /AP) values' bytes (None where absent), unread: the
    placement check reads them, so a widget's dictionary is matched once, not twice. The
    result depends on ``source`` alone, so callers may keep it by those bytes.
    """
    entry = _from_template(source)
    if entry is not None:
        return entry
    m = _FIELD_DICT.match(source)
    if m is None:
        return None
    t, raw_v, ft, kids, state, parent, mapping_name, rect, appearance = m.groups()
    if mapping_name is not None:
        return None  # pypdf names a field by its /TM: let the general path step aside
    if t is not None and t[:1] != b"(" and t[:1] != b"<":
        return None  # pypdf names such a field by the object itself: leave it to pypdf
    try:
        if t is not None:
            t = text(_b_value(t))  # the name part, decoded once
        v = _field_value(raw_v)
        ft, state = _name(ft), _name(state)
        kids, parent = _b_value(kids), _b_value(parent)
    except Unsupported:
        return None  # a null or an odd token: the general path decides
    entry = t, v, ft, tuple(kids) if type(kids) is list else kids, state, parent, (rect, appearance)
    if raw_v is not None and len(source) <= MAX_TEMPLATE_BYTES:
        _keep_template(source, m.span(_V_GROUP), entry)
    return entry


def _field_value(raw: bytes | None) -> Any:
    """/V as match_field gives it: a direct value decoded to text once (str marks it as done)."""
    if raw is None or raw[:1] == b"(" or raw[:1] == b"/":
        return clean(None, _b_value(raw))
    value = _b_value(raw)
    return tuple(value) if type(value) is list else value


# -- a field whose only change is its value --------------------------------------------------------
# A text field holds its own answer, so its dictionary's bytes are new in every form, and
# match_field read all of them again: about 100 dictionaries a booklet, a sixth of its reading.
# The bytes around the /V entry are the blank's, the same in every form. So a dictionary matched
# whole is kept as a template by its bytes before "/V" (its last "/V", where the entry begins):
# a dictionary with those bytes before its last "/V", one whole value after it (the pattern's own)
# and then the template's bytes after its value reads as the template with its own value. The
# whole match reads the entries before /V the same way whatever follows them (each entry is
# matched once, possessively, and never looks past the "/" that starts the next), and after a
# whole value it is where it was after the template's: the answer is the one the whole match
# gives (tests/test_fastread.py checks the two side by side on generated dictionaries).
_V_GROUP = FIELD_KEYS.index("V") + 1
_V_ENTRY = re.compile(rb"/V" + _B_END + _B_WS + rb"*+(" + _B_VALUE + rb")")
TEMPLATES: dict[bytes, tuple[bytes, tuple[Any, ...]]] = {}  # bytes before /V -> (bytes after its value, entry)
MAX_TEMPLATES = 4096  # a booklet's blank has about 130 fields
MAX_TEMPLATE_BYTES = 4096  # a field's dictionary is a few hundred bytes: larger ones are not kept


def _keep_template(source: bytes, value_span: tuple[int, int], entry: tuple[Any, ...]) -> None:
    """Keep ``entry`` as a template when the last "/V" of ``source`` is where its /V entry begins."""
    at = source.rfind(b"/V")
    m = _V_ENTRY.match(source, at) if at >= 0 else None
    if m is not None and m.span(1) == value_span:
        remember(TEMPLATES, source[:at], (source[value_span[1]:], entry), MAX_TEMPLATES)


def _from_template(source: bytes) -> tuple[Any, ...] | None:
    """match_field's answer by a template (see above), or None where none fits."""
    at = source.rfind(b"/V")
    known = TEMPLATES.get(source[:at]) if at >= 0 else None
    if known is None:
        return None
    after, entry = known
    m = _V_ENTRY.match(source, at)
    if m is None or m.end() != len(source) - len(after) or not source.endswith(after):
        return None
    try:
        value = _field_value(m[1])
    except Unsupported:
        return None
    return (entry[0], value, *entry[2:])


_NAMES_READ: dict[bytes, Any] = {}


def _name(raw: bytes | None) -> Any:
    """_b_value for /FT and /AS, which take a handful of values: each is decoded once."""
    if raw is None:
        return None
    value = _NAMES_READ.get(raw)
    if value is None:
        value = remember(_NAMES_READ, raw, _b_value(raw), 256, largest=128)  # a name has at most 127 bytes
    return value


def clean(pdf: FastPdf | None, value: Any) -> str:
    """A value as text, the way read._clean shows pypdf's; ``pdf`` (if given) resolves references."""
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
        return ", ".join(clean(pdf, v) for v in value)
    if isinstance(value, bool):
        raise Unsupported("boolean value")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict) and "ByteRange" in value and "Contents" in value:
        return SIGNED_VALUE
    raise Unsupported("value type")


def field_read(own_text: bytes) -> tuple[Any, ...] | None:
    """match_field's answer for ``own_text`` if it was read before (in either memory), else None."""
    return FIELDS_READ.get(own_text) or FIELDS_SEEN.get(own_text)


_FIELD_KEYS_B = frozenset(key.encode() for key in FIELD_KEYS)


def read_field(pdf: FastPdf, value: Any) -> tuple[Any, ...]:
    """(T, V, FT, Kids, AS, Parent, shape) of a field or widget dictionary, direct or by reference; None
    if absent (``shape``: see match_field; None where the dictionary was read entry by entry).

    One regular-expression match reads the usual dictionary (:func:`match_field`, on the
    object's own text, so it cannot read past it); anything else goes through parse_keys.
    """
    if isinstance(value, Ref) and value[0] not in pdf.parsed:
        own_text = pdf.own_text(value[0])
        entry = FIELDS_READ.get(own_text)
        if entry is None:
            entry = FIELDS_SEEN.pop(own_text, None)
            if entry is not None:  # the second time: a dictionary forms share
                remember(FIELDS_READ, own_text, entry, MAX_FIELDS_READ)
            else:
                entry = match_field(own_text)
                if entry is not None:
                    remember(FIELDS_SEEN, own_text, entry, MAX_FIELDS_SEEN)
        if entry is not None:
            return entry
        if b"\x00" in own_text or b"\x0b" in own_text:  # parse_keys would not read them as pypdf does
            raise Unsupported("NUL or vertical tab in a field")
    found = pdf.keys(value, _FIELD_KEYS_B)
    if any(v is None for v in found.values()):
        raise Unsupported("null entry in a field")
    if "TM" in found:
        raise Unsupported("a field with a mapping name")  # pypdf names the field by it
    return (*(found.get(key) for key in FIELD_KEYS[:-1]), None)
