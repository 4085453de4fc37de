"""How fast `formkit scan` reads 200-dpi scans (issue 22: >= 10 pages/s per core). Not a test:
numbers depend on the machine.

    python benchmarks/scan_bench.py                 # 4 mini-tools x 3 pages, twice over: 24 pages
    python benchmarks/scan_bench.py --copies 10 --bw
    python benchmarks/scan_bench.py --checklists 2     # and two filled 9-page certification checklists

The scans are made first (tests/scancorpus.py: filled, turned, blurred, JPEG'd, a third upside
down) and written as one PDF of scans, as a scanner's "scan to PDF" does. Then the PDF is read as
`formkit scan` reads it, once to warm up (drawing each blank form once: that is per run, not per
page), then timed. The figure is CPU seconds of this process (time.process_time), not the wall
clock: the machine is shared, and a page's CPU time is what one core spends on it. Drawing the
PDF's pages (PDFium) is timed apart from reading them (formkit.scan), so both costs show.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def make_scans(folder: Path, copies: int, bw: bool, checklists: int = 0) -> Path:
    """A PDF of ``copies`` filled copies of four mini-tools (and ``checklists`` filled certification
    checklists), scanned at 200 dpi."""
    import numpy as np
    from scancorpus import as_pdf, fill_checklist_page, fill_page, page_pixels, scanner

    from formkit.documents.checklist import blank_pdf

    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_category
    from formkit.pdfform.read import read_form

    catalog = effective_catalog()
    rng = np.random.default_rng(10)
    images = []
    for category in ("CC1", "CC4", "CC7", "CC10"):
        pdf = render_category(catalog, catalog.category(category))
        schema = read_form(pdf).schema or {}
        pages = 1 + max(f["page"] for f in schema["fields"])
        for _ in range(copies):
            for page in range(1, pages + 1):
                filled, _truth = fill_page(page_pixels(pdf, page - 1, 200), schema, page, 200, rng)
                images.append(scanner(filled, rng, bw=bw, upside_down=rng.random() < 0.33))
    if checklists:
        pdf = blank_pdf(catalog)
        schema = read_form(pdf).schema or {}
        for _ in range(checklists):
            for page in range(1, 1 + max(f["page"] for f in schema["fields"]) + 1):
                filled, _truth = fill_checklist_page(page_pixels(pdf, page - 1, 200), schema, page, 200, rng)
                images.append(scanner(filled, rng, bw=bw, upside_down=rng.random() < 0.33))
    path = folder / "scans.pdf"
    path.write_bytes(as_pdf(images, 200))
    return path


def measure(path: Path) -> dict[str, float]:
    """CPU seconds to draw the PDF's pages and to read them; pages read and not read; of those, the
    checklist pages and the CPU seconds spent reading them."""
    from formkit.catalog.effective import effective_catalog
    from formkit.scan.forms import Forms
    from formkit.scan.pages import Page, read_pages
    from formkit.scan.read import read_page

    forms = Forms(effective_catalog())
    for page in read_pages(path):  # warm up: each blank form drawn once
        if isinstance(page, Page):
            read_page(page, forms)
    draw = read = checklist_read = 0.0
    done = failed = checklist_pages = 0
    pages = read_pages(path)
    while True:
        start = time.process_time()
        page = next(pages, None)
        draw += time.process_time() - start
        if page is None:
            break
        if not isinstance(page, Page):
            failed += 1
            continue
        start = time.process_time()
        result = read_page(page, forms)
        spent = time.process_time() - start
        read += spent
        if result.code is not None and result.code.form.startswith("C."):
            checklist_pages += 1
            checklist_read += spent
        done += 0 if result.problem else 1
        failed += 1 if result.problem else 0
    return {"draw_s": draw, "read_s": read, "pages": done, "failed": failed, "checklist_pages": checklist_pages,
            "checklist_read_s": checklist_read}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=2, help="filled copies of each of the four mini-tools")
    parser.add_argument("--bw", action="store_true", help="black-and-white (1-bit) scans instead of grey JPEG")
    parser.add_argument("--checklists", type=int, default=0, help="filled certification checklists (9 pages each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = make_scans(Path(folder), args.copies, args.bw, args.checklists)
        m = measure(path)
    cpu = m["draw_s"] + m["read_s"]
    rate = m["pages"] / cpu if cpu else 0.0
    print(f"{m['pages']:.0f} pages read, {m['failed']:.0f} not read; CPU {cpu:.2f} s "
          f"(drawing the PDF {m['draw_s']:.2f} s, reading {m['read_s']:.2f} s): {rate:.1f} pages/s per core "
          f"(goal >= 10): {'met' if rate >= 10 else 'missed'}")
    if m["checklist_pages"]:
        share = m["draw_s"] * m["checklist_pages"] / max(m["pages"] + m["failed"], 1)  # drawing: per page alike
        checklist_rate = m["checklist_pages"] / (m["checklist_read_s"] + share)
        print(f"  of which {m['checklist_pages']:.0f} checklist pages: reading {m['checklist_read_s']:.2f} s: "
              f"{checklist_rate:.1f} pages/s per core (goal >= 10): {'met' if checklist_rate >= 10 else 'missed'}")


if __name__ == "__main__":
    main()
