"""Fill formkit's forms with fillers formkit did not write, the way their users call them.

Each ``fill_with_*`` takes (src, dst, values, layout) and writes the filled file. ``values`` maps a
text field to its text and a radio group to the export value of the option to select (no slash).
The point is to find out what *other people's* tools do with our forms, so each filler is driven
through its ordinary public API with its ordinary defaults; no workaround for formkit is added here.
"""

from __future__ import annotations

import ctypes
import json
import subprocess
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from conftest import DATA, require_pdfjs, require_pypdfform, run_tool

Rect = tuple[float, float, float, float]
Values = dict[str, str]


@dataclass(frozen=True)
class Widget:
    """One widget: which field it belongs to, where it sits, and (radio) its on-state."""

    name: str
    page: int
    rect: Rect
    export: str | None = None

    @property
    def centre(self) -> tuple[float, float]:
        x1, y1, x2, y2 = self.rect
        return (x1 + x2) / 2, (y1 + y2) / 2


@dataclass
class Layout:
    """Where every text widget and radio widget of a form is, read from the file itself."""

    texts: dict[str, Widget] = field(default_factory=dict)
    radios: dict[str, list[Widget]] = field(default_factory=dict)
    heights: list[float] = field(default_factory=list)


def _qualified_name(annot: object) -> str:
    parts: list[str] = []
    node = annot
    while node is not None:
        node = node.get_object()  # type: ignore[attr-defined]
        if "/T" in node:
            parts.append(str(node["/T"]))
        node = node.get("/Parent")
    return ".".join(reversed(parts))


def _field_type(annot: object) -> tuple[str, int]:
    """The inheritable /FT and /Ff of a widget (a radio kid often has neither itself)."""
    kind, flags, node = None, None, annot
    while node is not None:
        node = node.get_object()  # type: ignore[attr-defined]
        kind = kind if kind is not None else node.get("/FT")
        flags = flags if flags is not None else node.get("/Ff")
        node = node.get("/Parent")
    return str(kind or ""), int(flags or 0)


def read_layout(pdf: Path) -> Layout:
    """Text and radio widgets with their rectangles; radio export values from each widget's /AP /N keys."""
    from pypdf import PdfReader

    layout = Layout()
    reader = PdfReader(str(pdf))
    for index, page in enumerate(reader.pages):
        layout.heights.append(float(page.mediabox.height))
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            kind, flags = _field_type(annot)
            name = _qualified_name(annot)
            rect: Rect = tuple(float(v) for v in annot["/Rect"])  # type: ignore[assignment]
            if kind == "/Tx":
                layout.texts[name] = Widget(name, index, rect)
            elif kind == "/Btn" and flags & (1 << 15):
                states = [str(k)[1:] for k in annot["/AP"]["/N"].keys() if k != "/Off"]
                layout.radios.setdefault(name, []).append(Widget(name, index, rect, states[0]))
    return layout


def _radio_widget(layout: Layout, group: str, export: str) -> Widget:
    return next(w for w in layout.radios[group] if w.export == export)


# --- pdftk -------------------------------------------------------------------------------------------


def xfdf(values: Values) -> str:
    """UTF-8 XFDF, the format pdftk documents for non-ASCII values."""
    from xml.sax.saxutils import escape

    fields = "".join(f'<field name="{escape(k)}"><value>{escape(v)}</value></field>' for k, v in values.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve">'
            f"<fields>{fields}</fields></xfdf>\n")


def fill_with_pdftk(src: Path, dst: Path, values: Values, layout: Layout) -> None:
    """pdftk fill_form with UTF-8 XFDF; pdftk draws appearances with the field's /DA font."""
    data = dst.with_suffix(".xfdf")
    data.write_text(xfdf(values), encoding="utf-8")
    run_tool("pdftk", str(src), "fill_form", str(data), "output", str(dst))


# --- pypdf -------------------------------------------------------------------------------------------


def fill_with_pypdf(src: Path, dst: Path, values: Values, layout: Layout, *, auto_regenerate: bool) -> None:
    """pypdf's documented fill: button values are state names with a leading slash."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    pages = {w.page for w in layout.texts.values() if w.name in values}
    pages |= {ws[0].page for name, ws in layout.radios.items() if name in values}
    with warnings.catch_warnings():  # pypdf warns about fonts it cannot encode with, and more
        warnings.simplefilter("ignore")
        for index in sorted(pages):
            page_values = {k: (f"/{v}" if k in layout.radios else v) for k, v in values.items()
                           if _page_of(layout, k) == index}
            writer.update_page_form_field_values(writer.pages[index], page_values, auto_regenerate=auto_regenerate)
        with dst.open("wb") as out:
            writer.write(out)


def _page_of(layout: Layout, name: str) -> int:
    return layout.texts[name].page if name in layout.texts else layout.radios[name][0].page


# --- PyPDFForm (own venv: it pins pypdf<7) -----------------------------------------------------------


def fill_with_pypdfform(src: Path, dst: Path, values: Values, layout: Layout, *, generate: bool) -> None:
    """PyPDFForm ``fill``; it selects a radio option by its index in the page's /Annots order."""
    data: dict[str, str | int] = {}
    for name, value in values.items():
        if name in layout.radios:
            data[name] = [w.export for w in layout.radios[name]].index(value)
        else:
            data[name] = value
    spec = dst.with_suffix(".json")
    spec.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    mode = "generate" if generate else "default"
    done = subprocess.run([require_pypdfform(), str(DATA / "pypdfform_fill.py"), str(src), str(dst), str(spec), mode],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


# --- pikepdf (qpdf) ----------------------------------------------------------------------------------


def fill_with_pikepdf(src: Path, dst: Path, values: Values, layout: Layout) -> None:
    """pikepdf's Form wrapper, then qpdf's appearance generator (pdf.generate_appearance_streams)."""
    import pikepdf
    from pikepdf.form import Form

    with pikepdf.open(str(src)) as pdf, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        form = Form(pdf)
        for name, value in values.items():
            if name in layout.radios:
                form[name].value = pikepdf.Name(f"/{value}")
            else:
                form[name].value = value
        pdf.generate_appearance_streams()
        pdf.save(str(dst))


# --- pdf.js (Firefox's engine, under node) -----------------------------------------------------------


def fill_with_pdfjs(src: Path, dst: Path, values: Values, layout: Layout) -> None:
    """annotationStorage.setValue per widget, then saveDocument(): what Firefox does on 'Save'."""
    node, dist = require_pdfjs()
    spec = dst.with_suffix(".json")
    spec.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([node, str(DATA / "pdfjs_fill.mjs"), str(src), str(dst), str(spec), dist],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


# --- PDFium (Chrome's engine, through pypdfium2's form API) ------------------------------------------


def _wide(text: str) -> ctypes.Array[ctypes.c_char]:
    """A NUL-terminated UTF-16LE buffer, which is what FPDF_WIDESTRING means."""
    raw = (text + "\0").encode("utf-16-le")
    return ctypes.create_string_buffer(raw, len(raw))


def _click(form: object, page: object, x: float, y: float) -> None:
    import pypdfium2.raw as pdfium_c

    pdfium_c.FORM_OnMouseMove(form, page, 0, x, y)
    pdfium_c.FORM_OnLButtonDown(form, page, 0, x, y)
    pdfium_c.FORM_OnLButtonUp(form, page, 0, x, y)


def fill_with_pdfium(src: Path, dst: Path, values: Values, layout: Layout) -> None:
    """Click each widget and type into it as Chrome's PDF viewer does; then a full save (flags 0)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(str(src))
    doc.init_forms()
    form = doc.formenv.raw
    for index in sorted({_page_of(layout, name) for name in values}):
        page = doc[index]  # pypdfium2 calls FORM_OnAfterLoadPage here
        for name, value in values.items():
            if _page_of(layout, name) != index:
                continue
            if name in layout.radios:
                _click(form, page.raw, *_radio_widget(layout, name, value).centre)
                continue
            _click(form, page.raw, *layout.texts[name].centre)
            pdfium_c.FORM_SelectAllText(form, page.raw)
            text = _wide(value)
            pdfium_c.FORM_ReplaceSelection(form, page.raw, ctypes.cast(text, pdfium_c.FPDF_WIDESTRING))
            pdfium_c.FORM_ForceToKillFocus(form)
        page.close()  # pypdfium2 calls FORM_OnBeforeClosePage here
    doc.save(str(dst), flags=0)
    doc.close()


Filler = Callable[[Path, Path, Values, Layout], None]

FILLERS: dict[str, Filler] = {
    "pdftk": fill_with_pdftk,
    "pypdf": lambda s, d, v, lay: fill_with_pypdf(s, d, v, lay, auto_regenerate=False),
    "pypdf-regen": lambda s, d, v, lay: fill_with_pypdf(s, d, v, lay, auto_regenerate=True),
    "pypdfform-gen": lambda s, d, v, lay: fill_with_pypdfform(s, d, v, lay, generate=True),
    "pypdfform": lambda s, d, v, lay: fill_with_pypdfform(s, d, v, lay, generate=False),
    "pikepdf": fill_with_pikepdf,
    "pdfjs": fill_with_pdfjs,
    "pdfium": fill_with_pdfium,
}
