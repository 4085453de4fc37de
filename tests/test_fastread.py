"""The fast form reader (formkit.pdfform.fastread) gives exactly what the pypdf reader gives,
for forms written by formkit, pdftk, pypdf and qpdf, and steps aside for anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfhelp import xfdf

from conftest import run_tool
from formkit.effective import effective_catalog
from formkit.pdfform import fastread, read
from formkit.pdfform.fill import fill_form
from formkit.selfassess import render_category

ANSWERS = {"name": "José Núñez (Ирина) \\ ) (", "program": "Nguyễn Thị Center", "round": "followup",
           "CC1_1_rating": "3", "CC1_2_rating": "NA", "CC1_1_notes": "«quoted» & <angled>\nsecond line"}


def _pypdf(path: Path) -> read.FormContents:
    reader = read._open(path)
    meta = reader.metadata or {}
    return read.FormContents(read._values(reader), read.read_schema(reader),
                             {str(k)[1:]: str(v) for k, v in meta.items() if isinstance(v, str)})


def _fast(path: Path) -> read.FormContents:
    got = read._read_fast(path)
    assert got is not None, f"{path.name} fell back to pypdf"
    return got


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    catalog = effective_catalog(())
    folder = tmp_path_factory.mktemp("fast")
    blank = folder / "blank.pdf"
    blank.write_bytes(render_category(catalog, catalog.categories[0]))
    out = {"blank": blank}
    out["formkit"] = folder / "formkit.pdf"
    out["formkit"].write_bytes(fill_form(blank, ANSWERS))
    data = folder / "answers.xfdf"
    data.write_text(xfdf(ANSWERS), encoding="utf-8")
    out["pdftk"] = folder / "pdftk.pdf"
    run_tool("pdftk", str(blank), "fill_form", str(data), "output", str(out["pdftk"]))
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    values = {k: (f"/{v}" if k.endswith("_rating") or k == "round" else v) for k, v in ANSWERS.items()}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out["pypdf"] = folder / "pypdf.pdf"
    writer.write(str(out["pypdf"]))
    out["qpdf"] = folder / "qpdf.pdf"  # xref stream with a PNG predictor, re-packed object streams
    run_tool("qpdf", "--object-streams=generate", str(out["formkit"]), str(out["qpdf"]))
    out["qpdf-plain"] = folder / "qpdf-plain.pdf"  # classic xref table, no object streams
    run_tool("qpdf", "--object-streams=disable", "--qdf", str(out["pdftk"]), str(out["qpdf-plain"]))
    out["incremental"] = folder / "incremental.pdf"  # an update appended, as Acrobat saves
    inc = PdfWriter(str(out["formkit"]), incremental=True)
    inc.update_page_form_field_values(None, {"program": "Second save"}, auto_regenerate=False)
    inc.write(str(out["incremental"]))
    return out


@pytest.mark.parametrize("kind", ["blank", "formkit", "pdftk", "pypdf", "qpdf", "qpdf-plain", "incremental"])
def test_fast_reader_agrees_with_pypdf(forms: dict[str, Path], kind: str) -> None:
    fast, slow = _fast(forms[kind]), _pypdf(forms[kind])
    assert fast.values == slow.values
    assert fast.schema == slow.schema and (fast.schema is not None)
    assert fast.info == slow.info


def test_fast_reader_sees_the_answers(forms: dict[str, Path]) -> None:
    values = _fast(forms["formkit"]).values
    assert values["name"] == ANSWERS["name"] and values["CC1_1_notes"] == ANSWERS["CC1_1_notes"]
    assert (values["CC1_1_rating"], values["CC1_2_rating"], values["CC1_3_rating"]) == ("3", "NA", "")
    assert _fast(forms["incremental"]).values["program"] == "Second save"


def test_encrypted_and_broken_files_go_to_pypdf(forms: dict[str, Path], tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    run_tool("qpdf", "--encrypt", "", "owner", "256", "--", str(forms["formkit"]), str(locked))
    assert read._read_fast(locked) is None
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(forms["formkit"].read_bytes()[:-300])
    assert read._read_fast(cut) is None
    with pytest.raises(fastread.Unsupported):
        fastread.FastPdf(b"not a pdf")


def test_a_compression_bomb_is_refused_not_inflated() -> None:
    import zlib

    from formkit.pdfform import fastread

    bomb = zlib.compress(b"\0" * (fastread.MAX_INFLATED + 1024), 9)
    with pytest.raises(fastread.Unsupported, match="size limit"):
        fastread._inflate(bomb)
