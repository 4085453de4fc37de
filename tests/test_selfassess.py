"""Self-assessment mini-tools and booklet: checked with qpdf, poppler, pdftk, pypdfium2 and MuPDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import OVERLAYS, assert_user_error, run_tool
from pdfhelp import dark_pixels, field_rect, pdftk_fields, render_mupdf, render_pdfium, render_poppler

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import artifacts, names, render_booklet, render_category
from formkit.pdfform.fill import fill_form

EXPECTED = [
    "self-assessment-CC01-engages-peers.pdf", "self-assessment-CC02-provides-support.pdf",
    "self-assessment-CC03-shares-lived-experiences.pdf", "self-assessment-CC04-personalizes-peer-support.pdf",
    "self-assessment-CC05-supports-recovery-planning.pdf", "self-assessment-CC06-links-to-resources.pdf",
    "self-assessment-CC07-provides-information.pdf", "self-assessment-CC08-helps-manage-crises.pdf",
    "self-assessment-CC09-values-communication.pdf", "self-assessment-CC10-supports-teamwork.pdf",
    "self-assessment-CC11-promotes-leadership.pdf", "self-assessment-CC12-promotes-growth.pdf",
    "self-assessment-booklet.pdf",
]


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return effective_catalog(())


@pytest.fixture(scope="module")
def built(catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("selfassess")
    for item in artifacts(catalog):
        (out / item.relpath).parent.mkdir(parents=True, exist_ok=True)
        (out / item.relpath).write_bytes(item.data)
    return out / "self-assessment"


def test_one_file_per_category_and_a_booklet(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == EXPECTED


def test_every_pdf_passes_qpdf_and_poppler(built: Path, tmp_path: Path) -> None:
    for pdf in sorted(built.iterdir()):
        assert "No syntax or stream encoding errors" in run_tool("qpdf", "--check", str(pdf)).stdout, pdf
        info = run_tool("pdfinfo", str(pdf)).stdout
        assert "Form:            AcroForm" in info, pdf
        assert "JavaScript:      no" in info
        assert "Page size:       612 x 792 pts (letter)" in info
        title = re.search(r"^Title:\s+(.+)$", info, re.M)
        assert title and title.group(1).startswith(("Self-assessment: CC", "Peer worker self-assessment booklet"))
        run_tool("pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                 str(tmp_path / pdf.stem))
        assert (tmp_path / f"{pdf.stem}.png").stat().st_size > 1000


def test_no_javascript_anywhere(built: Path, tmp_path: Path) -> None:
    for pdf in (built / EXPECTED[0], built / EXPECTED[-1]):
        plain = tmp_path / "plain.pdf"
        run_tool("qpdf", "--qdf", "--object-streams=disable", str(pdf), str(plain))
        data = plain.read_bytes()
        assert b"/JavaScript" not in data and not re.search(rb"/JS[\s/<(\[]", data)
        assert not re.search(rb"/AA\s*<<", data) and not re.search(rb"/OpenAction", data)


def test_pdftk_one_radio_group_per_competency_with_scale_values(built: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    scale_values = {p.value for p in catalog.scale().choices}
    for pdf, cats in ((built / EXPECTED[0], [catalog.categories[0]]), (built / EXPECTED[-1], catalog.categories)):
        blocks = pdftk_fields(pdf)
        by_name = {b["FieldName"][0]: b for b in blocks}
        assert len(by_name) == len(blocks)  # no duplicate names
        for block in blocks:
            assert block.get("FieldNameAlt", [""])[0].strip(), block  # every field has a tooltip
            assert int(block["FieldFlags"][0]) & 2 == 0, block  # nothing required
        radios = {n: b for n, b in by_name.items() if b["FieldType"] == ["Button"]
                  and int(b["FieldFlags"][0]) & (1 << 15)}
        competencies = [k for cat in cats for k in cat.competencies]
        assert set(radios) == {names.rating_name(k.id) for k in competencies} | {names.ROUND}
        for comp in competencies:
            block = radios[names.rating_name(comp.id)]
            assert set(block["FieldStateOption"]) - {"Off"} == scale_values
            assert comp.id in block["FieldNameAlt"][0]
            assert by_name[names.notes_name(comp.id)]["FieldType"] == ["Text"]
        assert {"name", "role", "program", "date", "supervisor"} <= set(by_name)
        assert by_name["sign_person"]["FieldType"] == ["Signature"]


def test_statements_labels_and_legend_printed_verbatim(built: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(run_tool("pdftotext", "-layout", str(built / EXPECTED[0]), "-").stdout.split())
    cat = catalog.categories[0]
    for comp in cat.competencies:
        assert f"{comp.id} {comp.statement}" in text
    for point in catalog.scale().choices:
        assert point.label in text
    assert cat.title in text and "reflection and growth tool, not a test" in text
    for label in ("Strengths" , "What I want to learn", "Support I need", "Goal", "Target date", "Baseline",
                  "Follow-up", "Supervisor", "Program"):
        assert label.lower() in text.lower(), label
    assert f"({catalog.id} {catalog.version})" in text


def test_booklet_has_cover_summary_and_whole_plan(built: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    text = run_tool("pdftotext", str(built / EXPECTED[-1]), "-").stdout
    flat = " ".join(text.split())
    assert "What is in this booklet" in flat and "Summary" in flat and "My whole learning plan" in flat
    for cat in catalog.categories:
        assert f"{cat.id}. {cat.title}" in flat
    fields = {b["FieldName"][0] for b in pdftk_fields(built / EXPECTED[-1])}
    assert names.plan_name(names.WHOLE, names.WHOLE_PLAN_ROWS, "date") in fields


def test_text_is_at_least_10_points(built: Path) -> None:
    from pypdf import PdfReader

    sizes: set[float] = set()

    def visit(text: str, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        if text.strip():
            sizes.add(round(size * (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5, 2))

    for name in (EXPECTED[0], EXPECTED[-1]):
        for page in PdfReader(str(built / name)).pages:
            page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 10, sorted(sizes)


def test_identical_bytes_across_builds(catalog) -> None:  # type: ignore[no-untyped-def]
    cat = catalog.categories[8]
    assert render_category(catalog, cat) == render_category(catalog, cat)
    assert render_booklet(catalog) == render_booklet(catalog)


def test_metadata_names_catalogue_version_fingerprint_and_kind(built: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    from formkit.pdfform.read import read_form

    form = read_form(built / EXPECTED[0])
    assert form.info["FormkitCatalog"] == catalog.id and form.info["FormkitVersion"] == catalog.version
    assert form.info["FormkitFingerprint"] == catalog.fingerprint
    assert form.info["FormkitKind"] == names.FORM_KIND_CATEGORY
    assert form.schema["categories"][0]["competencies"][0] == {
        "id": "CC1.1", "statement": catalog.competency("CC1.1").statement}
    assert read_form(built / EXPECTED[-1]).info["FormkitKind"] == names.FORM_KIND_BOOKLET


def test_sizes_stay_small(built: Path) -> None:
    for pdf in built.iterdir():
        # The field font (~34 KB) and a classic xref table (PDFium's incremental saves) cost this
        # much: see the README, "What the form layer costs in bytes, and why". The structure tree
        # (PDF/UA tagging) adds ~120 bytes per element: ~1,300 in the booklet, ~150 in a mini-tool.
        # A mini-tool's three-line notes boxes take a third page and it has an outline (~1.5 KB).
        limit = 680_000 if pdf.name == EXPECTED[-1] else 155_000
        assert pdf.stat().st_size < limit, (pdf.name, pdf.stat().st_size)


def test_prefilled_form_renders_values_in_every_engine(built: Path, tmp_path: Path) -> None:
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(fill_form(built / EXPECTED[0], {
        "name": "Nguyễn Thị Ирина", "program": "José Núñez Center", "CC1_1_rating": "3", "round": "followup",
        "CC1_strengths": "Listening; Доверие"}))
    for name in ("name", "program"):
        page, rect = field_rect(filled, name)
        for image in (render_pdfium(filled, page), render_poppler(filled, tmp_path, page),
                      render_mupdf(filled, tmp_path, page)):
            assert dark_pixels(image, rect) > 40, name
    for group, state in (("CC1_1_rating", "3"), ("round", "followup")):  # the chosen radio shows its dot
        page, rect = _radio_rect(filled, group, state)
        _, other = _radio_rect(filled, group, "2" if state == "3" else "baseline")
        for render in (lambda pdf: render_pdfium(pdf, page, dpi=144), lambda pdf: render_poppler(pdf, tmp_path, page, 144),
                       lambda pdf: render_mupdf(pdf, tmp_path, page, 144)):
            blank, full = render(built / EXPECTED[0]), render(filled)
            chosen = dark_pixels(full, rect, dpi=144, inset=1) - dark_pixels(blank, rect, dpi=144, inset=1)
            assert chosen > 10, (group, state)
            assert dark_pixels(full, other, dpi=144, inset=1) == dark_pixels(blank, other, dpi=144, inset=1), group


def _radio_rect(pdf: Path, group: str, state: str) -> tuple[int, tuple[float, float, float, float]]:
    """(page index, rect) of the radio button of ``group`` that stands for ``state``."""
    from pypdf import PdfReader

    for index, page in enumerate(PdfReader(str(pdf)).pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            parent = annot.get("/Parent")
            if parent is not None and parent.get_object().get("/T") == group and f"/{state}" in annot["/AP"]["/N"]:
                return index, tuple(float(v) for v in annot["/Rect"])  # type: ignore[return-value]
    raise KeyError((group, state))


def test_overlay_forms_use_organisation_and_terminology(tmp_path: Path) -> None:
    catalog = effective_catalog((str(OVERLAYS / "example-agency.yaml"),))
    items = {a.relpath.split("/")[-1]: a.data for a in artifacts(catalog, ["CC6", "FP1"], booklet=False)}
    assert sorted(items) == ["self-assessment-CC06-links-to-resources.pdf", "self-assessment-FP01-supports-families.pdf"]
    pdf = tmp_path / "cc6.pdf"
    pdf.write_bytes(items["self-assessment-CC06-links-to-resources.pdf"])
    fields = {b["FieldName"][0] for b in pdftk_fields(pdf)}
    assert "CC6_A1_rating" in fields and "CC6_4_rating" not in fields
    text = " ".join(run_tool("pdftotext", str(pdf), "-").stdout.split())
    assert "Riverbend Recovery Community Center" in text and "120 Mill Street" in text
    assert "Keeps the county's housing and food resource list up to date each quarter" in text
    info = run_tool("pdfinfo", str(pdf)).stdout
    assert catalog.fingerprint in run_tool("pdfinfo", "-meta", str(pdf)).stdout and "AcroForm" in info


def test_command_writes_forms_and_refuses_to_overwrite_answers(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("selfassess", "--category", "CC1", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "self-assessment" / EXPECTED[0]
    assert pdf.is_file() and (tmp_path / "self-assessment" / EXPECTED[-1]).is_file()
    assert not (tmp_path / "self-assessment" / EXPECTED[1]).exists()
    pdf.write_bytes(fill_form(pdf, {"name": "José Núñez", "CC1_2_rating": "4"}))
    answered = pdf.read_bytes()
    assert_user_error(invoke("selfassess", "--category", "CC1", "-o", str(tmp_path)),
                      EXPECTED[0], "already holds someone's answers", "--force")
    assert pdf.read_bytes() == answered
    assert invoke("selfassess", "--category", "CC1", "-o", str(tmp_path), "--force").exit_code == 0
    assert pdf.read_bytes() != answered


def test_unknown_category_is_a_plain_error(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert_user_error(invoke("selfassess", "--category", "CC13", "-o", str(tmp_path)), "CC13", "Did you mean")
    assert not (tmp_path / "self-assessment").exists()


def test_build_includes_the_family(invoke, built: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("build", "--only", "self-assessment", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    made = tmp_path / "self-assessment"
    assert sorted(p.name for p in made.iterdir()) == EXPECTED
    for name in EXPECTED:  # the same bytes as the library call: nothing depends on the run
        assert (made / name).read_bytes() == (built / name).read_bytes(), name


def _pdfjs() -> tuple[str, str]:
    """node and a pdfjs-dist folder (env PDFJS_DIST, or a global npm install), or skip."""
    import os
    import shutil

    node = shutil.which("node")
    candidates = [os.environ.get("PDFJS_DIST", "")]
    if node and shutil.which("npm"):
        root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True).stdout.strip()
        candidates.append(str(Path(root) / "pdfjs-dist"))
    for folder in candidates:
        if node and folder and (Path(folder) / "legacy" / "build" / "pdf.mjs").is_file():
            return node, folder
    reason = "needs node and pdfjs-dist (npm install -g pdfjs-dist@5, or set PDFJS_DIST)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"pdf.js is missing on CI: .ci/run must install it ({reason})")
    pytest.skip(reason)


def test_pdfjs_sees_values_and_a_tooltip_on_every_widget(built: Path, tmp_path: Path) -> None:
    import json

    node, pdfjs = _pdfjs()
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(fill_form(built / EXPECTED[0], {"name": "José Núñez", "supervisor": "Ирина",
                                                       "CC1_1_rating": "NA"}))
    result = subprocess.run([node, str(Path(__file__).parent / "data" / "pdfjs_fields.mjs"), str(filled), pdfjs],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    widgets = json.loads(result.stdout)
    assert all(w["tip"] for ws in widgets.values() for w in ws)  # pdf.js reads /TU per widget
    assert widgets["name"][0]["value"] == "José Núñez" and widgets["supervisor"][0]["value"] == "Ирина"
    rating = widgets["CC1_1_rating"]
    assert all(w["radio"] and w["value"] == "NA" for w in rating)
    assert [w["export"] for w in rating] == ["1", "2", "3", "4", "NA"]
    assert rating[4]["tip"].endswith(": Not yet had the chance / not sure")


def test_overlay_wording_overrides_printed_text(tmp_path: Path) -> None:
    overlay = tmp_path / "words.yaml"
    overlay.write_text('name: Words\nversion: "1"\nwording:\n  selfassess.notes_label: "Example from my week"\n'
                       '  selfassess.instructions: "Take your time; peers say it helps."\n', encoding="utf-8")
    catalog = effective_catalog((str(overlay),))
    pdf = tmp_path / "cc2.pdf"
    pdf.write_bytes(render_category(catalog, catalog.category("CC2")))
    text = " ".join(run_tool("pdftotext", str(pdf), "-").stdout.split())
    assert "Example from my week" in text and "Take your time; peers say it helps." in text
    assert "Notes or an example" not in text
