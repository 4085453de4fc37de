"""Post-processing a reportlab form with pikepdf (qpdf): what reportlab cannot write itself.

- the structure tree the layout recorded (:mod:`formkit.pdfpage.structure`): tagged
  content, a Form element per widget, /Tabs /S (tab order = reading order), /MarkInfo,
  /Lang, bookmarks, DisplayDocTitle and the PDF/UA identification in XMP;
- the field font: every text field's /DA names the embedded DejaVu subset of
  :mod:`formkit.pdfform.fieldfont` (not reportlab's unembedded Helvetica), so other fillers
  and viewers that draw a value themselves draw it with the right letters;
- a tooltip (/TU) on every radio widget, not only on the group;
- plain radio and checkbox pictures (shared: no filler rewrites them), and **one empty
  appearance per text widget** with its real /BBox and /Resources. pypdf writes a new value
  into the existing appearance object in place, so a shared one showed the last value in
  every box; qpdf draws into the /BBox it finds, so a 1x1 one showed nothing;
- real /FT /Sig signature fields;
- Info and XMP metadata: catalogue id, version, overlay fingerprint, form kind;
- formkit's field schema as a compressed JSON stream in the document catalogue
  (/FormkitSchema), so `formkit collect` maps ASCII names back to competencies and wording;
- the file written with a classic cross-reference table. PDFium's incremental save
  (FPDF_INCREMENTAL) appended to a cross-reference *stream* gave files that qpdf called
  damaged and pdftk and pypdf could not open; with a table they stay readable. Object streams
  need cross-reference streams, so files are about a third larger (README size table).

Why pikepdf and not pypdf here: pypdf parses and clones every object in Python, which took
half of `formkit build`; qpdf does the same edits and the object-stream rewrite in C++
about ten times faster (docs/benchmarks.md). Output is deterministic.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from . import fieldfont
from .metadata import info_entries, xmp_packet

SCHEMA_KEY = "/FormkitSchema"
PRODUCER = "formkit (reportlab, pikepdf)"
RADIO_FLAG = 1 << 15
PUSHBUTTON_FLAG = 1 << 16


def finish_pdf(raw: bytes, info: Any, *, kid_tooltips: Mapping[tuple[str, str], str] | None = None,
               signatures: Iterable[Any] = (), schema: Mapping[str, Any] | None = None, tags: Any = None) -> bytes:
    """Return the finished PDF bytes for a reportlab-made form (deterministic).

    ``tags`` is the :class:`formkit.pdfpage.tags.Tagger` that recorded the structure while
    the canvas drew; it is written once the widgets and signature fields are final.
    """
    import pikepdf
    from pikepdf import Dictionary, Name, String

    from ..pdfpage.structure import write_structure
    from .pikeobjects import PikeObjects

    pdf = pikepdf.open(io.BytesIO(raw))
    root = pdf.Root
    root[Name.Lang] = String(info.lang)
    prefs = root.get(Name.ViewerPreferences)
    if prefs is None:
        root[Name.ViewerPreferences] = Dictionary(DisplayDocTitle=True)
    else:
        prefs[Name.DisplayDocTitle] = True

    sigs = list(signatures)
    acro = root.get(Name.AcroForm)
    if acro is not None:
        fonts = _field_fonts(pdf, acro)
        acro[Name.DA] = String(f"/{fieldfont.RESOURCE_NAME} 10 Tf 0 g")
        if Name.NeedAppearances in acro:
            del acro[Name.NeedAppearances]
        pictures = _Pictures(pdf, fonts)
        for field in acro.get(Name.Fields, []):
            _finish_field(field, kid_tooltips or {}, pictures)
        if sigs:
            _add_signatures(pdf, acro, sigs)
    elif sigs:
        raise ValueError("signature fields need a form with at least one other field")
    if tags is not None:
        write_structure(PikeObjects(pdf), tags, lang=info.lang)

    _set_info(pdf, info)
    _set_xmp(pdf, info, tagged=tags is not None)
    if schema is not None:
        data = json.dumps(schema, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        root[Name(SCHEMA_KEY)] = pdf.make_indirect(pikepdf.Stream(pdf, data.encode("utf-8")))
    return save(pdf)


def save(pdf: Any) -> bytes:
    """Write ``pdf`` with a classic xref table and a content-derived /ID (same input, same bytes).

    formkit's canvases are made with ``pageCompression=0``: reportlab would otherwise wrap each
    stream in ASCII85 (its process-wide ``rl_config.useA85``, which formkit leaves alone), a
    pure-Python encoder that cost 0.14 s per booklet and a fifth more bytes. qpdf compresses
    every stream here with Flate instead (and decodes any ASCII85 left, such as a logo's).
    reportlab's ToUnicode CMaps are repaired here too (see :func:`~formkit.pdfform.fonts.repair_to_unicode`).
    """
    import pikepdf

    from .fonts import repair_to_unicode

    repair_to_unicode(pdf)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=True,
             deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def tidy(raw: bytes) -> bytes:
    """A PDF that reportlab wrote, saved the way formkit saves every PDF (see :func:`save`)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(raw)) as pdf:
        return save(pdf)


def _field_fonts(pdf: Any, acro: Any) -> Any:
    """Put the field fonts in /DR in place of reportlab's Helvetica; return a /Font resource dict."""
    from pikepdf import Dictionary, Name

    simple, composite = fieldfont.add_fonts(pdf)
    dr = acro.get(Name.DR)
    if dr is None:
        dr = acro[Name.DR] = Dictionary()
    fonts = dr.get(Name.Font)
    if fonts is None:
        fonts = dr[Name.Font] = Dictionary()
    for key in list(fonts.keys()):
        if "ZapfDingbats" not in str(fonts[key].get(Name.BaseFont, "")):
            del fonts[key]  # Helvetica: no field names it any more
    fonts[Name("/" + fieldfont.RESOURCE_NAME)] = simple
    fonts[Name("/" + fieldfont.UNICODE_NAME)] = composite
    return Dictionary({"/" + fieldfont.RESOURCE_NAME: simple, "/" + fieldfont.UNICODE_NAME: composite})


class _Pictures:
    """Button appearance streams shared by every widget that looks the same (one object per
    look), and each text widget's own empty appearance."""

    def __init__(self, pdf: Any, fonts: Any) -> None:
        self.pdf = pdf
        self.fonts = fonts
        self._cache: dict[tuple[Any, ...], Any] = {}

    def _form(self, key: tuple[Any, ...], draw: Callable[[], str], width: float, height: float) -> Any:
        """The shared picture for ``key``; ``draw()`` makes its operators the first time only (a
        booklet asks for the same few pictures 1,800 times)."""
        import pikepdf
        from pikepdf import Array, Name

        if key not in self._cache:
            stream = pikepdf.Stream(self.pdf, draw().encode("ascii"))
            stream[Name.Type] = Name.XObject
            stream[Name.Subtype] = Name.Form
            stream[Name.BBox] = Array([0, 0, width, height])
            self._cache[key] = self.pdf.make_indirect(stream)
        return self._cache[key]

    def radio(self, w: float, h: float, on: bool) -> Any:
        """A plain circle, with a filled dot when on (reportlab's 'off' circle draws a stray arc)."""
        w, h = round(w, 3), round(h, 3)

        def draw() -> str:
            r = min(w, h) / 2
            ops = f"q 1 g 0.15 0.15 0.15 RG 1 w {_circle(w / 2, h / 2, r - 0.5)}B "
            if on:
                ops += f"0 g {_circle(w / 2, h / 2, r * 0.45)}f "
            return ops + "Q"

        return self._form(("radio", w, h, on), draw, w, h)

    def checkbox(self, size: float, on: bool) -> Any:
        """A square and, when on, a tick drawn as a path: it looks the same in every viewer
        (reportlab's ZapfDingbats check is scaled for one size only)."""
        def draw() -> str:
            ops = f"q 1 g 0.15 0.15 0.15 RG 1 w 0.5 0.5 {size - 1:.3f} {size - 1:.3f} re B Q"
            if on:
                ops += (f" q 0 G {size * 0.12:.3f} w 1 J 1 j {size * 0.22:.3f} {size * 0.52:.3f} m "
                        f"{size * 0.42:.3f} {size * 0.28:.3f} l {size * 0.80:.3f} {size * 0.76:.3f} l S Q")
            return ops

        return self._form(("checkbox", size, on), draw, size, size)

    def empty_text(self, width: float, height: float) -> Any:
        """A new, empty text appearance of the widget's own size, with the field fonts as resources.

        Never shared (a filler may write its value into it in place); the border of an empty
        field is drawn on the page itself, so a printed blank works with a pen.
        """
        import pikepdf
        from pikepdf import Array, Dictionary, Name

        stream = pikepdf.Stream(self.pdf, b"/Tx BMC EMC")
        stream[Name.Type] = Name.XObject
        stream[Name.Subtype] = Name.Form
        stream[Name.BBox] = Array([0, 0, round(width, 3), round(height, 3)])
        stream[Name.Resources] = Dictionary(Font=self.fonts)
        return self.pdf.make_indirect(stream)


def _finish_field(field: Any, tips: Mapping[tuple[str, str], str], pictures: _Pictures) -> None:
    from pikepdf import Dictionary, Name, String

    kind = field.get(Name.FT)
    flags = int(field.get(Name.Ff, 0))
    kids = field.get(Name.Kids)
    if kind == Name.Btn and flags & RADIO_FLAG:
        name = str(field.get(Name.T, ""))
        for kid in kids or []:
            states = [k for k in kid.get(Name.AP, {}).get(Name.N, {}).keys() if k != "/Off"]
            if not states:
                continue
            tip = tips.get((name, states[0][1:]))
            if tip is not None:
                kid[Name.TU] = String(tip)
            x1, y1, x2, y2 = (float(v) for v in kid.Rect)
            w, h = abs(x2 - x1), abs(y2 - y1)
            kid[Name.AP] = Dictionary(N=Dictionary({states[0]: pictures.radio(w, h, True),
                                                    "/Off": pictures.radio(w, h, False)}))
    elif kind == Name.Btn and not flags & PUSHBUTTON_FLAG and Name.AP in field:
        x1, y1, x2, y2 = (float(v) for v in field.Rect)
        size = round(min(abs(x2 - x1), abs(y2 - y1)), 3)
        normal = {k: pictures.checkbox(size, True) for k in field.AP.N.keys() if k != "/Off"}
        normal["/Off"] = pictures.checkbox(size, False)
        field[Name.AP] = Dictionary(N=Dictionary(normal))
    elif kind == Name.Tx:
        field[Name.DA] = String(_field_da(field))
        for widget in kids or [field]:
            if Name.DA in widget and widget is not field:
                widget[Name.DA] = String(_field_da(widget))
            if str(field.get(Name.V, "")):
                continue  # a pre-filled value keeps the appearance drawn for it
            x1, y1, x2, y2 = (float(v) for v in widget.Rect)
            widget[Name.AP] = Dictionary(N=pictures.empty_text(abs(x2 - x1), abs(y2 - y1)))
        if Name.DV in field and not str(field.DV):
            del field[Name.DV]


def _field_da(field: Any) -> str:
    """The field's /DA with its font size kept and its font switched to the field font."""
    from pikepdf import Name

    return f"/{fieldfont.RESOURCE_NAME} {fieldfont.da_size(str(field.get(Name.DA, ''))):g} Tf 0 g"


def _circle(cx: float, cy: float, r: float) -> str:
    k = 0.5523 * r
    return (f"{cx + r:.3f} {cy:.3f} m "
            f"{cx + r:.3f} {cy + k:.3f} {cx + k:.3f} {cy + r:.3f} {cx:.3f} {cy + r:.3f} c "
            f"{cx - k:.3f} {cy + r:.3f} {cx - r:.3f} {cy + k:.3f} {cx - r:.3f} {cy:.3f} c "
            f"{cx - r:.3f} {cy - k:.3f} {cx - k:.3f} {cy - r:.3f} {cx:.3f} {cy - r:.3f} c "
            f"{cx + k:.3f} {cy - r:.3f} {cx + r:.3f} {cy - k:.3f} {cx + r:.3f} {cy:.3f} c h ")


def _add_signatures(pdf: Any, acro: Any, sigs: list[Any]) -> None:
    from pikepdf import Array, Dictionary, Name, String

    fields = acro.Fields
    for sig in sigs:
        page = pdf.pages[sig.page].obj
        widget = pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Widget, FT=Name.Sig, T=String(sig.name), TU=String(sig.tooltip),
            F=4, Rect=Array([round(v, 3) for v in sig.rect]), P=page))
        if Name.Annots in page:
            page.Annots.append(widget)
        else:
            page[Name.Annots] = Array([widget])
        fields.append(widget)


def _set_info(pdf: Any, info: Any) -> None:
    from pikepdf import Dictionary, Name, String

    doc = pdf.trailer.get(Name.Info)
    if doc is None:
        doc = pdf.trailer[Name.Info] = pdf.make_indirect(Dictionary())
    for key, value in info_entries(info, PRODUCER).items():
        doc[Name("/" + key)] = String(value)


def _set_xmp(pdf: Any, info: Any, *, tagged: bool) -> None:
    """XMP metadata; a tagged document also claims PDF/UA-1 (pdfuaid:part 1)."""
    import pikepdf
    from pikepdf import Name

    stream = pikepdf.Stream(pdf, xmp_packet(info, PRODUCER, tagged=tagged))
    stream[Name.Type] = Name.Metadata
    stream[Name.Subtype] = Name.XML
    pdf.Root[Name.Metadata] = pdf.make_indirect(stream)
