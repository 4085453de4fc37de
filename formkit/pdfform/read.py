"""Reading AcroForm field values from a PDF, whoever filled it (a reader, pdftk or pypdf).

Also reads formkit's own field schema (embedded by :mod:`formkit.pdfform.post`) and the
form's metadata, so answers can be mapped back to the exact wording the person saw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core._memo import remember
from . import budget
from .fastfields import SIGNED_VALUE

SCHEMA_KEY = "/FormkitSchema"


class UnreadablePdf(Exception):
    """The file is not a PDF pypdf can open, or it is encrypted with a password.

    ``repairable`` says whether qpdf's recovery may help: a broken structure, yes; a password
    or a stream that inflates past the limits, no (repairing would only do the work again).
    """

    def __init__(self, reason: str, *, repairable: bool = False) -> None:
        super().__init__(reason)
        self.repairable = repairable


def _clean(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text[1:] if text.startswith("/") else text


Source = str | Path | bytes  # a file, or a file's bytes (a repaired copy, say)


def _open(path: Source) -> Any:
    """Open strictly enough to tell a broken file.

    pypdf logs its repairs as warnings; the formkit command keeps them off the terminal
    (:func:`formkit.cli.pypdf_errors_only`), a program using the library decides for itself.
    """
    import io

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # unsupported algorithm (needs cryptography) and friends
                raise UnreadablePdf(f"encrypted ({exc})") from None
            if not ok:
                raise UnreadablePdf("encrypted with a password")
        reader.trailer["/Root"]  # noqa: B018 - forces the catalogue to load
        budget.check_objects(sum(map(len, reader.xref.values())) + len(reader.xref_objStm))
        return reader
    except UnreadablePdf:
        raise
    except DependencyError as exc:  # AES encryption without the cryptography package
        raise UnreadablePdf(f"encrypted ({exc})") from None
    except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadablePdf(f"not a readable PDF ({exc})", repairable=True) from None


def _values(reader: Any) -> dict[str, str]:
    fields = reader.get_fields() or {}
    budget.check_fields(len(fields))
    out: dict[str, str] = {}
    for name, fld in fields.items():
        value = fld.get("/V")
        if isinstance(value, dict) and "/ByteRange" in value and "/Contents" in value:
            value = SIGNED_VALUE  # a signature dictionary, as the fast reader gives it
        if isinstance(value, list):
            value = ", ".join(_clean(v) for v in value)
        value = _clean(value)
        if (not value or value == "Off") and fld.get("/FT") == "/Btn":
            value = _selected_kid_state(fld) or value
        budget.check_value(name, value)
        out[name] = value
    return out


def read_field_values(path: str | Path) -> dict[str, str]:
    """Map each fully qualified field name to its value as text ('' when empty).

    Button states lose their leading '/'; a radio group with no /V but a selected kid
    (some fillers set only /AS) reports that kid's state.
    """
    with budget.file_budget():
        try:
            fast = _read_fast(path)
            if fast is not None:
                return fast.values
            return _values(_open(path))
        except budget.OverBudget as exc:
            raise UnreadablePdf(budget.reason(exc)) from None


def _selected_kid_state(fld: Any) -> str:
    for kid in fld.get("/Kids", []) or []:
        kid = kid.get_object()
        state = kid.get("/AS")
        if state is not None and state != "/Off":
            return _clean(state)
    return ""


@dataclass
class FormContents:
    """Everything a filled form tells us: values, formkit's schema (or None) and Info metadata."""

    values: dict[str, str]
    schema: dict[str, Any] | None
    info: dict[str, str] = field(default_factory=dict)
    # the fast reader's parsed file, for checks that read more of it (collect's placement check);
    # None when pypdf read the file
    fast: Any = field(default=None, repr=False, compare=False)


def read_schema(reader: Any) -> dict[str, Any] | None:
    """formkit's embedded field schema from an open PdfReader, or None for a foreign PDF."""
    root = reader.trailer["/Root"].get_object()
    ref = root.get(SCHEMA_KEY)
    if ref is None:
        return None
    try:
        raw = _schema_bytes(ref.get_object())
    except (ValueError, AttributeError):
        return None
    budget.check_schema_bytes(raw)
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    budget.check_schema(data)
    return data if isinstance(data, dict) else None


def _schema_bytes(stream: Any) -> bytes:
    """The schema stream's bytes, inflated within the schema's size limit (as the fast reader does).

    pypdf would inflate any size. formkit writes the schema with /FlateDecode; layers of it are
    undone one by one, each within the limit, and any other encoding is refused as damage.
    """
    from pypdf.generic import StreamObject

    from .fastsyntax import Unsupported
    from .fastxref import inflate

    if not isinstance(stream, StreamObject):
        raise ValueError("not a stream")
    filters = stream.get("/Filter")
    filters = list(filters) if isinstance(filters, list) else [filters] if filters else []
    if any(f != "/FlateDecode" for f in filters) or stream.get("/DecodeParms") is not None:
        raise UnreadablePdf("its embedded formkit schema is stored in an unexpected way (damaged or altered)")
    data = bytes(stream._data)  # the encoded bytes, as stored in the file
    for _ in filters:
        try:
            data = inflate(data, budget.MAX_SCHEMA_BYTES)
        except budget.OverBudget:
            raise budget.OverBudget(f"its embedded formkit schema is larger than "
                                    f"{budget.MAX_SCHEMA_BYTES >> 20} MB") from None
        except Unsupported as exc:
            raise UnreadablePdf(f"its embedded formkit schema is damaged ({exc})") from None
    return data


def _read_fast(path: Source, shared_schema: bool = False) -> FormContents | None:
    """The fast reader's answer, or None when the file is anything but the simple case.

    Any surprise (encryption, an unusual filter, a damaged or odd structure) sends the file
    to pypdf, which reads what it can and decides what is broken.
    """
    from . import fastread
    from .fastxref import FastPdf

    try:
        pdf = FastPdf(path) if isinstance(path, bytes) else fastread.open_fast(path)
        values = fastread.field_values(pdf)
        root = pdf.dict(pdf.trailer.get("Root"))
        schema = None
        if SCHEMA_KEY[1:] in root:
            schema = _fast_schema(pdf, root[SCHEMA_KEY[1:]], shared_schema)
        return FormContents(values, schema, fastread.info(pdf), pdf)
    except Exception:  # noqa: BLE001 - every failure means "let pypdf decide"
        return None


# Decoded schemas by the stream they came from. Every form made from one build embeds the same
# schema (about 50 KB of JSON), so a batch decodes it once. Shared: callers must not change them.
_SCHEMAS: dict[bytes, dict[str, Any] | None] = {}
MAX_SCHEMAS = 16
SCHEMA_LARGEST = 256 * 1024  # bytes of a stream kept by: a booklet's compressed schema is about 14 KB


def _fast_schema(pdf: Any, ref: Any, shared: bool) -> dict[str, Any] | None:
    """The embedded schema (None if it is not a JSON object); with ``shared``, one per distinct stream."""
    stream, key = pdf.get(ref), None
    if shared and isinstance(stream, tuple):  # (dictionary, raw bytes): the key is how to decode what
        head, body = stream
        key = repr((head.get("Filter"), head.get("DecodeParms"))).encode() + b"\n" + body
        if key in _SCHEMAS:
            return _SCHEMAS[key]
    try:
        raw = pdf.stream(ref, budget.MAX_SCHEMA_BYTES)
    except budget.OverBudget:
        raise budget.OverBudget(f"its embedded formkit schema is larger than "
                                f"{budget.MAX_SCHEMA_BYTES >> 20} MB") from None
    budget.check_schema_bytes(raw)
    try:
        data = json.loads(raw.decode("utf-8"))
        schema = data if isinstance(data, dict) else None
    except ValueError:
        schema = None
    budget.check_schema(schema)
    if key is not None:
        remember(_SCHEMAS, key, schema, MAX_SCHEMAS, SCHEMA_LARGEST)
    return schema


def read_form(path: Source, *, shared_schema: bool = False) -> FormContents:
    """Values, schema and metadata of one PDF (a file or its bytes); raises UnreadablePdf for
    broken or locked files.

    With ``shared_schema``, forms that embed the same schema stream get the same (read-only)
    dictionary, decoded once: what ``formkit collect`` wants for a batch from one build.
    """
    with budget.file_budget():
        try:
            return _read_form(path, shared_schema)
        except budget.OverBudget as exc:
            raise UnreadablePdf(budget.reason(exc)) from None


def _read_form(path: Source, shared_schema: bool) -> FormContents:
    fast = _read_fast(path, shared_schema)
    if fast is not None:
        return fast
    reader = _open(path)
    try:
        values = _values(reader)
        schema = read_schema(reader)
        meta = reader.metadata or {}
        info = {str(k)[1:]: str(v) for k, v in meta.items() if isinstance(v, str)}
    except UnreadablePdf:
        raise
    except Exception as exc:  # a damaged object tree surfaces lazily
        bomb = exc.__class__.__name__ == "LimitReachedError" or isinstance(exc, (MemoryError, RecursionError))
        raise UnreadablePdf(f"damaged PDF ({exc.__class__.__name__}: {exc})", repairable=not bomb) from None
    return FormContents(values, schema, info)
