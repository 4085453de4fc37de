"""Issue 13, item 5: a form whose schema or field names were changed after formkit made it is flagged.

collect checks the embedded schema against the catalogue its fingerprint names (the one given
with -O, the base one or a shipped overlay) and the field names against the form's first
revision. Forms filled by other tools (pdftk, pypdf, PDFium, pdf.js) must pass untouched.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import DATA, OVERLAYS, run_tool
from fillers import FILLERS, read_layout

VALUES = {"name": "Pat Doe", "date": "2026-11-30", "CC1_1_rating": "4", "CC1_5_rating": "1",
          "CC1_2_notes": "Ran the Tuesday group"}
ALTERED = {"altered-schema-relabelled.pdf": "scale entry 1 is ('1', 'Consistently'), the catalogue has ('1', 'Rarely')",
           "altered-answer-remapped.pdf": "field CC1_1_rating: competency is 'CC12.4', the catalogue has 'CC1.1'",
           "altered-field-renamed.pdf": "field 'CC1_1_rating' now names another field's box",
           "altered-names-swapped-rewritten.pdf": "field 'CC1_1_rating' (choice '1') is on page 2, the embedded "
                                                  "schema places it on page 1: that is where CC1_5_rating is"}


def _rows(out: Path) -> list[dict[str, str]]:
    with open(out / "responses.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _swap_names(src: Path, dst: Path) -> None:
    """Append an update in which CC1_1_rating and CC1_5_rating trade names (schema untouched)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    base = src.read_bytes()
    writer = PdfWriter(io.BytesIO(base), incremental=True)
    fields = {str(f.get_object()["/T"]): f.get_object() for f in writer._root_object["/AcroForm"]["/Fields"]}
    first, fifth = fields["CC1_1_rating"], fields["CC1_5_rating"]
    first[NameObject("/T")], fifth[NameObject("/T")] = fifth["/T"], first["/T"]
    out = io.BytesIO()
    writer.write(out)
    dst.write_bytes(base + out.getvalue()[len(base):])


def _pdfium_incremental(monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFium's save with FPDF_INCREMENTAL (1): the fill is appended as an update."""
    import pypdfium2 as pdfium

    save = pdfium.PdfDocument.save
    monkeypatch.setattr(pdfium.PdfDocument, "save", lambda self, dest, version=None, flags=0:
                        save(self, dest, version=version, flags=1))


@pytest.mark.parametrize("filler", ["pdftk", "pypdf", "pdfium", "pdfium-incremental", "pdfjs"])
def test_a_form_filled_by_another_tool_is_verified(filler: str, blank_cc1: Path, invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from formkit.collect.verify import first_revision_end

    filled, out = tmp_path / f"{filler}.pdf", tmp_path / "out"
    if filler == "pdfium-incremental":
        _pdfium_incremental(monkeypatch)
    FILLERS[filler.removesuffix("-incremental")](blank_cc1, filled, VALUES, read_layout(blank_cc1))
    saved_as_update = filler in ("pdfium-incremental", "pdfjs")
    assert (first_revision_end(filled.read_bytes()) is not None) == saved_as_update  # both paths are tested
    result = invoke("collect", str(filled), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "altered" not in result.output and "cannot verify" not in result.output, result.output
    rows = _rows(out)
    assert {r["form_check"] for r in rows} == {"verified"}
    assert {r["competency_id"]: r["rating_value"] for r in rows}["CC1.1"] == "4"


def test_pdfjs_saves_as_an_update_and_a_name_swap_after_it_is_flagged(blank_cc1: Path, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """pdf.js (Firefox) appends its fill as an update: the history check must tell a fill from a rename."""
    from formkit.collect.verify import first_revision_end

    filled, swapped = tmp_path / "pdfjs.pdf", tmp_path / "pdfjs-swapped.pdf"
    FILLERS["pdfjs"](blank_cc1, filled, VALUES, read_layout(blank_cc1))
    assert first_revision_end(filled.read_bytes()) is not None, "pdf.js no longer saves incrementally"
    _swap_names(filled, swapped)
    result = invoke("collect", str(filled), str(swapped), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning: ")]
    assert any(str(swapped) in w and ALTERED["altered-field-renamed.pdf"] in w for w in warnings), warnings
    assert not any(f"{filled}:" in w for w in warnings), warnings
    checks = {(Path(r["file"]).name, r["form_check"]) for r in _rows(tmp_path / "out")}
    assert checks == {("pdfjs.pdf", "verified"), ("pdfjs-swapped.pdf", "altered")}
    swapped_ratings = {r["competency_id"]: r["rating_value"] for r in _rows(tmp_path / "out")
                       if r["file"] == str(swapped)}
    assert swapped_ratings["CC1.1"] == "1"  # the swap really moved the answer: that is why it is flagged


def _swap_rewritten(src: Path, dst: Path, rewriter: str) -> None:
    """CC1_1_rating and CC1_5_rating trade names in a whole new file (no update appended), schema untouched."""
    from conftest import run_tool
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    fields = {str(f.get_object()["/T"]): f.get_object() for f in writer._root_object["/AcroForm"]["/Fields"]}
    first, fifth = fields["CC1_1_rating"], fields["CC1_5_rating"]
    first[NameObject("/T")], fifth[NameObject("/T")] = fifth["/T"], first["/T"]
    middle = dst.with_suffix(".pypdf.pdf") if rewriter == "pdftk" else dst
    writer.write(str(middle))
    if rewriter == "pdftk":  # pdftk writes every object again, its numbers with its own precision
        run_tool("pdftk", str(middle), "output", str(dst))


@pytest.mark.parametrize("rewriter", ["pypdf", "pdftk"])
def test_names_swapped_in_a_whole_file_rewrite_are_flagged(rewriter: str, blank_cc1: Path, invoke,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    """No earlier revision to compare with: the boxes, placed by the schema, tell the swap."""
    from formkit.collect.verify import first_revision_end

    filled, swapped = tmp_path / "filled.pdf", tmp_path / "swapped.pdf"
    FILLERS["pdfium"](blank_cc1, filled, VALUES, read_layout(blank_cc1))  # Chrome's save: a whole new file
    _swap_rewritten(filled, swapped, rewriter)
    assert first_revision_end(swapped.read_bytes()) is None
    result = invoke("collect", str(filled), str(swapped), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning: ")]
    mine = [w for w in warnings if f"{swapped}:" in w]
    assert len(mine) == 1 and mine[0].startswith(f"Warning: {swapped}: altered form: "), warnings
    assert ALTERED["altered-names-swapped-rewritten.pdf"] in mine[0], mine[0]
    assert not any(f"{filled}:" in w for w in warnings), warnings
    rows = _rows(tmp_path / "out")
    assert {(Path(r["file"]).name, r["form_check"]) for r in rows} == {("filled.pdf", "verified"),
                                                                     ("swapped.pdf", "altered")}
    assert {r["competency_id"]: r["rating_value"] for r in rows if r["file"] == str(swapped)}["CC1.1"] == "1"


def test_a_widget_moved_to_another_field_is_flagged(blank_cc1: Path, tmp_path: Path) -> None:
    """A circle of CC1.5 given to CC1.1 (its 'Rarely' now answers CC1.1), in a whole new file."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    from formkit.catalog.effective import effective_catalog
    from formkit.collect.verify import ALTERED as ALTERED_STATUS
    from formkit.collect.verify import verify_form
    from formkit.pdfform.read import read_form

    writer = PdfWriter(clone_from=PdfReader(str(blank_cc1)))
    fields = {str(f.get_object()["/T"]): f for f in writer._root_object["/AcroForm"]["/Fields"]}
    first, fifth = fields["CC1_1_rating"].get_object(), fields["CC1_5_rating"].get_object()
    moved = fifth["/Kids"][0]
    fifth[NameObject("/Kids")] = ArrayObject(list(fifth["/Kids"])[1:])
    first[NameObject("/Kids")] = ArrayObject([moved] + [k for k in first["/Kids"]
                                                         if k.get_object()["/AP"]["/N"].keys() != moved.get_object()["/AP"]["/N"].keys()])
    moved.get_object()[NameObject("/Parent")] = fields["CC1_1_rating"]
    out = tmp_path / "moved.pdf"
    writer.write(str(out))
    form = read_form(out)
    verdict = verify_form(form.schema, form.values, effective_catalog(()), out)
    assert verdict.status == ALTERED_STATUS
    assert "field 'CC1_1_rating' (choice '1')" in verdict.reason and "CC1_5_rating" in verdict.reason, verdict.reason


def test_the_altered_corpus_forms_are_flagged_one_line_each(blank_cc1: Path, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = [DATA / "bad" / "pdfs" / name for name in ALTERED]
    from formkit.collect.verify import first_revision_end

    assert first_revision_end((DATA / "bad" / "pdfs" / "altered-names-swapped-rewritten.pdf").read_bytes()) is None
    result = invoke("collect", *map(str, bad), str(blank_cc1), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for path in bad:
        mine = [line for line in lines if f"{path}:" in line]
        assert len(mine) == 1 and mine[0].startswith(f"Warning: {path}: altered form: "), mine
        assert ALTERED[path.name] in mine[0], mine[0]
    assert any(line.startswith(f"Warning: {len(ALTERED)} form(s) were altered") for line in lines), lines
    checks = {Path(r["file"]).name: set() for r in _rows(tmp_path / "out")}
    for r in _rows(tmp_path / "out"):
        checks[Path(r["file"]).name].add(r["form_check"])
    assert checks == {**{name: {"altered"} for name in ALTERED}, "cc1.pdf": {"verified"}}


def test_a_form_made_with_overlays_collect_was_not_given_cannot_be_verified(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_category

    overlay = tmp_path / "ours.yaml"
    overlay.write_text("name: Riverside Peers\nterminology:\n  peers: participants\n", encoding="utf-8")
    catalog = effective_catalog([str(overlay)])
    form = tmp_path / "ours-cc1.pdf"
    form.write_bytes(render_category(catalog, catalog.categories[0]))
    result = invoke("collect", str(form), "-o", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert f"Warning: {form}: cannot verify: made with overlays {catalog.fingerprint}" in result.output
    assert "pass the same overlays with -O" in result.output
    assert {r["form_check"] for r in _rows(tmp_path / "a")} == {"unverified"}
    result = invoke("collect", str(form), "-O", str(overlay), "-o", str(tmp_path / "b"))
    assert result.exit_code == 0 and "Warning" not in result.output, result.output
    assert {r["form_check"] for r in _rows(tmp_path / "b")} == {"verified"}


def test_a_booklet_made_with_a_shipped_overlay_is_verified_without_naming_it(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_booklet

    catalog = effective_catalog([str(OVERLAYS / "example-agency.yaml")])
    form = tmp_path / "booklet.pdf"
    form.write_bytes(render_booklet(catalog))
    result = invoke("collect", str(form), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output  # (it warns that the overlay's added competencies are not in
    assert "altered" not in result.output and "cannot verify" not in result.output, result.output  # the base)
    assert {r["form_check"] for r in _rows(tmp_path / "out")} == {"verified"}


def test_a_schema_edited_in_a_full_rewrite_is_flagged_against_the_catalogue(blank_cc1: Path) -> None:
    """No history to compare (pdftk rewrites the file): the catalogue alone tells the statement was changed."""
    import copy

    from formkit.catalog.effective import effective_catalog
    from formkit.collect.verify import ALTERED, VERIFIED, check_schema
    from formkit.pdfform.read import read_form

    catalog = effective_catalog(())
    schema = read_form(blank_cc1).schema
    assert check_schema(schema, catalog).status == VERIFIED
    edited = copy.deepcopy(schema)
    edited["categories"][0]["competencies"][1]["statement"] = "Listens"
    verdict = check_schema(edited, catalog)
    assert verdict.status == ALTERED
    wanted = "competency 'CC1.2' reads 'Listens', the catalogue has CC1.2 'Listens to peers"
    assert wanted in verdict.reason, verdict.reason


@pytest.mark.parametrize("way", ["classic table", "object streams", "long answers"])
def test_a_text_box_moved_in_a_rewrite_is_flagged_after_forms_with_it_in_place(blank_cc1: Path, tmp_path: Path,
                                                                               way: str) -> None:
    """A text field's widget is known by its shape (/Rect and /AP) once found in place, since its
    bytes hold the answer; a form of the same batch whose role box was moved onto the name box
    must still be flagged, and a form with the boxes in place still verified. Packed in object
    streams by qpdf, or too long for the walk's one loop, the fields are found one by one: the
    same verdicts."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    from formkit.catalog.effective import effective_catalog
    from formkit.collect.verify import ALTERED as ALTERED_STATUS
    from formkit.collect.verify import VERIFIED, verify_form
    from formkit.pdfform.read import read_form

    def rewritten(name: str, moved: bool) -> Path:
        writer = PdfWriter(clone_from=PdfReader(str(blank_cc1)))
        writer.set_need_appearances_writer(True)
        role = "Coach" + " and mentor" * 900 * (way == "long answers")  # past fastxref.PREFETCH_WINDOW
        writer.update_page_form_field_values(writer.pages[0], {"name": name, "role": role}, auto_regenerate=False)
        if moved:
            fields = {str(f.get_object()["/T"]): f.get_object() for f in writer._root_object["/AcroForm"]["/Fields"]}
            fields["role"][NameObject("/Rect")] = fields["name"]["/Rect"]
        path = tmp_path / f"{name}.pdf"
        writer.write(str(path))
        if way == "object streams":
            run_tool("qpdf", "--object-streams=generate", "--replace-input", str(path))
        return path

    catalog = effective_catalog(())
    verdicts = []
    for path in (rewritten("Ann", False), rewritten("Bo", False), rewritten("Cy", True), rewritten("Di", False)):
        form = read_form(path, shared_schema=True)  # as collect reads a batch: one schema, one memory
        assert form.fast is not None and form.values["name"] == path.stem
        verdicts.append(verify_form(form.schema, form.values, catalog, path, form.fast))
    assert [v.status for v in verdicts] == [VERIFIED, VERIFIED, ALTERED_STATUS, VERIFIED], verdicts
    assert "field 'role'" in verdicts[2].reason and "that is where name is" in verdicts[2].reason, verdicts[2].reason


def test_the_first_revision_is_sought_from_the_earliest_cross_reference(blank_cc1: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """collect looks for the first revision's end from where the fast reader found the earliest
    cross-reference section, not from the start: it must find what a search of the whole file
    finds, in files saved whole, saved as updates, linearised by qpdf, and the bad corpus."""
    from conftest import run_tool

    from formkit.collect.verify import first_revision_end
    from formkit.pdfform.fastsyntax import Unsupported
    from formkit.pdfform.fastxref import FastPdf

    files = [blank_cc1, *sorted((DATA / "bad" / "pdfs").glob("*.pdf"))]
    for filler in ("pdftk", "pypdf", "pdfium", "pdfjs"):
        files.append(tmp_path / f"{filler}.pdf")
        FILLERS[filler](blank_cc1, files[-1], VALUES, read_layout(blank_cc1))
    _pdfium_incremental(monkeypatch)
    files.append(tmp_path / "pdfium-incremental.pdf")
    FILLERS["pdfium"](blank_cc1, files[-1], VALUES, read_layout(blank_cc1))
    for source in (tmp_path / "pdfjs.pdf", tmp_path / "pdfium-incremental.pdf"):
        files.append(source.with_suffix(".linearized.pdf"))
        run_tool("qpdf", "--linearize", str(source), str(files[-1]))
        files.append(source.with_suffix(".linearized-updated.pdf"))
        _swap_names(files[-2], files[-1])
    updates = 0
    for path in files:
        data = path.read_bytes()
        try:
            first_xref = FastPdf(data).first_xref
        except Unsupported:
            continue  # the fast reader steps aside: the search starts at 0, as before
        assert first_revision_end(data, first_xref) == first_revision_end(data), path.name
        updates += first_revision_end(data) is not None
    assert updates >= 4  # pdf.js, PDFium's update, and the two updates after linearising
