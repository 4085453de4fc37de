"""`formkit collect` on copies people really send: flattened, printed to PDF, saved by PDFium, damaged.

Forms are filled with formkit's own fill_form, turned into each kind of copy by the real tool
(pdftk, qpdf, mutool, pdftocairo, PDFium), and collected through the real CLI. The oracle for a
readable copy is the collect of the filled form it was made from: the same answers, exactly.
"""

from __future__ import annotations

import ctypes
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_tool

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import render_booklet, render_category
from formkit.pdfform.fill import fill_form

NOTE = ("Met Ирина at the drop-in; «quoted» & <angled>\nSecond paragraph: Ελένη helped, and the words of this "
        "line run on long enough to wrap inside the box")
PEOPLE = {"name": "José Núñez", "role": "Peer recovery coach", "program": "Nguyễn Thị Center",
          "date": "2026-11-23", "supervisor": "Ирина Петрова (Ελένη)", "round": "followup"}
ANSWERS = {"CC1_1_rating": "3", "CC1_2_rating": "NA", "CC1_4_rating": "1", "CC1_5_rating": "4",
           "CC1_1_notes": NOTE, "CC1_4_notes": "Żółć — Ärger", "CC1_strengths": "Listening\nPatience",
           "CC1_learn": "Motivational interviewing", "CC1_support": "Shadowing a senior coach",
           "CC1_plan1_goal": "Learn MI", "CC1_plan1_steps": "Take the course",
           "CC1_plan1_support": "Supervisor", "CC1_plan1_date": "2027-01-31"}
BOOKLET_EXTRA = {"CC12_4_rating": "2", "CC12_4_notes": "Дневник и заметки", "whole_plan8_goal": "Lead a group"}
PRINTED = "a printed copy of a formkit self-assessment"
FLATTENED = "a flattened copy of a formkit self-assessment"


def with_positions(pdf: bytes, circles: bool = True) -> bytes:
    """The form with each field's rect (and each radio circle's) in its embedded schema.

    This is what the schema change asked of the form layer records (Field.to_json: "rect", and
    "rect" on each radio choice), taken here from the widgets themselves; a radio group's own
    "rect" is the union of its circles, as Field.rect already is. ``circles=False`` leaves the
    choices without theirs (a schema with each group's rect only).
    """
    import io

    import pikepdf

    pdf_doc = pikepdf.open(io.BytesIO(pdf))
    schema = json.loads(pdf_doc.Root.FormkitSchema.read_bytes())
    rects: dict[tuple[str, str], list[float]] = {}
    for page in pdf_doc.pages:
        for annot in page.get("/Annots", []):
            parent = annot.get("/Parent")
            name = str(annot.get("/T") if "/T" in annot else parent.get("/T"))
            normal = annot.get("/AP", {}).get("/N")
            states = [str(k)[1:] for k in normal.keys() if k != "/Off"] \
                if isinstance(normal, pikepdf.Dictionary) else []  # noqa: SIM118 - a pikepdf Dictionary
            rects[(name, states[0] if parent is not None and states else "")] = [
                round(float(v), 2) for v in annot.Rect]
    for fld in schema["fields"]:
        if fld["kind"] == "radio":
            boxes = [rects[(fld["name"], choice["value"])] for choice in fld["choices"]]
            fld["rect"] = [min(b[0] for b in boxes), min(b[1] for b in boxes),
                           max(b[2] for b in boxes), max(b[3] for b in boxes)]
            for choice, box in zip(fld["choices"], boxes):
                choice["rect"] = box
                if not circles:
                    del choice["rect"]
        elif (fld["name"], "") in rects:
            fld["rect"] = rects[(fld["name"], "")]
    pdf_doc.Root.FormkitSchema.write(json.dumps(schema, ensure_ascii=False).encode("utf-8"))
    out = io.BytesIO()
    pdf_doc.save(out)
    return out.getvalue()


def without_positions(pdf: bytes) -> bytes:
    """The form as formkit made it before its schema recorded where fields are."""
    import io

    import pikepdf

    pdf_doc = pikepdf.open(io.BytesIO(pdf))
    schema = json.loads(pdf_doc.Root.FormkitSchema.read_bytes())
    for fld in schema["fields"]:
        fld.pop("rect", None)
        for choice in fld.get("choices", []):
            choice.pop("rect", None)
    pdf_doc.Root.FormkitSchema.write(json.dumps(schema, ensure_ascii=False).encode("utf-8"))
    out = io.BytesIO()
    pdf_doc.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return effective_catalog(())


@pytest.fixture(scope="module")
def forms(catalog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Filled forms: a mini-tool and a booklet with field positions, and a mini-tool without them."""
    folder = tmp_path_factory.mktemp("filled")
    blank = render_category(catalog, catalog.categories[0])
    made = {"mini": fill_form(with_positions(blank), {**PEOPLE, **ANSWERS}),
            "mini-unpositioned": fill_form(without_positions(blank), {**PEOPLE, **ANSWERS}),
            "mini-group-rects": fill_form(with_positions(blank, circles=False), {**PEOPLE, **ANSWERS}),
            "booklet": fill_form(with_positions(render_booklet(catalog)), {**PEOPLE, **ANSWERS, **BOOKLET_EXTRA})}
    paths = {}
    for name, data in made.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def collected(invoke, path: Path, out: Path) -> tuple[Any, list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    result = invoke("collect", str(path), "-o", str(out))
    assert "Traceback" not in result.output, result.output
    return result, json.loads((out / "responses.json").read_text(encoding="utf-8"))


def answers(response: dict[str, Any]) -> dict[str, Any]:
    """What a person answered, with multi-line text compared by its words."""
    def words(text: str) -> str:
        return " ".join(text.split())

    return {"identity": response["identity"],
            "ratings": [(r["competency_id"], r["value"], r["label"], words(r["notes"])) for r in response["ratings"]],
            "reflections": {c: {k: words(v) for k, v in d.items()} for c, d in response["reflections"].items()},
            "plan": response["plan"]}


def skipped_line(result, name: str) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Skipped: ")]
    assert len(lines) == 1 and name in lines[0], result.output
    return lines[0]


# -- flattened copies: read from the page, exactly ------------------------------------------------
FLATTENERS = {
    "pdftk": lambda src, dst: run_tool("pdftk", str(src), "output", str(dst), "flatten"),
    "qpdf": lambda src, dst: run_tool("qpdf", "--flatten-annotations=all", str(src), str(dst)),
}


@pytest.mark.parametrize("tool", FLATTENERS)
def test_a_flattened_mini_tool_comes_back_with_exactly_the_filled_answers(tool: str, invoke, forms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flat = tmp_path / f"flat-{tool}.pdf"
    FLATTENERS[tool](forms["mini"], flat)
    result, got = collected(invoke, flat, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"Warning: {flat}: a flattened copy" in result.output
    _, expected = collected(invoke, forms["mini"], tmp_path / "orig")
    assert answers(got[0]) == answers(expected[0])
    ratings = {r["competency_id"]: r for r in got[0]["ratings"]}
    assert got[0]["identity"] == PEOPLE
    assert [ratings[c]["value"] for c in ("CC1.1", "CC1.2", "CC1.3", "CC1.4", "CC1.5")] == ["3", "NA", "", "1", "4"]
    assert ratings["CC1.4"]["notes"] == "Żółć — Ärger"
    # One line per printed line: the words are those typed, the person's line breaks are kept.
    note = ratings["CC1.1"]["notes"]
    assert note.split("\n")[0] == NOTE.split("\n")[0] and " ".join(note.split()) == " ".join(NOTE.split())
    assert got[0]["reflections"]["CC1"]["strengths"] == "Listening\nPatience"
    assert ratings["CC1.3"]["notes"] == ""  # the blank prints "Notes or an example" beside it: not an answer


def test_with_only_each_group_rect_the_circles_are_found_inside_it(invoke, forms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A schema with the group's rect but not each circle's: the circles placed inside it, in order."""
    flat = tmp_path / "flat.pdf"
    FLATTENERS["qpdf"](forms["mini-group-rects"], flat)
    result, got = collected(invoke, flat, tmp_path / "out")
    assert result.exit_code == 0, result.output
    _, expected = collected(invoke, forms["mini"], tmp_path / "orig")
    assert answers(got[0]) == answers(expected[0])


@pytest.mark.slow
@pytest.mark.parametrize("tool", FLATTENERS)
def test_a_flattened_booklet_comes_back_with_exactly_the_filled_answers(tool: str, invoke, forms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flat = tmp_path / f"flat-{tool}.pdf"
    FLATTENERS[tool](forms["booklet"], flat)
    result, got = collected(invoke, flat, tmp_path / "out")
    assert result.exit_code == 0, result.output
    _, expected = collected(invoke, forms["booklet"], tmp_path / "orig")
    assert answers(got[0]) == answers(expected[0])
    ratings = {r["competency_id"]: r for r in got[0]["ratings"]}
    assert (ratings["CC12.4"]["value"], ratings["CC12.4"]["notes"]) == ("2", "Дневник и заметки")
    assert sum(1 for r in got[0]["ratings"] if r["value"]) == 5


def test_a_flattened_form_without_field_positions_is_stopped_not_read_blank(invoke, forms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flat = tmp_path / "flat.pdf"
    FLATTENERS["pdftk"](forms["mini-unpositioned"], flat)
    result, got = collected(invoke, flat, tmp_path / "out")
    line = skipped_line(result, "flat.pdf")
    assert FLATTENED in line and "Ask the person for the filled form file as saved, not a flattened copy" in line
    assert got == []


def test_a_flattened_form_whose_answers_are_gone_is_stopped(invoke, forms, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Flattened with no appearance drawn for any field: nothing to read, so no blank rows."""
    import pikepdf

    flat = tmp_path / "flat.pdf"
    FLATTENERS["qpdf"](forms["mini"], flat)
    with pikepdf.open(flat, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            page.obj.Contents = pdf.make_stream(b"")  # drawing of the answers removed
        pdf.save(flat)
    result, got = collected(invoke, flat, tmp_path / "out")
    assert FLATTENED in skipped_line(result, "flat.pdf") and got == []


# -- printed copies: named for what they are ------------------------------------------------------
PRINTERS = {
    "mutool": lambda src, dst: run_tool("mutool", "convert", "-o", str(dst), str(src)),
    "pdftocairo": lambda src, dst: run_tool("pdftocairo", "-pdf", str(src), str(dst)),
}


@pytest.mark.parametrize("tool", PRINTERS)
def test_a_printed_copy_is_named_with_what_to_ask_for(tool: str, invoke, forms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    printed = tmp_path / f"printed-{tool}.pdf"
    PRINTERS[tool](forms["mini"], printed)
    result, got = collected(invoke, printed, tmp_path / "out")
    line = skipped_line(result, printed.name)
    assert PRINTED in line and "Ask the person for the filled form file as saved, not a printed" in line
    assert got == []


def test_a_foreign_pdf_is_still_not_a_formkit_self_assessment(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reportlab.pdfgen.canvas import Canvas

    letter = tmp_path / "letter.pdf"
    canvas = Canvas(str(letter))
    canvas.drawString(72, 720, "My self-assessment, written by hand; formkit was not used")
    canvas.save()
    line = skipped_line(invoke("collect", str(letter), "-o", str(tmp_path / "out")), "letter.pdf")
    assert "not a formkit self-assessment" in line and PRINTED not in line


# -- saves that other readers call damaged --------------------------------------------------------
def pdfium_type(src: Path, dst: Path, field_rect: tuple[float, ...], text: str, incremental: bool) -> None:
    """Type ``text`` into the field at ``field_rect`` on page 1 as a person would in Chrome, and save."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    doc = pdfium.PdfDocument(str(src))
    doc.init_forms()
    page, env = doc[0], doc.formenv
    x, y = (field_rect[0] + field_rect[2]) / 2, (field_rect[1] + field_rect[3]) / 2
    raw.FORM_OnMouseMove(env, page.raw, 0, x, y)
    raw.FORM_OnLButtonDown(env, page.raw, 0, x, y)
    raw.FORM_OnLButtonUp(env, page.raw, 0, x, y)
    raw.FORM_SelectAllText(env, page.raw)
    wide = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    raw.FORM_ReplaceSelection(env, page.raw, ctypes.cast(wide, raw.FPDF_WIDESTRING))
    raw.FORM_ForceToKillFocus(env)
    raw.FORM_OnBeforeClosePage(page.raw, env)
    doc.save(str(dst), flags=raw.FPDF_INCREMENTAL if incremental else 0)
    doc.close()


def name_rect(path: Path) -> tuple[float, ...]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return next(tuple(float(v) for v in a.Rect) for a in pdf.pages[0].Annots if str(a.get("/T")) == "name")


@pytest.mark.parametrize("xref", ["as built", "xref streams"])
def test_a_pdfium_incremental_save_is_read_with_the_typed_value(xref: str, invoke, forms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = forms["mini"]
    if xref == "xref streams":  # as formkit wrote forms before classic tables: PDFium's save is then broken
        source = tmp_path / "streams.pdf"
        run_tool("qpdf", "--object-streams=generate", str(forms["mini"]), str(source))
    saved = tmp_path / "pdfium.pdf"
    pdfium_type(source, saved, name_rect(source), "Zoë Πέτρος Ёжиков", incremental=True)
    assert saved.read_bytes().startswith(source.read_bytes())  # really an incremental save
    result, got = collected(invoke, saved, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert got[0]["identity"] == {**PEOPLE, "name": "Zoë Πέτρος Ёжиков"}
    _, expected = collected(invoke, forms["mini"], tmp_path / "orig")
    assert answers(got[0])["ratings"] == answers(expected[0])["ratings"]
    repaired = f"Warning: {saved}: repaired a damaged file; check the answers" in result.output
    assert repaired == (xref == "xref streams"), result.output


def test_an_incremental_save_cut_short_is_repaired_not_read_as_the_older_revision(invoke, forms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    saved = tmp_path / "pdfium.pdf"
    pdfium_type(forms["mini"], saved, name_rect(forms["mini"]), "Zoë", incremental=True)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(saved.read_bytes()[:-300])  # the update's cross-reference and trailer are lost
    result, got = collected(invoke, cut, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert got[0]["identity"]["name"] == "Zoë"  # not "José Núñez", the answer before the last save
    assert f"Warning: {cut}: repaired a damaged file; check the answers" in result.output
    # with --db the file is read once into memory and its end checked there: the same repair
    stored = invoke("collect", str(cut), "-o", str(tmp_path / "stored"), "--db")
    assert f"Warning: {cut}: repaired a damaged file; check the answers" in stored.output, stored.output
    kept = json.loads((tmp_path / "stored" / "responses.json").read_text(encoding="utf-8"))
    assert kept[0]["identity"]["name"] == "Zoë"


def test_a_garbled_tail_is_repaired_or_named_in_one_line(invoke, forms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = forms["mini"].read_bytes()
    garbled = tmp_path / "garbled.pdf"
    garbled.write_bytes(data[:-60] + b"\x00garbage" * 8)
    result, got = collected(invoke, garbled, tmp_path / "out")
    assert result.exit_code == 0, result.output  # a classic cross-reference table: qpdf rebuilds it
    assert "repaired a damaged file" in result.output and got[0]["identity"] == PEOPLE
    streams = tmp_path / "streams.pdf"
    run_tool("qpdf", "--object-streams=generate", str(forms["mini"]), str(streams))
    lost = tmp_path / "lost.pdf"
    lost.write_bytes(streams.read_bytes()[:-60] + b"\x00garbage" * 8)  # the only cross-reference stream is gone
    line = skipped_line(invoke("collect", str(lost), "-o", str(tmp_path / "out2")), "lost.pdf")
    assert "the end of the file is missing or garbled" in line and "send their filled form again" in line


def test_only_what_the_answer_draws_counts_not_a_placeholder_printed_in_the_box(tmp_path: Path) -> None:
    """A blank may print a hint inside a box ("Notes or an example"): flattened, it is not an answer."""
    from formkit.collect.flattened import read_flattened
    from formkit.pdfform.read import read_form
    from formkit.pdfform.writer import DocInfo, FormWriter

    writer = FormWriter(DocInfo(title="Placeholders", form_kind="self-assessment"))
    for name, y in (("a", 690), ("b", 640)):
        writer.canvas.drawString(60, y + 8, "Notes or an example")  # inside the box, under the field
        writer.text_field(name, name.upper(), 50, y, 300, 30, multiline=True)
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(fill_form(with_positions(writer.finish()), {"a": "Typed by the person"}))
    flat = tmp_path / "flat.pdf"
    FLATTENERS["qpdf"](filled, flat)
    schema = read_form(flat).schema
    values = read_flattened(flat, schema)
    assert values["a"] == "Typed by the person" and values.get("b", "") == ""  # no appearance placed: empty


def test_pdfium_is_only_given_pages_whose_drawing_decodes_within_the_budget(forms, tmp_path: Path) -> None:
    """A compression bomb in a page is refused before PDFium inflates it (it has no limit of its own)."""
    from conftest import DATA

    from formkit.pdfform.pagebudget import pages_within_budget

    assert not pages_within_budget(DATA / "bad" / "pdfs" / "bomb-page-content.pdf", [0])
    flat = tmp_path / "flat.pdf"
    FLATTENERS["qpdf"](forms["booklet"], flat)
    assert pages_within_budget(flat, range(40))
    assert not pages_within_budget(flat, range(40), budget=10_000)
