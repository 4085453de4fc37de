"""Post-processing a reportlab form with pypdf: what reportlab cannot write itself.

- /Tabs /R on every page (tab order follows the rows), /Lang, DisplayDocTitle;
- the field fonts switched to the standard /WinAnsiEncoding (qpdf/pikepdf/PyPDFForm
  fillers mangle accents with reportlab's custom /Differences encoding);
- a tooltip (/TU) on every radio widget, not only on the group;
- real /FT /Sig signature fields;
- Info and XMP metadata: catalogue id, version, overlay fingerprint, form kind;
- formkit's field schema as a compressed JSON stream in the document catalogue
  (/FormkitSchema), so `formkit collect` maps ASCII names back to competencies and wording.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape

SCHEMA_KEY = "/FormkitSchema"
XMP_NS = "https://formkit.example/ns/form/1.0/"


def finish_pdf(raw: bytes, info: Any, *, kid_tooltips: Mapping[tuple[str, str], str] | None = None,
               signatures: Iterable[Any] = (), schema: Mapping[str, Any] | None = None) -> bytes:
    """Return the finished PDF bytes for a reportlab-made form (deterministic)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    root = writer._root_object
    for page in writer.pages:
        page[NameObject("/Tabs")] = NameObject("/R")
    root[NameObject("/Lang")] = TextStringObject(info.lang)
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs

    acro = root.get("/AcroForm")
    if acro is not None:
        acro = acro.get_object()
        _winansi_fonts(acro)
        acro[NameObject("/DA")] = TextStringObject("/Helv 10 Tf 0 g")
        if "/NeedAppearances" in acro:
            del acro["/NeedAppearances"]
        _kid_tooltips(acro, kid_tooltips or {})
        _radio_appearances(writer, acro)
        _checkbox_appearances(writer, acro)
        _empty_text_appearances(writer, acro)
        sigs = list(signatures)
        if sigs:
            _add_signatures(writer, acro, sigs)
    elif list(signatures):
        raise ValueError("signature fields need a form with at least one other field")

    _set_info(writer, info)
    _set_xmp(writer, info)
    if schema is not None:
        _embed_schema(writer, schema)
    writer.compress_identical_objects()  # drops reportlab's replaced appearances and duplicates
    out = io.BytesIO()
    writer.write(out)
    from .compact import compact

    return compact(out.getvalue())


def _winansi_fonts(acro: Any) -> None:
    from pypdf.generic import NameObject

    dr = acro.get("/DR")
    fonts = dr.get_object().get("/Font") if dr is not None else None
    if fonts is None:
        return
    for _, ref in fonts.get_object().items():
        font = ref.get_object()
        base = str(font.get("/BaseFont", ""))
        if "ZapfDingbats" in base or "Symbol" in base:
            continue
        font[NameObject("/Encoding")] = NameObject("/WinAnsiEncoding")


def _kid_tooltips(acro: Any, tips: Mapping[tuple[str, str], str]) -> None:
    from pypdf.generic import NameObject, TextStringObject

    for ref in acro.get("/Fields", []):
        fld = ref.get_object()
        name = str(fld.get("/T", ""))
        for kid_ref in fld.get("/Kids", []) or []:
            kid = kid_ref.get_object()
            states = [str(k)[1:] for k in kid.get("/AP", {}).get("/N", {}).keys() if k != "/Off"]
            if states and (name, states[0]) in tips:
                kid[NameObject("/TU")] = TextStringObject(tips[(name, states[0])])


def _circle(cx: float, cy: float, r: float) -> str:
    k = 0.5523 * r
    return (f"{cx + r:.3f} {cy:.3f} m "
            f"{cx + r:.3f} {cy + k:.3f} {cx + k:.3f} {cy + r:.3f} {cx:.3f} {cy + r:.3f} c "
            f"{cx - k:.3f} {cy + r:.3f} {cx - r:.3f} {cy + k:.3f} {cx - r:.3f} {cy:.3f} c "
            f"{cx - r:.3f} {cy - k:.3f} {cx - k:.3f} {cy - r:.3f} {cx:.3f} {cy - r:.3f} c "
            f"{cx + k:.3f} {cy - r:.3f} {cx + r:.3f} {cy - k:.3f} {cx + r:.3f} {cy:.3f} c h ")


def _radio_appearances(writer: Any, acro: Any) -> None:
    """Replace reportlab's radio appearances (its 'off' circle draws a stray inner arc) with
    a plain circle, and a filled dot when on; the same for normal and down states."""
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                               NameObject)

    cache: dict[tuple[float, float, bool], Any] = {}

    def stream(w: float, h: float, on: bool) -> Any:
        key = (round(w, 3), round(h, 3), on)
        if key not in cache:
            r = min(w, h) / 2
            ops = f"q 1 g 0.15 0.15 0.15 RG 1 w {_circle(w / 2, h / 2, r - 0.5)}B "
            if on:
                ops += f"0 g {_circle(w / 2, h / 2, r * 0.45)}f "
            ops += "Q"
            obj = DecodedStreamObject()
            obj.set_data(ops.encode("ascii"))
            obj[NameObject("/Type")] = NameObject("/XObject")
            obj[NameObject("/Subtype")] = NameObject("/Form")
            obj[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(key[0]),
                                                   FloatObject(key[1])])
            cache[key] = writer._add_object(obj)
        return cache[key]

    for ref in acro.get("/Fields", []):
        fld = ref.get_object()
        if not int(fld.get("/Ff", 0)) & (1 << 15):
            continue
        for kid_ref in fld.get("/Kids", []) or []:
            kid = kid_ref.get_object()
            states = [k for k in kid.get("/AP", {}).get("/N", {}).keys() if k != "/Off"]
            if not states:
                continue
            x1, y1, x2, y2 = (float(v) for v in kid["/Rect"])
            w, h = abs(x2 - x1), abs(y2 - y1)
            normal = DictionaryObject({NameObject(states[0]): stream(w, h, True),
                                       NameObject("/Off"): stream(w, h, False)})
            kid[NameObject("/AP")] = DictionaryObject({NameObject("/N"): normal})


def _checkbox_appearances(writer: Any, acro: Any) -> None:
    """Draw checkboxes as a square and, when on, a tick: reportlab's ZapfDingbats check is
    scaled for one size only, and a plain path looks the same in every viewer."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    cache: dict[tuple[float, bool], Any] = {}

    def stream(size: float, on: bool) -> Any:
        if (size, on) not in cache:
            ops = f"q 1 g 0.15 0.15 0.15 RG 1 w 0.5 0.5 {size - 1:.3f} {size - 1:.3f} re B Q"
            if on:
                ops += (f" q 0 G {size * 0.12:.3f} w 1 J 1 j {size * 0.22:.3f} {size * 0.52:.3f} m "
                        f"{size * 0.42:.3f} {size * 0.28:.3f} l {size * 0.80:.3f} {size * 0.76:.3f} l S Q")
            obj = DecodedStreamObject()
            obj.set_data(ops.encode("ascii"))
            obj[NameObject("/Type")] = NameObject("/XObject")
            obj[NameObject("/Subtype")] = NameObject("/Form")
            obj[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(size),
                                                   FloatObject(size)])
            cache[(size, on)] = writer._add_object(obj)
        return cache[(size, on)]

    for ref in acro.get("/Fields", []):
        fld = ref.get_object()
        if fld.get("/FT") != "/Btn" or int(fld.get("/Ff", 0)) & ((1 << 15) | (1 << 16)) or "/AP" not in fld:
            continue
        x1, y1, x2, y2 = (float(v) for v in fld["/Rect"])
        size = round(min(abs(x2 - x1), abs(y2 - y1)), 3)
        normal = DictionaryObject({NameObject(k): stream(size, True) for k in fld["/AP"]["/N"] if k != "/Off"})
        normal[NameObject("/Off")] = stream(size, False)
        fld[NameObject("/AP")] = DictionaryObject({NameObject("/N"): normal})


def _empty_text_appearances(writer: Any, acro: Any) -> None:
    """Share one empty appearance among all empty text fields.

    reportlab writes a border-only appearance per field (hundreds in a booklet); the border is
    already drawn on the page itself, so an empty field needs no picture of its own. A viewer
    draws its own appearance when someone types, and fill_form draws a real one.
    """
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    empty = DecodedStreamObject()
    empty.set_data(b"")
    empty[NameObject("/Type")] = NameObject("/XObject")
    empty[NameObject("/Subtype")] = NameObject("/Form")
    empty[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(1), FloatObject(1)])
    ref = None
    for fref in acro.get("/Fields", []):
        fld = fref.get_object()
        if fld.get("/FT") != "/Tx" or str(fld.get("/V", "")) or "/Kids" in fld:
            continue
        if ref is None:
            ref = writer._add_object(empty)
        fld[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ref})
        if "/DV" in fld and not str(fld["/DV"]):
            del fld["/DV"]


def _add_signatures(writer: Any, acro: Any, sigs: list[Any]) -> None:
    from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject,
                               TextStringObject)

    fields = acro["/Fields"]
    for sig in sigs:
        page = writer.pages[sig.page]
        widget = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject(sig.name),
            NameObject("/TU"): TextStringObject(sig.tooltip), NameObject("/F"): NumberObject(4),
            NameObject("/Rect"): ArrayObject([FloatObject(round(v, 3)) for v in sig.rect]),
            NameObject("/P"): page.indirect_reference,
        })
        ref = writer._add_object(widget)
        annots = page.get("/Annots")
        if annots is None:
            page[NameObject("/Annots")] = ArrayObject([ref])
        else:
            annots.get_object().append(ref)
        fields.append(ref)


def _set_info(writer: Any, info: Any) -> None:
    meta = {"/Title": info.title, "/Author": info.author, "/Subject": info.subject,
            "/Keywords": info.keywords, "/Creator": info.creator, "/Producer": "formkit (reportlab, pypdf)",
            "/FormkitKind": info.form_kind, "/FormkitCatalog": info.catalog_id,
            "/FormkitVersion": info.catalog_version, "/FormkitFingerprint": info.fingerprint}
    writer.add_metadata({k: v for k, v in meta.items() if v})


def _set_xmp(writer: Any, info: Any) -> None:
    from pypdf.generic import DecodedStreamObject, NameObject

    e = escape
    xmp = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:formkit="{XMP_NS}">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{e(info.lang)}</rdf:li></rdf:Bag></dc:language>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>
   <pdf:Producer>formkit (reportlab, pypdf)</pdf:Producer>
   <pdf:Keywords>{e(info.keywords)}</pdf:Keywords>
   <formkit:formKind>{e(info.form_kind)}</formkit:formKind>
   <formkit:catalogId>{e(info.catalog_id)}</formkit:catalogId>
   <formkit:catalogVersion>{e(info.catalog_version)}</formkit:catalogVersion>
   <formkit:overlayFingerprint>{e(info.fingerprint)}</formkit:overlayFingerprint>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = DecodedStreamObject()
    stream.set_data(xmp.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)


def _embed_schema(writer: Any, schema: Mapping[str, Any]) -> None:
    from pypdf.generic import DecodedStreamObject, NameObject

    stream = DecodedStreamObject()
    stream.set_data(json.dumps(schema, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    writer._root_object[NameObject(SCHEMA_KEY)] = writer._add_object(stream.flate_encode())
