"""The supervisor's version of the self-assessment (issue 18, item 3): `formkit selfassess --rater
supervisor` writes forms with the same ids, scale and fields, worded for the supervisor about the
peer worker, that carry a read-only `rater` box saying "supervisor" so collect can tell them apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_tool

from formkit.pdfform.fill import fill_form
from formkit.pdfform.read import read_field_values, read_form

READ_ONLY = 1  # bit 1 of a field's /Ff


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both raters' CC1 mini-tool and booklet, written by the command a user runs."""
    from click.testing import CliRunner

    from formkit.cli import cli

    out = tmp_path_factory.mktemp("raters")
    for rater in ("self", "supervisor"):
        result = CliRunner().invoke(cli, ["selfassess", "--rater", rater, "--category", "CC1", "-o", str(out)])
        assert result.exit_code == 0, result.output
    return out / "self-assessment"


def _text(path: Path) -> str:
    return " ".join(run_tool("pdftotext", str(path), "-").stdout.split())


def test_file_names_tell_the_rater(forms: Path) -> None:
    assert sorted(p.name for p in forms.iterdir()) == [
        "self-assessment-CC01-engages-peers.pdf", "self-assessment-booklet.pdf",
        "supervisor-assessment-CC01-engages-peers.pdf", "supervisor-assessment-booklet.pdf"]


@pytest.mark.parametrize("kind", ["CC01-engages-peers", "booklet"])
def test_same_fields_and_scale_as_the_self_assessment_plus_rater(forms: Path, kind: str) -> None:
    own = read_form(forms / f"self-assessment-{kind}.pdf").schema["fields"]
    theirs = read_form(forms / f"supervisor-assessment-{kind}.pdf").schema["fields"]
    choices = {f["name"]: [c["value"] for c in f.get("choices", [])] for f in own}
    assert {f["name"] for f in theirs} == set(choices) | {"rater"}
    assert all([c["value"] for c in f.get("choices", [])] == choices[f["name"]] for f in theirs if f["name"] != "rater")


def test_rater_box_is_read_only_and_says_supervisor(forms: Path) -> None:
    import pikepdf

    path = forms / "supervisor-assessment-CC01-engages-peers.pdf"
    assert read_field_values(path)["rater"] == "supervisor"
    with pikepdf.open(path) as pdf:
        (rater,) = [f for f in pdf.Root.AcroForm.Fields if str(f.get("/T")) == "rater"]
        assert int(rater.get("/Ff", 0)) & READ_ONLY
    assert "Filled in by supervisor" in _text(path)  # printed: a paper copy says it too
    assert "rater" not in read_field_values(forms / "self-assessment-CC01-engages-peers.pdf")
    # a filler filling the other boxes leaves it as it is
    filled = fill_form(path, {"name": "Ann Lee", "supervisor": "Dana Ruiz", "CC1_1_rating": "2"})
    assert read_field_values(filled)["rater"] == "supervisor"


def test_wording_is_addressed_to_the_supervisor_about_the_peer_worker(forms: Path) -> None:
    text = _text(forms / "supervisor-assessment-CC01-engages-peers.pdf")
    for words in ("Supervisor assessment", "Peer worker's name", "Supervisor's name",
                  "how often the peer worker does this", "Strengths I see", "What they could learn next",
                  "Support I can offer"):
        assert words in text, words
    for words in ("Peer worker self-assessment", "What I want to learn", "Support I need", "About you "):
        assert words not in text, words
    assert "Supervisor assessment booklet" in _text(forms / "supervisor-assessment-booklet.pdf")


def test_collect_reads_a_filled_supervisor_form_as_verified(forms: Path, tmp_path: Path) -> None:
    """The extra box is not an alteration: collect checks the form against the catalogue and passes it."""
    from click.testing import CliRunner

    from formkit.cli import cli

    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "ann.pdf").write_bytes(fill_form(forms / "supervisor-assessment-CC01-engages-peers.pdf",
                                                {"name": "Ann Lee", "CC1_1_rating": "2"}))
    result = CliRunner().invoke(cli, ["collect", str(answers), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "out" / "responses.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1].endswith(",verified") and ",Ann Lee," in rows[1] and ",2,Sometimes," in rows[1]


def test_an_unknown_rater_is_refused(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("selfassess", "--rater", "manager")
    assert result.exit_code == 2 and "'manager' is not one of 'self', 'supervisor'" in result.output
