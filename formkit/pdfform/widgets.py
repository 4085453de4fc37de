"""Form widgets added to a reportlab canvas without the pictures formkit throws away.

reportlab's ``AcroForm.radio`` and ``checkbox`` draw six appearance streams for every widget
(normal, down and rollover, each on and off, the last four in colours blended per call), and
``textfield`` draws each empty field's picture; all are written into the file.
:func:`formkit.pdfform.post.finish_pdf` then replaces every button's appearance with formkit's
own plain pictures (one /N dictionary, no /D or /R) and every empty text field's with an empty
one of its own size, so that work was lost: about a fifth of the drawing time of a checklist or
a booklet, and a share of reportlab's saving time spent writing objects qpdf then dropped.
Here each widget gets the dictionary reportlab would write, pointing to one placeholder
picture that ``finish_pdf`` replaces; the entries every widget of a kind shares (its type,
flags, border and colours) are formatted once per document, not once per widget. Everything that survives into the finished file is what
reportlab writes (same keys, numbers formatted by reportlab's own objects), and qpdf numbers
the objects it keeps afresh, so the finished bytes are unchanged.

Imported only when a form is drawn (it loads reportlab). This uses the parts of reportlab's ``AcroForm`` its own widget methods use (the radio-group
table, the field list, the page's annotations, the border drawn on the page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.acroform import RadioGroup, bsPDF
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFString, format as pdf_format

ANNOTATION_PRINT = 1 << 2  # reportlab's makeFlags("print")
RADIO_FLAGS = "noToggleToOff radio"  # never required (the notes: a required radio blocks saving)
_BORDER_WIDTH = 1
_STATE = "_formkit_widget_state"


def radio(form: Any, *, name: str, tooltip: str, value: str, x: float, y: float, size: float,
          border: Any, fill: Any) -> None:
    """One circle of radio group ``name`` (made on its first circle), unselected, its outline
    drawn on the page as well (what ``AcroForm.radio(..., forceBorder=True)`` does)."""
    group = form._radios.get(name)
    if group is None:
        group = RadioGroup(name, tooltip=tooltip, fieldFlags=RADIO_FLAGS)
        group._ref = form.getRef(group)
        form._radios[name] = group
        form.fields.append(group._ref)
    state = _state(form)
    shared = state.shared(("radio", border.rgb(), fill.rgb()), lambda: dict(
        FT=PDFName("Btn"), AS=PDFName("Off"), Subtype=PDFName("Widget"), Type=PDFName("Annot"),
        F=ANNOTATION_PRINT, H=PDFName("N"), BS=_border_style(), MK=_looks(form, "(l)", border, fill)))
    widget = _Widget(shared, dict(P=form.canv._doc.thisPageRef(), Rect=_Rect(x, y, x + size, y + size),
                                  AP=state.button_pictures(value), Parent=group._ref))
    form.canv._addAnnotation(widget)
    group.kids.append(form.getRef(widget))
    form.checkForceBorder(x, y, size, size, True, "circle", "solid", _BORDER_WIDTH, border, fill)


def checkbox(form: Any, *, name: str, tooltip: str, x: float, y: float, size: float,
             border: Any, fill: Any) -> None:
    """One unchecked checkbox (on state /Yes), its square drawn on the page as well."""
    state = _state(form)
    shared = state.shared(("checkbox", border.rgb(), fill.rgb()), lambda: dict(
        FT=PDFName("Btn"), V=PDFName("Off"), AS=PDFName("Off"), Subtype=PDFName("Widget"),
        Type=PDFName("Annot"), F=ANNOTATION_PRINT, Ff=0, H=PDFName("N"), BS=_border_style(),
        MK=_looks(form, "(4)", border, fill)))
    own = dict(P=form.canv._doc.thisPageRef(), Rect=_Rect(x, y, x + size, y + size),
               AP=state.button_pictures("Yes"), T=PDFString(name))
    _place(form, shared, own, tooltip, (x, y, size, size), border, fill)


def blank_text(form: Any, *, name: str, tooltip: str, x: float, y: float, width: float, height: float,
               font_size: int, flags: int, maxlen: int, text: Any, border: Any, fill: Any) -> None:
    """An empty text field with the dictionary ``AcroForm.textfield`` writes (Helvetica in /DA,
    which finish_pdf switches to the field font) and the placeholder picture finish_pdf
    replaces with the widget's own empty appearance; its box drawn on the page as well.

    A field with a value keeps reportlab's own picture of it: use ``AcroForm.textfield``.
    """
    state = _state(form)
    font = state.text_font()
    shared = state.shared(("text", border.rgb(), fill.rgb()), lambda: dict(
        FT=PDFName("Tx"), V=PDFString(""), DV=PDFString(""), Subtype=PDFName("Widget"), Type=PDFName("Annot"),
        F=ANNOTATION_PRINT, BS=_border_style(),
        MK=PDFDictionary(dict(BG=PDFArray(form.colorTuple(fill)), BC=PDFArray(form.colorTuple(border))))))
    own = dict(P=form.canv._doc.thisPageRef(), Rect=_Rect(x, y, x + width, y + height),
               AP=state.text_picture(), Ff=flags, T=PDFString(name),
               DA=PDFString(f"/{font} {font_size:d} Tf {form.streamFillColor(text)}"))
    if maxlen:
        own["MaxLen"] = maxlen
    _place(form, shared, own, tooltip, (x, y, width, height), border, fill)


def _place(form: Any, shared: Any, own: dict[str, Any], tooltip: str, box: tuple[float, float, float, float],
           border: Any, fill: Any) -> None:
    """The widget added to its page and to the form, and its box drawn, as reportlab's own methods do."""
    if tooltip:
        own["TU"] = PDFString(tooltip)
    widget = _Widget(shared, own)
    form.canv._addAnnotation(widget)
    form.fields.append(form.getRef(widget))
    x, y, width, height = box
    form.checkForceBorder(x, y, width, height, True, "square", "solid", _BORDER_WIDTH, border, fill)


class _State:
    """What the widgets of one form share: the placeholder picture, the text font's name in
    /DR, and each kind's shared entries."""

    def __init__(self, form: Any) -> None:
        self.form = form
        self._picture: Any = None
        self._font: str | None = None
        self._shared: dict[tuple[Any, ...], _Shared] = {}

    def picture(self) -> Any:
        """The one picture every widget points to until finish_pdf gives it its own."""
        if self._picture is None:
            self._picture = self.form.getRef(self.form.makeStream(1, 1, ""))
        return self._picture

    def button_pictures(self, on_state: str) -> Any:
        """/AP << /N << /<on_state> p /Off p >> >>: the states finish_pdf reads."""
        return PDFDictionary({"N": PDFDictionary({on_state: self.picture(), "Off": self.picture()})})

    def text_picture(self) -> Any:
        return PDFDictionary({"N": self.picture()})

    def text_font(self) -> str:
        """Helvetica's name in the form's /DR, registered as reportlab's first text field does."""
        if self._font is None:
            self._font = str(self.form.makeFont("Helvetica")[1])
        return self._font

    def shared(self, key: tuple[Any, ...], entries: Callable[[], dict[str, Any]]) -> _Shared:
        if key not in self._shared:
            self._shared[key] = _Shared(entries())
        return self._shared[key]


def _state(form: Any) -> _State:
    state = getattr(form, _STATE, None)
    if state is None:
        state = _State(form)
        setattr(form, _STATE, state)
    return state


class _Shared:
    """Entries many widget dictionaries hold alike, formatted once (they name no other object)."""

    def __init__(self, entries: dict[str, Any]) -> None:
        self.entries = entries
        self._formatted: bytes | None = None

    def formatted(self, document: Any) -> bytes:
        if self._formatted is None:
            whole: bytes = PDFDictionary(self.entries).format(document)
            self._formatted = whole[2:-2].strip()
        return self._formatted


class _Widget(PDFObject):  # type: ignore[misc]
    """A widget dictionary: its kind's shared entries and its own (page, rectangle, names)."""

    def __init__(self, shared: _Shared, own: dict[str, Any]) -> None:
        self.shared, self.own = shared, own

    def format(self, document: Any) -> bytes:
        own = b"\n".join(b"/%s %s" % (key.encode("ascii"), pdf_format(value, document))
                         for key, value in self.own.items())
        return b"<<\n" + self.shared.formatted(document) + b"\n" + own + b"\n>>"


class _Rect(PDFObject):  # type: ignore[misc]
    """A widget's /Rect: its four numbers formatted as reportlab formats numbers."""

    def __init__(self, *corners: float) -> None:
        self.corners = corners

    def format(self, document: Any) -> bytes:
        numbers: str = fp_str(*self.corners)
        return b"[" + numbers.encode("ascii") + b"]"


def _border_style() -> Any:
    return bsPDF(_BORDER_WIDTH, "solid", 3)


def _looks(form: Any, caption: str, border: Any, fill: Any) -> Any:
    """/MK: the ZapfDingbats caption reportlab names for the style, border and background colours."""
    return PDFDictionary(dict(CA=caption, BC=PDFArray(form.colorTuple(border)), BG=PDFArray(form.colorTuple(fill))))


__all__ = ["blank_text", "checkbox", "radio"]
