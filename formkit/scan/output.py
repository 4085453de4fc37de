"""What `formkit scan` writes: collect's responses.csv and responses.json (with a source column),
the crops of handwriting, and review.html for the marks a person must look at.

Every file is written whole or not at all (formkit.runtime.outputs.write_atomic). The crops are
written as the pages are read (:class:`CropWriter`), so a long batch holds no pictures; the CSV,
the JSON and the review sheet at the end. The same scans give the same bytes.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from ..collect import to_csv
from ..runtime.outputs import write_atomic
from . import SOURCE, ScanResult
from .assemble import crop_name
from .read import ScannedPage

CROPS = "crops"


class CropWriter:
    """Writes a read page's crops under the output folder and lets go of their bytes."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def __call__(self, page: ScannedPage) -> None:
        for name, data in page.crops.items():
            write_atomic(self.out_dir / crop_name(CROPS, page, name), data)
        for name, data in page.review_crops.items():
            write_atomic(self.out_dir / crop_name(CROPS, page, name, review=True), data)
        page.crops = dict.fromkeys(page.crops, b"")
        page.review_crops = dict.fromkeys(page.review_crops, b"")


def write_outputs(result: ScanResult, out_dir: Path) -> list[str]:
    """responses.csv, responses.json and review.html in ``out_dir``; returns the names written."""
    write_atomic(out_dir / "responses.csv", to_csv(result.responses, source=SOURCE).encode("utf-8"))
    items = [_json_item(resp, copy.pages) for resp, copy in zip(result.responses, result.copies)]
    write_atomic(out_dir / "responses.json", (json.dumps(items, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    write_atomic(out_dir / "review.html", review_sheet(result).encode("utf-8"))
    if not result.checklists:
        return ["responses.csv", "responses.json", "review.html"]
    from .checklist_out import checklists_csv, eligibility_csv

    write_atomic(out_dir / "checklists.csv", checklists_csv(result.checklists).encode("utf-8"))
    write_atomic(out_dir / "eligibility.csv", eligibility_csv(result.checklists).encode("utf-8"))
    return ["responses.csv", "responses.json", "review.html", "checklists.csv", "eligibility.csv"]


def _json_item(resp: Any, pages: list[ScannedPage]) -> dict[str, Any]:
    """collect's response object, plus where it came from: the scan pages, the crops, the review."""
    item: dict[str, Any] = resp.to_json()
    item["source"] = SOURCE
    item["pages"] = [{"file": p.file, "page_in_file": p.number, "form_page": p.page} for p in pages]
    item["crops"] = {name: crop_name(CROPS, p, name) for p in pages for name in sorted(p.crops)}
    item["review"] = [{"field": d.field, "form_page": p.page, "reason": d.reason,
                       "crop": crop_name(CROPS, p, d.field, review=True)}
                      for p in pages for d in p.decisions if d.reason]
    return item


def review_sheet(result: ScanResult) -> str:
    """One HTML page: each doubtful mark with its crop (the whole row of circles), then the pages
    that could not be read, each with its reason."""
    rows = []
    for copy in result.copies:
        for page in copy.pages:
            for d in page.decisions:
                if d.reason:
                    crop = crop_name(CROPS, page, d.field, review=True)
                    rows.append(f"<tr><td>{escape(page.file)}<br>page {page.number}</td><td>{escape(d.field)}</td>"
                                f"<td>{escape(d.reason)}</td><td><img src=\"{escape(crop)}\" alt=\"the marks of "
                                f"{escape(d.field)} as scanned\"></td><td></td></tr>")
    problems = [f"<tr><td>{escape(file)}</td><td>{number or 'the file'}</td><td>{escape(reason)}</td></tr>"
                for file, number, reason in result.problems]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Scanned forms: to review</title>"
        "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid "
        "#888;padding:.3em .5em;vertical-align:top;text-align:left}img{max-width:40em}</style></head><body>\n"
        f"<h1>Scanned forms: to review</h1>\n<p>{len(rows)} mark(s) need a person to decide: formkit does not "
        "guess. Write the answer in the last column, then enter it in responses.csv.</p>\n"
        "<table><thead><tr><th scope=\"col\">Scan</th><th scope=\"col\">Field</th><th scope=\"col\">Why</th>"
        "<th scope=\"col\">As scanned</th><th scope=\"col\">Answer</th></tr></thead><tbody>\n"
        + "\n".join(rows) + "\n</tbody></table>\n" + _checklists(result) +
        f"<h2>Pages not read</h2>\n<p>{len(problems)} page(s) or file(s) could not be read.</p>\n"
        "<table><thead><tr><th scope=\"col\">File</th><th scope=\"col\">Page</th><th scope=\"col\">Why</th></tr>"
        "</thead><tbody>\n" + "\n".join(problems) + "\n</tbody></table>\n</body></html>\n")


def _checklists(result: ScanResult) -> str:
    from .checklist_out import review_section

    return review_section(result.checklists) if result.checklists else ""


__all__ = ["CROPS", "CropWriter", "review_sheet", "write_outputs"]
