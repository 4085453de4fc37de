"""Table rows written as WordprocessingML in one parse, for tables of many cells.

Why not python-docx's cell API: each ``cell.text``, ``run.bold``, ``font.size`` and ``cell.width``
looks up or inserts one child element by walking the schema's successor list, so a 74-row,
9-column checklist table took 0.45 s of CPU, the largest part of the Word checklist. The
same XML, written as text here and parsed once per row, takes a few milliseconds. The markup
is what python-docx writes for the same calls (a run with ``w:b`` and ``w:sz``, a ``w:br`` for
each line break, ``w:tcW`` in twips, ``w:shd`` for a fill), so Word and LibreOffice read it alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.xmltext import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_PT = 20


@dataclass(frozen=True)
class CellText:
    """One cell: its text (a newline breaks the line), bold, size in points, a hex fill, a span."""

    text: str = ""
    bold: bool = False
    size: float | None = None
    fill: str | None = None
    span: int = 1
    second: str = ""  # the same text in a second language: a paragraph beneath, in italics
    second_lang: str = ""  # its w:lang (es-US), so Word reads and spell-checks it as that language


def _run(text: str, bold: bool, size: float | None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{round(size * 2)}"/>' if size else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' if line else "" for line in text.split("\n")]
    return f"<w:r>{rpr}{'<w:br/>'.join(lines)}</w:r>"


def _cell(cell: CellText, width_twips: int) -> str:
    span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
    fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.fill}"/>' if cell.fill else ""
    run = _run(cell.text, cell.bold, cell.size) if cell.text else ""
    second = _second(cell) if cell.second else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width_twips}" w:type="dxa"/>{span}{fill}</w:tcPr><w:p>{run}</w:p>{second}</w:tc>'


def _second(cell: CellText) -> str:
    """The cell's second-language paragraph: one italic run carrying its own language."""
    size = f'<w:sz w:val="{round(cell.size * 2)}"/>' if cell.size else ""
    lang = f'<w:lang w:val="{escape(cell.second_lang)}"/>' if cell.second_lang else ""
    return (f'<w:p><w:r><w:rPr><w:i/>{size}{lang}</w:rPr>'
            f'<w:t xml:space="preserve">{escape(cell.second)}</w:t></w:r></w:p>')


def row_xml(cells: list[CellText], widths_pt: list[float]) -> str:
    """One ``w:tr`` whose cells take their columns' widths (a spanning cell: the columns it covers)."""
    parts, column = [], 0
    for cell in cells:
        covered = widths_pt[column:column + cell.span]
        parts.append(_cell(cell, round(sum(covered) * TWIPS_PER_PT)))
        column += cell.span
    return f'<w:tr xmlns:w="{W_NS}">{"".join(parts)}</w:tr>'


def append_rows(table: Any, rows: list[list[CellText]], widths_pt: list[float]) -> None:
    """Append ``rows`` to a python-docx ``table``, each parsed from :func:`row_xml` in one go."""
    from docx.oxml import parse_xml

    tbl = table._tbl
    for cells in rows:
        tbl.append(parse_xml(row_xml(cells, widths_pt)))


__all__ = ["CellText", "append_rows", "row_xml"]
