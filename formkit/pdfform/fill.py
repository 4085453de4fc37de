"""Filling a formkit (or any AcroForm) PDF with real appearance streams.

Text values are drawn with the form's own field font (:mod:`formkit.pdfform.fieldfont`, the
composite DejaVu subset in /DR), so "José Núñez", "Nguyễn Thị" or "Ирина" show in poppler,
MuPDF and PDFium without the viewer regenerating anything; /NeedAppearances stays off. A
value with a character outside that font, or a form without it (not made by formkit), is
drawn by reportlab with the whole bundled DejaVu Sans instead. Radio groups get /V as a *name* (pypdf
writes a string, which poppler then ignores) and each kid's /AS; checkboxes their on-state.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .fieldfont import (UNICODE_NAME, colour_operator, da_size, default_appearance, field_font, mk_rgb,
                        text_appearance)
from .fonts import REGULAR, register_fonts

_MULTILINE = 1 << 12
_RADIO = 1 << 15


def iter_fields(fields: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(fully qualified name, field dict) of every terminal field, in document order."""
    out: list[tuple[str, Any]] = []
    for ref in fields or []:
        fld = ref.get_object()
        part = str(fld.get("/T", ""))
        name = f"{prefix}.{part}" if prefix and part else (part or prefix)
        kids = [k.get_object() for k in fld.get("/Kids", []) or []]
        if kids and any("/T" in k for k in kids):
            out.extend(iter_fields(fld["/Kids"], name))
        else:
            out.append((name, fld))
    return out


def _widgets(fld: Any) -> list[Any]:
    kids = fld.get("/Kids")
    return [k.get_object() for k in kids] if kids else [fld]


def _on_state(widget: Any) -> str | None:
    for key in widget.get("/AP", {}).get("/N", {}).keys():
        if key != "/Off":
            return str(key)[1:]
    return None


def _field_type(fld: Any) -> str:
    ft = fld.get("/FT")
    if ft is None and "/Parent" in fld:
        ft = fld["/Parent"].get_object().get("/FT")
    return str(ft or "")


def fill_form(pdf: bytes | str | Path, values: Mapping[str, str | bool]) -> bytes:
    """Return the PDF with ``values`` set ({qualified name: text / export value / bool}).

    Radio values are export values ("3", "NA"); checkboxes take True/False or their on-state.
    Raises KeyError for a name the form does not have, ValueError for a choice it does not offer.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    data = Path(pdf).read_bytes() if isinstance(pdf, (str, Path)) else pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    acro = writer._root_object["/AcroForm"].get_object()
    if not isinstance(acro, DictionaryObject):
        raise ValueError(f"the PDF's /AcroForm is not a dictionary but {type(acro).__name__}")
    fields = dict(iter_fields(acro.get("/Fields")))
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise KeyError(f"the form has no field {unknown[0]!r}")
    jobs: list[tuple[Any, str, bool]] = []
    for name, value in values.items():
        fld = fields[name]
        ftype = _field_type(fld)
        flags = int(fld.get("/Ff", 0))
        if ftype == "/Btn":
            _set_button(fld, name, value, radio=bool(flags & _RADIO))
        elif ftype == "/Tx":
            text = "" if value is None else str(value)
            maxlen = fld.get("/MaxLen")
            if maxlen is not None and len(text) > int(maxlen):
                raise ValueError(f"{name}: {len(text)} characters, the field holds {int(maxlen)}")
            fld[NameObject("/V")] = TextStringObject(text)
            for w in _widgets(fld):
                jobs.append((w, text, bool(flags & _MULTILINE)))
        else:
            raise ValueError(f"{name}: cannot fill a field of type {ftype or 'unknown'}")
    if jobs:
        font = _field_font_ref(acro)
        if font is not None and all(field_font().covers(text) for _, text, _ in jobs):
            _draw_with_field_font(writer, jobs, font)
            _name_fonts_that_draw(jobs)
        else:
            _attach_appearances(writer, jobs)
    if "/NeedAppearances" in acro:
        del acro["/NeedAppearances"]
    # no compress_identical_objects(): it merged objects that only hold the same bytes, such as the empty
    # appearances of same-size text boxes (pypdf then drew one value in all of them) and the empty cells of
    # a table row (one structure element listed five times); _resave drops what nothing references
    out = io.BytesIO()
    writer.write(out)
    return _resave(out.getvalue())


def _set_button(fld: Any, name: str, value: str | bool, *, radio: bool) -> None:
    """Select a radio option or tick a checkbox: /V on the field, /AS on each of its widgets."""
    from pypdf.generic import NameObject

    widgets = _widgets(fld)
    states = [s for s in (_on_state(w) for w in widgets) if s]
    if radio:
        wanted = str(value) if value not in (None, False, "") else "Off"
    else:
        wanted = (states[0] if states else "Yes") if value is True or value in states else "Off"
        if value not in (True, False, "", None, "Off") and value not in states:
            raise ValueError(f"{name}: {value!r} is not one of {states}")
    if wanted != "Off" and wanted not in states:
        raise ValueError(f"{name}: {value!r} is not one of {states}")
    fld[NameObject("/V")] = NameObject(f"/{wanted}")
    for w in widgets:
        w[NameObject("/AS")] = NameObject(f"/{wanted}" if _on_state(w) == wanted else "/Off")


def _resave(data: bytes) -> bytes:
    """The filled file as formkit writes every form: classic xref table, content-derived /ID."""
    from .post import tidy

    return tidy(data)


def _field_font_ref(acro: Any) -> Any:
    """The indirect reference of the form's composite field font, or None (not a formkit form)."""
    fonts = acro.get("/DR", {}).get("/Font", {})
    ref = fonts.raw_get(f"/{UNICODE_NAME}") if f"/{UNICODE_NAME}" in fonts else None
    return ref if getattr(ref, "idnum", None) is not None else None


def _draw_with_field_font(writer: Any, jobs: list[tuple[Any, str, bool]], font: Any) -> None:
    """Each widget gets a new appearance stream of its own, drawn with the form's field font."""
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                               NameObject)

    for widget, text, multiline in jobs:
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        w, h = round(abs(x2 - x1), 3), round(abs(y2 - y1), 3)
        size = da_size(str(widget.get("/DA", "") or ""))
        mk = widget.get("/MK", {})
        stream = DecodedStreamObject()
        stream.set_data(text_appearance(text, w, h, size, multiline=multiline,
                                        background=colour_operator(mk.get("/BG"), stroke=False),
                                        border=colour_operator(mk.get("/BC"), stroke=True)))
        stream[NameObject("/Type")] = NameObject("/XObject")
        stream[NameObject("/Subtype")] = NameObject("/Form")
        stream[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(w), FloatObject(h)])
        stream[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject(f"/{UNICODE_NAME}"): font})})
        widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(stream.flate_encode())})


def _name_fonts_that_draw(jobs: list[tuple[Any, str, bool]]) -> None:
    """Each filled widget's /DA names the field font that can draw its value (see default_appearance)."""
    from pypdf.generic import NameObject, TextStringObject

    for widget, text, _ in jobs:
        size = da_size(str(widget.get("/DA", "") or ""))
        widget[NameObject("/DA")] = TextStringObject(default_appearance(text, size))


def _attach_appearances(writer: Any, jobs: list[tuple[Any, str, bool]]) -> None:
    """Draw each text widget's appearance on its own reportlab page, then move it into an XObject."""
    from pypdf import PdfReader
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                               NameObject)
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1, pageCompression=0)  # no ASCII85; post.save compresses
    boxes = []
    for widget, text, multiline in jobs:
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        w, h = abs(x2 - x1), abs(y2 - y1)
        boxes.append((w, h))
        canvas.setPageSize((w, h))
        mk = widget.get("/MK", {})
        bg = mk_rgb(mk.get("/BG"))
        bc = mk_rgb(mk.get("/BC"))
        bw = float(widget.get("/BS", {}).get("/W", 1)) if bc else 0
        if bg:
            canvas.setFillColorRGB(*bg)
            canvas.rect(0, 0, w, h, stroke=0, fill=1)
        if bc and bw:
            canvas.setStrokeColorRGB(*bc)
            canvas.setLineWidth(bw)
            canvas.rect(bw / 2, bw / 2, w - bw, h - bw, stroke=1, fill=0)
        size = da_size(str(widget.get("/DA", "") or ""))
        pad = 2 + bw
        path = canvas.beginPath()
        path.rect(bw, bw, w - 2 * bw, h - 2 * bw)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(REGULAR, size)
        if multiline:
            y = h - pad - size * 0.95
            for para in text.splitlines() or [""]:
                for line in simpleSplit(para, REGULAR, size, w - 2 * pad) or [""]:
                    canvas.drawString(pad, y, line)
                    y -= size * 1.16
        else:
            canvas.drawString(pad, (h - size * 0.72) / 2, text)
        canvas.showPage()
    canvas.save()
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    for (widget, _, _), (w, h), page in zip(jobs, boxes, reader.pages):
        stream = DecodedStreamObject()
        contents = page.get_contents()  # reportlab gives every page one, possibly empty
        stream.set_data(b"/Tx BMC q " + (contents.get_data() if contents is not None else b"") + b" Q EMC")
        stream[NameObject("/Type")] = NameObject("/XObject")
        stream[NameObject("/Subtype")] = NameObject("/Form")
        stream[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(round(w, 3)),
                                                   FloatObject(round(h, 3))])
        stream[NameObject("/Resources")] = page["/Resources"].clone(writer)
        ref = writer._add_object(stream.flate_encode())
        widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ref})
