"""The body of a job description, written as WordprocessingML text and parsed once.

python-docx's object API costs about 0.1 ms per call and a job description needs thousands;
writing the few element kinds used here (w:p, w:r, w:t, w:br, w:tbl) as escaped text and
parsing them in one go is an order of magnitude faster, and gives the same markup. Looks come
from the template's styles; a run only says bold, italic or "placeholder" (highlighted, so HR
sees at a glance what is still to fill in).
"""

from __future__ import annotations

import re
from typing import Any

from ...catalog.locale import Wording

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
TWIPS_PER_MM = 56.6929

# A run is (text, flags): "b" bold, "i" italic, "p" placeholder (highlighted); "\n" in the
# text is a line break inside the paragraph.
Run = tuple[str, str]


class Writer:
    """Collects the body's paragraphs and tables, then puts them in the document in one parse."""

    def __init__(self, document: Any, words: Wording) -> None:
        self.doc = document
        self.words = words
        self.bookmarks = 0
        self._style_ids: dict[str, str] = {}
        self._parts: list[str] = []

    def text(self, key: str, **values: str) -> str:
        """Locale text with role/catalogue values put in after terminology (never substituted twice)."""
        from ...catalog.locale import fill

        return fill(self.words(key), values, key=key, path=self.words.origin(key))

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = attr(self.doc.styles[name].style_id)
        return self._style_ids[name]

    def paragraph(self, runs: list[Run], style: str = "Normal", *, num_id: int | None = None,
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
            out.append(f'<w:bookmarkStart w:id="{self.bookmarks}" w:name="{attr(bookmark)}"/>')
        out.extend(run_xml(text, flags) for text, flags in runs)
        if bookmark:
            out.append(f'<w:bookmarkEnd w:id="{self.bookmarks}"/>')
        out.append("</w:p>")
        self._parts.append("".join(out))

    def para(self, text: str, style: str = "Normal", **options: Any) -> None:
        self.paragraph([(text, "")], style, **options)

    def heading(self, key: str, level: int = 1) -> None:
        self.para(self.words(f"jobdesc.heading.{key}"), f"Heading {level}")

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.para(item, "List Bullet")

    def table(self, rows: list[list[Run]], widths_mm: list[float], header_row: bool,
              bold_rows: frozenset[int] = frozenset()) -> None:
        """A Table Grid table: a repeated header row, or (without one) a bold label column."""
        widths = [round(mm * TWIPS_PER_MM) for mm in widths_mm]  # twentieths of a point
        # tblLook: which conditional formats of the table style apply (header row, or label column)
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style_id("Table Grid")}"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
               f'<w:tblLook w:val="{"0420" if header_row else "0480"}"/></w:tblPr><w:tblGrid>']
        out.extend(f'<w:gridCol w:w="{width}"/>' for width in widths)
        out.append("</w:tblGrid>")
        for r, values in enumerate(rows):
            head = header_row and r == 0
            out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if head else "<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for c, (value, flags) in enumerate(values):
                # bold also set directly: LibreOffice ignores a table style's bold
                bold = head or r in bold_rows or (not header_row and c == 0)
                shown = run_xml(value, flags + ("b" if bold else "")) if value else ""
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr><w:p>{shown}</w:p></w:tc>')
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self._parts.append("".join(out))

    def finish(self) -> None:
        """Parse what was written and put it in the body, before the section properties."""
        from docx.oxml import parse_xml
        from docx.oxml.ns import qn

        fragment = parse_xml(f'<w:body xmlns:w="{_W}">{"".join(self._parts)}</w:body>')
        body = self.doc.element.body
        end = body.find(qn("w:sectPr"))
        for child in list(fragment):
            if end is not None:
                end.addprevious(child)
            else:
                body.append(child)
        self._parts = []


def text_xml(value: str) -> str:
    return _NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    return text_xml(value).replace('"', "&quot;")


def run_xml(text: str, flags: str = "") -> str:
    """One w:r: tabs and line breaks as elements, the flags as run properties."""
    props = ("<w:b/>" if "b" in flags else "") + ("<w:i/>" if "i" in flags else "")
    if "p" in flags:
        props += '<w:highlight w:val="lightGray"/>'
    out = ["<w:r>", f"<w:rPr>{props}</w:rPr>" if props else ""]
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{text_xml(piece)}</w:t>')
    out.append("</w:r>")
    return "".join(out)
