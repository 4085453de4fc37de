"""Small python-docx helpers python-docx lacks: fields, restarted lists, stable bytes.

Kept apart from the job-description renderer so any Word document formkit makes can use them.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from typing import Any, cast

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Word documents carry creation and modification times; formkit writes this fixed moment instead
# of "now", so the same inputs always give the same bytes (a board can compare files by hash).
FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
CORE_PROPERTY_LIMIT = 255  # characters in one core property (Word's limit, which python-docx enforces)


def set_core_properties(document: Any, values: dict[str, str]) -> None:
    """Set text core properties (title, comments, ...), each cut to Word's 255 characters with '…'.

    These are metadata shown in File > Info, one line each; the document itself prints the
    full text. A long catalogue title made the provenance line longer than 255, and python-docx
    raised half-way through a build.
    """
    props = document.core_properties
    for name, value in values.items():
        limit = CORE_PROPERTY_LIMIT
        setattr(props, name, value if len(value) <= limit else value[:limit - 1] + "…")


def set_language(document: Any, tag: str, keep: str = "") -> None:
    """Make ``tag`` (es-US) the language of all the document's text: the document defaults, every
    style that names a language, and every run that does, but runs already in ``keep`` (a bilingual
    document's second language). Word spell-checks, and screen readers pronounce, by this; a
    template's en-US left anywhere would read Spanish with English rules."""
    default = document.styles.element.find("/".join(qn(t) for t in ("w:docDefaults", "w:rPrDefault", "w:rPr")))
    for rpr in (default, document.styles["Normal"].element.get_or_add_rPr()):
        if rpr is not None and rpr.find(qn("w:lang")) is None:
            rpr.append(OxmlElement("w:lang"))
    for part in document.part.package.parts:
        element = getattr(part, "element", None)
        if element is not None:
            for lang in element.iter(qn("w:lang")):
                if not keep or lang.get(qn("w:val")) != keep:
                    lang.set(qn("w:val"), tag)
        elif str(part.partname).endswith(".xml") and b"<w:lang " in part.blob:
            _relabel(part, tag)  # a part python-docx keeps as bytes (stylesWithEffects.xml)


def _relabel(part: Any, tag: str) -> None:
    """Set w:val of every w:lang in a part python-docx holds only as bytes (it has no API for it)."""
    from lxml import etree

    root = etree.fromstring(part.blob)
    for lang in root.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def deterministic_docx(document: Any, when: datetime = FIXED_TIME) -> bytes:
    """Save ``document`` to bytes that depend only on its content: fixed dates, fixed zip entries.

    python-docx stamps each zip entry with the current time; this writes the same entries, in
    the same order, through python-docx's own package writer but into a zip with fixed times.
    """
    from docx.opc.phys_pkg import PhysPkgWriter
    from docx.opc.pkgwriter import PackageWriter

    props = document.core_properties
    props.created = when
    props.modified = when
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    # _FixedTimeZip has PhysPkgWriter's interface (PhysPkgWriter() always makes a _ZipPkgWriter,
    # so it cannot be subclassed); these two private python-docx functions carry no annotations.
    zipped = _FixedTimeZip(out)
    writer = cast(PhysPkgWriter, zipped)
    PackageWriter._write_content_types_stream(writer, parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(writer, package.rels)  # type: ignore[no-untyped-call]
    PackageWriter._write_parts(writer, parts)
    zipped.close()
    return out.getvalue()


class _FixedTimeZip:
    """The PhysPkgWriter interface (write, close) over a zip whose entries carry a fixed time."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self._zip.writestr(_entry(pack_uri.membername), blob, compresslevel=6)

    def close(self) -> None:
        self._zip.close()


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    entry.create_system = 0
    return entry


def add_field(paragraph: Any, instruction: str, shown: str = "1") -> None:
    """Append a real Word field (PAGE, NUMPAGES …) to ``paragraph``; ``shown`` is its cached result."""

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def style_num_id(style: Any) -> int | None:
    """The list (w:numId) a paragraph style numbers with, or None when the style is not a list."""
    ppr = style.element.pPr
    if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
        return None
    return int(ppr.numPr.numId.val)


class ListRestarter:
    """New list instances of one paragraph style's list, each starting again at 1.

    python-docx has no API for this: Word restarts a list when paragraphs point at a new
    w:num that shares the abstract list definition and overrides the start value
    (w:lvlOverride/w:startOverride). Looks the numbering part up once per document.
    """

    def __init__(self, document: Any, style: Any) -> None:
        self._numbering = document.part.numbering_part.element
        base = self._numbering.num_having_numId(style_num_id(style))
        self._abstract_id = str(base.abstractNumId.val)
        nums = self._numbering.findall(qn("w:num"))
        self._next = max(int(n.get(qn("w:numId"))) for n in nums) + 1
        self._last = nums[-1]

    def new(self) -> int:
        """Add a list instance that counts from 1 and return its numId."""
        from lxml import etree

        num_id = self._next
        self._next += 1
        num = etree.Element(qn("w:num"))
        # after the last w:num: the schema wants w:num before w:numIdMacAtCleanup, if any
        self._last.addnext(num)
        self._last = num
        num.set(qn("w:numId"), str(num_id))
        etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), self._abstract_id)
        override = etree.SubElement(num, qn("w:lvlOverride"))
        override.set(qn("w:ilvl"), "0")
        etree.SubElement(override, qn("w:startOverride")).set(qn("w:val"), "1")
        return num_id
