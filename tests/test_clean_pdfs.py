"""Every PDF formkit writes opens without a warning in MuPDF, qpdf and poppler.

An empty Flate stream shared by every empty text field made MuPDF warn "premature end of data
in flate filter" on every self-assessment; readers that warn are readers that guess.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_tool

APPLICANTS = "id,name\nA1,Ελένη Παπαδοπούλου\nA2,Ирина Петрова\nA3,Zoë Ñúñez-Ølsen Łódź\n"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from click.testing import CliRunner

    from formkit.cli import cli

    out = tmp_path_factory.mktemp("clean")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "-o", str(out / "build")]).exit_code == 0
    (out / "cohort.csv").write_text(APPLICANTS, encoding="utf-8")
    result = runner.invoke(cli, ["checklist", "--applicants", str(out / "cohort.csv"), "-o", str(out / "batch")])
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 13 + 1 + 3
    return pdfs


def test_mupdf_qpdf_and_poppler_print_no_warning(written: list[Path]) -> None:
    for pdf in written:
        # -N: this build of MuPDF warns "ICC support is not available" for every file otherwise.
        mutool = run_tool("mutool", "draw", "-q", "-N", "-o", "/dev/null", str(pdf))
        assert mutool.stderr.strip() == "", (pdf.name, mutool.stderr[:500])
        qpdf = run_tool("qpdf", "--check", str(pdf))
        assert "WARNING" not in qpdf.stdout + qpdf.stderr, (pdf.name, qpdf.stdout[-500:])
        poppler = run_tool("pdftotext", str(pdf), "/dev/null")
        assert poppler.stderr.strip() == "", (pdf.name, poppler.stderr[:500])
