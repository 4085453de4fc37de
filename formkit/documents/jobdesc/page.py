"""What surrounds a job description's text: page header (the shared letterhead), footer (role,
provenance, page numbers), document properties, and the accent colour.

The organization's identity comes from the overlay through the resolved Context (the logo's
bytes were read by ``formkit.context.resolve``); nothing here reads a file. The page header is
:mod:`formkit.documents.letterhead`, the checklists' own, so a job description shows the same
name, address, contact, logo and accent rule as every other family. The accent colour also
recolours the title and headings in formkit's own template, while an organization's own
template keeps its styles.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...catalog.model import Catalog
from ...context.roles import Role, default_template
from ...catalog.language import translation_notice, with_notice
from ...docxfile import add_field, set_core_properties
from ..letterhead import add_docx, letterhead
from .writer import Writer

if TYPE_CHECKING:
    from ...context import Context

ACCENTED_STYLES = ("Title", "Heading 1", "Heading 2")


def set_properties(document: Any, catalog: Catalog, role: Role, w: Writer) -> None:
    """Title, author, subject, keywords and language: what File > Info and search tools show."""
    values = {
        "title": w.text("jobdesc.properties_title", title=role.title),
        "author": catalog.organisation.name or w.text("jobdesc.properties_author"),
        "subject": with_notice(w.text("jobdesc.properties_subject", catalogue=catalog.title),
                               translation_notice(catalog, w.words)),
        "comments": catalog.provenance,
        "keywords": ", ".join(cat.id for cat, _ in role.groups),
        "category": w.text("jobdesc.document_kind"),
        "language": catalog.language,
    }
    values["last_modified_by"] = values["author"]
    set_core_properties(document, values)
    document.core_properties.revision = 1


def accent_hex(catalog: Catalog) -> str:
    """The overlay's accent colour as Word writes it (RRGGBB, no '#')."""
    return catalog.organisation.accent_colour.lstrip("#").upper()


def apply_accent(document: Any, role: Role, accent: str) -> None:
    """Recolour the title and headings, but only in formkit's own template (a house template's
    styles are the organization's choice)."""
    from docx.shared import RGBColor

    if role.template != default_template():
        return
    for name in ACCENTED_STYLES:
        document.styles[name].font.color.rgb = RGBColor.from_string(accent)


def header_and_footer(document: Any, context: Context, role: Role, w: Writer) -> None:
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    _header(document, context, w, width)
    _footer(document, context.catalog, role, w, width)


def _header(document: Any, context: Context, w: Writer, width: int) -> None:
    """The organization's letterhead on every page, the checklist's component: name, address and
    contact, logo and accent rule. Without an organization the name is the header block's marked
    placeholder, so a sample never passes for an employer's own document."""
    header = document.sections[0].header
    header.is_linked_to_previous = False
    blank = header.paragraphs[0]._p  # the new header's empty paragraph would sit above the letterhead
    add_docx(header, letterhead(context, fallback=w.words("jobdesc.placeholder.organisation")), width)
    blank.getparent().remove(blank)


def _footer(document: Any, catalog: Catalog, role: Role, w: Writer, width: Any) -> None:
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    _right_tab_only(paragraph, document.styles["Footer"], width)
    paragraph.add_run(w.text("jobdesc.footer", title=role.title, provenance=catalog.provenance) + "\t")
    # "Page {page} of {pages}" with real fields where the placeholders are
    for part in re.split(r"(\{page\}|\{pages\})", w.words("common.page_of")):
        if part == "{page}":
            add_field(paragraph, "PAGE")
        elif part == "{pages}":
            add_field(paragraph, "NUMPAGES")
        elif part:
            paragraph.add_run(part)


def _right_tab_only(paragraph: Any, style: Any, width: Any) -> None:
    """A single right-aligned tab at the text's edge, whatever tabs the template's style sets."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    tabs = paragraph.paragraph_format.tab_stops
    for stop in style.paragraph_format.tab_stops:
        if abs(stop.position - width) > 100:
            tabs.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
