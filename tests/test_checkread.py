"""Filled certification checklists read back into a verdict per applicant (issue 19).

Ten applicants' checklists are filled the way a board receives them: with pdftk and with PDFium
(Chrome's engine, clicking and typing), signed (a signature dictionary in each /Sig field, as a
signing tool writes one), one flattened with qpdf. ``formkit collect`` must give each the verdict
a board's staff would reach by hand, and each letter must state the reasons.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from conftest import run_tool
from fillers import Widget, fill_with_pdfium, fill_with_pdftk, read_layout

BOARD = "icrc-pr"
DOMAINS = {"advocacy": "10", "mentoring": "10", "recovery": "10", "ethics": "16"}
SIGNERS = ("applicant", "supervisor", "evaluator")


def _competencies(blank: Path) -> list[str]:
    from formkit.pdfform.read import read_form

    schema = read_form(blank).schema or {}
    return [f["name"][2:] for f in schema["fields"] if f.get("kind") == "radio" and f["name"].startswith("r_")]


def passing(fids: list[str], aid: str, name: str) -> dict[str, str]:
    """Everything a board needs, correctly: every competency met and verified, every minimum met."""
    values = {"applicant_name": name, "applicant_id": aid, "credential": "Peer Recovery", "organisation": "Harbor",
              "narrative": "I found recovery through peers and now walk beside others on their way.",
              "supervisor_name": "Sam Super", "pass_result": "YES", "evaluator_name": "Eve Val"}
    for fid in fids:
        values.update({f"r_{fid}": "MEETS", f"v_{fid}_observation": "Yes", f"d_{fid}": "2026-11-02",
                       f"i_{fid}": "EV"})
    for row, (dom, hours) in enumerate(DOMAINS.items(), start=1):
        values.update({f"training_{row}_title": f"Course {row}", f"training_{row}_hours": hours,
                       f"training_{row}_dom_{dom}": hours})
    values.update({"training_total_hours": "46", "experience_1_org": "Harbor", "experience_1_hours": "500",
                   "supervision_1_type": "individual", "supervision_1_hours": "25"})
    values.update({f"{who}_date": "2026-11-20" for who in SIGNERS})
    return values


# (id, name, filler, change to the passing fill, signers, flatten) -> the verdict and what its reasons must say
CASES: list[tuple[str, str, str, dict[str, str], tuple[str, ...], bool, str, tuple[str, ...]]] = [
    ("A01", "Ada Pass", "pdftk", {}, SIGNERS, False, "eligible", ()),
    ("A02", "Bo Chrome", "pdfium", {}, SIGNERS, False, "eligible", ()),
    ("A03", "Cy Rule", "pdftk", {"r_CC3_2": "NOTMET"}, SIGNERS, False, "not yet",
     ("CC3.2 rated below “Making progress”",)),
    ("A04", "Di Unsigned", "pdfium", {}, ("applicant", "supervisor"), False, "incomplete",
     ("the evaluator's signature",)),
    ("A05", "Ed Ethics", "pdftk", {"training_4_hours": "12", "training_4_dom_ethics": "12", "training_5_hours": "4",
                                   "training_5_dom_advocacy": "4"}, SIGNERS, False, "not yet",
     ("training hours in Ethical Responsibility: 12 of the 16 required (4 short)",)),
    ("A06", "Flo Flat", "pdftk", {}, SIGNERS, True, "incomplete",
     ("the applicant's signature (a flattened copy keeps no signature field",)),
    ("A07", "Gus Words", "pdfium", {"training_1_hours": "ten", "training_1_dom_advocacy": "10h",
                                    "supervision_1_hours": "24,5", "supervision_2_hours": "0.5 hrs"},
     SIGNERS, False, "eligible", ()),
    ("A08", "Hal Comma", "pdftk", {"experience_1_hours": "1,500"}, SIGNERS, False, "incomplete",
     ("experience log row 1, hours: “1,500” is could be 1.500 or 1500 hours",)),
    ("A09", "Ivy Sums", "pdfium", {"training_total_hours": "50"}, SIGNERS, False, "eligible", ()),
    ("A10", "Jo Short", "pdftk", {"experience_1_hours": "420"}, SIGNERS, False, "not yet",
     ("experience hours: 420 of the 500 required (80 short)",)),
]


def sign(path: Path, signers: tuple[str, ...]) -> None:
    """Put a signature dictionary (ISO 32000-1 12.8.1) in each signer's /Sig field, as a signing tool does.

    The cryptographic content is a placeholder: formkit reports a signed field, it does not
    validate certificates (that needs the signer's chain), so nothing here depends on it.
    """
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for fld in pdf.Root.AcroForm.Fields:
            if str(fld.get("/T", "")) in {f"{who}_signature" for who in signers}:
                fld.V = pdf.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.Sig, Filter=pikepdf.Name("/Adobe.PPKLite"),
                    SubFilter=pikepdf.Name("/adbe.pkcs7.detached"), Contents=pikepdf.String(b"\x00" * 64),
                    ByteRange=pikepdf.Array([0, 10, 20, 30]), M=pikepdf.String("D:20261120120000Z")))
        pdf.save(path)


def fill_pdfium(blank: Path, dst: Path, values: dict[str, str]) -> None:
    """PDFium clicks checkboxes as it clicks radio buttons: give the layout the boxes too."""
    from pypdf import PdfReader

    layout = read_layout(blank)
    for index, page in enumerate(PdfReader(str(blank)).pages):
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            name = str(annot.get("/T", ""))
            if name.startswith("v_") and name in values:
                layout.radios[name] = [Widget(name, index, tuple(float(v) for v in annot["/Rect"]), "Yes")]
    fill_with_pdfium(blank, dst, values, layout)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The ten filled checklists and `formkit collect --report` on them."""
    from click.testing import CliRunner

    from formkit.cli import cli

    tmp = tmp_path_factory.mktemp("checkread")
    built = CliRunner().invoke(cli, ["checklist", "--board", BOARD, "--format", "pdf", "-o", str(tmp / "blank")])
    assert built.exit_code == 0, built.output
    blank = tmp / "blank" / "checklists" / f"checklist-{BOARD}.pdf"
    fids, forms = _competencies(blank), tmp / "returned"
    forms.mkdir()
    for aid, name, filler, change, signers, flatten, _, _ in CASES:
        values = {**passing(fids, aid, name), **change}
        dst = forms / f"{aid}.pdf"
        if filler == "pdftk":
            fill_with_pdftk(blank, dst, values, read_layout(blank))
        else:
            fill_pdfium(blank, dst, values)
        sign(dst, signers)
        if flatten:
            run_tool("qpdf", "--flatten-annotations=all", str(dst), str(dst.with_suffix(".flat")))
            dst.with_suffix(".flat").replace(dst)
        dst.with_suffix(".xfdf").unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["collect", str(forms), "--report", "-o", str(tmp / "out")])
    return {"result": result, "out": tmp / "out", "blank": blank, "fids": fids, "tmp": tmp}


def _rows(path: Path) -> dict[str, dict[str, str]]:
    return {row["applicant_id"]: row for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))}


@pytest.mark.slow
def test_eligibility_csv_gives_each_applicant_the_expected_verdict(cohort: dict[str, Any]) -> None:
    result = cohort["result"]
    assert result.exit_code == 0, result.output + result.stderr
    assert "10 certification checklists (4 eligible, 3 not yet, 3 incomplete)" in result.output
    rows = _rows(cohort["out"] / "eligibility.csv")
    assert {aid: row["verdict"] for aid, row in rows.items()} == {case[0]: case[6] for case in CASES}
    for aid, *_, reasons in CASES:
        said = rows[aid]["missing"] + rows[aid]["not_met"]
        for reason in reasons:
            assert reason in said, (aid, said)


@pytest.mark.slow
def test_eligibility_csv_reports_hours_signatures_and_a_total_typed_wrong(cohort: dict[str, Any]) -> None:
    rows = _rows(cohort["out"] / "eligibility.csv")
    gus = rows["A07"]  # "ten", "10h", "24,5" and "0.5 hrs" read as 10, 10, 24.5 and 0.5
    assert (gus["training_hours"], gus["supervision_hours"], gus["hours_flagged"]) == ("46", "25", "")
    assert "Advocacy 10 of 10" in gus["training_by_domain"]
    ivy = rows["A09"]  # typed 50 under rows adding up to 46: both reported, the rows counted
    assert (ivy["training_hours"], ivy["training_total_on_form"]) == ("46", "50")
    assert "the form says 50, the rows add up to 46" in ivy["notes"]
    assert [rows["A04"][f"{who}_signature"] for who in SIGNERS] == ["signed", "signed", "missing"]
    assert rows["A06"]["applicant_signature"] == "not checkable (flattened copy)"
    assert rows["A01"]["pass_rule"] == "met" and rows["A03"]["pass_rule"] == "not met"
    assert rows["A01"]["narrative_words"] == "13"


@pytest.mark.slow
def test_checklists_csv_has_a_row_per_applicant_and_competency(cohort: dict[str, Any]) -> None:
    text = (cohort["out"] / "checklists.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(CASES) * len(cohort["fids"])
    cy = {r["competency_id"]: r for r in rows if r["applicant_id"] == "A03"}
    assert (cy["CC3.2"]["rating_value"], cy["CC3.2"]["rating_label"]) == ("NOTMET", "Not yet met")
    assert (cy["CC1.1"]["verified_by"], cy["CC1.1"]["date"], cy["CC1.1"]["initials"]) == \
        ("observation", "2026-11-02", "EV")
    flat = [r for r in rows if r["applicant_id"] == "A06"]  # the flattened copy, read from its pages
    assert flat and all(r["rating_value"] == "MEETS" and r["verified_by"] == "observation" for r in flat)


@pytest.mark.slow
def test_letters_state_the_verdict_and_its_reasons(cohort: dict[str, Any]) -> None:
    letters = cohort["out"] / "letters"
    for aid, name, *_, verdict, reasons in CASES:
        letter = letters / f"letter-{name.replace(' ', '-')}.pdf"
        text = " ".join(run_tool("pdftotext", str(letter), "-").stdout.split())
        assert f"Certification checklist decision: {name}" in text
        assert {"eligible": "Eligible:", "not yet": "Not yet eligible:", "incomplete": "Incomplete:"}[verdict] in text
        for reason in reasons:
            assert " ".join(reason.split()) in text, (aid, text[:1500])
    cohort_text = run_tool("pdftotext", str(cohort["out"] / "cohort-summary.pdf"), "-").stdout
    assert "10 checklists: 4 eligible, 3 not yet, 3 incomplete." in cohort_text


@pytest.mark.slow
def test_a_checklist_of_another_board_version_is_warned_about(cohort: dict[str, Any]) -> None:
    """The icrc-pr profile moved to form version 2.0: the 1.0 checklists get a warning naming both."""
    from click.testing import CliRunner

    from formkit.cli import cli
    from formkit.context.boards import boards_dir

    tmp = cohort["tmp"]
    newer = tmp / "icrc-pr-2.yaml"
    newer.write_text((boards_dir() / f"{BOARD}.yaml").read_text(encoding="utf-8").replace(
        'version: "1.0"', 'version: "2.0"'), encoding="utf-8")
    one = tmp / "one"
    one.mkdir(exist_ok=True)
    (one / "A01.pdf").write_bytes((tmp / "returned" / "A01.pdf").read_bytes())
    result = CliRunner().invoke(cli, ["collect", str(one), "--board", str(newer), "-o", str(tmp / "v2")])
    assert result.exit_code == 0, result.stderr
    assert "made from FK-CL-ICRC-PR version 1.0; the icrc-pr profile is now FK-CL-ICRC-PR version 2.0" in result.stderr
    other = CliRunner().invoke(cli, ["collect", str(one), "--board", "naadac-ncprss",
                                                     "-o", str(tmp / "other")])
    assert "not of" in other.stderr and "collect it with --board icrc-pr" in other.stderr
    assert _rows(tmp / "other" / "eligibility.csv")["A01"]["verdict"] == "incomplete"


@pytest.mark.slow
def test_a_typed_signature_counts_only_where_the_board_accepts_it(cohort: dict[str, Any]) -> None:
    """pdftk and PDFium do not write into a /Sig field; pypdf does: "/s/ Name" typed there."""
    from click.testing import CliRunner
    from pypdf import PdfWriter

    from formkit.cli import cli
    from formkit.context.boards import boards_dir

    tmp = cohort["tmp"]
    typed = tmp / "typed"
    typed.mkdir(exist_ok=True)
    writer = PdfWriter(clone_from=str(tmp / "returned" / "A01.pdf"))
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"evaluator_signature": "/s/ Eve Val"}, auto_regenerate=False)
    writer.write(str(typed / "A01.pdf"))
    accepting = tmp / "typed-ok.yaml"
    accepting.write_text((boards_dir() / f"{BOARD}.yaml").read_text(encoding="utf-8") + "typed_signatures: true\n",
                         encoding="utf-8")
    for board, verdict, found in ((BOARD, "incomplete", "typed /s/ Eve Val (not accepted)"),
                                  (str(accepting), "eligible", "typed /s/ Eve Val")):
        out = tmp / f"typed-{verdict}"
        result = CliRunner().invoke(cli, ["collect", str(typed), "--board", board, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        row = _rows(out / "eligibility.csv")["A01"]
        assert (row["verdict"], row["evaluator_signature"]) == (verdict, found)


# -- the rules alone, on checklists described in code (fast) ------------------------------------------
def _response(**changes: Any) -> Any:
    """A complete checklist of the icrc-pr board, as collect reads one; ``changes`` replace parts."""
    from formkit.collect.checklist_read import SIGNED, ChecklistResponse, CompetencyEntry, Signature

    entries = [CompetencyEntry(cid, ("observation",), "MEETS", "Meets", "2026-11-02", "EV")
               for cid in ("CC1.1", "CC1.2", "CC3.2")]
    cells = [(row, column, hours) for row, (dom, hours) in enumerate(DOMAINS.items(), start=1)
             for column in ("hours", f"dom_{dom}")]
    base: dict[str, Any] = dict(
        file="a.pdf", board={"id": BOARD, "name": "IC&RC", "form": "FK-CL-ICRC-PR", "version": "1.0"},
        catalog_id="c", catalog_version="1", applicant={"applicant_name": "Ada", "applicant_id": "A01"},
        competencies=entries, stated_counts={}, stated_result="YES", evaluator_name="Eve",
        log_cells={"training": cells, "experience": [(1, "hours", "500")], "supervision": [(1, "hours", "25")]},
        stated_totals={}, narrative="My story in a few words.", supervisor={},
        signatures={who: Signature(who, SIGNED, "", "2026-11-20") for who in SIGNERS})
    base.update(changes)
    return ChecklistResponse(**base)


def _board(**changes: Any) -> Any:
    import dataclasses

    from formkit.catalog.effective import effective_catalog
    from formkit.context.boards import resolve_board

    return dataclasses.replace(resolve_board(effective_catalog(()), BOARD), **changes)


def test_a_complete_checklist_meeting_every_rule_is_eligible() -> None:
    from formkit.collect.eligibility import judge

    verdict = judge(_response(), _board())
    assert (verdict.final, verdict.missing, verdict.not_met, verdict.notes) == ("eligible", [], [], [])


def test_each_rule_not_met_is_said_in_words() -> None:
    from formkit.collect.checklist_read import CompetencyEntry
    from formkit.collect.eligibility import judge

    low = [CompetencyEntry("CC1.1", ("exam",), "NOTMET", "Not yet met", "", "")]
    verdict = judge(_response(competencies=low, narrative="one two three four"), _board(word_limit=3))
    assert verdict.final == "not yet"
    assert verdict.not_met[0] == "the pass rule: CC1.1 rated below “Making progress”"
    assert "the narrative has 4 words; the board's limit is 3" in verdict.not_met
    assert "the evaluator marked the pass rule met, but the ratings on the form do not meet it" in verdict.notes


@pytest.mark.parametrize(("rule", "reason"), [
    ({"min_count": {"value": "MEETS", "count": 3}}, "2 competencies rated “Meets” or better; the board asks for 3"),
    ({"none_of": ["NOTMET"]}, "CC3.2 rated “Not yet met”"),
    ({"any": [{"none_of": ["NOTMET"]}, {"all_at_least": "MEETS"}]},
     "CC3.2 rated “Not yet met” or CC3.2 rated below “Meets”"),
])
def test_every_kind_of_pass_rule_explains_itself(rule: dict[str, Any], reason: str) -> None:
    from formkit.collect.checklist_read import CompetencyEntry
    from formkit.collect.eligibility import judge

    entries = [CompetencyEntry("CC1.1", ("exam",), "MEETS", "", "", ""),
               CompetencyEntry("CC1.2", ("exam",), "MEETS", "", "", ""),
               CompetencyEntry("CC3.2", ("exam",), "NOTMET", "", "", "")]
    verdict = judge(_response(competencies=entries), _board(pass_rule=rule))
    assert verdict.rule_reasons == [reason]


def test_what_is_missing_makes_it_incomplete_and_is_listed() -> None:
    from formkit.collect.checklist_read import EMPTY, TYPED_SIGNATURE, CompetencyEntry, Signature
    from formkit.collect.eligibility import judge

    unrated = [CompetencyEntry("CC1.1", (), "", "", "", "")]
    signatures = {"applicant": Signature("applicant", EMPTY, "", ""),
                  "evaluator": Signature("evaluator", TYPED_SIGNATURE, "Eve Val", "2026-11-20")}
    verdict = judge(_response(competencies=unrated, signatures=signatures, narrative=" ",
                              applicant={"applicant_id": "A01"},
                              log_cells={"experience": [(2, "hours", "about 500")]}), _board())
    assert verdict.final == "incomplete"
    assert verdict.missing == [
        "the applicant's name", "a rating for CC1.1 (1 of 1 competencies)",
        "hours that can be read as one number: experience log row 2, hours: “about 500” is a range, a fraction "
        "or an estimate, not one number of hours",
        "the lived-experience narrative", "the applicant's signature", "the date of the applicant's signature",
        "the evaluator's signature (typed “/s/ Eve Val”, which IC&RC Peer Recovery (PR) does not accept: sign the "
        "signature field digitally)"]
    assert judge(_response(signatures=signatures), _board(typed_signatures=True)).signatures["evaluator"] == \
        "typed /s/ Eve Val"


def test_a_signature_field_is_signed_only_with_a_signature_dictionary() -> None:
    from formkit.collect.checklist_read import signature_state
    from formkit.pdfform.fastfields import SIGNED_VALUE

    assert signature_state(SIGNED_VALUE) == ("signed", "")
    assert signature_state("/s/ Jane Doe") == signature_state("s/ Jane Doe") == ("typed", "Jane Doe")
    assert signature_state("{'/ByteRange': [0, 1], '/Contents': ''}") == ("missing", "")  # typed text, not signed
    assert signature_state("Jane") == ("missing", "")


def test_an_unknown_board_is_one_line_and_exit_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from formkit.cli import cli

    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7\n")
    result = CliRunner().invoke(cli, ["collect", str(tmp_path), "--board", "icrc-rp", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--board: unknown board 'icrc-rp'" in result.output and "icrc-pr" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_signed_field_is_read_on_the_fast_path_as_pypdf_reads_it(tmp_path: Path) -> None:
    """A signature dictionary used to send every signed checklist to pypdf (about 40× slower)."""
    from formkit.catalog.effective import effective_catalog
    from formkit.context import resolve
    from formkit.documents.checklist import blank_pdf
    from formkit.pdfform.fastfields import SIGNED_VALUE
    from formkit.pdfform.read import _open, _values, read_form

    signed = tmp_path / "signed.pdf"
    signed.write_bytes(blank_pdf(resolve(effective_catalog(()), ["checklists"], board=BOARD)))
    sign(signed, ("applicant",))
    fast = read_form(signed)
    assert fast.fast is not None, "the fast reader gave up on the signed file"
    assert fast.values["applicant_signature"] == SIGNED_VALUE == _values(_open(signed))["applicant_signature"]
    assert fast.values["evaluator_signature"] == ""


def test_a_folder_mixing_self_assessments_and_checklists_gives_both_outputs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from formkit.catalog.effective import effective_catalog
    from formkit.cli import cli
    from formkit.context import resolve
    from formkit.documents.checklist import blank_pdf
    from formkit.documents.selfassess import render_category
    from formkit.pdfform.fill import fill_form

    catalog = effective_catalog(())
    forms = tmp_path / "in"
    forms.mkdir()
    (forms / "self.pdf").write_bytes(fill_form(render_category(catalog, catalog.categories[0]),
                                               {"name": "Sam", "CC1_1_rating": "3"}))
    (forms / "check.pdf").write_bytes(fill_form(blank_pdf(resolve(catalog, ["checklists"], board=BOARD)),
                                                {"applicant_name": "Ada", "applicant_id": "A01", "r_CC1_1": "MEETS"}))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["collect", str(forms), "-o", str(out), "--db"])
    assert result.exit_code == 0, result.output
    assert "Read 1 forms (5 answers) and 1 certification checklists (0 eligible, 0 not yet, 1 incomplete)" \
        in result.output
    assert "check.pdf: a certification checklist: the answer store keeps self-assessments" in result.output
    responses = csv.DictReader(io.StringIO((out / "responses.csv").read_text(encoding="utf-8")))
    assert [r["person"] for r in responses] == ["Sam"] * 5
    assert _rows(out / "eligibility.csv")["A01"]["verdict"] == "incomplete"
    checklists = csv.DictReader(io.StringIO((out / "checklists.csv").read_text(encoding="utf-8")))
    assert {r["applicant_id"] for r in checklists} == {"A01"}


@pytest.mark.slow
def test_the_same_checklists_give_the_same_bytes(cohort: dict[str, Any]) -> None:
    from click.testing import CliRunner

    from formkit.cli import cli

    again = cohort["tmp"] / "again"
    result = CliRunner().invoke(cli, ["collect", str(cohort["tmp"] / "returned"), "--report", "-o", str(again)])
    assert result.exit_code == 0, result.output
    first = {p.relative_to(cohort["out"]): p.read_bytes() for p in sorted(cohort["out"].rglob("*")) if p.is_file()}
    assert {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()} == first
    shown = [p for p in first if not p.name.startswith(".")]  # and formkit's manifest of what it wrote
    assert len(shown) == 2 + 3 + len(CASES)  # responses.csv/json, checklists/eligibility csv, the summary, letters


def test_every_reason_is_worded_by_the_catalogue_so_a_translation_reaches_the_letter() -> None:
    """An overlay's (or a language's) wording of the reasons is what the verdict, eligibility.csv
    and the letter say: none of the reasons is English written into the code."""
    import dataclasses
    from types import MappingProxyType

    from formkit.catalog.effective import effective_catalog
    from formkit.catalog.locale import Wording, _locale_file
    from formkit.collect.checklist_read import EMPTY, CompetencyEntry, Signature
    from formkit.collect.eligibility import judge

    keys = [k for k in _locale_file("en") if k.startswith("eligibility.")]
    base = effective_catalog(())
    marked = dataclasses.replace(base, wording=MappingProxyType({
        k: "⟦" + _locale_file("en")[k] + "⟧" for k in keys}))
    unrated = [CompetencyEntry("CC1.1", (), "", "", "", ""), CompetencyEntry("CC3.2", ("exam",), "NOTMET", "", "", "")]
    resp = _response(competencies=unrated, narrative=" ", signatures={"applicant": Signature("applicant", EMPTY, "", "")},
                     log_cells={"experience": [(2, "hours", "1,500")]}, stated_totals={("training", "hours"): "9"})
    verdict = judge(resp, _board(), say=Wording(marked))
    sentences = verdict.missing + verdict.not_met + verdict.notes + list(verdict.signatures.values())
    assert len(sentences) >= 8
    assert all(s.startswith("⟦") and s.endswith("⟧") for s in sentences), sentences


def test_the_english_reasons_for_unread_hours_match_the_shipped_wording() -> None:
    from formkit.catalog.locale import _locale_file
    from formkit.core.hours import PROBLEMS

    assert {k: _locale_file("en")[f"eligibility.hours_{k}"] for k in PROBLEMS} == PROBLEMS
