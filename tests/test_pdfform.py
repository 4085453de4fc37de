"""The generic PDF form layer: widgets, post-processing, filling with real appearances, reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfhelp import dark_pixels, field_rect, pdftk_fields, render_mupdf, render_pdfium, render_poppler

from conftest import run_tool
from formkit.pdfform.fill import fill_form
from formkit.pdfform.read import UnreadablePdf, read_field_values, read_form
from formkit.pdfform.writer import REGULAR, DocInfo, FormWriter

NAMES = "José Núñez, Nguyễn Thị, Ирина, Ελένη"


def _form() -> bytes:
    w = FormWriter(DocInfo(title="Sample form", form_kind="sample", catalog_id="cat", catalog_version="9.1",
                           fingerprint="abc123", lang="en-US"))
    w.canvas.setFont(REGULAR, 11)
    w.canvas.drawString(72, 740, "Name")
    w.text_field("person_name", "Your name", 72, 700, 300, 20)
    w.radio_group("q1", "Question one", [("r1", "Low"), ("r2", "High"), ("NA", "Not sure")],
                  [(72, 660), (172, 660), (272, 660)], meta={"competency": "Q1"})
    w.checkbox("agree", "I agree", 72, 630, label="I agree")
    w.text_field("notes", "Notes", 72, 520, 400, 80, multiline=True)
    w.show_page()
    w.signature_field("sig", "Signature", 72, 450, 200, 40)
    return w.finish({"extra": "kept"})


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdfform") / "form.pdf"
    path.write_bytes(_form())
    return path


def test_deterministic_bytes() -> None:
    assert _form() == _form()


def test_structure_is_clean_and_accessible(form: Path) -> None:
    from pypdf import PdfReader

    assert "No syntax or stream encoding errors" in run_tool("qpdf", "--check", str(form)).stdout
    info = run_tool("pdfinfo", str(form)).stdout
    assert "Form:            AcroForm" in info and "Title:           Sample form" in info
    assert "JavaScript:      no" in info
    reader = PdfReader(str(form))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert all(page["/Tabs"] == "/S" for page in reader.pages)  # tab order = structure order
    assert "/NeedAppearances" not in root["/AcroForm"]
    assert b"/Type /XRef" not in form.read_bytes()  # classic xref table: PDFium's incremental saves stay readable
    xmp = root["/Metadata"].get_object().get_data().decode()
    for text in ("<formkit:catalogId>cat<", "<formkit:catalogVersion>9.1<",
                 "<formkit:overlayFingerprint>abc123<", "<formkit:formKind>sample<"):
        assert text in xmp


def test_field_font_is_embedded_named_by_every_text_field_and_covers_the_scripts(form: Path) -> None:
    """/DA names an embedded DejaVu subset (not Helvetica) that every filler can find in /DR."""
    from pypdf import PdfReader

    acro = PdfReader(str(form)).trailer["/Root"]["/AcroForm"]
    fonts = acro["/DR"]["/Font"]
    simple, composite = fonts["/FkSans"].get_object(), fonts["/FkSansU"].get_object()
    assert "/Helv" not in fonts
    assert simple["/Subtype"] == "/TrueType" and simple["/Encoding"] == "/WinAnsiEncoding"
    assert composite["/Subtype"] == "/Type0" and composite["/Encoding"] == "/Identity-H"
    program = simple["/FontDescriptor"]["/FontFile2"]
    assert composite["/DescendantFonts"][0]["/FontDescriptor"].raw_get("/FontFile2").idnum == \
        simple["/FontDescriptor"].raw_get("/FontFile2").idnum  # one copy of the program
    assert len(program.get_data()) > 40_000
    assert acro["/DA"].startswith("/FkSans ")
    texts = [ref.get_object() for page in PdfReader(str(form)).pages for ref in page.get("/Annots", [])
             if ref.get_object().get("/FT") == "/Tx"]
    assert len(texts) == 2 and all(f["/DA"].startswith("/FkSans ") for f in texts)
    from formkit.pdfform.fieldfont import field_font

    assert field_font().covers("Zoë Łódź Dvořák Ελένη Παπαδοπούλου Ирина Петрова Nguyễn “quotes” – € …")


def test_every_text_widget_has_its_own_appearance_of_its_own_size(tmp_path: Path) -> None:
    """Shared appearance objects made pypdf draw one value in every box; 1x1 ones made qpdf draw none."""
    import pikepdf

    with pikepdf.open(tmp_path.joinpath("f.pdf").write_bytes(_form()) and tmp_path / "f.pdf") as pdf:
        seen = set()
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if annot.get("/FT") != "/Tx":
                    continue
                ap = annot.AP.N
                assert ap.objgen not in seen
                seen.add(ap.objgen)
                x1, y1, x2, y2 = (float(v) for v in annot.Rect)
                assert [float(v) for v in ap.BBox] == [0, 0, round(x2 - x1, 3), round(y2 - y1, 3)]
                assert "/FkSans" in ap.Resources.Font and ap.read_bytes()  # not an empty Flate stream
        assert len(seen) == 2


def test_pypdf_and_qpdf_fills_draw_each_value_in_its_own_box(form: Path, tmp_path: Path) -> None:
    """Fillers we did not write: each value's text is drawn inside its own widget (pdftotext -bbox)."""
    import pikepdf
    from pypdf import PdfReader, PdfWriter

    values = {"person_name": "Zoë Ñúñez", "notes": "Other text"}
    writer = PdfWriter(clone_from=PdfReader(str(form)))
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    by_pypdf = tmp_path / "pypdf.pdf"
    writer.write(by_pypdf)
    by_qpdf = tmp_path / "qpdf.pdf"
    with pikepdf.open(form) as pdf:
        from pikepdf.form import Form

        filled = Form(pdf)
        for name, value in values.items():
            filled[name].value = value
        pdf.generate_appearance_streams()
        pdf.save(by_qpdf)
    for path in (by_pypdf, by_qpdf):
        words = _words(path)
        for name, value in values.items():
            _, (x1, y1, x2, y2) = field_rect(path, name)
            inside = [w for w, (cx, cy) in words if x1 <= cx <= x2 and y1 <= cy <= y2]
            assert " ".join(inside) == value, (path.name, name, inside)


def _words(pdf: Path) -> list[tuple[str, tuple[float, float]]]:
    """Words of page 1 with their centres in PDF coordinates (poppler's pdftotext -bbox)."""
    import html
    import re

    out = run_tool("pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-").stdout
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out):
        x1, y1, x2, y2 = (float(v) for v in m.groups()[:4])
        words.append((html.unescape(m.group(5)), ((x1 + x2) / 2, 792 - (y1 + y2) / 2)))
    return words


def test_mupdf_prints_no_warning(form: Path, tmp_path: Path) -> None:
    """An empty Flate stream made MuPDF warn "premature end of data" on every form (-N: this build
    of MuPDF warns that it has no ICC support whatever the file)."""
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(fill_form(form, {"person_name": NAMES, "notes": "x\ny"}))
    for path in (form, filled):
        result = run_tool("mutool", "draw", "-q", "-N", "-o", "/dev/null", str(path))
        assert result.stderr.strip() == "", result.stderr
        qpdf = run_tool("qpdf", "--check", str(path))
        assert "WARNING" not in qpdf.stdout + qpdf.stderr


def test_pdftk_sees_every_field_with_tooltip_and_no_required_flags(form: Path) -> None:
    blocks = {b["FieldName"][0]: b for b in pdftk_fields(form)}
    assert set(blocks) == {"person_name", "q1", "agree", "notes", "sig"}
    assert all(b.get("FieldNameAlt", [""])[0] for b in blocks.values())
    assert set(blocks["q1"]["FieldStateOption"]) == {"r1", "r2", "NA", "Off"}
    assert blocks["sig"]["FieldType"] == ["Signature"]
    for block in blocks.values():
        assert int(block["FieldFlags"][0]) & 2 == 0  # bit 2: required
    assert blocks["person_name"]["FieldMaxLength"] == ["200"]


def test_every_radio_widget_has_its_own_tooltip(form: Path) -> None:
    from pypdf import PdfReader

    fields = PdfReader(str(form)).get_fields()
    kids = [k.get_object() for k in fields["q1"]["/Kids"]]
    assert [k["/TU"] for k in kids] == ["Question one: Low", "Question one: High", "Question one: Not sure"]


def test_fill_and_read_back_exactly(form: Path) -> None:
    filled = fill_form(form, {"person_name": NAMES, "q1": "NA", "agree": True, "notes": "Línea 1\nЛиния 2"})
    path = form.with_name("filled.pdf")
    path.write_bytes(filled)
    assert read_field_values(path) == {"person_name": NAMES, "q1": "NA", "agree": "Yes",
                                       "notes": "Línea 1\nЛиния 2", "sig": ""}
    contents = read_form(path)
    assert contents.schema["extra"] == "kept"
    assert contents.schema["catalog"] == {"id": "cat", "version": "9.1", "fingerprint": "abc123"}
    assert contents.info["FormkitKind"] == "sample"
    assert "No syntax or stream encoding errors" in run_tool("qpdf", "--check", str(path)).stdout


def test_filled_values_render_in_three_engines(form: Path, tmp_path: Path) -> None:
    path = tmp_path / "filled.pdf"
    path.write_bytes(fill_form(form, {"person_name": NAMES}))
    _, rect = field_rect(path, "person_name")
    for render in (lambda p: render_pdfium(p), lambda p: render_poppler(p, tmp_path),
                   lambda p: render_mupdf(p, tmp_path)):
        blank, filled = dark_pixels(render(form), rect), dark_pixels(render(path), rect)
        assert blank == 0 and filled > 40, (blank, filled)
    text = run_tool("pdftotext", str(path), "-").stdout
    assert NAMES in text  # the appearance carries a ToUnicode map


def test_fill_rejects_unknown_fields_and_choices(form: Path) -> None:
    with pytest.raises(KeyError):
        fill_form(form, {"nope": "x"})
    with pytest.raises(ValueError):
        fill_form(form, {"q1": "r9"})


def test_unreadable_pdfs_raise_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(UnreadablePdf):
        read_form(bad)


def test_shipped_field_font_is_what_the_tool_makes() -> None:
    """templates/fonts/DejaVuSans-FieldSubset.ttf is made by tools/make_field_font.py, byte for byte."""
    import importlib.util

    from formkit.pdfform.fieldfont import METRICS_FILE, SUBSET_FILE
    from formkit.pdfform.fonts import font_dir

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("make_field_font", root / "tools" / "make_field_font.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert module.make() == (font_dir() / SUBSET_FILE).read_bytes()
    assert module.metrics(module.make()) == (font_dir() / METRICS_FILE).read_bytes()


def test_the_shipped_metrics_are_reportlabs_and_never_used_for_another_font() -> None:
    """A batch draws with the metrics file instead of importing reportlab: it must say what reportlab
    reads, and a font remade without its metrics is parsed, not drawn with stale widths."""
    from formkit.pdfform.fieldfont import SUBSET_FILE, field_font, parse_field_font, shipped_metrics
    from formkit.pdfform.fonts import font_dir

    program = (font_dir() / SUBSET_FILE).read_bytes()
    assert shipped_metrics(program) == parse_field_font(program) == field_font()
    assert shipped_metrics(program + b"\0") is None
