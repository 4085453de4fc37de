"""The pages of one filled paper form as one collect Response (the same rows as a filled PDF's).

The answers go through collect's own mapping from the form's schema (formkit.collect.read), so a
scanned form and a filled PDF give the same columns, statements and labels. Handwriting is not
read: a writing box with ink in it says "[handwritten: crops/…png]", the crop beside the answers;
a doubtful group is left blank and named in the response's warnings ("needs review").
"""

from __future__ import annotations

import re
from pathlib import Path

from ..catalog.model import Catalog
from ..collect.handwritten import marker
from ..collect.read import Response, map_values
from ..collect.verify import UNVERIFIED
from .marks import ANSWER, REVIEW
from .read import ScannedPage

PERSON_ID = "person_id"


def crop_name(crops: str, page: ScannedPage, field: str, review: bool = False) -> str:
    """Where a page's crop is written, relative to the output folder (unique per scanned page)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(page.file).stem)[:60] or "scan"
    return f"{crops}/{'review/' if review else ''}{stem}-p{page.number:03d}-{field}.png"


def describe(pages: list[ScannedPage]) -> str:
    """The response's file column: each scan file with the pages read from it."""
    by_file: dict[str, list[str]] = {}
    for p in pages:
        by_file.setdefault(p.file, []).append(str(p.number))
    return "; ".join(f"{file} (page {', '.join(numbers)})" for file, numbers in by_file.items())


def decided(pages: list[ScannedPage]) -> tuple[dict[str, str], list[str]]:
    """Over one form's pages: the answers its marks decided, and a warning per mark sent to review."""
    values: dict[str, str] = {}
    warnings: list[str] = []
    for page in pages:
        for decision in page.decisions:
            if decision.outcome == ANSWER:
                values[decision.field] = decision.value
            elif decision.outcome == REVIEW:
                warnings.append(f"needs review: {decision.field} on page {page.page} ({decision.reason})")
    return values, warnings


def response_of(pages: list[ScannedPage], catalog: Catalog, crops: str) -> Response:
    """One Response from the (registered) pages of one filled form."""
    form = pages[0].form
    code = pages[0].code
    assert form is not None and code is not None
    values, warnings = decided(pages)
    for page in pages:
        for name in page.crops:
            values[name] = marker(crop_name(crops, page, name))
    have = {p.page for p in pages}
    missing = [str(n) for n in range(1, form.count + 1) if n not in have]
    if missing:
        warnings.append(f"page {', '.join(missing)} of the form not found in the scans")
    labels, identity, ratings, reflections, plan = map_values(form.schema, values, warnings)
    if code.person:
        identity[PERSON_ID] = code.person
    rater = form.schema.get("rater")
    if rater and rater != "self":
        identity["rater"] = rater
    return Response(
        file=describe(pages), kind=form.schema.get("kind", ""), catalog_id=code.catalog_id,
        catalog_version=code.version, fingerprint=code.fingerprint, identity=identity,
        ratings=list(ratings.values()), reflections=reflections,
        plan=[r for r in plan.values() if any((r.goal, r.steps, r.support, r.date))],
        scale=[{"value": v, "label": lab} for v, lab in labels.items()],
        categories=[{"id": c["id"], "title": c.get("title", "")} for c in form.schema.get("categories", [])],
        warnings=warnings, form_check=UNVERIFIED)


__all__ = ["crop_name", "describe", "response_of"]
