"""Finishing a document that has no form fields (reports, summaries, letters) without pikepdf.

It writes what :func:`formkit.pdfform.post.finish_pdf` writes for such a document, through
formkit's own object writer (:mod:`formkit.pdfform.pdfdoc`): /Lang, DisplayDocTitle, the
structure tree and bookmarks (the same builder, :mod:`formkit.pdfpage.structure`), the Info
entries and the XMP packet (:mod:`formkit.pdfform.metadata`), reportlab's ToUnicode maps
repaired, and every stream compressed with Flate (reportlab's canvases are made uncompressed;
an ASCII85 layer, as on a logo, is taken off). Forms still go through pikepdf: their widgets
need qpdf's care. The XMP stream is left uncompressed, as qpdf leaves it, for tools that scan
a file for it.
"""

from __future__ import annotations

import base64
import zlib
from typing import Any

from ..pdfpage.structure import write_structure
from .fastsyntax import Name, Ref
from .fonts import to_unicode_repaired
from .metadata import info_entries, xmp_packet
from .pdfdoc import PdfDoc, Stream, Text

PRODUCER = "formkit (reportlab)"


class PlainObjects:
    """The structure writer's object calls (:class:`formkit.pdfpage.structure.Objects`) on a
    :class:`PdfDoc`: dictionaries are Python dicts, indirect ones held by the document."""

    widgets: dict[tuple[str, str | None], Any] = {}  # a document without fields has none

    def __init__(self, doc: PdfDoc) -> None:
        self.doc = doc
        self.pages: list[Any] = doc.page_refs()
        self.catalog = doc.trailer["Root"]

    def indirect(self, entries: dict[str, Any]) -> Any:
        return self.doc.add(dict(entries))

    def direct(self, entries: dict[str, Any]) -> Any:
        return dict(entries)

    def put(self, obj: Any, key: str, value: Any) -> None:
        self.doc.resolve(obj)[key] = value

    def name(self, name: str) -> Any:
        return Name(name)

    def text(self, text: str) -> Any:
        return Text(text)

    def array(self, items: list[Any]) -> Any:
        return list(items)


def finish_plain(raw: bytes, info: Any, tags: Any = None) -> bytes:
    """The finished PDF bytes of a reportlab document without fields (deterministic).

    ``tags`` is the :class:`formkit.pdfpage.tags.Tagger` that recorded the structure as the
    canvas drew; ``info`` the :class:`formkit.pdfform.writer.DocInfo`.
    """
    doc = PdfDoc(raw)
    catalog = doc.resolve(doc.trailer["Root"])
    if "AcroForm" in catalog:
        raise ValueError("a document with form fields is finished by formkit.pdfform.post.finish_pdf")
    catalog["Lang"] = Text(info.lang)
    prefs = doc.resolve(catalog.get("ViewerPreferences"))
    if prefs is None:
        catalog["ViewerPreferences"] = {"DisplayDocTitle": True}
    else:
        prefs["DisplayDocTitle"] = True
    if tags is not None:
        write_structure(PlainObjects(doc), tags, lang=info.lang)
    _set_info(doc, info)
    catalog["Metadata"] = doc.add(Stream({"Type": Name("Metadata"), "Subtype": Name("XML")},
                                         xmp_packet(info, PRODUCER, tagged=tags is not None)))
    for obj in list(doc.objects.values()):
        if type(obj) is dict and obj.get("Type") == "Font" and type(obj.get("ToUnicode")) is Ref:
            _repair_cmap(doc.resolve(obj["ToUnicode"]))
    for obj in doc.objects.values():
        if isinstance(obj, Stream) and obj.head.get("Type") != "Metadata":
            _compress(obj)
    return doc.write()


def _set_info(doc: PdfDoc, info: Any) -> None:
    """formkit's entries over reportlab's /Info (its dates, fixed by ``invariant``, stay)."""
    entries = doc.resolve(doc.trailer.get("Info"))
    if type(entries) is not dict:
        entries = {}
        doc.trailer["Info"] = doc.add(entries)
    for key, value in info_entries(info, PRODUCER).items():
        entries[key] = Text(value)


def _repair_cmap(cmap: Any) -> None:
    if isinstance(cmap, Stream):
        _plain(cmap)
        cmap.data = to_unicode_repaired(cmap.data)


def _filters(stream: Stream) -> tuple[list[Any], list[Any]]:
    """The stream's filters and their parameters as two lists of the same length."""
    filters, parms = stream.head.get("Filter"), stream.head.get("DecodeParms")
    filters = list(filters) if type(filters) is list else [filters] if filters is not None else []
    parms = list(parms) if type(parms) is list else [parms] * len(filters) if parms is not None else [None] * len(filters)
    return filters, parms


def _set_filters(stream: Stream, filters: list[Any], parms: list[Any]) -> None:
    stream.head.pop("Filter", None)
    stream.head.pop("DecodeParms", None)
    if filters:
        stream.head["Filter"] = filters[0] if len(filters) == 1 else filters
    if any(p is not None for p in parms):
        stream.head["DecodeParms"] = parms[0] if len(parms) == 1 else parms


_UNDO = {"ASCII85Decode": lambda data: base64.a85decode(data.strip(), adobe=True), "FlateDecode": zlib.decompress}


def _take_off(stream: Stream, layers: tuple[str, ...]) -> None:
    """Decode the stream's outermost filters while they are among ``layers`` (and take no parameters)."""
    filters, parms = _filters(stream)
    while filters and filters[0] in layers and parms[0] is None:
        stream.data = _UNDO[filters.pop(0)](stream.data)
        parms.pop(0)
    _set_filters(stream, filters, parms)


def _plain(stream: Stream) -> None:
    """A map to repair as plain text: ASCII85 and Flate taken off."""
    _take_off(stream, ("ASCII85Decode", "FlateDecode"))


def _compress(stream: Stream) -> None:
    """Flate on a stream stored plain; an ASCII85 layer (reportlab's images) is taken off first."""
    _take_off(stream, ("ASCII85Decode",))
    if "Filter" not in stream.head:
        stream.data = zlib.compress(stream.data)
        stream.head["Filter"] = Name("FlateDecode")


__all__ = ["PRODUCER", "PlainObjects", "finish_plain"]
