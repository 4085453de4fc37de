"""Property tests: whatever an overlay holds, formkit either renders valid files or says why.

Hypothesis generates overlays mixing valid keys, wrong types, unknown ids and odd text. Applying
and rendering each must either succeed, with files that real clients open, or raise formkit's
own FormkitError: never any other exception. Examples are derandomised (the same on every run).
"""

from __future__ import annotations

import functools
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formkit.core.errors import FormkitError

SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.data_too_large])

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
nasty = st.sampled_from(["", " ", "<>&\"'", "\\(x)", "{title}", "{0}", "{", "}", "{nope}", "שלום", "😀",
                         "e\u0301", "x" * 3000, "\x00", "\u202e", "peers", "CC1.1"])
some_text = text | nasty
ids = st.sampled_from(["CC1", "CC1.1", "CC6.4", "CC6.A1", "CC12", "CC13", "FP1", "FP1.1", "P1", "P9", "B01",
                       "x", ""]) | text
scalars = st.none() | st.booleans() | st.integers(-5, 10 ** 6) | st.floats(allow_nan=False) | some_text
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                      max_leaves=6)
id_lists = st.fixed_dictionaries({}, optional={"categories": st.lists(ids, max_size=4),
                                               "competencies": st.lists(ids, max_size=4)})
wording_keys = st.sampled_from(["selfassess.about_you", "selfassess.page", "selfassess.category_heading",
                                "export.markdown_intro", "jobdesc.properties_title", "jobdesc.draws_on",
                                "common.generated_by"]) | text
role = st.fixed_dictionaries({}, optional={
    "title": some_text, "summary": some_text, "categories": st.lists(ids, max_size=3),
    "competencies": st.lists(ids, max_size=2), "exclude": st.lists(ids, max_size=2),
    "ccsa": st.dictionaries(st.sampled_from(["B01", "T16", "B99"]), st.integers(-1, 6) | values, max_size=2),
    "flsa": st.sampled_from(["", "Exempt", "maybe"]), "scope": st.lists(some_text, max_size=2),
    "qualifications": st.fixed_dictionaries({}, optional={"lived_experience": some_text,
                                                          "training_hours": st.integers(-1, 2000) | values})})
added_category = st.fixed_dictionaries({"id": ids, "title": some_text, "competencies": st.lists(
    st.fixed_dictionaries({"id": ids, "statement": some_text}), max_size=3)}, optional={"description": some_text})
good_ids = st.sampled_from(["CC1", "CC1.1", "CC2", "CC3.2", "CC6", "CC6.4", "CC9", "CC10.1", "CC12"])
good_text = text.filter(str.strip) | st.sampled_from(["<>&\"'", "\\(x)", "{{braces}}", "שלום עולם", "😀 ok",
                                                      "e\u0301", "x " * 2000, "Peers & peer's"])
clean = st.fixed_dictionaries({"name": good_text}, optional={
    "organisation": st.fixed_dictionaries({}, optional={"name": good_text.map(lambda t: t[:200]),
                                                        "address": good_text.map(lambda t: t[:500]),
                                                        "accent_colour": st.sampled_from(["#1F4E79", "#000000"])}),
    "terminology": st.dictionaries(st.sampled_from(["peers", "peer", "recovery", "support"]), good_text, max_size=2),
    "statements": st.dictionaries(st.sampled_from(["CC1.1", "CC2.3", "CC9.1"]), good_text, max_size=2),
    "categories": st.dictionaries(st.sampled_from(["CC1", "CC2"]), st.fixed_dictionaries(
        {}, optional={"title": good_text, "description": good_text}).filter(bool), max_size=2),
    "exclude": st.fixed_dictionaries({"competencies": st.lists(good_ids, max_size=3)}),
    "wording": st.dictionaries(st.sampled_from(["selfassess.about_you", "jobdesc.scope_intro",
                                                "export.markdown_intro"]), good_text, max_size=2),
    "add": st.fixed_dictionaries({"categories": st.lists(st.fixed_dictionaries({
        "id": st.sampled_from(["FP1", "YP2"]), "title": good_text,
        "competencies": st.lists(st.fixed_dictionaries({"id": st.sampled_from(["FP1.1", "FP1.2", "YP2.1"]),
                                                        "statement": good_text}), min_size=1, max_size=2)}),
        max_size=1)}),
    "rating_scale": st.sampled_from(["self-assessment", "checklist"]),
})
dirty = st.fixed_dictionaries({"name": some_text | values}, optional={
    "organisation": st.fixed_dictionaries({}, optional={
        "name": some_text, "address": some_text, "contact": some_text,
        "accent_colour": st.sampled_from(["#1F4E79", "#fff", "navy", ""])}) | values,
    "terminology": st.dictionaries(some_text, some_text | values, max_size=3),
    "statements": st.dictionaries(ids, some_text | values, max_size=3),
    "categories": st.dictionaries(ids, st.fixed_dictionaries({}, optional={"title": some_text,
                                                                          "description": some_text}) | values,
                                  max_size=2),
    "principles": st.dictionaries(ids, st.fixed_dictionaries({}, optional={"name": some_text}), max_size=2),
    "select": id_lists | values, "exclude": id_lists | values,
    "wording": st.dictionaries(wording_keys, some_text | values, max_size=3),
    "add": st.fixed_dictionaries({}, optional={
        "categories": st.lists(added_category, max_size=2),
        "competencies": st.lists(st.fixed_dictionaries({"category": ids, "id": ids, "statement": some_text}),
                                 max_size=2)}) | values,
    "rating_scale": st.sampled_from(["self-assessment", "checklist", "ccsa-proficiency", "five"]) | values,
    "language": st.sampled_from(["en", "en-GB", "xx", "English"]),
    "roles": st.dictionaries(st.sampled_from(["peer-support-specialist", "defaults", "new-role", "Bad Id"]),
                             role | values, max_size=2),
    "extends": st.lists(st.sampled_from(["missing.yaml", "overlay.json"]), max_size=1),
    "surprise": values,
})
overlays = clean | dirty


def _check_outputs(catalog) -> None:  # type: ignore[no-untyped-def]
    """Render a little of every family and open the results with libraries we did not write."""
    import docx
    from pypdf import PdfReader

    from formkit.documents.exports import artifacts as catalogue_artifacts
    from formkit.documents.jobdesc import load_roles
    from formkit.documents.jobdesc.render import render_role
    from formkit.documents.selfassess import render_category

    for item in catalogue_artifacts(catalog):
        if item.relpath.endswith(".json"):
            json.loads(item.data)
        else:
            item.data.decode("utf-8")
    roles = load_roles(catalog)
    first = roles[sorted(roles)[0]]
    document = docx.Document(io.BytesIO(render_role(catalog, first)))
    assert document.paragraphs
    pdf = render_category(catalog, catalog.categories[0])
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.get_fields() and len(reader.pages) >= 1


def test_any_overlay_renders_or_raises_formkit_error() -> None:
    """Each generated overlay renders or is refused in one line; both outcomes occur, so the
    generator is not one that only ever produces rejected overlays (counted in this test)."""
    from formkit.catalog.effective import effective_catalog

    outcomes = {"rendered": 0, "refused": 0}

    @settings(max_examples=60, **SETTINGS)
    @given(data=overlays, as_json=st.booleans())
    def render_or_refuse(data: dict, as_json: bool) -> None:  # type: ignore[type-arg]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("overlay.json" if as_json else "overlay.yaml")
            if as_json:
                path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            else:
                import yaml

                path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            try:
                catalog = effective_catalog([str(path)])
                _check_outputs(catalog)
                outcomes["rendered"] += 1
            except FormkitError as exc:
                assert "\n" not in str(exc)  # one line
                outcomes["refused"] += 1

    render_or_refuse()
    assert outcomes["rendered"] >= 5 and outcomes["refused"] >= 5, outcomes


@settings(max_examples=300, **SETTINGS)
@given(template=st.text(st.sampled_from("{}:!.[]0ab title page x>9"), max_size=25))
def test_wording_placeholders_fill_or_raise_formkit_error(template: str) -> None:
    from formkit.catalog.locale import fill

    try:
        out = fill(template, {"title": "T", "page": 1}, key="selfassess.page")
    except FormkitError:
        return
    assert len(out) <= len(template) + 2  # no format spec can blow it up


@settings(max_examples=300, **SETTINGS)
@given(raw=st.binary(max_size=300) | st.text(st.sampled_from("a: -[]{}&*!|>'\"#\n\t 1\x00é"), max_size=200)
       .map(lambda t: t.encode("utf-8")), suffix=st.sampled_from([".yaml", ".json"]))
def test_any_bytes_load_or_raise_formkit_error(raw: bytes, suffix: str) -> None:
    from formkit.core._yaml import load_data

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"data{suffix}"
        path.write_bytes(raw)
        try:
            load_data(path, "overlay")
        except FormkitError as exc:
            assert "\n" not in str(exc)


# -- applicant rows -------------------------------------------------------------------------------
@functools.cache
def _checklist_setup():  # type: ignore[no-untyped-def]
    from formkit.catalog.effective import effective_catalog
    from formkit.context.boards import resolve_board
    from formkit.documents.checklist import blank_pdf

    catalog = effective_catalog(())
    board = resolve_board(catalog, "custom")
    return catalog, board, blank_pdf(catalog, board)


cell = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["", " ", "José Núñez", "Nguyễn Thị", "O'Brien, Ann", "\"quoted\"", "a;b", "=1+1", "x" * 10_000, "\ufeff",
     "line\nbreak", "שלום"])
applicant_rows = st.lists(st.lists(cell, min_size=0, max_size=5), min_size=0, max_size=4)


@settings(max_examples=25, **SETTINGS)
@given(header=st.sampled_from([["id", "name"], ["ID", "Full Name", "Organisation"], ["applicant_id", "name",
                                                                                     "credential"], ["name"]]),
       rows=applicant_rows, delimiter=st.sampled_from([",", ";", "\t"]), bom=st.booleans())
def test_any_applicant_csv_gives_whole_pdfs_row_errors_or_formkit_error(header, rows, delimiter, bom) -> None:  # type: ignore[no-untyped-def]
    import csv as csvmod

    from pypdf import PdfReader

    from formkit.documents.checklist.batch import run_batch

    catalog, board, blank = _checklist_setup()
    buffer = io.StringIO()
    writer = csvmod.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cohort.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
        out = Path(tmp) / "out"
        try:
            result = run_batch(catalog, board, path, out, blank=blank)
        except FormkitError as exc:
            assert "\n" not in str(exc)
            return
        pdfs = sorted(out.glob("*.pdf"))
        assert len(pdfs) == result.written
        for pdf in pdfs:
            fields = PdfReader(str(pdf)).get_fields() or {}
            assert fields["applicant_name"].get("/V")  # pre-filled, readable
        assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))
        for err in result.errors:
            assert err.line >= 2 and "\n" not in err.message
