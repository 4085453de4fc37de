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

The reader's layers, each usable alone: :mod:`.fastsyntax` (tokens and objects),
:mod:`.fastxref` (:class:`FastPdf`: cross-reference data, object streams, decoding),
:mod:`.fastfields` (field and widget dictionaries); this module walks the field tree and /Info.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core._memo import remember
from . import budget as _budget
from . import fastfields
from .fastfields import clean, read_field
from .fastsyntax import Name, Ref, Unsupported, parse_object, text
from .fastxref import FastPdf

_DIRECT = object()  # the parent of kids of a direct dictionary: no /Parent can point at it


def field_values(pdf: FastPdf) -> dict[str, str]:
    """Fully qualified name -> value for every field node with a name, as read.read_field_values."""
    root = shared_dict(pdf, pdf.trailer.get("Root"))
    acro = root.get("AcroForm")
    if acro is None:
        return {}
    out: dict[str, str] = {}
    pdf.widgets = []
    _walk(pdf, shared_dict(pdf, acro).get("Fields"), None, "", 0, out)
    return out


def _walk(pdf: FastPdf, refs: Any, parent_ref: Any, prefix: str, depth: int, out: dict[str, str]) -> None:
    """Add the fields under ``refs`` to ``out``; a widget (no /T of its own) is not a field.

    Names are built down the tree; pypdf builds them up the /Parent links. Where the two could
    differ (a named field whose /Parent is not ``parent_ref``, the field it is under), step aside.
    """
    if depth > 32:
        raise Unsupported("field tree too deep")
    items = pdf.get(refs) or []
    texts = pdf.prefetch(items)  # every item's own_text, in one loop (b"": read_field finds it)
    if texts is None:
        _budget.current().tick(len(items))
        texts = [pdf.own_text(ref[0]) if type(ref) is Ref else b"" for ref in items]
    for ref, own, entry in zip(items, texts, map(fastfields.FIELDS_READ.get, texts)):  # read_field's first step, in C
        t, v, ft, kids, _, parent, shape = entry if entry is not None else read_field(pdf, ref)
        if t is None:
            if depth:
                pdf.widgets.append((prefix, ref, own, shape))  # a widget of the field above
            continue
        if parent != parent_ref:
            raise Unsupported("a field whose /Parent is not the field it is listed under")
        if type(t) is not str and type(t) is not bytes:
            raise Unsupported("a field name that is not a string")  # pypdf names it by the object
        part = t if isinstance(t, str) else text(t)
        name = f"{prefix}.{part}" if prefix else part
        value = v if type(v) is str else clean(pdf, v)
        if (not value or value == "Off") and ft == "Btn":
            for kid in pdf.get(kids) or []:
                state = read_field(pdf, kid)[4]
                if state is not None and state != "Off":
                    value = clean(pdf, state)
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
            pdf.widgets.append((name, ref, own, shape))  # a field and its widget in one dictionary


# /Root, /AcroForm and /Info by their bytes: the same for every form of a build (a filler keeps
# them), and slow to parse (/AcroForm lists every field; /Info has long strings with parentheses).
# Entries are shared with every form that has those bytes: read-only.
_SHARED_READ: dict[bytes, dict[str, Any]] = {}
MAX_SHARED_READ = 64
SHARED_LARGEST = 64 * 1024  # bytes of one: an /AcroForm listing about 5,000 fields (a booklet's lists 130)


def shared_dict(pdf: FastPdf, ref: Any) -> dict[str, Any]:
    """``pdf.dict(ref)``, parsed once per distinct bytes of the object where it is a dictionary
    alone within them (a stream, or anything parse_object does not read whole, goes the usual way)."""
    if type(ref) is Ref and ref[0] not in pdf.parsed:
        own_text = pdf.own_text(ref[0])
        found = _SHARED_READ.get(own_text)
        if found is None:
            try:
                value, end = parse_object(own_text, 0)
            except Unsupported:
                value = None  # not within its own bytes: read it the general way
            if isinstance(value, dict) and not own_text[end:].strip():
                found = remember(_SHARED_READ, own_text, value, MAX_SHARED_READ, SHARED_LARGEST)
        if found is not None:
            pdf.parsed[ref[0]] = found  # pdf.dict and pdf.get give the same dictionary from now on
            return found
    return pdf.dict(ref)


def info(pdf: FastPdf) -> dict[str, str]:
    """The document information (/Info) as text, as pypdf's metadata shows it: strings decoded, names with '/'."""
    ref = pdf.trailer.get("Info")
    if ref is None:
        return {}
    out = {}
    for key, value in shared_dict(pdf, ref).items():
        value = pdf.get(value)
        if isinstance(value, bytes):
            out[key] = text(value)
        elif isinstance(value, Name):
            out[key] = "/" + value
    return out


def open_fast(path: str | Path) -> FastPdf:
    """The file at ``path``, read whole: form files are small, and slicing bytes is the fast path."""
    return FastPdf(Path(path).read_bytes())
