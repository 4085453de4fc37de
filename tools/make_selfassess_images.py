"""Render the self-assessment pictures in docs/images from the default catalogue, filled in.

    python tools/make_selfassess_images.py      # needs poppler's pdftoppm

Page 1 of the CC1 mini-tool, and the booklet page where CC1's reflection and learning plan
end and CC2 begins, each filled with answers as long as their boxes accept, so the pictures
show what a printout of a filled form looks like.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import render_booklet, render_category
from formkit.pdfform.fill import fill_form

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
DPI = 80  # 680 x 880 pixels for a Letter page, like the other pictures

ANSWERS = {
    "name": "José Núñez", "role": "Peer recovery coach", "program": "Nguyễn Thị Center",
    "date": "2026-11-23", "supervisor": "Ирина Петрова", "round": "baseline", "CC1_1_rating": "3",
    "CC1_1_notes": ("Greeted two new members at the drop-in centre and asked what brought them in; one came "
                    "back the next week and asked for me. I want to try this at the shelter too."),
    "CC1_5_rating": "2", "CC1_strengths": "Listening without judging; people say they feel at ease with me.",
    "CC1_learn": "Motivational interviewing, and how to follow up after a first meeting.",
    "CC1_support": "Shadow a senior coach at two first meetings.",
    "CC1_plan1_goal": "Take the motivational interviewing course", "CC1_plan1_steps": "Enrol in the spring course",
    "CC1_plan1_support": "Training budget; time off the floor", "CC1_plan1_date": "2027-03-31",
}


def render(pdf: bytes, page: int, out: Path) -> None:
    """Page ``page`` (from 1) of ``pdf`` as ``out`` (PNG)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "form.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
                        str(src), str(out.with_suffix(""))], check=True, timeout=120)


def main() -> int:
    catalog = effective_catalog(())
    mini = fill_form(render_category(catalog, catalog.categories[0]), ANSWERS)
    render(mini, 1, IMAGES / "self-assessment-page1.png")
    booklet = fill_form(render_booklet(catalog), ANSWERS)
    render(booklet, 3, IMAGES / "self-assessment-booklet-page3.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
