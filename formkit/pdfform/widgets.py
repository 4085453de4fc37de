"""Form widgets added to a reportlab canvas without the pictures formkit throws away.

reportlab's ``AcroForm.radio`` and ``checkbox`` draw six appearance streams for every widget
(normal, down and rollover, each on and off, the last four in colours blended per call), and
``textfield`` draws each empty field's picture; all are written into the file.
:func:`formkit.pdfform.post.finish_pdf` then replaces every button's appearance with formkit's
own plain pictures (one /N dictionary, no /D or /R) and every empty text field's with an empty
one of its own size, so that work was lost: about a fifth of the drawing time of a checklist or
a booklet, and a share of reportlab's saving time spent writing objects qpdf then dropped.
Here each widget gets the dictionary reportlab would write, pointing to one placeholder
picture that ``finish_pdf`` replaces. Everything that survives into the finished file is what
reportlab writes (same keys, numbers formatted by reportlab's own objects), and qpdf numbers
the objects it keeps afresh, so the finished bytes are unchanged.

This uses the parts of reportlab's ``AcroForm`` its own widget methods use (the radio-group
table, the field list, the page's annotations, the border drawn on the page).
"""

from __future__ import annotations

from typing import Any

ANNOTATION_PRINT = 1 << 2  # reportlab's makeFlags("print")
RADIO_FLAGS = "noToggleToOff radio"  # never required (the notes: a required radio blocks saving)
_BORDER_WIDTH = 1
_PLACEHOLDER = "_formkit_placeholder_picture"
_FONT = "_formkit_text_font"


def radio(form: Any, *, name: str, tooltip: str, value: str, x: float, y: float, size: float,
          border: Any, fill: Any) -> None:
    """One circle of radio group ``name`` (made on its first circle), unselected, its outline
    drawn on the page as well (what ``AcroForm.radio(..., forceBorder=True)`` does)."""
    from reportlab.pdfbase.acroform import RadioGroup
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName

    group = form._radios.get(name)
    if group is None:
        group = RadioGroup(name, tooltip=tooltip, fieldFlags=RADIO_FLAGS)
        group._ref = form.getRef(group)
        form._radios[name] = group
        form.fields.append(group._ref)
    canv = form.canv
    widget = PDFDictionary(dict(
        FT=PDFName("Btn"), P=canv._doc.thisPageRef(), AS=PDFName("Off"),
        Rect=PDFArray((x, y, x + size, y + size)), AP=_placeholder_ap(form, value),
        Subtype=PDFName("Widget"), Type=PDFName("Annot"), F=ANNOTATION_PRINT, Parent=group._ref,
        H=PDFName("N"), BS=_border_style(), MK=_looks(form, "(l)", border, fill)))
    canv._addAnnotation(widget)
    group.kids.append(form.getRef(widget))
    form.checkForceBorder(x, y, size, size, True, "circle", "solid", _BORDER_WIDTH, border, fill)


def checkbox(form: Any, *, name: str, tooltip: str, x: float, y: float, size: float,
             border: Any, fill: Any) -> None:
    """One unchecked checkbox (on state /Yes), its square drawn on the page as well."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

    canv = form.canv
    widget = dict(
        FT=PDFName("Btn"), P=canv._doc.thisPageRef(), V=PDFName("Off"), AS=PDFName("Off"),
        Rect=PDFArray((x, y, x + size, y + size)), AP=_placeholder_ap(form, "Yes"),
        Subtype=PDFName("Widget"), Type=PDFName("Annot"), F=ANNOTATION_PRINT, Ff=0, H=PDFName("N"))
    if tooltip:
        widget["TU"] = PDFString(tooltip)
    widget.update(BS=_border_style(), T=PDFString(name), MK=_looks(form, "(4)", border, fill))
    made = PDFDictionary(widget)
    canv._addAnnotation(made)
    form.fields.append(form.getRef(made))
    form.checkForceBorder(x, y, size, size, True, "square", "solid", _BORDER_WIDTH, border, fill)


def blank_text(form: Any, *, name: str, tooltip: str, x: float, y: float, width: float, height: float,
               font_size: int, flags: int, maxlen: int, text: Any, border: Any, fill: Any) -> None:
    """An empty text field with the dictionary ``AcroForm.textfield`` writes (Helvetica in /DA,
    which finish_pdf switches to the field font) and the placeholder picture finish_pdf
    replaces with the widget's own empty appearance; its box drawn on the page as well.

    A field with a value keeps reportlab's own picture of it: use ``AcroForm.textfield``.
    """
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

    fonts = getattr(form, _FONT, None)
    if fonts is None:  # the form's /DR names Helvetica, as after reportlab's first text field
        fonts = form.makeFont("Helvetica")[1]
        setattr(form, _FONT, fonts)
    canv = form.canv
    empty = PDFString("")
    widget = dict(
        FT=PDFName("Tx"), P=canv._doc.thisPageRef(), V=empty, DV=empty,
        Rect=PDFArray((x, y, x + width, y + height)), AP=PDFDictionary({"N": _placeholder(form)}),
        Subtype=PDFName("Widget"), Type=PDFName("Annot"), F=ANNOTATION_PRINT, Ff=flags,
        DA=PDFString(f"/{fonts} {font_size:d} Tf {form.streamFillColor(text)}"))
    if maxlen:
        widget["MaxLen"] = maxlen
    if tooltip:
        widget["TU"] = PDFString(tooltip)
    widget.update(T=PDFString(name), BS=_border_style(),
                  MK=PDFDictionary(dict(BG=PDFArray(form.colorTuple(fill)), BC=PDFArray(form.colorTuple(border)))))
    made = PDFDictionary(widget)
    canv._addAnnotation(made)
    form.fields.append(form.getRef(made))
    form.checkForceBorder(x, y, width, height, True, "square", "solid", _BORDER_WIDTH, border, fill)


def _placeholder_ap(form: Any, on_state: str) -> Any:
    """/AP << /N << /<on_state> p /Off p >> >>: the states finish_pdf reads, one shared picture."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary

    ref = _placeholder(form)
    return PDFDictionary({"N": PDFDictionary({on_state: ref, "Off": ref})})


def _placeholder(form: Any) -> Any:
    """The one picture every widget of ``form`` points to until finish_pdf gives it its own."""
    ref = getattr(form, _PLACEHOLDER, None)
    if ref is None:
        ref = form.getRef(form.makeStream(1, 1, ""))
        setattr(form, _PLACEHOLDER, ref)
    return ref


def _border_style() -> Any:
    from reportlab.pdfbase.acroform import bsPDF

    return bsPDF(_BORDER_WIDTH, "solid", 3)


def _looks(form: Any, caption: str, border: Any, fill: Any) -> Any:
    """/MK: the ZapfDingbats caption reportlab names for the style, border and background colours."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary

    return PDFDictionary(dict(CA=caption, BC=PDFArray(form.colorTuple(border)), BG=PDFArray(form.colorTuple(fill))))


__all__ = ["blank_text", "checkbox", "radio"]
