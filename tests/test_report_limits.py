"""Issue 13, item 6: one long answer or one long name must not stall or break `collect --report`.

A pasted megabyte took minutes (reportlab re-wraps the rest of a paragraph at every page break),
and a 300-character name made a file name the file system refused. The summary now prints the
start of a long answer with a note of how much more responses.csv holds, and cuts long names in
file names to a slug plus a digest of the whole name.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest
from conftest import run_tool
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from formkit.catalog.effective import effective_catalog
from formkit.collect.read import Response
from formkit.collect.report import SHOWN_CHARS, render_report, report_namer
from formkit.documents.selfassess import render_category


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return effective_catalog(())


def _response(catalog, name: str, answer: str) -> Response:  # type: ignore[no-untyped-def]
    cat = catalog.categories[0]
    return Response("long.pdf", "self-assessment", catalog.id, catalog.version, "base", {"name": name}, [],
                    {cat.id: {"strengths": answer, "learn": "Motivational interviewing"}}, [],
                    [{"value": c.value, "label": c.label} for c in catalog.scale().choices],
                    [{"id": cat.id, "title": cat.title}])


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return " ".join(run_tool("pdftotext", str(path), "-").stdout.split())


@pytest.mark.parametrize("answer", ["listening " * 100_000, "x" * 1_000_000], ids=["words", "one-token"])
def test_a_megabyte_answer_makes_a_short_report_quickly(catalog, answer: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    start = time.process_time()
    pdf = render_report(_response(catalog, "Sam Lee", answer), catalog)
    assert time.process_time() - start < 5.0  # it was minutes
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 3  # a summary, not 200 pages
    text = _text(pdf, tmp_path)
    more = re.search(r"…\((\d+) more characters in responses\.csv\)", text)
    assert more, text[-500:]
    shown = len(answer) - int(more.group(1))
    assert SHOWN_CHARS * 4 // 5 <= shown <= SHOWN_CHARS  # what is printed plus the count is the whole answer
    assert answer[:200].split()[0][:50] in text
    assert "Motivational interviewing" in text  # the answers after the long one are still there


def test_a_short_answer_is_printed_whole(catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answer = "Listening to peers. " * 150  # 3000 characters: under the cap
    text = _text(render_report(_response(catalog, "Sam Lee", answer), catalog), tmp_path)
    assert "more characters" not in text
    assert text.count("Listening to peers.") == 150


def test_long_names_make_short_unique_repeatable_file_names() -> None:
    long_a, long_b = "Sam " + "Lee" * 100, "Sam " + "Lee" * 99 + "Lea"  # differ only at the end
    people = [long_a, long_b, long_a, "José Núñez", "../../etc/passwd", "Ирина"]
    names = list(map(report_namer(), people))
    assert names == list(map(report_namer(), people))  # the same every run
    assert len(set(names)) == len(names)
    assert all(len(f"summary-{n}.pdf".encode("utf-8")) <= 100 and "/" not in n for n in names), names
    assert names[3:] == ["Jose-Nunez", "etc-passwd", "Ирина"]
    assert names[0].startswith("Sam-LeeLee") and names[2] == names[0] + "-2"


def _set_values(pdf: bytes, values: dict[str, str]) -> bytes:
    """Fill fields as a tool that ignores MaxLen would (pypdf, pdftk): the value alone, no appearance."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        for annot in page.get("/Annots", []):
            field = annot.get_object()
            if field.get("/T") in values:
                field[NameObject("/V")] = TextStringObject(values[field["/T"]])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_collect_report_with_a_300_character_name_and_a_250k_answer(invoke, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name, answer = "Sam " + "Lee" * 99 + "é", "listening " * 25_000
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "filled.pdf").write_bytes(_set_values(render_category(catalog, catalog.categories[0]),
                                                   {"name": name, "CC1_strengths": answer}))
    out = tmp_path / "out"
    start = time.process_time()
    result = invoke("collect", str(forms), "-o", str(out), "--report")
    assert time.process_time() - start < 10.0  # it was 18 s of CPU, then "File name too long"
    assert result.exit_code == 0, result.output
    (report,) = (out / "reports").iterdir()
    assert report.name == f"summary-{report_namer()(name)}.pdf" and len(report.name) <= 100
    assert "No syntax or stream encoding errors" in run_tool("qpdf", "--check", str(report)).stdout
    assert "more characters in responses.csv" in _text(report.read_bytes(), tmp_path)
    with open(out / "responses.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["person"] == name  # the data files keep everything
    assert answer.strip() in (out / "responses.json").read_text(encoding="utf-8")
