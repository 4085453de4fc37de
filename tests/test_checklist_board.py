"""Issue 16, items 2 and 3: a checklist a certification board would issue, and one letterhead
(logo, organisation, address, accent colour) in every family.

Read as a board would: text sizes measured by PDFium from the page content, the logo found
as an image in the PDF and the Word file, signature fields and tooltips read by pikepdf, and
the Word file laid out by LibreOffice to see where its column heads break.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, require_tool, run_tool

from formkit.catalog.effective import effective_catalog
from formkit.context import resolve

AGENCY = ROOT / "templates" / "overlays" / "example-agency.yaml"
LOGO = ROOT / "templates" / "overlays" / "riverbend-logo.png"


@pytest.fixture(scope="module")
def agency(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The example agency's overlay with an unusual accent, so the colour is traceable."""
    folder = tmp_path_factory.mktemp("agency")
    text = AGENCY.read_text(encoding="utf-8").replace("#1F4E79", "#AA3300")
    text = text.replace("logo: riverbend-logo.png", f"logo: {LOGO}")
    path = folder / "agency.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def agency_context(agency):  # type: ignore[no-untyped-def]
    return resolve(effective_catalog([str(agency)]), ["checklists"], board="icrc-pr")


@pytest.fixture(scope="module")
def agency_pdf(agency_context) -> bytes:  # type: ignore[no-untyped-def]
    from formkit.documents.checklist import blank_pdf

    return blank_pdf(agency_context)


@pytest.fixture(scope="module")
def agency_docx(agency_context) -> bytes:  # type: ignore[no-untyped-def]
    from formkit.documents.checklist import checklist_docx

    return checklist_docx(agency_context)


@pytest.fixture(scope="module")
def custom():  # type: ignore[no-untyped-def]
    """The blank `custom` profile without any overlay: what a board downloads first."""
    from formkit.documents.checklist import blank_pdf, checklist_docx

    context = resolve(effective_catalog([]), ["checklists"])
    return context, blank_pdf(context), checklist_docx(context)


def _chars(data: bytes) -> list[list[tuple[str, float]]]:
    """Per page, each character PDFium finds in the page content with its font size in points
    (widget appearances are not page content: they are what a filler draws)."""
    import pypdfium2
    from pypdfium2 import raw

    pages = []
    pdf = pypdfium2.PdfDocument(data)
    for page in pdf:
        text = page.get_textpage()
        chars = []
        for i in range(text.count_chars()):
            ch = chr(raw.FPDFText_GetUnicode(text.raw, i))
            if not ch.isspace():
                chars.append((ch, raw.FPDFText_GetFontSize(text.raw, i)))
        pages.append(chars)
    return pages


def _sizes_of(pages: list[list[tuple[str, float]]], text: str) -> list[float]:
    """The font sizes of the first place ``text`` (spaces ignored) is printed."""
    wanted = text.replace(" ", "")
    for chars in pages:
        joined = "".join(ch for ch, _ in chars)
        at = joined.find(wanted)
        if at >= 0:
            return [size for _, size in chars[at:at + len(wanted)]]
    raise AssertionError(f"not printed: {text!r}")


def _pdftotext(data: bytes) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return run_tool("pdftotext", "-raw", handle.name, "-").stdout


# -- sizes -----------------------------------------------------------------------
def test_statements_print_at_9pt_and_nothing_below_8pt(agency_pdf, agency_context) -> None:  # type: ignore[no-untyped-def]
    pages = _chars(agency_pdf)
    smallest = min(size for chars in pages for _, size in chars)
    assert smallest >= 8 - 0.01, smallest  # column heads, footers, notes
    for comp in agency_context.catalog.competencies:
        first_words = " ".join(comp.statement.split()[:3])
        sizes = _sizes_of(pages, f"{comp.id}{first_words}")[len(comp.id):]
        assert min(sizes) >= 9 - 0.01, (comp.id, min(sizes))
    footer = _sizes_of(pages, "FK-CL-ICRC-PR · version 1.0")
    assert min(footer) >= 8 - 0.01 and min(_sizes_of(pages, "Page 1 of")) >= 8 - 0.01


def test_limits_follow_the_statement_size() -> None:
    from formkit.documents.checklist import limits, pdf
    from formkit.pdfform.fonts import REGULAR, register_fonts

    register_fonts()
    assert limits.ROW_LINES == int((pdf.ROW_MAX_H - 6) / pdf.STATEMENT_LEADING)
    assert limits.TITLE_SIZE == pdf.TITLE_SIZE
    # a word that fitted the old 7.5 pt column but not the 9 pt one is refused before rendering
    from reportlab.pdfbase.pdfmetrics import stringWidth

    word = "W"
    while stringWidth(word, REGULAR, pdf.STATEMENT_SIZE) <= limits.STATEMENT_WIDTH:
        word += "W"
    assert stringWidth(word, REGULAR, 7.5) < limits.STATEMENT_WIDTH  # fitted at the old size
    catalog = effective_catalog([])
    comp = catalog.competencies[0]
    from dataclasses import replace

    from formkit.core.errors import FormkitError

    with pytest.raises(FormkitError, match="so it would print past its edge"):
        limits.check_statement(catalog, replace(comp, statement=f"Supports {word} peers"))


# -- letterhead ------------------------------------------------------------------
ACCENT = re.compile(rb"(?<![\d.])0?\.666667 0?\.2 0 (RG|rg)")  # #AA3300, stroked or filled


def _page_content(data: bytes) -> bytes:
    """Page 1's content stream(s), decoded."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        contents = pdf.pages[0].obj.Contents
        parts = contents if isinstance(contents, pikepdf.Array) else [contents]
        return b"\n".join(part.read_bytes() for part in parts)


def _images(data: bytes) -> list[bytes]:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        getter = getattr(page, "get_images", None)  # pikepdf >= 10.9; .images before
        images = getter() if getter else page.images
        return [pikepdf.PdfImage(img).read_bytes() for img in images.values()]


def test_logo_and_accent_reach_the_checklist_pdf(agency_pdf, custom) -> None:  # type: ignore[no-untyped-def]
    import pikepdf
    from PIL import Image

    images = _images(agency_pdf)
    with Image.open(LOGO) as logo:
        assert len(images) == 1 and len(images[0]) >= logo.width * logo.height  # the logo's pixels, decoded
    with pikepdf.open(io.BytesIO(agency_pdf)) as pdf:
        figures = [e for e in _walk(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
    assert ACCENT.search(_page_content(agency_pdf)), "the accent colour #AA3300 is not stroked"
    assert [str(f.Alt) for f in figures] == ["Logo of Riverbend Recovery Community Center"]
    assert _images(custom[1]) == []  # no overlay: no logo


def _walk(elem):  # type: ignore[no-untyped-def]
    import pikepdf

    kids = elem.get("/K")
    if kids is None:
        return
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _walk(kid)


def test_logo_and_accent_reach_the_checklist_docx(agency_docx, custom) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    with zipfile.ZipFile(io.BytesIO(agency_docx)) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
        body = z.read("word/document.xml").decode("utf-8")
    assert media == [LOGO.read_bytes()]
    assert 'descr="Logo of Riverbend Recovery Community Center"' in body
    assert 'w:color="AA3300"' in body  # the rule under the letterhead
    doc = Document(io.BytesIO(agency_docx))
    letterhead = doc.tables[0].rows[0].cells[0].text
    assert "Riverbend Recovery Community Center" in letterhead and "120 Mill Street" in letterhead
    with zipfile.ZipFile(io.BytesIO(custom[2])) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
    assert Document(io.BytesIO(custom[2])).tables[0].rows[0].cells[0].text.strip() == custom[0].board.name


def test_same_letterhead_on_self_assessments_and_summaries(agency, tmp_path, invoke) -> None:  # type: ignore[no-untyped-def]
    """Item 3: the mini-tool and the collect summary show the same logo and accent colour."""
    out = tmp_path / "out"
    assert invoke("selfassess", "--category", "CC1", "-O", str(agency), "-o", str(out)).exit_code == 0
    from formkit.pdfform.fill import fill_form

    tool = next((out / "self-assessment").glob("*.pdf"))
    answered = tmp_path / "answered.pdf"  # a blank form gets no summary
    answered.write_bytes(fill_form(tool, {"name": "Sam Lee", "CC1_1_rating": "3", "CC1_1_notes": "Greets people"}))
    result = invoke("collect", str(answered), "--report", "-O", str(agency), "-o", str(tmp_path / "col"))
    assert result.exit_code == 0, result.output
    summary = next((tmp_path / "col" / "reports").glob("*.pdf"))
    for path in (tool, summary):
        data = path.read_bytes()
        assert len(_images(data)) == 1, path.name
        assert ACCENT.search(_page_content(data)), f"{path.name}: no #AA3300"
    text = run_tool("pdftotext", "-l", "1", str(summary), "-").stdout
    assert "Riverbend Recovery Community Center" in text and "120 Mill Street" in text


# -- what a board needs on the form ------------------------------------------------
def test_signature_fields_for_applicant_supervisor_and_evaluator(agency_pdf) -> None:  # type: ignore[no-untyped-def]
    import pikepdf

    with pikepdf.open(io.BytesIO(agency_pdf)) as pdf:
        sigs = {str(f.T): f for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Sig"}
        assert sorted(sigs) == ["applicant_signature", "evaluator_signature", "supervisor_signature"]
        forms = {e.K.Obj.objgen for e in _walk(pdf.Root.StructTreeRoot)
                 if e.get("/S") == "/Form" and isinstance(e.get("/K"), pikepdf.Dictionary)}
        for name, field in sigs.items():
            assert str(field.TU).endswith("signature"), name
            assert "/StructParent" in field and field.objgen in forms, f"{name} is not tagged"


def test_attestation_ethics_and_board_box_are_printed(agency_pdf, agency_docx) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    text = _pdftotext(agency_pdf)
    doc = Document(io.BytesIO(agency_docx))
    word = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    for wanted in ("Applicant attestation and code of ethics", "agree to abide by it", "Evaluator signature",
                   "Supervisor signature", "For board use only", "Date received", "Reviewed by", "Decision date",
                   "Approved", "Denied"):
        assert wanted in text, ("PDF", wanted)
        assert wanted in word, ("Word", wanted)


def test_no_developer_hints_on_the_blank_custom_form(custom) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    _, pdf, docx_bytes = custom
    text = _pdftotext(pdf)
    doc = Document(io.BytesIO(docx_bytes))
    word = "\n".join(p.text for p in doc.paragraphs)
    for said in (text, word):
        for hint in ("overlay", "board:", "profile", "Set your"):
            assert hint not in said, hint


def test_radio_tooltips_name_the_statement_and_the_label(agency_pdf, agency_context) -> None:  # type: ignore[no-untyped-def]
    import pikepdf

    statements = {c.id.replace(".", "_"): c.statement for c in agency_context.catalog.competencies}
    labels = {p.value: p.label for p in agency_context.checklist_board.scale.choices}
    seen = 0
    with pikepdf.open(io.BytesIO(agency_pdf)) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            name = str(field.T)
            if not name.startswith("r_"):
                continue
            for kid in field.Kids:
                value = next(str(k)[1:] for k in kid.AP.N if k != "/Off")
                assert str(kid.TU) == f"{name[2:].replace('_', '.', 1)} {statements[name[2:]]}. Rating: {labels[value]}"
                seen += 1
    assert seen == len(statements) * len(labels)


def test_tab_order_is_verified_rating_date_initials_in_every_row(agency_pdf) -> None:  # type: ignore[no-untyped-def]
    """Structure order (/Tabs /S), /Annots order and row order (same top edge) agree."""
    import pikepdf

    with pikepdf.open(io.BytesIO(agency_pdf)) as pdf:
        for page in pdf.pages:
            assert page.obj.Tabs == pikepdf.Name.S
            rows: dict[str, list[tuple[str, float]]] = {}
            for annot in page.obj.get("/Annots", []):
                name = str(annot.T if "/T" in annot else annot.Parent.T)
                match = re.fullmatch(r"([vrdi])_(CC\d+_\w+?)(?:_[a-z]+)?", name)
                if match:
                    rows.setdefault(match.group(2), []).append((match.group(1), float(annot.Rect[3])))
            for comp, widgets in rows.items():
                kinds = "".join(dict.fromkeys(k for k, _ in widgets))
                assert kinds == "vrdi", (comp, kinds)
                assert len({round(top, 2) for _, top in widgets}) == 1, (comp, widgets)


def test_log_rows_are_tall_enough_to_write_in(agency_pdf, agency_docx) -> None:  # type: ignore[no-untyped-def]
    import pikepdf
    from docx import Document
    from docx.shared import Mm

    with pikepdf.open(io.BytesIO(agency_pdf)) as pdf:
        heights = [float(f.Rect[3]) - float(f.Rect[1]) for f in pdf.Root.AcroForm.Fields
                   if re.fullmatch(r"(training|experience|supervision)_\d+_\w+", str(f.T))]
    assert heights and min(heights) >= 20  # 7 mm of writing space in a 8.5 mm row
    doc = Document(io.BytesIO(agency_docx))
    logs = [t for t in doc.tables if t.rows[0].cells[0].text in ("Training title", "Organization and role", "Date")]
    assert len(logs) == 3
    for table in logs:
        for row in table.rows[1:-2]:
            assert row.height is not None and row.height >= Mm(8), row.height


# -- the Word file as LibreOffice lays it out ----------------------------------------
@pytest.fixture(scope="module")
def converted(agency_docx, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    require_tool("soffice")
    folder = tmp_path_factory.mktemp("lo")
    src = folder / "checklist.docx"
    src.write_bytes(agency_docx)
    run_tool("soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(src), timeout=180)
    return folder / "checklist.pdf"


def test_docx_column_heads_never_break_inside_a_word(converted, agency_context) -> None:  # type: ignore[no-untyped-def]
    from formkit.documents.checklist.model import checklist

    doc = checklist(agency_context)
    table = doc.table
    heads = [table.id_label, table.statement_label, table.verified_label, table.date_label, table.initials_label,
             *(label for _, label in table.ratings)]
    heads += [col.label for log in doc.logs.logs for col in log.columns]  # the hours logs' heads too
    head_words = {w for head in heads for w in head.split()}
    bbox = run_tool("pdftotext", "-bbox", str(converted), "-").stdout
    words = re.findall(r"<word [^>]*>([^<]*)</word>", bbox)
    for word in head_words:
        assert word in words, f"column head word {word!r} is not printed whole"
    broken = [(a, b) for a, b in itertools.pairwise(words) if a + b in head_words]
    assert not broken, broken


def test_docx_footer_page_number_is_the_size_of_the_footer_text(converted, agency_docx) -> None:  # type: ignore[no-untyped-def]
    """Measured after LibreOffice, and in the file: Word redraws PAGE/NUMPAGES results from the
    field's own formatting, so the Footer style itself is 8 pt, as is every run in it."""
    from docx import Document
    from docx.shared import Pt

    doc = Document(io.BytesIO(agency_docx))
    assert doc.styles["Footer"].font.size == Pt(8)
    for paragraph in doc.sections[0].footer.paragraphs:
        assert paragraph.style.name == "Footer"
        assert {run.font.size for run in paragraph.runs} <= {None, Pt(8)}
    pages = _chars(converted.read_bytes())
    footer = _sizes_of(pages, "FK-CL-ICRC-PR")
    page_of = _sizes_of(pages, "Page 1 of")
    assert {round(s, 1) for s in footer + page_of} == {8.0}, (footer, page_of)


def test_agency_checklist_is_byte_identical_across_runs(agency_context, agency_pdf, agency_docx) -> None:  # type: ignore[no-untyped-def]
    from formkit.documents.checklist import blank_pdf, checklist_docx

    assert blank_pdf(agency_context) == agency_pdf
    assert checklist_docx(agency_context) == agency_docx
