"""Paper forms read back by `formkit scan` into the answer store, as `formkit collect --db` stores
filled PDFs: the same rows (formkit.store.storable), with source "scan".

What is stored, and what is not:

* Each form is stored once. Its key is the sha256 of the scan files its pages came from, with the
  page of each file: scanning the same files again adds nothing, and the many people in one pile
  of scans are each their own form.
* A mark sent to review (two marks, an erasure, a faint mark) is never stored as an answer: the
  competency is stored as not rated, and the form is stored with a warning naming what to
  decide. The clear marks of the same form are kept: a person's other answers are not lost over
  one doubtful circle. Once decided, the form's PDF filled on screen and collected with --db
  is stored as the next version, which the reports and carry-forward then use.
* A form with a page missing (not in the scans, or not readable) is not stored: storing it would
  record the missing page's competencies as not rated, and that page scanned later would become
  a version of its own holding only that page.
* A writing box with handwriting in it (a plan, a reflection, a competency's notes) is stored as
  its crop's picture, not as the crop's path (formkit.store.handwriting): later documents draw it.
* A form printed without a person (a blank form) is not stored: its name is handwriting, which
  formkit does not read, so nothing says whose it is. Forms printed with
  `formkit selfassess --person ID` carry the person's id in their codes.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog.model import Catalog
from ..collect.handwritten import crop_path
from .handwriting import Reader, lifted
from .ingest import CHECKLIST_NOT_STORED
from .storable import Storable, file_hash, statements_of, storable

if TYPE_CHECKING:
    from ..collect.read import Response
    from ..scan import Copy, ScanResult
    from .ingest import Ingester

SOURCE = "scan"
NO_PERSON = ("printed without a person, so whose it is cannot be told (formkit does not read handwritten "
             "names): print the forms with formkit selfassess --person ID for scan --db, or fill the PDF on "
             "screen and collect it with --db")
MISSING = ("page {pages} of the form was not read from the scans: not stored, so the answers of that page are "
           "not recorded as blank; scan the whole form again")
IN_REVIEW = ("stored without the {count} answer(s) in review ({fields}): decide them in review.html, then fill "
             "the form's PDF on screen and collect it with --db (stored as the next version)")


def store_scanned(ingester: Ingester, result: ScanResult, catalog: Catalog, read_crop: Reader) -> None:
    """Hand ``ingester`` every scanned form that can be stored; the others are its report's failures.
    ``read_crop`` gives a crop's PNG bytes by the path its marker names (formkit scan wrote the crops
    under its output folder as it read the pages), kept in the store as the handwriting's picture."""
    statements = statements_of(catalog)
    hashes: dict[str, str] = {}
    for response, copy in zip(result.responses, result.copies):
        reason = _not_storable(response, copy)
        if reason:
            ingester.report.failures.append((response.file, reason))
            continue
        form = storable(response, statements, scan_digest(copy, hashes), SOURCE)
        # a pre-filled name, program or date prints in its box and is cropped like handwriting: the store keeps
        # what it knows of the person rather than a picture's file name
        form = replace(form, identity={key: value for key, value in form.identity.items() if not crop_path(value)})
        form = lifted(form, read_crop)
        doubtful = [d.field for page in copy.pages for d in page.decisions if d.reason]
        if doubtful:
            note = IN_REVIEW.format(count=len(doubtful), fields=", ".join(doubtful[:6])
                                    + (", …" if len(doubtful) > 6 else ""))
            form = _with_note(form, note)
        ingester.add(form)
    for checklist in result.checklists:  # as collect --db says of a filled checklist
        ingester.report.warnings.append((checklist.response.file, CHECKLIST_NOT_STORED))


def _not_storable(response: Response, copy: Copy) -> str:
    form = copy.pages[0].form
    assert form is not None
    have = {page.page for page in copy.pages}
    missing = [str(n) for n in range(1, form.count + 1) if n not in have]
    if missing:
        return MISSING.format(pages=", ".join(missing))
    if not response.identity.get("person_id"):
        return NO_PERSON
    return ""


def scan_digest(copy: Copy, hashes: dict[str, str]) -> str:
    """The form's key in the store: the sha256 of each scan file it came from and its pages there
    (``hashes`` keeps each file's hash, so a pile of many forms is hashed once)."""
    parts = []
    for page in copy.pages:
        if page.file not in hashes:
            hashes[page.file] = file_hash(Path(page.file))
        parts.append(f"{hashes[page.file]}:{page.number}")
    return hashlib.sha256(("scan\n" + "\n".join(parts)).encode()).hexdigest()


def _with_note(form: Storable, note: str) -> Storable:
    return replace(form, notes=(*form.notes, note))


__all__ = ["SOURCE", "scan_digest", "store_scanned"]
