"""Render the job-description pictures in docs/images/ the way HR would see them.

Each shipped role is rendered with the example agency overlay (Riverbend), converted by
LibreOffice (``formkit.documents.jobdesc.pdf.docx_to_pdf``) and drawn with poppler's pdftoppm at
80 dpi: page 1 of every role, and pages 2 and 3 of the Peer Support Specialist (the rest of its
duties, the CCSA requirements with the source's level definitions, the qualifications). Needs
LibreOffice and poppler-utils. Run from the repository root::

    python3 tools/make_jobdesc_images.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from formkit.catalog.effective import effective_catalog  # noqa: E402
from formkit.documents.jobdesc import render_job_description, role_ids  # noqa: E402
from formkit.documents.jobdesc.pdf import docx_to_pdf  # noqa: E402

IMAGES = ROOT / "docs" / "images"
OVERLAY = ROOT / "templates" / "overlays" / "example-agency.yaml"
DPI = 80
EXTRA_PAGES = {"peer-support-specialist": (2, 3)}
FIRST_PAGE_NAME = {"peer-support-specialist": "job-description-page1.png"}  # the README's picture


def draw_page(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(stem)], check=True)


def main() -> None:
    catalog = effective_catalog([str(OVERLAY)])
    with tempfile.TemporaryDirectory() as tmp:
        for role_id in role_ids(catalog):
            pdf = Path(tmp) / f"{role_id}.pdf"
            pdf.write_bytes(docx_to_pdf(render_job_description(catalog, role_id), role_id))
            first = IMAGES / FIRST_PAGE_NAME.get(role_id, f"job-description-{role_id}-page1.png")
            draw_page(pdf, 1, first)
            print(f"wrote {first.relative_to(ROOT)}")
            for page in EXTRA_PAGES.get(role_id, ()):
                target = IMAGES / f"job-description-{role_id}-page{page}.png"
                draw_page(pdf, page, target)
                print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
