"""Overlays in other scripts keep working (issue 21): a Greek and a Cyrillic organisation name and
role title come out letter for letter in every family — the self-assessment forms and booklet, the
checklist (PDF and Word), the job descriptions, the collect summary and the growth report — as
pdftotext and python-docx read them, typed into a form field too (the field font's subset holds
every letter)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, require_tool
from fillers import fill_with_pypdf, read_layout
from test_wording import document_text

from formkit.cli import cli

SCRIPTS = {
    "greek": ("Κέντρο Υποστήριξης Ομοτίμων «Ελπίδα»", "Ειδικός Υποστήριξης Ομοτίμων", "Ελένη Παπαδοπούλου"),
    "cyrillic": ("Центр взаимной поддержки «Рассвет»", "Специалист по взаимной поддержке", "Ирина Петрова"),
}


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module", params=sorted(SCRIPTS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, ...]]:
    """Every family built with an overlay naming the organisation and retitling a role in one script."""
    require_tool("pdftotext")
    organisation, role, _person = SCRIPTS[request.param]
    out = tmp_path_factory.mktemp(request.param)
    overlay = out / "overlay.yaml"
    overlay.write_text(f'name: {request.param}\norganisation: {{name: "{organisation}"}}\n'
                       f'roles: {{peer-support-specialist: {{title: "{role}"}}}}\n', encoding="utf-8")
    run("build", "-O", str(overlay), "-o", str(out / "docs"))
    return out, SCRIPTS[request.param]


def test_the_forms_and_the_booklet_print_the_name_exactly(built: tuple[Path, tuple[str, ...]]) -> None:
    out, (organisation, _role, _person) = built
    forms = sorted((out / "docs" / "self-assessment").glob("*.pdf"))
    assert len(forms) == 13
    for form in forms:
        assert organisation in document_text(form), form.name


def test_the_checklist_pdf_and_word_print_the_name_exactly(built: tuple[Path, tuple[str, ...]]) -> None:
    out, (organisation, _role, _person) = built
    for path in sorted((out / "docs" / "checklists").glob("checklist-*.*")):
        assert organisation in document_text(path), path.name


def test_the_job_descriptions_print_the_name_and_the_role_title_exactly(built: tuple[Path, tuple[str, ...]]) -> None:
    out, (organisation, role, _person) = built
    for path in sorted((out / "docs" / "job-descriptions").glob("*.docx")):
        text = document_text(path)
        assert organisation in text, path.name
        assert (role in text) == (path.stem == "peer-support-specialist"), path.name
    import docx

    title = docx.Document(str(out / "docs" / "job-descriptions" / "peer-support-specialist.docx")).core_properties.title
    assert title is not None and title.endswith(role)


def test_a_filled_form_its_summary_and_the_growth_report_keep_the_letters(built: tuple[Path, tuple[str, ...]]) -> None:
    out, (organisation, role, person) = built
    blank = next((out / "docs" / "self-assessment").glob("self-assessment-CC01-*.pdf"))
    values = {"name": person, "role": role, "program": "North", "round": "baseline", "date": "2026-01-15"}
    values.update({f"CC1_{k}_rating": "3" for k in range(1, 6)})
    filled = out / "filled" / "form.pdf"
    filled.parent.mkdir()
    fill_with_pypdf(blank, filled, values, read_layout(blank), auto_regenerate=False)
    assert person in document_text(filled) and role in document_text(filled)  # drawn in the field font
    collected = out / "collected"
    collected.mkdir()
    run("collect", str(filled.parent), "-O", str(out / "overlay.yaml"), "--report", "-o", str(collected),
        "--db", str(collected / "formkit.db"))
    summary = document_text(next((collected / "reports").glob("summary-*.pdf")))
    assert organisation in summary and role in summary and person in summary
    from formkit.store import open_store

    with open_store(collected / "formkit.db") as store:
        (someone,) = store.people()
    run("report", "person", someone.person_id, "--db", str(collected / "formkit.db"), "-O", str(out / "overlay.yaml"),
        "-o", str(out / "reports"))
    (report,) = (out / "reports").glob("person-*.pdf")
    assert person in document_text(report) and person.replace(" ", "-") in report.name  # the file name keeps the script


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_the_field_font_subset_holds_every_letter(script: str) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(str(ROOT / "templates" / "fonts" / "DejaVuSans-FieldSubset.ttf"))
    cmap = font.getBestCmap()
    missing = sorted({ch for text in SCRIPTS[script] for ch in text if ord(ch) not in cmap})
    assert not missing, missing
