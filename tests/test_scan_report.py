"""`formkit scan --report`: collect's summary per scanned form, each handwritten box shown as its
picture (a Figure with alternative text), the typed-answer marker never printed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from scancorpus import as_pdf, fill_page, page_pixels, scanner

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import render_category
from formkit.pdfform.read import read_form


def _figures(pdf: pikepdf.Pdf) -> list[tuple[str, list[float]]]:
    """(alternative text, BBox) of every Figure in the tag tree."""
    found = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                found.append((str(node.get("/Alt", "")), [float(v) for v in node.A.BBox]))
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def _images(pdf: pikepdf.Pdf) -> int:
    return sum(len(page.get_images()) for page in pdf.pages)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """Ana's mini-tool, every group marked and handwriting in some notes, reflection and plan boxes."""
    catalog = effective_catalog()
    pdf = render_category(catalog, catalog.category("CC1"), person="P-ana")
    schema = read_form(pdf).schema
    rng = np.random.default_rng(3)
    images, written = [], set()
    for page in (1, 2, 3):
        filled, truth = fill_page(page_pixels(pdf, page - 1, 200), schema, page, 200, rng, double=0, erased=0,
                                  blank=0)
        images.append(scanner(filled, rng, bw=False))
        written |= truth.written
    path = tmp_path_factory.mktemp("scan") / "ana.pdf"
    path.write_bytes(as_pdf(images, 200))
    return path, written


def test_the_report_shows_each_handwritten_box_as_its_picture(scanned, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, written = scanned
    assert {"CC1_1_notes", "CC1_learn", "CC1_plan1_goal"} <= written  # notes, a reflection, a plan cell
    out = tmp_path / "out"
    result = invoke("scan", str(path), "-o", str(out), "--report")
    assert result.exit_code == 0, result.output
    reports = sorted((out / "reports").glob("summary-*.pdf"))
    assert len(reports) == 1 and reports[0].name.startswith("summary-P-ana"), reports
    crops = sorted((out / "crops").glob("*.png"))
    assert len(crops) == len(written)

    with pikepdf.open(reports[0]) as doc:
        figures = [(alt, box) for alt, box in _figures(doc) if "handwritten" in alt]
        shown_twice = "CC1_support" in written  # support asked for: a conversation starter too, as typed text is
        assert len(figures) == len(written) + shown_twice, figures
        assert _images(doc) >= len(written)
    alts = " | ".join(alt for alt, _box in figures)
    assert "CC1.1 Note: handwritten on the paper form" in alts
    assert "Wants to learn: handwritten" in alts and "Learning plan CC1, Goal: handwritten" in alts
    text = subprocess.run(["pdftotext", "-layout", str(reports[0]), "-"], capture_output=True, text=True,
                          check=True).stdout if shutil.which("pdftotext") else ""
    assert "[handwritten" not in text and "crops/" not in text
    if text:
        assert "Initiates contact with peers" in text and "Wants to learn:" in text

    again = tmp_path / "again"
    assert invoke("scan", str(path), "-o", str(again), "--report").exit_code == 0
    assert (again / "reports" / reports[0].name).read_bytes() == reports[0].read_bytes()  # deterministic


@pytest.mark.parametrize("checker", ["pdfua", "outloud"])
def test_the_scanned_report_passes_the_accessibility_checkers(scanned, invoke, tmp_path: Path, checker: str) -> None:  # type: ignore[no-untyped-def]
    beside = Path(sys.executable).parent / checker
    command = str(beside) if beside.is_file() else shutil.which(checker)
    if command is None:
        pytest.skip(f"needs {checker} (pip install -e '.[test]')")
    path, _ = scanned
    out = tmp_path / "out"
    assert invoke("scan", str(path), "-o", str(out), "--report").exit_code == 0
    report = next((out / "reports").glob("summary-*.pdf"))
    args = ["check", str(report)] if checker == "pdfua" else ["--fail-on", "error", "--no-info", str(report)]
    result = subprocess.run([command, *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stdout or "no findings" in result.stdout, result.stdout
