"""formkit's own widget dictionaries (formkit.pdfform.widgets) finish to the same bytes as
reportlab's AcroForm methods, which also draw the appearances finish_pdf throws away."""

from __future__ import annotations

from typing import Any

import pytest

from formkit.pdfform import widgets, writer
from formkit.pdfform.writer import REGULAR, DocInfo, FormWriter


def _reportlab_widgets() -> dict[str, Any]:
    """The calls FormWriter made before formkit.pdfform.widgets: reportlab's own methods."""
    def radio(form: Any, *, name: str, tooltip: str, value: str, x: float, y: float, size: float,
              border: Any, fill: Any) -> None:
        form.radio(name=name, tooltip=tooltip, value=value, selected=False, x=x, y=y, size=size,
                   buttonStyle="circle", shape="circle", borderColor=border, fillColor=fill,
                   textColor=writer._rl(writer.TEXT), borderWidth=1, forceBorder=True,
                   fieldFlags="noToggleToOff radio", annotationFlags="print")

    def checkbox(form: Any, *, name: str, tooltip: str, x: float, y: float, size: float,
                 border: Any, fill: Any) -> None:
        form.checkbox(name=name, tooltip=tooltip, x=x, y=y, size=size, checked=False, buttonStyle="check",
                      shape="square", borderColor=border, fillColor=fill, textColor=writer._rl(writer.TEXT),
                      borderWidth=1, forceBorder=True, fieldFlags="", annotationFlags="print")

    def blank_text(form: Any, *, name: str, tooltip: str, x: float, y: float, width: float, height: float,
                   font_size: int, flags: int, maxlen: int, text: Any, border: Any, fill: Any) -> None:
        names = " ".join(n for n, bit in (("multiline", 1 << 12), ("readOnly", 1)) if flags & bit)
        form.textfield(name=name, tooltip=tooltip, x=x, y=y, width=width, height=height, value="",
                       fontName="Helvetica", fontSize=font_size, textColor=text, fillColor=fill,
                       borderColor=border, borderWidth=1, borderStyle="solid", forceBorder=True,
                       fieldFlags=names, annotationFlags="print", maxlen=maxlen)

    return {"radio": radio, "checkbox": checkbox, "blank_text": blank_text}


def _form() -> tuple[bytes, bytes]:
    """A form with every kind of widget on two pages: (reportlab's raw bytes, finished bytes)."""
    w = FormWriter(DocInfo(title="Widgets", form_kind="sample", lang="en-US"))
    w.canvas.setFont(REGULAR, 11)
    w.canvas.drawString(72, 740, "Name")
    w.text_field("person_name", "Your name", 72, 700, 300, 20)
    w.radio_group("q1", "Question one", [("r1", "Low"), ("r2", "High"), ("NA", "Not sure")],
                  [(72, 660), (172, 660), (272, 660)], size=11.5)
    w.checkbox("agree", "I agree", 72, 630, label="I agree", size=9)
    w.text_field("rater", "Rater", 72, 600, 200, 20, value="Ana Ruiz", read_only=True)
    w.show_page()
    w.text_field("notes", "Notes", 72, 520, 400, 80.25, multiline=True, maxlen=333, font_size=9)
    w.text_field("locked", "Locked", 72, 480, 100, 18, read_only=True, maxlen=0)
    w.radio_group("q2", "Question two", [("yes", "Yes"), ("no", "No")], [(72, 440), (140, 440)])
    w.checkbox("done", "", 300, 440)
    finished = w.finish()
    return w._buffer.getvalue(), finished


def test_finished_bytes_match_reportlabs_own_widgets(monkeypatch: pytest.MonkeyPatch) -> None:
    raw, finished = _form()
    with monkeypatch.context() as patch:
        for name, reportlabs in _reportlab_widgets().items():
            patch.setattr(widgets, name, reportlabs)
        reportlab_raw, reportlab_finished = _form()
    assert finished == reportlab_finished
    # ...and the pictures reportlab drew for nothing (down, rollover, each empty box) are not written
    assert b"/D <<" in reportlab_raw and b"/D <<" not in raw
    assert len(raw) < 0.8 * len(reportlab_raw)
