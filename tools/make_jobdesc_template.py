"""Create templates/docx/job-description.docx: the Word template job descriptions are built on.

Run once (``python3 tools/make_jobdesc_template.py``) and commit the result; the output is
byte-identical on every run. It starts from python-docx's bundled template, keeps only the
styles a job description uses (so a house-style template has a short list to restyle and the
file opens quickly), sets the house fonts and colours, and drops parts Word does not need
(thumbnail, customXml, stylesWithEffects, webSettings). An organisation replaces this file with
its own template through its overlay (``roles: {defaults: {template: my-style.docx}}``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt, RGBColor
from docx.styles import BabelFish

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from formkit.documents.jobdesc.render import REQUIRED_STYLES  # noqa: E402
from formkit.docxfile import deterministic_docx  # noqa: E402

OUT = ROOT / "templates" / "docx" / "job-description.docx"
FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)
# styles kept besides the required ones: the defaults Word expects to exist
KEEP = set(REQUIRED_STYLES) | {"Default Paragraph Font", "Normal Table", "No List"}


def _trim_styles(document: docx.document.Document) -> None:
    root = document.styles.element
    for style in list(root.findall(qn("w:style"))):
        name = BabelFish.internal2ui(style.find(qn("w:name")).get(qn("w:val")))
        if name not in KEEP:
            root.remove(style)
        else:
            for tag in ("w:link", "w:rsid"):
                for el in style.findall(qn(tag)):
                    style.remove(el)
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:
        root.remove(latent)


def _trim_numbering(document: docx.document.Document) -> None:
    """Keep only the lists the List Bullet and List Number styles point at."""
    numbering = document.part.numbering_part.element
    used = {document.styles[name].element.pPr.numPr.numId.val for name in ("List Bullet", "List Number")}
    abstract_used = set()
    for num in list(numbering.findall(qn("w:num"))):
        if int(num.get(qn("w:numId"))) in used:
            abstract_used.add(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        else:
            numbering.remove(num)
    for absnum in list(numbering.findall(qn("w:abstractNum"))):
        if absnum.get(qn("w:abstractNumId")) not in abstract_used:
            numbering.remove(absnum)
        else:
            for el in absnum.findall(qn("w:nsid")) + absnum.findall(qn("w:tmpl")):
                absnum.remove(el)


def _drop_parts(document: docx.document.Document) -> None:
    unwanted = ("stylesWithEffects", "customXml", "webSettings", "thumbnail")
    for source in (document.part.package, document.part):
        for rel_id, rel in list(source.rels.items()):
            if not rel.is_external and any(word in str(rel.target_part.partname) for word in unwanted):
                source.rels.pop(rel_id)
    settings = document.settings.element
    for tag in ("w:rsids", "w:savePreviewPicture", "w:proofState", "w14:docId"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)


def _font(style, size: float, *, bold: bool = False, colour: RGBColor | None = None) -> None:
    style.font.name = FONT
    rfonts = style.element.rPr.rFonts
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    style.font.size = Pt(size)
    style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = colour


def _styles(document: docx.document.Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _font(normal, 10)
    # body spacing lives in the document defaults, not in Normal, so the table style's tighter
    # spacing wins inside tables (Word: defaults < table style < paragraph style)
    defaults = styles.element.find(qn("w:docDefaults"))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)
    defaults.append(parse_xml(f'<w:pPrDefault {nsdecls("w")}><w:pPr>'
                              f'<w:spacing w:after="80" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>'))
    for el in normal.element.findall(qn("w:pPr")):
        normal.element.remove(el)
    title = styles["Title"]
    _font(title, 20, bold=True, colour=ACCENT)
    title.paragraph_format.space_after = Pt(2)
    pPr = title.element.get_or_add_pPr()
    for el in pPr.findall(qn("w:pBdr")):
        pPr.remove(el)
    for name, size, before in (("Heading 1", 13, 14), ("Heading 2", 11, 10)):
        heading = styles[name]
        _font(heading, size, bold=True, colour=ACCENT)
        heading.font.italic = False
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(3)
        heading.paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Number"):
        styles[name].paragraph_format.space_after = Pt(2)
        styles[name].paragraph_format.contextual_spacing = False
    for name in ("Header", "Footer"):
        _font(styles[name], 8, colour=GREY)
        styles[name].paragraph_format.space_after = Pt(6 if name == "Header" else 0)
        # one right-aligned tab at the text's right edge (Letter, 0.9 in margins)
        tabs = styles[name].paragraph_format.tab_stops
        for stop in list(tabs):
            tabs._pPr.tabs.remove(stop._tab)
        tabs.add_tab_stop(Inches(8.5 - 2 * 0.9), WD_TAB_ALIGNMENT.RIGHT)
    grid = styles["Table Grid"]
    tblPr = grid.element.find(qn("w:tblPr"))
    for el in tblPr.findall(qn("w:tblBorders")) + tblPr.findall(qn("w:tblCellMar")):
        tblPr.remove(el)
    for el in grid.element.findall(qn("w:pPr")):
        grid.element.remove(el)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))
    tblPr.append(parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:top w:w="40" w:type="dxa"/>'
                           f'<w:left w:w="90" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/>'
                           f'<w:right w:w="90" w:type="dxa"/></w:tblCellMar>'))
    grid.element.insert(grid.element.index(tblPr), parse_xml(
        f'<w:pPr {nsdecls("w")}><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'))
    # header row and label column of a table: shaded, bold (conditional formatting of the table style)
    for kind in ("firstRow", "firstCol"):
        grid.element.append(parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="{kind}"><w:rPr><w:b/></w:rPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DCE6F0"/></w:tcPr></w:tblStylePr>'))
    assert styles["Table Grid"].type == WD_STYLE_TYPE.TABLE


def _page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(0.9))
    section.top_margin, section.bottom_margin = Inches(0.8), Inches(0.8)
    section.header_distance = section.footer_distance = Inches(0.4)
    body = document.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)


def build() -> bytes:
    document = docx.Document()
    _drop_parts(document)
    _trim_numbering(document)
    _trim_styles(document)
    _styles(document)
    _page(document)
    # a header and footer part each, so the styles are in use and editable in Word
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    props = document.core_properties
    props.title, props.author, props.language = "Job description template", "formkit", "en-US"
    props.comments = props.keywords = props.subject = props.category = ""
    props.last_modified_by, props.revision = "formkit", 1
    return deterministic_docx(document)


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
