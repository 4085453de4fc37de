"""Render one role into a Word job description: catalogue + role in, .docx bytes out.

All look comes from the template's styles (headings, body, List Bullet, List Number,
Table Grid, Header, Footer); this module only chooses which style each paragraph uses, so an
organisation restyles every job description by giving its own template. Traceability: each
duty shows its competency code, and carries a bookmark ``duty_<code>`` (dots as underscores,
e.g. ``duty_CC1_2``) that tools can find without parsing the text.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from ...catalog.locale import Wording
from ...catalog.model import Catalog
from ...context.roles import Role
from ...context.template import REQUIRED_STYLES, open_template  # noqa: F401 - REQUIRED_STYLES: tools and tests read it here
from ...docxfile import ListRestarter, add_field, deterministic_docx, set_core_properties

if TYPE_CHECKING:
    from ...context import Context

LOGO_HEIGHT_MM = 12
HEADER_FIELDS = ("title", "organisation", "program", "reports_to", "supervises", "flsa", "schedule", "location",
                 "pay_range")


def bookmark_name(competency_id: str) -> str:
    """The bookmark a duty carries: Word allows letters, digits and '_' (40 at most)."""
    return ("duty_" + re.sub(r"[^A-Za-z0-9]", "_", competency_id))[:40]


class _Writer:
    """Collects the body as WordprocessingML text and parses it once at the end.

    python-docx's object API costs about 0.1 ms per call and a job description needs thousands;
    writing the few element kinds used here (w:p, w:r, w:t, w:tbl) as escaped text and parsing
    them in one go is an order of magnitude faster, and gives the same markup.
    """

    def __init__(self, document: Any, words: Wording) -> None:
        self.doc = document
        self.words = words
        self.bookmarks = 0
        self._style_ids: dict[str, str] = {}
        self._parts: list[str] = []

    def text(self, key: str, **values: str) -> str:
        """Locale text with role/catalogue values put in after terminology (never substituted twice)."""
        from ...catalog.locale import fill

        template = self.words(key)
        return fill(template, values, key=key, path=self.words.origin(key))

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = _attr(self.doc.styles[name].style_id)
        return self._style_ids[name]

    def paragraph(self, runs: list[tuple[str, bool]], style: str = "Normal", *, num_id: int | None = None,
                  keep_next: bool = False, space_before_twips: int | None = None, bookmark: str = "") -> None:
        out = [f'<w:p><w:pPr><w:pStyle w:val="{self.style_id(style)}"/>']
        if keep_next:
            out.append("<w:keepNext/>")
        if num_id is not None:
            out.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
        if space_before_twips is not None:
            out.append(f'<w:spacing w:before="{space_before_twips}"/>')
        out.append("</w:pPr>")
        if bookmark:
            self.bookmarks += 1
            out.append(f'<w:bookmarkStart w:id="{self.bookmarks}" w:name="{_attr(bookmark)}"/>')
        out.extend(_run(text, bold) for text, bold in runs)
        if bookmark:
            out.append(f'<w:bookmarkEnd w:id="{self.bookmarks}"/>')
        out.append("</w:p>")
        self._parts.append("".join(out))

    def para(self, text: str, style: str = "Normal", **options: Any) -> None:
        self.paragraph([(text, False)], style, **options)

    def heading(self, key: str, level: int = 1) -> None:
        self.para(self.words(f"jobdesc.heading.{key}"), f"Heading {level}")

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.para(item, "List Bullet")

    def table(self, rows: list[list[str]], widths_mm: list[float], header_row: bool) -> None:
        widths = [round(mm * 56.6929) for mm in widths_mm]  # twentieths of a point
        # tblLook: which conditional formats of the table style apply (header row, or label column)
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style_id("Table Grid")}"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
               f'<w:tblLook w:val="{"0420" if header_row else "0480"}"/></w:tblPr><w:tblGrid>']
        out.extend(f'<w:gridCol w:w="{width}"/>' for width in widths)
        out.append("</w:tblGrid>")
        for r, values in enumerate(rows):
            head = header_row and r == 0
            out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if head else "<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for c, value in enumerate(values):
                # bold also set directly: LibreOffice ignores a table style's bold
                bold = head or (not header_row and c == 0)
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr><w:p>'
                           f'{_run(value, bold) if value else ""}</w:p></w:tc>')
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self._parts.append("".join(out))

    def finish(self) -> None:
        """Parse what was written and put it in the body, before the section properties."""
        from docx.oxml import parse_xml

        fragment = parse_xml(f'<w:body xmlns:w="{_W}">{"".join(self._parts)}</w:body>')
        body = self.doc.element.body
        end = body.find(_qn("w:sectPr"))
        for child in list(fragment):
            if end is not None:
                end.addprevious(child)
            else:
                body.append(child)
        self._parts = []


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def _text(value: str) -> str:
    return _NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _run(text: str, bold: bool) -> str:
    out = ["<w:r>", "<w:rPr><w:b/></w:rPr>" if bold else ""]
    for i, piece in enumerate(text.split("\t")):
        if i:
            out.append("<w:tab/>")
        if piece:
            out.append(f'<w:t xml:space="preserve">{_text(piece)}</w:t>')
    out.append("</w:r>")
    return "".join(out)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def render_role(source: Context | Catalog, role: Role) -> bytes:
    """The job description for ``role`` as .docx bytes (identical for identical inputs).

    Everything comes from the context (formkit.context.resolve): the template's checked bytes,
    the logo, the wording; nothing is read from disk here. Given a catalogue (or a context
    without this role's template), the role's inputs are resolved first."""
    from ...context import Context, resolve

    context = source
    if not isinstance(context, Context) or role.template not in context.templates:
        catalog = source.catalog if isinstance(source, Context) else source
        context = resolve(catalog, ["job-descriptions"], roles=[role.id])
    catalog, words = context.catalog, context.words
    document = open_template(context.template(role))
    w = _Writer(document, words)
    _properties(document, catalog, role, w)
    _header_footer(document, context, role, w)
    w.para(role.title, "Title")
    if role.alternate_titles:
        w.para(w.text("jobdesc.also_known_as", titles=", ".join(role.alternate_titles)))
    _header_table(w, catalog, role)
    _summary(w, catalog, role)
    _functions(w, role)
    _competencies(w, catalog, role)
    _qualifications(w, role)
    _supervision(w, role)
    w.heading("scope")
    w.para(words("jobdesc.scope_intro"))
    w.bullets(list(role.scope))
    w.heading("environment")
    w.para(role.work_environment or words("jobdesc.work_environment"))
    w.para(role.physical_demands or words("jobdesc.physical_demands"))
    w.heading("equal_opportunity")
    w.para(words("jobdesc.ada"))
    w.para(words("jobdesc.eeo"))
    _acknowledgement(w)
    w.finish()
    return deterministic_docx(document)


def _properties(document: Any, catalog: Catalog, role: Role, w: _Writer) -> None:
    from docx.oxml import OxmlElement

    values = {
        "title": w.text("jobdesc.properties_title", title=role.title),
        "author": catalog.organisation.name or w.text("jobdesc.properties_author"),
        "subject": w.text("jobdesc.properties_subject", catalogue=catalog.title),
        "comments": catalog.provenance,
        "keywords": ", ".join(cat.id for cat, _ in role.duties),
        "category": w.text("jobdesc.document_kind"),
        "language": catalog.language,
    }
    values["last_modified_by"] = values["author"]
    set_core_properties(document, values)
    document.core_properties.revision = 1
    # spell-checking language for the text itself
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(_qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(_qn("w:val"), catalog.language)


def _header_footer(document: Any, context: Context, role: Role, w: _Writer) -> None:
    from docx.shared import Mm

    catalog = context.catalog
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    org = catalog.organisation
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = document.styles["Header"]
    _right_tab_only(paragraph, document.styles["Header"], width)
    if context.logo is not None:
        run = paragraph.add_run()
        picture = run.add_picture(io.BytesIO(context.logo.data), height=Mm(LOGO_HEIGHT_MM))
        # alternative text, for screen readers and accessibility checkers
        picture._inline.docPr.set("descr", w.text("jobdesc.logo_alt", organisation=org.name or ""))
        paragraph.add_run("  ")
    if org.name:
        paragraph.add_run(org.name).bold = True
    paragraph.add_run("\t" + w.text("jobdesc.header_title", title=role.title))

    footer = section.footer
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


def _header_table(w: _Writer, catalog: Catalog, role: Role) -> None:
    values = {"title": role.title, "organisation": catalog.organisation.name,
              "flsa": w.words(f"jobdesc.flsa.{role.flsa}") if role.flsa else ""}
    rows = [[w.words(f"jobdesc.field.{key}"), values.get(key, getattr(role, key, ""))] for key in HEADER_FIELDS]
    w.table(rows, [45, 127], header_row=False)


def _summary(w: _Writer, catalog: Catalog, role: Role) -> None:
    w.heading("summary")
    w.para(role.summary)
    w.para(w.text("jobdesc.lived_experience_basis", lived_experience=role.qualifications.lived_experience))
    # "{name}: {description}" with the name part in bold
    for principle in catalog.principles:
        text = w.text("jobdesc.principle", name=principle.name, description=principle.description)
        head, found, tail = text.partition(principle.description)
        w.paragraph([(head, True), (found + tail, False)] if found else [(text, False)], "List Bullet")


def _functions(w: _Writer, role: Role) -> None:
    w.heading("functions")
    w.para(w.words("jobdesc.functions_intro"))
    lists = ListRestarter(w.doc, w.doc.styles["List Number"])
    for category, comps in role.duties:
        w.para(w.text("jobdesc.category_heading", title=category.title, id=category.id), "Heading 2")
        num_id = lists.new()  # each category's duties count from 1 again
        for comp in comps:
            w.para(w.text("jobdesc.duty", statement=comp.statement, id=comp.id), "List Number",
                   num_id=num_id, bookmark=bookmark_name(comp.id))
    w.para(w.words("jobdesc.other_duties"))


def _competencies(w: _Writer, catalog: Catalog, role: Role) -> None:
    w.heading("competencies")
    w.para(w.words("jobdesc.competencies_intro"))
    levels = catalog.proficiency_levels
    rows = [[w.words(f"jobdesc.column.{k}") for k in ("id", "competency", "kind", "level")]]
    for comp, level in role.ccsa:
        name = next((lv.name for lv in levels.get(comp.kind, ()) if lv.level == level), "")
        rows.append([comp.id, comp.name, w.words(f"jobdesc.kind.{comp.kind}"),
                     w.text("jobdesc.required_level", level=str(level), name=name)])
    w.table(rows, [16, 88, 28, 40], header_row=True)
    w.heading("levels", 2)
    w.para(w.words("jobdesc.levels_intro"))
    rows = [[w.words(f"jobdesc.column.{k}") for k in ("level_number", "behavioural_name", "technical_name",
                                                       "meaning")]]
    numbers = sorted({lv.level for kind in levels.values() for lv in kind})
    for number in numbers:
        names = [next((lv.name for lv in levels.get(kind, ()) if lv.level == number), "")
                 for kind in ("behavioural", "technical")]
        rows.append([str(number), *names, w.words(f"jobdesc.level.{number}")])
    w.table(rows, [14, 28, 28, 102], header_row=True)


def _qualifications(w: _Writer, role: Role) -> None:
    q = role.qualifications
    w.heading("qualifications")
    w.heading("minimum", 2)
    items = [w.text("jobdesc.qualification.lived_experience", lived_experience=q.lived_experience)]
    if q.education:
        items.append(q.education)
    if q.certification:
        if q.certification.within_months:
            items.append(w.text("jobdesc.qualification.certification_within", name=q.certification.name,
                                months=str(q.certification.within_months)))
        else:
            items.append(w.text("jobdesc.qualification.certification_at_hire", name=q.certification.name))
    if q.training_hours:
        items.append(w.text("jobdesc.qualification.training_hours", hours=str(q.training_hours)))
    items.extend(q.other)
    w.bullets(items)
    w.para(w.words("jobdesc.qualification.self_identification"))
    if q.preferred:
        w.heading("preferred", 2)
        w.bullets(list(q.preferred))


def _supervision(w: _Writer, role: Role) -> None:
    w.heading("supervision")
    if role.reports_to:
        w.para(w.text("jobdesc.supervision_reports_to", reports_to=role.reports_to))
    if role.supervises:
        w.para(w.text("jobdesc.supervision_supervises", supervises=role.supervises))
    w.para(role.supervision)


def _acknowledgement(w: _Writer) -> None:
    w.heading("acknowledgement")
    w.para(w.words("jobdesc.acknowledgement"), keep_next=True)
    signature, date = w.words("jobdesc.sign_signature"), w.words("jobdesc.sign_date")
    for signer in ("employee", "supervisor"):
        name = w.text("jobdesc.sign_name", signer=w.words(f"jobdesc.signer.{signer}"))
        # lines to sign on, not placeholders; the name line stays on the page of its signature
        w.para(f"{name}: " + "_" * 58, keep_next=True, space_before_twips=360)
        w.para(f"{signature}: " + "_" * 40 + f"   {date}: " + "_" * 16, keep_next=signer == "employee",
               space_before_twips=360)

