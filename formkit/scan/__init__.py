"""`formkit scan`: printed forms filled with a pen, scanned, read back as the same data as `collect`.

Library use::

    from formkit.scan import scan
    result = scan(["scans/"], catalog, crops="crops")   # ScanResult(responses, pages, problems)

Every page is found by its QR code and registered from its corner squares (formkit.scan.locate),
its circles are read (formkit.scan.marks), and the pages are put together into one response per
filled form: the pages of a pre-filled form by the person id in their code, whatever the order
of the pile; the pages of a blank form printed without a person by their order in the scan
(page 1, 2, 3 of the same form one after the other), since nothing else says whose they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog.model import Catalog
from ..collect.read import Response
from .forms import Forms
from .pages import BadPage, find_scans, read_pages
from .read import ScannedPage, read_page

if TYPE_CHECKING:
    from .checklist import ScannedChecklist

SOURCE = "scan"


@dataclass
class Copy:
    """The pages of one filled form, as they were grouped."""

    pages: list[ScannedPage] = field(default_factory=list)


@dataclass
class ScanResult:
    responses: list[Response] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)  # the pages behind each response, in the same order
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # (file, page or 0, one-line reason)
    checklists: list[ScannedChecklist] = field(default_factory=list)  # certification checklists (scan.checklist)


def scan(paths: Iterable[str], catalog: Catalog, *, crops: str = "crops",
         progress: Callable[[str], None] | None = None,
         keep: Callable[[ScannedPage], None] | None = None) -> ScanResult:
    """Read every page of every scan file; a bad page is a problem, the rest are read.

    ``crops`` is the folder name the responses refer to their crops under; ``keep(page)`` is called
    as each page is read (formkit.scan.output.CropWriter writes its crops then, and drops them).
    """
    from .assemble import response_of
    from .checklist import checklist_of, is_checklist

    forms = Forms(catalog)
    copies: list[Copy] = []
    result = ScanResult()
    open_by_person: dict[tuple[str, str], Copy] = {}
    for path in find_scans(list(paths)):
        last: Copy | None = None
        for page in read_pages(Path(path)):
            if progress is not None:
                progress(f"{page.file} page {page.number}")
            if isinstance(page, BadPage):
                result.problems.append((page.file, page.number, page.reason))
                continue
            scanned = read_page(page, forms)
            del page  # the picture is not kept: memory stays flat over a long batch
            if keep is not None:
                keep(scanned)
            if scanned.problem:
                result.problems.append((scanned.file, scanned.number, scanned.problem))
                last = None
                continue
            last = _file_page(scanned, copies, open_by_person, last)
    for copy in copies:
        if is_checklist(copy.pages):
            result.checklists.append(checklist_of(copy.pages, catalog, crops))
            continue
        result.responses.append(response_of(copy.pages, catalog, crops))
        result.copies.append(copy)
    return result


def _file_page(page: ScannedPage, copies: list[Copy], by_person: dict[tuple[str, str], Copy],
               last: Copy | None) -> Copy:
    """Put a read page with the other pages of its filled form; return the copy it joined."""
    assert page.code is not None
    if page.code.person:
        key = (page.code.form, page.code.person)
        copy = by_person.get(key)
        if copy is None or any(p.page == page.page for p in copy.pages):  # the same page again: another copy
            copy = by_person[key] = Copy()
            copies.append(copy)
    else:
        previous = last.pages[-1] if last is not None and last.pages else None
        follows = (previous is not None and previous.code is not None and not previous.code.person
                   and previous.code.form == page.code.form and page.page == previous.page + 1)
        if page.code.form.startswith("C.") and last is not None:  # a checklist's pages: any order, till one repeats
            follows = (previous is not None and previous.code == page.code
                       and all(p.page != page.page for p in last.pages))
        if follows and last is not None:
            copy = last
        else:
            copy = Copy()
            copies.append(copy)
    copy.pages.append(page)
    copy.pages.sort(key=lambda p: p.page)
    return copy


__all__ = ["SOURCE", "Copy", "ScanResult", "scan"]
