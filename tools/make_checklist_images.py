"""Render docs/images/checklist-page1.png, checklist-signatures.png and checklist-docx-page1.png:
the example agency's IC&RC Peer Recovery checklist, as `formkit checklist` writes it.

Run ``python3 tools/make_checklist_images.py`` (needs pdftoppm, and LibreOffice for the Word
page) after changing the checklist's look, and commit the images. Page 1 is a pre-filled
applicant's checklist with the first category verified and rated by an evaluator (filled with
pypdf, as a board's staff might); the signatures page and the Word page are the blank's. The
same every run.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from formkit.pdfform.fill import fill_form  # noqa: E402

OVERLAY = ROOT / "templates" / "overlays" / "example-agency.yaml"
APPLICANT = "id,name,organisation,credential\nA-001,José Núñez,Riverbend Recovery Community Center,IC&RC Peer Recovery (PR)\n"
RATINGS = {"CC1_1": "MEETS", "CC1_2": "MEETS", "CC1_3": "PROGRESS", "CC1_4": "MEETS", "CC1_5": "MEETS"}
DPI = "80"  # 680 x 880 pixels for a Letter page


def formkit(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "formkit", *args], check=True, capture_output=True)


def page_png(pdf: Path, page: int, target: Path) -> None:
    """Page ``page`` (1-based; -1 the last) of ``pdf`` as ``target``."""
    if page < 0:
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        page = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", DPI, "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
                   check=True)


def main() -> None:
    images = ROOT / "docs" / "images"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "cohort.csv").write_text(APPLICANT, encoding="utf-8")
        common = ["-O", str(OVERLAY), "--board", "icrc-pr"]
        formkit("checklist", *common, "--applicants", str(work / "cohort.csv"), "-o", str(work / "cohort"))
        formkit("checklist", *common, "-o", str(work / "blank"))
        values = {}
        for item, rating in RATINGS.items():
            values.update({f"r_{item}": rating, f"v_{item}_observation": "Yes", f"d_{item}": "2026-11-20",
                           f"i_{item}": "MK"})
        prefilled = next((work / "cohort").rglob("A-001*.pdf"))
        filled = work / "filled.pdf"
        filled.write_bytes(fill_form(prefilled, values))
        page_png(filled, 1, images / "checklist-page1.png")
        blank = next((work / "blank").rglob("*.pdf"))
        page_png(blank, -1, images / "checklist-signatures.png")
        docx = next((work / "blank").rglob("*.docx"))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                       check=True, capture_output=True)
        page_png(work / docx.with_suffix(".pdf").name, 1, images / "checklist-docx-page1.png")
    print("wrote docs/images/checklist-page1.png, checklist-signatures.png, checklist-docx-page1.png")


if __name__ == "__main__":
    main()
