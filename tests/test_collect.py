"""`formkit collect`: forms filled by pdftk, pypdf and formkit come back exactly, bad files are skipped."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, assert_user_error, run_tool
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pdfhelp import xfdf

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import render_booklet
from formkit.pdfform.fill import fill_form

PEOPLE = {
    "name": "José Núñez", "role": "Peer recovery coach", "program": "Nguyễn Thị Center",
    "date": "2026-11-23", "supervisor": "Ирина Петрова (Ελένη)", "round": "followup",
}
ANSWERS = {"CC1_1_rating": "3", "CC1_2_rating": "NA", "CC1_4_rating": "1",
           "CC1_1_notes": "Met Ирина at the drop-in; «quoted» & <angled>",
           "CC1_strengths": "Listening\nPatience", "CC1_learn": "Motivational interviewing",
           "CC1_support": "Shadowing a senior coach", "CC1_plan1_goal": "Learn MI",
           "CC1_plan1_steps": "Take the course", "CC1_plan1_support": "Supervisor", "CC1_plan1_date": "2027-01-31"}


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return effective_catalog(())


@pytest.fixture
def blank(blank_cc1: Path) -> Path:
    return blank_cc1


def _rows(out: Path) -> list[dict[str, str]]:
    with open(out / "responses.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _check_rows(rows: list[dict[str, str]], catalog, file_name: str) -> None:  # type: ignore[no-untyped-def]
    mine = {r["competency_id"]: r for r in rows if r["file"].endswith(file_name) and r["category_id"] == "CC1"}
    assert list(mine) == [k.id for k in catalog.categories[0].competencies]  # one row per competency
    for row in mine.values():
        assert row["person"] == PEOPLE["name"] and row["supervisor"] == PEOPLE["supervisor"]
        assert row["program"] == PEOPLE["program"] and row["round"] == "followup"
        assert row["statement"] == catalog.competency(row["competency_id"]).statement
    assert (mine["CC1.1"]["rating_value"], mine["CC1.1"]["rating_label"]) == ("3", "Usually")
    assert (mine["CC1.2"]["rating_value"], mine["CC1.2"]["rating_label"]) == ("NA", "Not yet had the chance / not sure")
    assert (mine["CC1.4"]["rating_value"], mine["CC1.4"]["rating_label"]) == ("1", "Rarely")
    assert mine["CC1.3"]["rating_value"] == "" and mine["CC1.3"]["rating_label"] == ""
    assert mine["CC1.1"]["notes"] == ANSWERS["CC1_1_notes"]


def test_pdftk_xfdf_fill_comes_back_exactly(invoke, blank: Path, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "answers.xfdf"
    data.write_text(xfdf({**PEOPLE, **ANSWERS}), encoding="utf-8")
    filled = tmp_path / "pdftk.pdf"
    run_tool("pdftk", str(blank), "fill_form", str(data), "output", str(filled))
    out = tmp_path / "out"
    result = invoke("collect", str(filled), "-o", str(out))
    assert result.exit_code == 0, result.output
    _check_rows(_rows(out), catalog, "pdftk.pdf")
    response = json.loads((out / "responses.json").read_text(encoding="utf-8"))[0]
    assert response["reflections"]["CC1"] == {"strengths": "Listening\nPatience", "learn": ANSWERS["CC1_learn"],
                                              "support": ANSWERS["CC1_support"]}
    assert response["plan"] == [{"scope": "CC1", "row": 1, "goal": "Learn MI", "steps": "Take the course",
                                 "support": "Supervisor", "date": "2027-01-31"}]
    assert response["fingerprint"] == "base" and response["catalog_version"] == catalog.version


def test_responses_json_is_one_line_per_form_with_every_field_of_the_response(
        blank: Path, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """responses.json is a valid array with one form per line (so it can be paged through and split),
    and each line holds every field of the Response exactly as dataclasses.asdict would give it."""
    import dataclasses

    from formkit.collect import collect, to_json
    from formkit.collect.stream import write_collected

    folder = tmp_path / "forms"
    folder.mkdir()
    for i in range(3):
        (folder / f"form-{i}.pdf").write_bytes(fill_form(blank, {**PEOPLE, **ANSWERS, "name": f"Person {i}"}))
    result = collect([folder], catalog, jobs=1)
    assert [r.to_json() for r in result.responses] == [dataclasses.asdict(r) for r in result.responses]
    write_collected(sorted(folder.iterdir()), catalog, tmp_path / "out", jobs=1)
    text = (tmp_path / "out" / "responses.json").read_text(encoding="utf-8")
    assert text == to_json(result.responses)
    lines = text.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 2 + len(result.responses)
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == json.loads(text)
    assert [form["identity"]["name"] for form in json.loads(text)] == ["Person 0", "Person 1", "Person 2"]
    assert json.loads(text)[0]["reflections"]["CC1"]["strengths"] == "Listening\nPatience"


def test_pypdf_fill_comes_back_exactly(invoke, blank: Path, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    values = {k: (f"/{v}" if k.endswith("_rating") or k == "round" else v) for k, v in {**PEOPLE, **ANSWERS}.items()}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "pypdf.pdf"
    writer.write(str(filled))
    out = tmp_path / "out"
    result = invoke("collect", str(filled), "-o", str(out))
    assert result.exit_code == 0, result.output
    _check_rows(_rows(out), catalog, "pypdf.pdf")


def test_formkit_fill_of_the_booklet_and_the_report(invoke, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    booklet = tmp_path / "booklet.pdf"
    booklet.write_bytes(fill_form(render_booklet(catalog), {**PEOPLE, **ANSWERS, "CC12_4_rating": "4",
                                                            "whole_plan8_goal": "Lead a group"}))
    out = tmp_path / "out"
    result = invoke("collect", str(tmp_path), "-o", str(out), "--report")
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert len(rows) == len(catalog.competencies)
    _check_rows(rows, catalog, "booklet.pdf")
    assert {r["competency_id"]: r["rating_label"] for r in rows}["CC12.4"] == "Consistently"
    report = out / "reports" / "summary-Jose-Nunez-followup-2026-11-23.pdf"
    assert "No syntax or stream encoding errors" in run_tool("qpdf", "--check", str(report)).stdout
    text = " ".join(run_tool("pdftotext", str(report), "-").stdout.split())
    for fragment in ("José Núñez", "Overview: ratings across categories", "CC12. Promotes growth and development",
                     "Listening", "Lead a group", "Motivational interviewing"):
        assert fragment in text, fragment


def test_bad_files_are_reported_in_one_line_each_and_good_ones_written(invoke, blank: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.pdf").write_bytes(fill_form(blank, {"name": "Ana", "CC1_1_rating": "2"}))
    (folder / "text.pdf").write_text("hello, not a PDF")
    (folder / "truncated.pdf").write_bytes(blank.read_bytes()[:4000])
    run_tool("qpdf", "--encrypt", "secret", "secret", "256", "--", str(blank), str(folder / "locked.pdf"))
    plain = folder / "letter.pdf"
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(plain))
    canvas.drawString(72, 720, "Just a letter")
    canvas.save()
    out = tmp_path / "out"
    result = invoke("collect", str(folder), "-o", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("Skipped: ")]
    assert sorted(Path(line.split(": ")[1]).name for line in skipped) == [
        "letter.pdf", "locked.pdf", "text.pdf", "truncated.pdf"]
    assert any("encrypted" in line and "locked.pdf" in line for line in skipped)
    rows = _rows(out)
    assert {r["person"] for r in rows} == {"Ana"} and len(rows) == 5


def test_forms_from_another_catalogue_version_warn_and_map_by_id(invoke, blank: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    filled = tmp_path / "old.pdf"
    filled.write_bytes(fill_form(blank, {"name": "Ana", "CC1_1_rating": "4"}))
    newer = json.loads((ROOT / "catalog.json").read_text(encoding="utf-8"))
    newer["version"] = "2099.1"
    printed = next(c for c in newer["categories"][0]["competencies"] if c["id"] == "CC1.1")["statement"]
    next(c for c in newer["categories"][0]["competencies"] if c["id"] == "CC1.1")["statement"] = "Reworded later"
    cat_path = tmp_path / "catalog.json"
    cat_path.write_text(json.dumps(newer), encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("collect", str(filled), "--catalog", str(cat_path), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Warning:" in result.output and "2099.1" in result.output and "mapped by competency id" in result.output
    row = next(r for r in _rows(out) if r["competency_id"] == "CC1.1")
    assert row["statement"] == printed and row["rating_label"] == "Consistently"


def test_form_whose_metadata_was_stripped_is_mapped_by_field_names(invoke, blank: Path, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fill_form(blank, {**PEOPLE, **ANSWERS}))))
    del writer._root_object["/FormkitSchema"]
    stripped = tmp_path / "stripped.pdf"
    writer.write(str(stripped))
    out = tmp_path / "out"
    result = invoke("collect", str(stripped), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "metadata is missing" in result.output
    _check_rows(_rows(out), catalog, "stripped.pdf")


def test_many_files_and_a_missing_path(invoke, blank: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "many"
    folder.mkdir()
    filled = fill_form(blank, {"name": "Ana", "CC1_5_rating": "2"})
    for n in range(12):
        (folder / f"form-{n:02d}.pdf").write_bytes(filled)
    out = tmp_path / "out"
    result = invoke("collect", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(_rows(out)) == 12 * 5
    assert_user_error(invoke("collect", str(tmp_path / "nowhere"), "-o", str(out)), "nowhere", "no such file")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_user_error(invoke("collect", str(empty), "-o", str(out)), "empty", "no PDF files found")
    shutil.rmtree(folder)


def test_outputs_are_repeatable(invoke, blank: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    filled = tmp_path / "in" / "ana.pdf"
    filled.parent.mkdir()
    filled.write_bytes(fill_form(blank, {**PEOPLE, **ANSWERS}))
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        assert invoke("collect", str(filled.parent), "-o", str(out), "--report").exit_code == 0
    for rel in ("responses.csv", "responses.json", "reports/summary-Jose-Nunez-followup-2026-11-23.pdf"):
        assert (outs[0] / rel).read_bytes() == (outs[1] / rel).read_bytes(), rel


# -- mapping answers to competencies: worked out once per schema, same result as field by field --
def _mapped_field_by_field(schema: dict, values: dict[str, str]) -> object:  # type: ignore[type-arg]
    """The loop collect ran for every form before its steps were kept per schema (the reference)."""
    from formkit.collect.read import PlanRow, Rating

    try:
        labels = {c["value"]: c["label"] for c in schema.get("scale", {}).get("choices", [])}
        identity: dict = {}  # type: ignore[type-arg]
        ratings: dict = {}  # type: ignore[type-arg]
        reflections: dict = {}  # type: ignore[type-arg]
        plan: dict = {}  # type: ignore[type-arg]
        warnings: list[str] = []
        for fld in schema.get("fields", []):
            meta = fld.get("meta", {})
            value = values.get(fld["name"], "")
            if value == "Off":
                value = ""
            if "identity" in meta:
                identity[meta["identity"]] = value
            elif "competency" in meta:
                cid = meta["competency"]
                rating = ratings.setdefault(cid, Rating(meta.get("category", ""), cid, "", "", "", ""))
                if meta.get("notes"):
                    rating.notes = value
                else:
                    rating.statement = meta.get("statement", "")
                    rating.value = value
                    choice_labels = {c["value"]: c["label"] for c in fld.get("choices", [])} or labels
                    rating.label = choice_labels.get(value, "")
                    if value and value not in choice_labels:
                        warnings.append(f"{cid}: unknown answer {value!r}")
            elif "reflection" in meta:
                reflections.setdefault(meta["category"], {})[meta["reflection"]] = value
            elif "plan" in meta:
                row = plan.setdefault((meta["plan"], int(meta["row"])), PlanRow(meta["plan"], int(meta["row"])))
                setattr(row, meta["column"], value)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        return exc.__class__.__name__
    return labels, identity, ratings, reflections, plan, warnings


def _mapped_by_steps(schema: dict, values: dict[str, str]) -> object:  # type: ignore[type-arg]
    from formkit.collect.read import _apply, _mapping

    try:
        labels, steps = _mapping(schema)
        warnings: list[str] = []
        return (labels, *_apply(steps, values, warnings), warnings)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        return exc.__class__.__name__


_keys = st.sampled_from(["CC1", "CC1.1", "name", "round", "x", "CC1.2", ["a"], 2])  # a list: unhashable
_meta = st.one_of(
    st.fixed_dictionaries({"identity": _keys}),
    st.fixed_dictionaries({"competency": _keys}, optional={"category": _keys, "notes": st.booleans(),
                                                           "statement": st.text(max_size=3)}),
    st.fixed_dictionaries({"reflection": _keys}, optional={"category": _keys}),
    st.fixed_dictionaries({"plan": _keys}, optional={"row": st.sampled_from([1, 2, "2", "x", None, 1.5]),
                                                     "column": st.sampled_from(["goal", "date", "row", 3, "__class__"])}),
    st.sampled_from([{}, "identity", ["competency"], 7]),
)
_choices = st.lists(st.fixed_dictionaries({"value": st.sampled_from(["1", "2", "NA"]),
                                           "label": st.sampled_from(["Rarely", "Often"])}), max_size=3)
_field = st.fixed_dictionaries({"name": st.sampled_from(["a", "b", "c", "name"]), "meta": _meta},
                               optional={"choices": _choices | st.just("12")})
_schema_fields = st.lists(st.one_of(*[_field] * 5, st.sampled_from([{}, {"meta": {}}, [], "field"])), max_size=4)
_ANSWERS = st.dictionaries(st.sampled_from(["a", "b", "c", "name"]), st.sampled_from(["", "Off", "1", "NA", "zz"]))


@given(fields=_schema_fields, scale=_choices, answers=_ANSWERS)
@example(fields=[{"name": "a", "meta": {"plan": ["a"], "row": 1}}], scale=[], answers={})  # TypeError before KeyError
@example(fields=[{"name": "a", "meta": {"reflection": ["a"]}}], scale=[], answers={})
@example(fields=[{"meta": ["competency"]}], scale=[], answers={})
@settings(max_examples=300, deadline=None, derandomize=True)
def test_answers_map_as_field_by_field_whatever_the_schema(fields: list, scale: list, answers: dict) -> None:  # type: ignore[type-arg]
    schema = {"scale": {"choices": scale}, "fields": fields}
    expected = _mapped_field_by_field(schema, answers)
    assert _mapped_by_steps(schema, answers) == expected
    assert _mapped_by_steps(schema, answers) == expected  # the second time from the kept steps


_CELLS = st.one_of(
    st.sampled_from(["", "3", "Usually", "CC1", "CC1.1", 'say "hi"\n\\', "\u00e9\u2019\U0001f600", "\x00"]),
    st.text(max_size=4), st.integers(-2, 2), st.booleans(), st.none(), st.just(1.5), st.just(float("nan")),
    st.just(["a", 1]))
_RATINGS = st.lists(st.tuples(_CELLS, _CELLS, _CELLS, _CELLS, _CELLS, _CELLS), max_size=5)


@given(ratings=_RATINGS, identity=st.dictionaries(st.sampled_from(["name", "round", "x"]), _CELLS),
       plan=st.lists(st.tuples(_CELLS, st.integers(0, 3), _CELLS), max_size=2),
       warnings=st.lists(st.text(max_size=3), max_size=2))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_a_response_is_one_line_of_json_dumps_whatever_it_holds(ratings: list, identity: dict, plan: list,  # type: ignore[type-arg]
                                                               warnings: list[str]) -> None:
    """json_item joins a response's ratings from texts kept by their cells (formkit.collect._RATINGS_SEEN):
    the same line json.dumps(to_json()) writes, a second time too, whatever the cells hold."""
    from formkit.collect import json_item
    from formkit.collect.read import PlanRow, Rating, Response

    response = Response(file="f \"1\".pdf", kind="self-assessment", catalog_id="c", catalog_version="1",
                        fingerprint="base", identity=identity, ratings=[Rating(*cells) for cells in ratings],
                        reflections={"CC1": {"strengths": "a\nb"}}, plan=[PlanRow(s, r, g) for s, r, g in plan],
                        scale=[{"value": "1", "label": "Rarely"}], categories=[{"id": "CC1", "title": "T"}],
                        warnings=warnings, form_check="verified")
    expected = "  " + json.dumps(response.to_json(), ensure_ascii=False)
    assert json_item(response) == expected
    assert json_item(response) == expected  # the second time from the kept texts


# -- large batches are read by worker processes: same result, in the same order --------------------
def _batch(blank: Path, folder: Path, count: int) -> None:
    from formkit.collect import PER_WORKER_AT_LEAST

    assert count >= 2 * PER_WORKER_AT_LEAST, "too few files for the worker processes to be used"
    folder.mkdir()
    fills = [fill_form(blank, {"name": f"Person {i}", "CC1_1_rating": str(1 + i % 4)}) for i in range(4)]
    for n in range(count):
        (folder / f"form-{n:03d}.pdf").write_bytes(fills[n % 4])
    (folder / f"form-{count // 2:03d}.pdf").write_bytes(b"%PDF-1.7\n1 0 obj damaged")


def test_a_large_batch_read_by_workers_matches_a_serial_read(blank: Path, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from formkit.collect import collect, to_csv, to_json
    from formkit.runtime import workers

    assert workers.can_fork(), "this test must exercise the worker processes"
    _batch(blank, tmp_path / "batch", 80)
    serial = collect([tmp_path / "batch"], catalog, jobs=1)
    parallel = collect([tmp_path / "batch"], catalog, jobs=2)
    assert len(serial.responses) == 79 and [f for f, _ in serial.failures] == [str(tmp_path / "batch" / "form-040.pdf")]
    assert parallel.failures == serial.failures
    assert to_json(parallel.responses) == to_json(serial.responses)
    assert to_csv(parallel.responses) == to_csv(serial.responses)


def test_a_worker_that_dies_does_not_lose_or_hang_the_batch(blank: Path, catalog, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    import os

    import formkit.collect as collect_module

    real = collect_module._read_one
    parent = os.getpid()

    def dies_on_one_file(path, cat, *args):  # type: ignore[no-untyped-def]
        if path.name == "form-050.pdf" and os.getpid() != parent:
            os._exit(9)  # a worker killed for memory, say; the parent then reads the rest itself
        return real(path, cat, *args)

    _batch(blank, tmp_path / "batch", 80)
    serial = collect_module.collect([tmp_path / "batch"], catalog, jobs=1)
    monkeypatch.setattr(collect_module, "_read_one", dies_on_one_file)
    survived = collect_module.collect([tmp_path / "batch"], catalog, jobs=2)
    assert survived.failures == serial.failures
    assert collect_module.to_json(survived.responses) == collect_module.to_json(serial.responses)
