"""`formkit collect -O es --report` (issue 21): the supervision summary of a Spanish self-assessment
and the decision letter of a Spanish checklist say, under their title and in /Subject, that they
are an unofficial translation; they are /Lang es, hold no English wording, and the summary's file
name says -es, as every file of a translated catalogue does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_tool
from test_spanish import _english_left, _flat, _notice, _pdf_text

from formkit.catalog.effective import effective_catalog


def _fill_with_pypdf(blank: Path, filled: Path, values: dict[str, str], radios: set[str]) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    named = {k: (f"/{v}" if k in radios else v) for k, v in values.items()}
    for page in writer.pages:
        writer.update_page_form_field_values(page, named, auto_regenerate=False)
    writer.write(str(filled))


def _english_in(text: str, out: Path) -> list[str]:
    """The English wording left in a report, the file it was read from (a path) left out."""
    return _english_left(re.sub(r"\S*[/\\]\S*|\S+\.pdf\b", " ", text), out)


def _assert_spanish(path: Path, notice: str) -> str:
    """/Lang es, the notice as /Subject and on page 1 under the title; the text returned."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "es" and str(pdf.docinfo["/Subject"]) == notice, path.name
        title = _flat(str(pdf.docinfo["/Title"]))
    first = _flat(_pdf_text(path, "-l", "1"))
    assert title in first and _flat(notice) in first, path.name
    assert first.index(_flat(notice)) > first.index(title), path.name  # under the title
    return _pdf_text(path)


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Spanish CC1 self-assessment and one Spanish checklist, filled by pypdf and collected."""
    from click.testing import CliRunner

    from formkit.cli import cli
    from formkit.documents.selfassess import artifacts, names

    tmp = tmp_path_factory.mktemp("collect-es")
    catalog = effective_catalog(["es"])
    (form,) = artifacts(catalog, ["CC1"], booklet=False)
    assert form.relpath.endswith("-es.pdf")
    (tmp / "blank.pdf").write_bytes(form.data)
    returned = tmp / "returned"
    returned.mkdir()
    scale = catalog.scale(catalog.rating_scale)
    ratings = {names.rating_name(c.id): scale.choices[i % len(scale.choices)].value
               for i, c in enumerate(catalog.categories[0].competencies)}
    _fill_with_pypdf(tmp / "blank.pdf", returned / "ana.pdf",
                     {"name": "Ana Ruiz", "round": "baseline", "date": "2026-01-10", **ratings,
                      names.reflection_name("CC1", "support"): "Más práctica con entrevistas"},
                     set(ratings) | {"round"})
    built = CliRunner().invoke(cli, ["checklist", "-O", "es", "--board", "icrc-pr", "--format", "pdf",
                                     "-o", str(tmp / "checklist")])
    assert built.exit_code == 0, built.output
    (checklist,) = sorted((tmp / "checklist").rglob("*.pdf"))
    _fill_with_pypdf(checklist, returned / "bea.pdf", {"applicant_name": "Bea Soto", "applicant_id": "E01"}, set())
    result = CliRunner().invoke(cli, ["collect", str(returned), "-O", "es", "--report", "-o", str(tmp / "out")])
    assert result.exit_code == 0, result.output
    return tmp / "out"


def test_the_summary_of_a_spanish_form_is_named_es_and_says_it_is_a_translation(collected: Path) -> None:
    assert [p.name for p in sorted((collected / "reports").iterdir())] == ["summary-Ana-Ruiz-baseline-2026-01-10-es.pdf"]
    text = _assert_spanish(collected / "reports" / "summary-Ana-Ruiz-baseline-2026-01-10-es.pdf", _notice())
    assert "Ana Ruiz" in text
    assert "Más práctica con entrevistas" in text
    assert _english_in(text, collected) == []


def test_the_letter_of_a_spanish_checklist_says_it_is_a_translation(collected: Path) -> None:
    (letter,) = sorted((collected / "letters").iterdir())
    assert letter.name == "letter-Bea-Soto-es.pdf"
    text = _assert_spanish(letter, _notice())
    assert "Bea Soto" in text and _english_in(text, collected) == []
    cohort = _assert_spanish(collected / "cohort-summary-es.pdf", _notice())
    assert _english_in(cohort, collected) == []


def test_the_english_summary_has_no_notice_and_no_language_in_its_name(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from formkit.cli import cli
    from formkit.documents.selfassess import artifacts

    from formkit.documents.selfassess import names

    english = effective_catalog([])
    (form,) = artifacts(english, ["CC1"], booklet=False)
    (tmp_path / "in").mkdir()
    (tmp_path / "blank.pdf").write_bytes(form.data)
    rating = {names.rating_name("CC1.1"): english.scale(english.rating_scale).choices[0].value}
    _fill_with_pypdf(tmp_path / "blank.pdf", tmp_path / "in" / "ann.pdf", {"name": "Ann Lee", **rating}, set(rating))
    result = CliRunner().invoke(cli, ["collect", str(tmp_path / "in"), "--report", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (summary,) = (tmp_path / "out" / "reports").iterdir()
    assert summary.name == "summary-Ann-Lee.pdf"
    assert not re.search(r"Unofficial translation|Traducción no oficial", run_tool("pdftotext", str(summary), "-").stdout)


def test_a_spanish_checklist_of_another_board_is_told_why_in_spanish(collected: Path) -> None:
    """Collected under another board's profile, the icrc-pr checklist is "incomplete" and the reason
    (in eligibility.csv and in the letter) is in the catalogue's language, naming the board to use."""
    import csv

    from click.testing import CliRunner

    from formkit.cli import cli

    out = collected.parent / "other-board"
    result = CliRunner().invoke(cli, ["collect", str(collected.parent / "returned"), "-O", "es", "--board",
                                      "naadac-ncprss", "--report", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "eligibility.csv", encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["verdict"] == "incomplete"  # a machine value, like the column names
    boards = ("IC&RC Peer Recovery (PR)", "NAADAC National Certified Peer Recovery Support Specialist (NCPRSS)")
    reasons = row["missing"]
    for name in boards:  # the boards' own names stay as they are
        assert name in reasons
        reasons = reasons.replace(name, " ")
    assert "no de" in reasons and "--board icrc-pr" in reasons, reasons
    assert _english_in(reasons.replace("--board", " "), out) == [], reasons  # the option's name stays
    (letter,) = sorted((out / "letters").iterdir())
    text = _flat(_assert_spanish(letter, _notice()))
    for name in boards:
        text = text.replace(name, " ")
    assert "--board icrc-pr" in text and _english_in(text.replace("--board", " "), out) == [], text
