"""The checklist as an editable Word document, with the same content as the PDF.

Boards that lay forms out by hand can start from this file. Tick boxes are ☐ characters
(they print and survive every converter); the footer carries form number, version and a
"Page x of y" made of Word PAGE / NUMPAGES fields. Bytes are deterministic: fixed core
properties and fixed zip timestamps.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..boards import Board, describe
from ..docxutil import add_field, deterministic_docx
from ..locale import Wording
from ..model import Catalog
from .pdf import APPLICANT_FIELDS, _hours

BOX = "☐"
FIXED_TIME = datetime(2000, 1, 1)


def _shade(cell: Any, fill: str = "EDEDED") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _cell(cell: Any, text: str, *, bold: bool = False, size: float = 8.5, shade: bool = False) -> None:
    from docx.shared import Pt

    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if shade:
        _shade(cell)


def render_docx(catalog: Catalog, board: Board) -> bytes:
    """The checklist as .docx bytes (deterministic)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    from ..docxutil import set_core_properties

    words = Wording(catalog)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(9.5)

    set_core_properties(doc, {
        "title": f"{words('checklist.title')}: {board.name}", "subject": board.credential,
        "keywords": f"{board.form_number} {board.form_version}", "author": catalog.organisation.name or "formkit",
        "last_modified_by": "formkit", "comments": catalog.provenance, "language": catalog.language})
    props = doc.core_properties
    props.created = props.modified = FIXED_TIME
    props.revision = 1

    footer = section.footer.paragraphs[0]
    footer.text = words("checklist.footer", number=board.form_number, version=board.form_version,
                        board=board.name) + "    "
    page_of = words("common.page_of", page="\x00", pages="\x01")
    before, rest = page_of.split("\x00")
    middle, after = rest.split("\x01")
    footer.add_run(before)
    add_field(footer, "PAGE")
    footer.add_run(middle)
    add_field(footer, "NUMPAGES")
    footer.add_run(after)
    for run in footer.runs:
        run.font.size = Pt(7.5)
    prov = section.footer.add_paragraph(words("common.generated_by", version=_version(),
                                              provenance=catalog.provenance))
    prov.runs[0].font.size = Pt(6.5)

    doc.add_heading(words("checklist.title"), level=0)
    doc.add_paragraph(words("checklist.subtitle", board=board.name, credential=board.credential))
    if board.example:
        doc.add_paragraph(words("checklist.example_notice", as_of=board.as_of,
                                sources=" ".join(board.sources))).runs[0].font.size = Pt(8)
    elif board.id == "custom":
        doc.add_paragraph(words("checklist.custom_notice", board=board.name)).runs[0].font.size = Pt(8)

    doc.add_heading(words("checklist.applicant_heading"), level=1)
    table = doc.add_table(rows=len(APPLICANT_FIELDS), cols=2)
    table.style = "Table Grid"
    for i, (_, key, _) in enumerate(APPLICANT_FIELDS):
        _cell(table.rows[i].cells[0], words(key), bold=True, shade=True)
        _cell(table.rows[i].cells[1], "")

    doc.add_heading(words("checklist.instructions_heading"), level=1)
    doc.add_paragraph(words("checklist.instructions"))
    labels = "  ·  ".join(p.label + (f": {p.description}" if p.description else "") for p in board.scale.choices)
    doc.add_paragraph(f"{words('checklist.scale_heading')}: {labels}")
    methods = "  ·  ".join(f"{words('checklist.verify_short_' + m)} = {words('checklist.verify_' + m)}"
                           for m in board.verification)
    doc.add_paragraph(f"{words('checklist.verified_heading')}: {methods}")
    rule = doc.add_paragraph()
    rule.add_run(f"{words('checklist.pass_rule_heading')}: {describe(board.pass_rule, board.scale, words)}").bold = True

    choices = board.scale.choices
    heads = [words("checklist.col_id"), words("checklist.col_statement"), words("checklist.col_verified")]
    heads += [p.label for p in choices] + [words("checklist.col_date"), words("checklist.col_initials")]
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for i, (cell, text) in enumerate(zip(table.rows[0].cells, heads)):
        _cell(cell, text, bold=True, size=7.5 if i < 2 else 6.5, shade=True)
    verified = " ".join(f"{BOX}{words('checklist.verify_short_' + m)}" for m in board.verification)
    for cat in catalog.categories:
        if not cat.competencies:
            continue
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _cell(merged, f"{cat.id}  {cat.title}", bold=True, shade=True)
        for comp in cat.competencies:
            cells = table.add_row().cells
            _cell(cells[0], comp.id, bold=True, size=8)
            dom = board.domain_of(comp.id)
            _cell(cells[1], comp.statement + (f"\n{words('checklist.domain_prefix', domain=dom.name)}" if dom else ""))
            _cell(cells[2], verified, size=8)
            for i in range(len(choices)):
                _cell(cells[3 + i], BOX, size=11)
            _cell(cells[-2], "")
            _cell(cells[-1], "")
    rating_w = 15
    statement_w = 186 - 17 - 26 - 17 - 14 - rating_w * len(choices)
    _widths(table, [Mm(17), Mm(statement_w), Mm(26)] + [Mm(rating_w)] * len(choices) + [Mm(17), Mm(14)])
    _repeat_header(table.rows[0])

    doc.add_heading(words("checklist.summary_heading"), level=1)
    doc.add_paragraph(f"{words('checklist.pass_rule_heading')}: {describe(board.pass_rule, board.scale, words)}")
    table = doc.add_table(rows=len(choices) + 2, cols=2)
    table.style = "Table Grid"
    for i, p in enumerate(choices):
        _cell(table.rows[i].cells[0], words("checklist.summary_count", label=p.label), shade=True)
    _cell(table.rows[len(choices)].cells[0], words("checklist.summary_result"), bold=True, shade=True)
    _cell(table.rows[len(choices)].cells[1], f"{BOX} {words('checklist.result_yes')}    {BOX} {words('checklist.result_no')}")
    _cell(table.rows[len(choices) + 1].cells[0], words("checklist.evaluator_name"), shade=True)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # what add_page_break does, typed
    doc.add_heading(words("checklist.logs_heading"), level=1)
    doc.add_paragraph(f"{words('checklist.domains_legend')}: " +
                      "  ·  ".join(f"D{i + 1} = {d.name}" for i, d in enumerate(board.domains)))
    train_min: dict[str, float | None] = {f"dom_{d.id}": d.training_hours for d in board.domains}
    train_min["hours"] = board.training_hours
    _log(doc, words, board, words("checklist.training_heading"),
         [("title", "checklist.training_title"), ("provider", "checklist.training_provider"),
          ("dates", "checklist.training_dates"), ("hours", "checklist.training_hours")],
         board.log_rows["training"], True, train_min, board.training_hours)
    _log(doc, words, board, words("checklist.experience_heading"),
         [("org", "checklist.experience_org"), ("from", "checklist.experience_from"),
          ("to", "checklist.experience_to"), ("hours", "checklist.experience_hours")],
         board.log_rows["experience"], True, {"hours": board.experience_hours}, board.experience_hours)
    _log(doc, words, board, words("checklist.supervision_heading"),
         [("date", "checklist.supervision_date"), ("type", "checklist.supervision_type"),
          ("domains", "checklist.supervision_domains"), ("initials", "checklist.supervision_initials"),
          ("hours", "checklist.supervision_hours")],
         board.log_rows["supervision"], False, {"hours": board.supervision_hours}, board.supervision_hours)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # what add_page_break does, typed
    doc.add_heading(words("checklist.narrative_heading"), level=1)
    doc.add_paragraph(words("checklist.narrative_prompt"))
    limit = (words("checklist.narrative_limit", limit=board.word_limit) if board.word_limit
             else words("checklist.narrative_no_limit"))
    doc.add_paragraph().add_run(limit).bold = True
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box.rows[0].height = Mm(90)

    doc.add_heading(words("checklist.attestation_heading"), level=1)
    doc.add_paragraph(words("checklist.attestation_text"))
    keys = ["supervisor_name", "supervisor_credential", "supervisor_organisation", "supervisor_contact",
            "supervisor_years", "supervisor_signature", "supervisor_date", "applicant_signature", "applicant_date"]
    table = doc.add_table(rows=len(keys), cols=2)
    table.style = "Table Grid"
    for i, key in enumerate(keys):
        _cell(table.rows[i].cells[0], words(f"checklist.{key}"), bold=True, shade=True)
        if key.endswith("signature"):
            table.rows[i].height = Mm(14)

    return deterministic_docx(doc, FIXED_TIME)


def _repeat_header(row: Any) -> None:
    """Repeat this row at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _widths(table: Any, widths: list[Any]) -> None:
    """Fixed column widths, written where Word (cell tcW) and LibreOffice (tblGrid) read them."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _log(doc: Any, words: Any, board: Board, title: str, columns: list[tuple[str, str]], rows: int,
         per_domain: bool, minimums: dict[str, float | None], total_required: float | None) -> None:
    doc.add_heading(title, level=2)
    doms = list(board.domains) if per_domain else []
    heads = [(name, words(key)) for name, key in columns] + [(f"dom_{d.id}", f"D{i + 1}") for i, d in enumerate(doms)]
    table = doc.add_table(rows=rows + 3, cols=len(heads))
    table.style = "Table Grid"
    for cell, (_, text) in zip(table.rows[0].cells, heads):
        _cell(cell, text, bold=True, size=7.5, shade=True)
    numeric = [i for i, (name, _) in enumerate(heads) if name.startswith("dom_") or name == "hours"]
    for offset, kind in ((rows + 1, "total"), (rows + 2, "minimum")):
        row = table.rows[offset]
        _cell(row.cells[0], words(f"checklist.{kind}_row"), bold=True, shade=True)
        if kind == "minimum":
            for i in numeric:
                value = minimums.get(heads[i][0])
                _cell(row.cells[i], _hours(value) if value is not None else words("checklist.minimum_not_set"),
                      bold=True, shade=True)
    doc.add_paragraph(words("checklist.total_required", hours=_hours(total_required)) if total_required is not None
                      else words("checklist.total_not_set"))


def _version() -> str:
    from .. import __version__

    return __version__
