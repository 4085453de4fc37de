"""A document's Info entries and XMP packet: the title, language, catalogue id, version and
overlay fingerprint a board or an HR office finds in the file's properties.

Plain data, shared by the two finishers: pikepdf's for forms (:mod:`formkit.pdfform.post`) and
formkit's own for documents without fields (:mod:`formkit.pdfform.plainfinish`).
"""

from __future__ import annotations

from typing import Any

from ..core.xmltext import escape

XMP_NS = "https://formkit.example/ns/form/1.0/"


def info_entries(info: Any, producer: str) -> dict[str, str]:
    """The /Info entries (keys without the slash) that have a value."""
    meta = {"Title": info.title, "Author": info.author, "Subject": info.subject,
            "Keywords": info.keywords, "Creator": info.creator, "Producer": producer,
            "FormkitKind": info.form_kind, "FormkitCatalog": info.catalog_id,
            "FormkitVersion": info.catalog_version, "FormkitFingerprint": info.fingerprint}
    return {key: value for key, value in meta.items() if value}


def xmp_packet(info: Any, producer: str, *, tagged: bool) -> bytes:
    """The XMP metadata stream's bytes; a tagged document also claims PDF/UA-1 (pdfuaid:part 1)."""
    e = escape
    ua = ("\n    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"", "\n   <pdfuaid:part>1</pdfuaid:part>") if tagged else ("", "")
    xmp = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"{ua[0]}
    xmlns:formkit="{XMP_NS}">{ua[1]}
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{e(info.lang)}</rdf:li></rdf:Bag></dc:language>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Keywords>{e(info.keywords)}</pdf:Keywords>
   <formkit:formKind>{e(info.form_kind)}</formkit:formKind>
   <formkit:catalogId>{e(info.catalog_id)}</formkit:catalogId>
   <formkit:catalogVersion>{e(info.catalog_version)}</formkit:catalogVersion>
   <formkit:overlayFingerprint>{e(info.fingerprint)}</formkit:overlayFingerprint>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return xmp.encode("utf-8")


__all__ = ["XMP_NS", "info_entries", "xmp_packet"]
