"""Text that must come through literally in every format formkit writes.

Markup characters, backslashes and parentheses (PDF string syntax), right-to-left scripts, emoji,
combining accents and a 10,000-character statement go through an overlay into JSON, CSV,
Markdown, CASE, Word and PDF forms. Every file must still pass qpdf, python-docx and LibreOffice;
characters the PDF font cannot draw are announced once, and do not damage the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import run_tool

MARKUP = "<b>&amp; \"quoted\" 'single' & <script>alert(1)</script>"
PDF_SYNTAX = r"back\slash \\ (paren) \( ) \) ( %comment /Name"
RTL = "שלום עולם"
EMOJI_DRAWN = "😀"  # DejaVu Sans has it
EMOJI_MISSING = "👩🏽‍⚕️"  # woman + skin tone + ZWJ + staff of Aesculapius + VS16: two have no glyph
COMBINING = "Jose\u0301 Nu\u0303n\u0303ez Nguye\u0302\u0303n"
LONG = " ".join(f"word{i:04d}" for i in range(1100))[:10_000]
LONG_HEADING = " ".join(f"head{i:04d}" for i in range(1100))[:10_000]
SPECIAL = f"{MARKUP} {PDF_SYNTAX} {RTL} {EMOJI_DRAWN} {EMOJI_MISSING} {COMBINING}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from formkit.cli import cli

    tmp = tmp_path_factory.mktemp("literal")
    overlay = {
        "name": "Literal <&> test",
        "organisation": {"name": f"{MARKUP[:60]} {RTL} {COMBINING}", "address": PDF_SYNTAX, "contact": EMOJI_DRAWN},
        "select": {"categories": ["CC1", "CC2", "CC3", "CC4", "CC5", "CC9", "CC10", "CC11", "FP1"]},
        "statements": {"CC1.1": f"Initiates contact: {SPECIAL}", "CC1.2": LONG},
        "categories": {"CC2": {"description": f"Description {SPECIAL}"}},
        "principles": {"P1": {"name": f"Recovery {MARKUP}"}},
        "wording": {"selfassess.about_you": f"About you {PDF_SYNTAX}", "selfassess.reflection_heading": LONG_HEADING,
                    "jobdesc.scope_intro": f"Scope {MARKUP}"},
        "add": {"categories": [{"id": "FP1", "title": f"Family {RTL} {COMBINING}",
                                "competencies": [{"id": "FP1.1", "statement": f"Shares {SPECIAL}"}]}]},
    }
    path = tmp / "literal.yaml"
    path.write_text(yaml.safe_dump(overlay, allow_unicode=True), encoding="utf-8")
    out = tmp / "out"
    result = CliRunner().invoke(cli, ["build", "-O", str(path), "-o", str(out), "--only", "catalogue",
                                      "--only", "self-assessment", "--only", "job-descriptions"])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def checklists(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A checklist row cannot break across pages: the same text without the 10,000-character statement."""
    from click.testing import CliRunner

    from formkit.cli import cli

    tmp = tmp_path_factory.mktemp("literal-checklist")
    overlay = {"name": "Literal", "organisation": {"name": f"{MARKUP[:60]} {RTL} {COMBINING}"},
               "statements": {"CC1.1": f"Initiates contact: {SPECIAL}"}}
    path = tmp / "literal.yaml"
    path.write_text(yaml.safe_dump(overlay, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["checklist", "--board", "custom", "-O", str(path), "-o", str(tmp / "out")])
    assert result.exit_code == 0, result.output
    too_long = tmp / "too-long.yaml"
    too_long.write_text(yaml.safe_dump({"name": "Long", "statements": {"CC1.2": LONG}}), encoding="utf-8")
    refused = CliRunner().invoke(cli, ["checklist", "--board", "custom", "-O", str(too_long), "-o", str(tmp / "no")])
    return tmp / "out", result.output, refused, tmp / "no"


def test_checklists_keep_the_text_and_refuse_what_cannot_fit(checklists) -> None:  # type: ignore[no-untyped-def]
    import docx

    from conftest import assert_user_error

    out, output, refused, nothing = checklists
    assert sum(line.startswith("Warning:") for line in output.splitlines()) == 1
    (pdf,) = sorted(out.rglob("*.pdf"))
    run_tool("qpdf", "--check", str(pdf))
    flat = re.sub(r"\s+", " ", _pdf_text(pdf))
    assert "<script>alert(1)</script>" in flat and _nfc(COMBINING) in flat
    (word,) = sorted(out.rglob("*.docx"))
    document = docx.Document(str(word))
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert f"Initiates contact: {SPECIAL}" in cells
    assert_user_error(refused, "statements.CC1.2", "too long for one checklist row", "Shorten it")
    assert not nothing.exists()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_exactly_one_warning_names_the_undrawable_characters(built) -> None:  # type: ignore[no-untyped-def]
    _, output = built
    warnings = [line for line in output.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1, output
    assert "U+1F469" in warnings[0] and "U+1F3FD" in warnings[0]  # woman, skin tone
    assert "U+1F600" not in warnings[0] and "U+2695" not in warnings[0]  # these are drawn
    assert "Traceback" not in output


def test_data_exports_keep_every_character(built) -> None:  # type: ignore[no-untyped-def]
    out, _ = built
    data = json.loads((out / "catalog" / "catalog.json").read_text(encoding="utf-8"))
    statements = {k["id"]: k["statement"] for c in data["categories"] for k in c["competencies"]}
    assert statements["CC1.1"] == f"Initiates contact: {SPECIAL}"
    assert statements["CC1.2"] == LONG and statements["FP1.1"] == f"Shares {SPECIAL}"
    rows = list(csv.DictReader(io.StringIO((out / "catalog" / "catalog.csv").read_text(encoding="utf-8"))))
    assert {r["competency_id"]: r["statement"] for r in rows}["CC1.1"] == f"Initiates contact: {SPECIAL}"
    assert SPECIAL in (out / "catalog" / "catalog.md").read_text(encoding="utf-8")
    case = (out / "catalog" / "catalog.case.json").read_text(encoding="utf-8")
    assert f"Shares {SPECIAL}" in {i.get("fullStatement") for i in json.loads(case)["CFItems"]}


def test_word_documents_keep_every_character_and_convert(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import docx

    out, _ = built
    files = sorted((out / "job-descriptions").glob("*.docx"))
    assert len(files) == 5
    for path in files:
        document = docx.Document(str(path))
        body = "\n".join(p.text for p in document.paragraphs)
        cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        header = document.sections[0].header  # the letterhead: a table in the page header
        letterhead = " ".join(c.text for t in header.tables for row in t.rows for c in row.cells)
        assert f"{MARKUP[:60]} {RTL} {COMBINING}" in letterhead, path
        assert f"Scope {MARKUP}" in body, path
        if path.stem == "peer-support-specialist":  # a role with CC1's duties
            assert f"Initiates contact: {SPECIAL}" in body + cells, path
    run_tool("soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(files[0]), timeout=180)
    pdf = tmp_path / (files[0].stem + ".pdf")
    run_tool("qpdf", "--check", str(pdf))
    text = run_tool("pdftotext", str(pdf), "-").stdout
    assert "<script>alert(1)</script>" in text and "(paren) \\( )" in text


def _pdf_text(path: Path) -> str:
    return _nfc(run_tool("pdftotext", "-enc", "UTF-8", str(path), "-").stdout)


def test_pdf_forms_pass_qpdf_and_keep_the_text(built) -> None:  # type: ignore[no-untyped-def]
    out, _ = built
    forms = sorted((out / "self-assessment").glob("*.pdf"))
    assert len(forms) == 10  # 8 selected categories, the added one, the booklet
    for path in forms:
        run_tool("qpdf", "--check", str(path))
        run_tool("pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", str(path), str(path.with_suffix("")))
    text = _pdf_text(out / "self-assessment" / "self-assessment-booklet.pdf")
    flat = re.sub(r"\s+", " ", text)
    assert MARKUP in flat and PDF_SYNTAX in flat
    assert EMOJI_DRAWN in text  # extracts as itself (reportlab's ToUnicode fixed for U+1F600)
    assert _nfc(COMBINING) in flat
    assert RTL in flat or RTL[::-1] in flat or " ".join(w[::-1] for w in RTL.split()[::-1]) in flat
    words = re.findall(r"word\d{4}", text)  # the long statement, across several pages, in order
    assert [w for w in words if w in set(LONG.split())][: len(LONG.split())] == LONG.split()
    assert f"About you {PDF_SYNTAX}" in flat
    heading = re.findall(r"head\d{4}", text)  # a 10,000-character heading, split over pages, none lost
    assert heading[: len(LONG_HEADING.split())] == LONG_HEADING.split()


def test_pdf_field_tooltips_keep_the_statement(built) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    out, _ = built
    reader = PdfReader(str(out / "self-assessment" / "self-assessment-CC01-engages-peers.pdf"))
    tooltips = [str(f.get("/TU", "")) for f in (reader.get_fields() or {}).values()]
    assert any(f"Initiates contact: {SPECIAL}" in t for t in tooltips), tooltips[:3]
