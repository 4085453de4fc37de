"""Filled by anyone, drawn by everyone (issue #12, deliverable 2): the fill-anywhere matrix.

formkit's forms are filled by tools formkit did not write (tests/fillers.py) and the result is
checked with renderers formkit did not write (tests/renderers.py), the way a person checks a
filled form: is each answer drawn inside its own box and nowhere else, does each radio group show
exactly one choice, is a name formkit pre-filled still there, and does formkit read it all back?

One test id per cell, e.g. ``test_values_drawn_in_own_box[pdftk-poppler-booklet]``. Cells a client
cannot pass whatever formkit does are listed with their reasons in tests/fill_limits.py; they still
assert everything the client can do. The "formkit" row is a control (formkit's own fill_form): if
it fails, the harness or the form is wrong, not a foreign client.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fill_limits import SCRIPTS, expected_drawing, squash
from fillers import FILLERS, Values
from matrix_runner import CONTROL, Matrix
from renderers import RENDERERS, text_in

from formkit.pdfform.read import read_field_values


@dataclass(frozen=True)
class FormCase:
    """Which fields of one form the matrix fills: four text fields (one per script), two radio groups."""

    texts: tuple[str, str, str, str]
    radios: dict[str, str]

    def values(self) -> Values:
        return {**dict(zip(self.texts, SCRIPTS.values(), strict=True)), **self.radios}


CASES = {
    "cc01": FormCase(("name", "role", "program", "supervisor"), {"round": "followup", "CC1_1_rating": "NA"}),
    # the supervisor's version: formkit writes its read-only rater box, fillers must leave it be
    "sup-cc01": FormCase(("name", "role", "program", "supervisor"), {"round": "followup", "CC1_1_rating": "NA"}),
    # two pages, and the notes fields are multi-line
    "booklet": FormCase(("name", "program", "CC1_1_notes", "CC1_2_notes"), {"round": "followup", "CC1_1_rating": "3"}),
    "checklist": FormCase(("applicant_name", "applicant_id", "credential", "organisation"),
                          {"r_CC1_1": "PROGRESS", "r_CC1_2": "NOTOBS"}),
    # the applicant block is pre-filled by `formkit checklist --applicants`: fill other fields
    "prefilled": FormCase(("supervisor_name", "supervisor_credential", "supervisor_organisation", "supervisor_contact"),
                          {"r_CC1_1": "PROGRESS", "r_CC1_2": "NOTOBS"}),
}
PREFILLED = {"applicant_id": "A-001", "applicant_name": "Ελένη Παπαδοπούλου",
             "organisation": "Центр «Надежда»", "credential": "Peer Support Specialist"}
PREFILLED_BY_FORM = {"prefilled": PREFILLED, "sup-cc01": {"rater": "supervisor"}}  # what formkit wrote in

ALL_FILLERS = [CONTROL, *FILLERS]


def _build_forms(out: Path) -> dict[str, Path]:
    """formkit's own CLI builds the blank forms and the pre-filled checklist, as a user would.

    The same files as ``formkit build`` writes (one mini-tool, the booklet, the custom checklist),
    without the families and categories the matrix does not fill.
    """
    from click.testing import CliRunner

    from formkit.cli import cli

    runner = CliRunner()
    for args in (["selfassess", "--category", "CC1"], ["selfassess", "--category", "CC1", "--rater", "supervisor"],
                 ["checklist", "--format", "pdf"]):
        built = runner.invoke(cli, [*args, "-o", str(out)])
        assert built.exit_code == 0, built.output
    cohort = out / "cohort.csv"
    with cohort.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "organisation", "credential"])
        writer.writerow([PREFILLED["applicant_id"], PREFILLED["applicant_name"], PREFILLED["organisation"],
                         PREFILLED["credential"]])
    batch = runner.invoke(cli, ["checklist", "--applicants", str(cohort), "--format", "pdf", "-o", str(out / "cohort")])
    assert batch.exit_code == 0, batch.output
    assessments = out / "self-assessment"
    return {
        "cc01": next(assessments.glob("self-assessment-CC01-*.pdf")),
        "sup-cc01": next(assessments.glob("supervisor-assessment-CC01-*.pdf")),
        "booklet": assessments / "self-assessment-booklet.pdf",
        "checklist": out / "checklists" / "checklist-custom.pdf",
        "prefilled": next((out / "cohort" / "checklists").glob("A-001-*.pdf")),
    }


def _text_pages(matrix: Matrix, form: str) -> set[int]:
    return {matrix.layouts[form].texts[name].page for name in CASES[form].texts}


def _radio_pages(matrix: Matrix, form: str) -> set[int]:
    return {matrix.layouts[form].radios[group][0].page for group in CASES[form].radios}


def _prefilled_page(matrix: Matrix) -> int:
    return matrix.layouts["prefilled"].texts["applicant_name"].page


def _queue(matrix: Matrix, test: str, params: dict[str, str]) -> None:
    """Queue the fill and renderings one selected test will ask for, so they run in parallel."""
    filler, renderer = params["filler"], params.get("renderer", "")
    if test == "test_values_drawn_in_own_box":
        for page in _text_pages(matrix, params["form"]):
            matrix.text_job(filler, params["form"], renderer, page)
    elif test == "test_one_radio_selected_per_group":
        for page in _radio_pages(matrix, params["form"]):
            matrix.radio_job(filler, params["form"], renderer, page)
    elif test == "test_prefilled_values_still_drawn":
        matrix.text_job(filler, "prefilled", renderer, _prefilled_page(matrix))
    else:
        matrix.fill_job(filler, params["form"])


@pytest.fixture(scope="module")
def matrix(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    """Build the forms once, then queue all the work the selected cells need.

    Module scope (only this module uses it, so it is still built once a run): the worker threads
    end with the module, and later tests see a single-threaded process again (formkit only
    forks workers from one).
    """
    forms = _build_forms(tmp_path_factory.mktemp("forms"))
    matrix = Matrix(forms, {form: case.values() for form, case in CASES.items()}, tmp_path_factory.mktemp("filled"))
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        module = getattr(item, "module", None)
        if module is not None and module.__name__ == __name__ and "filler" in params:
            _queue(matrix, getattr(item, "originalname", item.name), params)
    yield matrix
    matrix.close()


# Cells that still fail, open in issue #12: strict xfails, so each one fails the run the day it
# passes (then delete its line) and nobody can mistake it for a pass meanwhile.
_REDRAWN_BY_POPPLER = (
    "poppler redraws the field from /DA: pdf.js and pypdf (auto_regenerate=True) set /NeedAppearances "
    "(poppler then redraws every text field, pre-filled ones too), PyPDFForm's default mode leaves a "
    "string for /AP on every field with a value. /DA names the simple WinAnsi /FkSans (chosen so pdftk "
    "and qpdf can draw at all) and poppler 22.12 does not fall back: Ł ź ř, Greek and Cyrillic that "
    "someone *types* vanish. (Values formkit pre-fills outside Windows-1252 name /FkSansU in their /DA, "
    "so those survive: the 'prefilled' cells pass.)")
OPEN_CELLS: dict[tuple[str, str, str], str] = {
    **{("values", filler, "poppler"): _REDRAWN_BY_POPPLER for filler in ("pypdfform", "pdfjs")},
    ("values", "pdfjs", "mupdf"): (
        "pdf.js saves no /AP for a value its /DA font cannot encode (Łódź Dvořák; it leaves it to "
        "/NeedAppearances) and MuPDF 1.21 synthesises one with its own Latin font encoding, drawing "
        "Ł ź ř as '·'; the same with /DA naming /FkSansU (checked), so no form change helps"),
    ("radio", "pypdf-regen", "poppler"): (
        "pypdf writes the radio group's /V as a string ('/2'), and poppler, redrawing under "
        "/NeedAppearances, then selects no circle (pypdf's bug: py-pdf/pypdf#3630; with only /V "
        "turned into a name poppler shows the dot, checked)"),
}


def _cells(*axes: str, test: str = "") -> list[Any]:
    """pytest params for the product of the named axes, with ids like 'pdftk-poppler-booklet'."""
    choices = {"filler": ALL_FILLERS, "renderer": list(RENDERERS), "form": list(CASES)}
    combos: list[tuple[str, ...]] = [()]
    for axis in axes:
        combos = [(*combo, choice) for combo in combos for choice in choices[axis]]
    params = []
    for combo in combos:
        reason = OPEN_CELLS.get((test, combo[0], combo[1])) if len(combo) > 1 else None
        marks = [pytest.mark.xfail(strict=True, reason=f"open in issue #12: {reason}")] if reason else []
        params.append(pytest.param(*combo, id="-".join(combo), marks=marks))
    return params


def _expected_in_box(filler: str, renderer: str, form: str, name: str) -> tuple[str | None, str | None]:
    """(text that should be drawn in field ``name``'s box, the client limit's reason or None)."""
    filled_now = CASES[form].values().get(name)
    before = PREFILLED_BY_FORM.get(form, {}).get(name, "")
    value = filled_now if filled_now is not None else before
    expected, limit = expected_drawing(filler, renderer, value, filled_now=filled_now is not None)
    if limit is not None and limit.illegible:
        return None, limit.reason
    return expected, limit.reason if limit else None


def _wrong_boxes(matrix: Matrix, filler: str, renderer: str, form: str, pages: set[int]) -> list[str]:
    """Every text box on these pages whose drawn characters differ from what belongs there."""
    layout, wrong = matrix.layouts[form], []
    for page in sorted(pages):
        glyphs = matrix.glyphs(filler, form, renderer, page)
        for name, widget in layout.texts.items():
            if widget.page != page:
                continue
            expected, reason = _expected_in_box(filler, renderer, form, name)
            if expected is None:  # an illegible client limit: nothing to compare in this box
                continue
            drawn = text_in(glyphs, widget.rect)
            if squash(drawn, notdef_allowed=reason is not None) != squash(expected, notdef_allowed=False):
                limited = f" (client limit: {reason[:60]}...)" if reason else ""
                wrong.append(f"  {name} (page {page + 1}): drawn {drawn!r}, expected {expected!r}{limited}")
    return wrong


@pytest.mark.slow
@pytest.mark.parametrize(("filler", "renderer", "form"), _cells("filler", "renderer", "form", test="values"))
def test_values_drawn_in_own_box(matrix: Matrix, filler: str, renderer: str, form: str) -> None:
    """Each value's characters are drawn inside its own widget, and no box shows another's value."""
    wrong = _wrong_boxes(matrix, filler, renderer, form, _text_pages(matrix, form))
    assert not wrong, f"{filler} filled {form}, {renderer} drew:\n" + "\n".join(wrong)


@pytest.mark.slow
@pytest.mark.parametrize(("filler", "renderer", "form"), _cells("filler", "renderer", "form", test="radio"))
def test_one_radio_selected_per_group(matrix: Matrix, filler: str, renderer: str, form: str) -> None:
    """The chosen circle of each filled group shows a dot, no other circle on those pages does."""
    chosen, wrong = CASES[form].radios, []
    for page in sorted(_radio_pages(matrix, form)):
        for group, shares in matrix.radios(filler, form, renderer, page).items():
            shown = [export for export, share in shares.items() if share > 0.5]
            unclear = [export for export, share in shares.items() if 0.1 < share <= 0.5]
            want = [chosen[group]] if group in chosen else []
            if shown != want or unclear:
                wrong.append(f"  {group} (page {page + 1}): shows {shown} (unclear {unclear}), expected {want}")
    assert not wrong, f"{filler} filled {form}, {renderer} drew:\n" + "\n".join(wrong)


@pytest.mark.slow
@pytest.mark.parametrize(("filler", "renderer"), _cells("filler", "renderer", test="prefilled"))
def test_prefilled_values_still_drawn(matrix: Matrix, filler: str, renderer: str) -> None:
    """A name formkit pre-filled (Greek, Cyrillic) is still drawn in its box after a filler fills other fields."""
    wrong = _wrong_boxes(matrix, filler, renderer, "prefilled", {_prefilled_page(matrix)})
    assert not wrong, f"{filler} filled other fields of a pre-filled checklist, {renderer} drew:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("filler", "form"), _cells("filler", "form"))
def test_reads_back_exactly(matrix: Matrix, filler: str, form: str) -> None:
    """formkit's reader gets every answer back exactly, keeps pre-filled ones, and invents none."""
    values = read_field_values(matrix.filled(filler, form))
    want = {**PREFILLED_BY_FORM.get(form, {}), **CASES[form].values()}
    wrong = {name: f"read {values.get(name)!r}, filled {value!r}" for name, value in want.items()
             if values.get(name) != value}
    assert not wrong, f"{filler} filled {form}; formkit reads back: {wrong}"
    invented = {name: value for name, value in values.items() if name not in want and value not in ("", "Off")}
    assert not invented, f"{filler} left values in fields it was not asked to fill: {invented}"


@pytest.mark.parametrize("form", list(CASES))
def test_cases_match_the_embedded_schema(matrix: Matrix, form: str) -> None:
    """The matrix fills real fields: kinds from formkit's schema, radio values from the widgets' /AP /N."""
    from pypdf import PdfReader

    from formkit.pdfform.read import read_schema

    schema = read_schema(PdfReader(str(matrix.forms[form])))
    assert schema is not None
    kinds = {f["name"]: f["kind"] for f in schema["fields"]}
    case, layout = CASES[form], matrix.layouts[form]
    assert all(kinds.get(name) in ("text", "multiline") for name in case.texts), kinds
    assert [kinds.get(name) for name in case.radios] == ["radio"] * 2
    for group, export in case.radios.items():
        exports = [w.export for w in layout.radios[group]]
        assert export in exports and export != exports[0], (group, exports)  # not the first: a real choice
    before = PREFILLED_BY_FORM.get(form, {})
    assert {name: read_field_values(matrix.forms[form]).get(name) for name in before} == before
