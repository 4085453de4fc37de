"""Reading AcroForm field values from a PDF, whoever filled it (a reader, pdftk or pypdf)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _clean(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text[1:] if text.startswith("/") else text


def read_field_values(path: str | Path) -> dict[str, str]:
    """Map each fully qualified field name to its value as text ('' when empty).

    Button states lose their leading '/'; a radio group with no /V but a selected kid
    (some fillers set only /AS) reports that kid's state.
    """
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    fields = reader.get_fields() or {}
    out: dict[str, str] = {}
    for name, field in fields.items():
        value = _clean(field.get("/V"))
        if not value and field.get("/FT") == "/Btn":
            value = _selected_kid_state(field)
        out[name] = value
    return out


def _selected_kid_state(field: Any) -> str:
    for kid in field.get("/Kids", []) or []:
        kid = kid.get_object()
        state = kid.get("/AS")
        if state is not None and state != "/Off":
            return _clean(state)
    return ""
