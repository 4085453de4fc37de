"""formkit's own PDF object writer (formkit.pdfform.pdfdoc), value by value: what it writes reads
back in pikepdf (qpdf) as what was meant, and qpdf finds nothing wrong with the file."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from conftest import run_tool

from formkit.pdfform.fastsyntax import Name, Ref
from formkit.pdfform.pdfdoc import PdfDoc, Stream, Text


def _reportlab_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=0)
    canvas.drawString(72, 720, "Hello")
    canvas.showPage()
    canvas.drawString(72, 720, "Page two")
    canvas.save()
    return out.getvalue()


VALUES = {
    "Whole": 446.0, "Half": 1.5, "Tiny": 1e-7, "Negative": -0.25, "Int": -3, "True": True, "None": None,
    "Paren": Text("a) (b c\\d ("), "Accents": Text("Zoë Ñúñez"), "Emoji": Text("ok \U0001F600"),
    "Raw": b"\x00\xff(", "Name": Name("A b/c#d"), "List": [1, Name("X"), [Text("in")]],
}


def test_values_read_back_as_written(tmp_path: Path) -> None:
    doc = PdfDoc(_reportlab_pdf())
    catalog = doc.resolve(doc.trailer["Root"])
    catalog["Formkit"] = dict(VALUES)
    catalog["Kept"] = doc.add({"Inner": Text("indirect")})
    catalog["Data"] = doc.add(Stream({"Type": Name("Thing")}, b"stream bytes\nendstream inside"))
    catalog["Gone"] = Ref((9999, 0))  # no such object: written as null, as a reader takes it
    data = doc.write()
    (tmp_path / "out.pdf").write_bytes(data)
    check = run_tool("qpdf", "--check", str(tmp_path / "out.pdf"))
    assert "WARNING" not in check.stdout + check.stderr
    with pikepdf.open(io.BytesIO(data)) as pdf:
        got = pdf.Root.Formkit
        assert [float(got[f"/{k}"]) for k in ("Whole", "Half", "Tiny", "Negative")] == [446.0, 1.5, 1e-7, -0.25]
        assert int(got.Int) == -3 and bool(got["/True"]) is True and got.get("/None") is None
        assert [str(got[f"/{k}"]) for k in ("Paren", "Accents", "Emoji")] == [VALUES[k] for k in ("Paren", "Accents", "Emoji")]
        assert bytes(got.Raw) == b"\x00\xff(" and str(got.Name) == "/A b/c#d"
        assert int(got.List[0]) == 1 and str(got.List[1]) == "/X" and str(got.List[2][0]) == "in"
        assert str(pdf.Root.Kept.Inner) == "indirect"
        assert pdf.Root.Data.read_bytes() == b"stream bytes\nendstream inside"
        assert pdf.Root.get("/Gone") is None
        assert len(pdf.pages) == 2
        assert pdf.trailer.ID[0] == pdf.trailer.ID[1]


def test_the_same_objects_give_the_same_bytes_and_a_change_another_id() -> None:
    raw = _reportlab_pdf()
    first, second = PdfDoc(raw), PdfDoc(raw)
    assert first.write() == second.write()
    second.resolve(second.trailer["Root"])["Lang"] = Text("es")
    with pikepdf.open(io.BytesIO(first.write())) as a, pikepdf.open(io.BytesIO(second.write())) as b:
        assert bytes(a.trailer.ID[0]) != bytes(b.trailer.ID[0])
