"""Recognising a formkit self-assessment that was turned into print (no fields, no schema).

"Print to PDF", ``mutool convert``, ``pdftocairo -pdf`` or an office suite's PDF import keep
what the page shows and drop the form: the fields, formkit's schema, often the metadata.
Such a file is not "some other PDF": the person filled our form and sent the wrong copy, and
the useful answer is what to ask them for. It is recognised by what every page of a formkit
self-assessment prints, its footer ("<provenance> · <kind> · formkit <version>", in the
catalogue's wording), or by formkit's Info keys when a converter kept them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..catalog.model import Catalog
from ..documents.selfassess import names

KINDS = (names.FORM_KIND_CATEGORY, names.FORM_KIND_BOOKLET)
PAGES_LOOKED_AT = 2  # the footer is on every page; two pages allow for a cover added by hand
PRINTED = ("a printed copy of a formkit self-assessment (Print to PDF or a converter drops the form "
           "fields): its answers cannot be read")

_KIND = "selfassessment(?:booklet)?"  # names.FORM_KIND_* as normalised below
_SLOTS = {"provenance": r"\w{0,400}?", "kind": _KIND, "version": r"\w{0,40}?"}
_GENERIC = re.compile(_KIND + "formkit")


def is_printed_copy(source: str | Path | bytes, info: dict[str, str], catalog: Catalog) -> bool:
    """True when a field-less PDF names itself a formkit self-assessment (metadata or footer)."""
    if info.get("FormkitKind") in KINDS:
        return True
    try:
        text = _page_text(source)
    except Exception:  # noqa: BLE001 - PDFium cannot read it either: it is not recognisably ours
        return False
    flat = _normalise(text)
    return bool(_GENERIC.search(flat) or _footer_pattern(catalog).search(flat))


def _page_text(source: str | Path | bytes) -> str:
    from ..pdfform.pagebudget import pages_within_budget
    from ..pdfform.pageobjects import open_pdf, page_text

    if not pages_within_budget(source, range(PAGES_LOOKED_AT)):
        return ""
    doc = open_pdf(source)
    try:
        return page_text(doc, range(min(len(doc), PAGES_LOOKED_AT)))
    finally:
        doc.close()


def _normalise(text: str) -> str:
    """Letters and digits only, case-folded: text extraction loses or changes '·', spaces, breaks."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _footer_pattern(catalog: Catalog) -> re.Pattern[str]:
    """The catalogue's footer wording as a pattern over normalised text (an overlay may reword it)."""
    from ..catalog.locale import Wording

    try:
        marked = Wording(catalog)("selfassess.footer", **{k: f"\x00{k}\x00" for k in _SLOTS})
    except Exception:  # noqa: BLE001 - wording an overlay broke: the generic footer still applies
        return _GENERIC
    return _compile(marked)


@lru_cache(maxsize=8)
def _compile(marked: str) -> re.Pattern[str]:
    parts = marked.split("\x00")
    literal = "".join(_normalise(p) for p in parts[0::2])
    if not literal:  # a footer of placeholders only would match any page naming a self-assessment
        return _GENERIC
    pattern = "".join(re.escape(_normalise(p)) if i % 2 == 0 else _SLOTS.get(p, r"\w{0,400}?")
                      for i, p in enumerate(parts))
    return re.compile(pattern)


__all__ = ["PRINTED", "is_printed_copy"]
