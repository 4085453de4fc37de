"""The checklist as an editable Word document, with the same content as the PDF.

Boards that lay forms out by hand can start from this file. Tick boxes are ☐ characters
(they print and survive every converter); the footer carries form number, version and a
"Page x of y" made of Word PAGE / NUMPAGES fields. Bytes are deterministic: fixed core
properties and fixed zip timestamps.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ...catalog.language import docx_language, with_notice
from ...docxfile import add_field, deterministic_docx, set_language
from ...docxfile.rows import CellText, append_rows
from ..letterhead import Letterhead, add_docx
from .model import Checklist, CompetencyTable, Instructions, Log, Logs, Narrative, Summary
from .signing import Attestation, BoardUse

if TYPE_CHECKING:
    from ...context import Context

BOX = "☐"
FIXED_TIME = datetime(2000, 1, 1)
TEXT_MM = 185.9  # Letter less two 15 mm margins
TEXT_WIDTH_PT = TEXT_MM * 72 / 25.4
BODY_PT, HEAD_PT, FOOTER_PT = 9.0, 8.0, 8.0  # statements and cells; column heads; the footer
CELL_MARGINS_PT = 2 * 5.4 + 1.5  # Table Grid's left and right cell margins (108 twips each), and slack
LOG_ROW_MM = 8.5  # tall enough to write in by hand
GREY = "EDEDED"  # the shade of labels and column heads


def _shade(cell: Any, fill: str = GREY) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _cell(cell: Any, text: str, *, bold: bool = False, size: float = BODY_PT, shade: bool | str = False) -> None:
    """One cell's text; ``shade`` True for the grey of labels and heads, or a hex fill."""
    from docx.shared import Pt

    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if shade:
        _shade(cell, shade if isinstance(shade, str) else GREY)


def render_docx(context: Context) -> bytes:
    """The checklist of the context's board as .docx bytes (deterministic)."""
    from docx import Document

    from .model import checklist

    doc, model = Document(), checklist(context)
    _page(doc, model)
    _header(doc, model)
    _applicant(doc, model)
    _instructions(doc, model.instructions)
    _competencies(doc, model.table, model.letterhead)
    _summary(doc, model.summary)
    _page_break(doc)
    _logs(doc, model.logs)
    _page_break(doc)
    _narrative(doc, model.narrative)
    for attestation in model.attestations:
        _attestation(doc, attestation)
    _board_use(doc, model.board_use, model.letterhead)
    set_language(doc, docx_language(model.language), keep=docx_language(model.second_language))
    return deterministic_docx(doc, FIXED_TIME)


def _page(doc: Any, model: Checklist) -> None:
    """Letter pages with 15 mm margins, DejaVu Sans, fixed properties, and the footer."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    from ...docxfile import set_core_properties

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(9.5)
    doc.styles["Footer"].font.size = Pt(FOOTER_PT)  # the PAGE and NUMPAGES results too, in every program

    b = model.board
    set_core_properties(doc, {
        "title": model.document_title, "subject": with_notice(b.credential, model.translation), "keywords": f"{b.form_number} {b.form_version}",
        "author": model.organisation or "formkit", "last_modified_by": "formkit", "comments": model.provenance,
        "language": model.language})
    props = doc.core_properties
    props.created = props.modified = FIXED_TIME
    props.revision = 1

    footer = section.footer.paragraphs[0]
    footer.text = model.footer + "    "
    before, middle, after = model.page_of
    footer.add_run(before)
    add_field(footer, "PAGE")
    footer.add_run(middle)
    add_field(footer, "NUMPAGES")
    footer.add_run(after)
    for run in footer.runs:
        run.font.size = Pt(FOOTER_PT)
    prov = section.footer.add_paragraph(model.generated_by, style="Footer")
    prov.runs[0].font.size = Pt(FOOTER_PT)


def _header(doc: Any, model: Checklist) -> None:
    """The letterhead (logo, organisation or board, address, accent rule), title, form number."""
    from docx.shared import Mm, Pt

    add_docx(doc, model.letterhead, Mm(TEXT_MM))
    doc.add_heading(model.title, level=0)
    doc.add_paragraph(model.subtitle)
    if model.translation:
        run = doc.add_paragraph().add_run(model.translation)
        run.bold, run.font.size = True, Pt(HEAD_PT)
    doc.add_paragraph(model.form_line).runs[0].font.size = Pt(HEAD_PT)
    if model.notice:
        doc.add_paragraph(model.notice).runs[0].font.size = Pt(HEAD_PT)


def _applicant(doc: Any, model: Checklist) -> None:
    doc.add_heading(model.applicant_heading, level=1)
    table = _label_table(doc, [(f.label, False) for f in model.applicant])
    for row in table.rows:
        _cell(row.cells[1], "")


def _label_table(doc: Any, rows: list[tuple[str, bool]]) -> Any:
    """A two-column table: a shaded bold label, and an empty cell to write in (``tall``: a signature)."""
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for i, (label, tall) in enumerate(rows):
        _cell(table.rows[i].cells[0], label, bold=True, shade=True)
        _at_least(table.rows[i], 16 if tall else LOG_ROW_MM)
    return table


def _instructions(doc: Any, ins: Instructions) -> None:
    doc.add_heading(ins.heading, level=1)
    doc.add_paragraph(ins.text)
    doc.add_paragraph(ins.scale)
    doc.add_paragraph(ins.verified)
    doc.add_paragraph().add_run(ins.rule).bold = True


def _competencies(doc: Any, t: CompetencyTable, head: Letterhead) -> None:
    """The competency table: tick boxes for the methods and the ratings, header row repeated.

    Its rows are written as XML in one parse each (:mod:`formkit.docxfile.rows`): through
    python-docx's cell API this one table cost more CPU than the rest of the document."""
    heads = [t.id_label, t.statement_label, t.verified_label, *(label for _, label in t.ratings),
             t.date_label, t.initials_label]
    widths = column_widths(t)
    table = doc.add_table(rows=0, cols=len(heads))
    table.style = "Table Grid"
    _set_grid(table, widths)
    verified = " ".join(f"{BOX}{m.short}" for m in t.methods)
    rows = [[CellText(text, bold=True, size=HEAD_PT, fill=GREY) for text in heads]]
    for cat in t.categories:
        rows.append([CellText(cat.title, bold=True, size=BODY_PT, fill=head.tint_hex(), span=len(heads))])
        for comp in cat.rows:
            statement = comp.statement + (f"\n{comp.domain_line}" if comp.domain_line else "")
            lang = docx_language(t.second_language) if comp.second else ""
            rows.append([CellText(comp.id, bold=True, size=BODY_PT),
                         CellText(statement, size=BODY_PT, second=comp.second, second_lang=lang),
                         CellText(verified, size=BODY_PT), *(CellText(BOX, size=11) for _ in t.ratings),
                         CellText(), CellText()])
    append_rows(table, rows, [w.pt for w in widths])
    _repeat_header(table.rows[0])


def _widest_word(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ...pdfform.fonts import register_fonts

    register_fonts()
    return max((stringWidth(word, font, size) for word in text.split()), default=0.0)


def column_widths(t: CompetencyTable) -> list[Any]:
    """The competency table's columns, measured: each narrow column as wide as its widest word
    (head at 8 pt bold, cells at 9 pt) plus the cell margins, so no word is broken; the
    statement column takes the rest. DejaVu Sans's metrics are the document's own font."""
    from docx.shared import Pt

    from ...pdfform.fonts import BOLD, REGULAR

    def narrow(head: str, *cells: tuple[str, str, float]) -> float:
        widths = [_widest_word(head, BOLD, HEAD_PT)] + [_widest_word(text, font, size) for text, font, size in cells]
        return max(widths) + CELL_MARGINS_PT

    ids = " ".join(row.id for cat in t.categories for row in cat.rows)
    boxes = " ".join(f"{BOX}{m.short}" for m in t.methods)
    first = [narrow(t.id_label, (ids, BOLD, BODY_PT))]
    rest = [narrow(t.verified_label, (boxes, REGULAR, BODY_PT))]
    rest += [narrow(label, (BOX, REGULAR, 11)) for _, label in t.ratings]
    rest += [narrow(t.date_label, ("2026-12-31", REGULAR, BODY_PT)),
             narrow(t.initials_label, ("MMM", REGULAR, BODY_PT))]
    statement = TEXT_WIDTH_PT - sum(first) - sum(rest)
    return [Pt(round(w, 1)) for w in [*first, statement, *rest]]


def log_widths(logs: Logs, log: Log) -> list[Any]:
    """An hours log's columns, measured like the competency table's: every column at least as wide
    as the widest word of its head (and of the minimum printed under it); what is left is shared
    by the text columns (title, provider, organisation, domains…), where people write most."""
    from docx.shared import Pt

    from ...pdfform.fonts import BOLD

    least = [max(_widest_word(col.label, BOLD, HEAD_PT), _widest_word(col.minimum, BOLD, BODY_PT)) + CELL_MARGINS_PT
             for col in log.columns]
    labels = max(_widest_word(label, BOLD, BODY_PT) for label in (logs.total_label, logs.minimum_label))
    least[0] = max(least[0], labels + CELL_MARGINS_PT)  # the Total and Minimum rows' labels
    text_columns = [i for i, col in enumerate(log.columns) if not col.numeric] or [0]
    spare = max(0.0, TEXT_WIDTH_PT - sum(least)) / len(text_columns)
    return [Pt(round(w + (spare if i in text_columns else 0), 1)) for i, w in enumerate(least)]


def _summary(doc: Any, s: Summary) -> None:
    doc.add_heading(s.heading, level=1)
    doc.add_paragraph(s.rule)
    n = len(s.counts)
    table = doc.add_table(rows=n + 2, cols=2)
    table.style = "Table Grid"
    for i, count in enumerate(s.counts):
        _cell(table.rows[i].cells[0], count.label, shade=True)
    _cell(table.rows[n].cells[0], s.result_label, bold=True, shade=True)
    _cell(table.rows[n].cells[1], f"{BOX} {s.yes}    {BOX} {s.no}")
    _cell(table.rows[n + 1].cells[0], s.evaluator_label, shade=True)


def _page_break(doc: Any) -> None:
    from docx.enum.text import WD_BREAK

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # what add_page_break does, typed


def _logs(doc: Any, logs: Logs) -> None:
    doc.add_heading(logs.heading, level=1)
    doc.add_paragraph(logs.legend)
    for log in logs.logs:
        _log(doc, logs, log)


def _narrative(doc: Any, n: Narrative) -> None:
    from docx.shared import Mm

    doc.add_heading(n.heading, level=1)
    doc.add_paragraph(n.prompt)
    doc.add_paragraph().add_run(n.limit).bold = True
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box.rows[0].height = Mm(90)


def _attestation(doc: Any, a: Attestation) -> None:
    """One signer's statement and a table: the fields about them, a tall signature row, the date."""
    doc.add_heading(a.heading, level=1)
    doc.add_paragraph(a.text)
    rows = [(f.label, False) for f in a.fields]
    rows += [(a.signature.label, True), (a.signature.date_label, False)]
    _label_table(doc, rows)


def _board_use(doc: Any, b: BoardUse, head: Letterhead) -> None:
    """The shaded box the board's staff fill in."""
    doc.add_heading(b.heading, level=1)
    table = doc.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    decisions = "    ".join(f"{BOX} {label}" for _, label in b.decisions)
    for row, (label, value) in zip(table.rows, ((b.received.label, ""), (b.reviewed_by.label, ""),
                                                 (b.decision_label, decisions), (b.decision_date.label, ""))):
        _cell(row.cells[0], label, bold=True, shade=head.tint_hex(0.88))
        _cell(row.cells[1], value, shade=head.tint_hex(0.88))
        _at_least(row, LOG_ROW_MM)


def _at_least(row: Any, mm: float) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    row.height = Mm(mm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _repeat_header(row: Any) -> None:
    """Repeat this row at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _set_grid(table: Any, widths: list[Any]) -> None:
    """Fixed column widths in the table grid (where LibreOffice reads them)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width


def _widths(table: Any, widths: list[Any]) -> None:
    """Fixed column widths, written where Word (cell tcW) and LibreOffice (tblGrid) read them."""
    _set_grid(table, widths)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _log(doc: Any, logs: Logs, log: Log) -> None:
    """One hours log: the header row, empty rows to write in, a total and a minimum row, the note."""
    doc.add_heading(log.title, level=2)
    table = doc.add_table(rows=log.rows + 3, cols=len(log.columns))
    table.style = "Table Grid"
    for cell, col in zip(table.rows[0].cells, log.columns):
        _cell(cell, col.label, bold=True, size=HEAD_PT, shade=True)
    for row in table.rows[1:log.rows + 1]:
        _at_least(row, LOG_ROW_MM)
    for offset, label in ((log.rows + 1, logs.total_label), (log.rows + 2, logs.minimum_label)):
        row = table.rows[offset]
        _cell(row.cells[0], label, bold=True, shade=True)
        if offset == log.rows + 2:
            for i, col in enumerate(log.columns):
                if col.numeric:
                    _cell(row.cells[i], col.minimum, bold=True, shade=True)
    _widths(table, log_widths(logs, log))
    _repeat_header(table.rows[0])  # a log that runs onto the next page keeps its heads
    doc.add_paragraph(log.note)
