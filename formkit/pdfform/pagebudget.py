"""A bound on what reading a page's drawing would decode, checked before PDFium reads it.

PDFium decodes whatever a page draws: its content streams, the form XObjects and Type 3
glyphs it uses, the fonts its text needs. A hostile file can make any of those inflate to
gigabytes (a "zip bomb"), and PDFium has no limit to set. Here qpdf (pikepdf) walks the same
objects without decoding them, and Flate data is inflated with a ceiling; only pages whose
total stays under the budget are handed to PDFium. Image data is not counted: reading text
and page objects never decodes it.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

BUDGET = 32 * 1024 * 1024  # decoded bytes for the pages looked at; a filled booklet needs ~2 MB
MAX_DEPTH = 12  # form XObjects inside form XObjects
EXPANSION = 4096  # worst growth assumed for a filter other than Flate (LZW's codes can grow this much)
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


class _Over(Exception):
    """The budget is spent (or the structure is too deep to walk)."""


class _Walk:
    def __init__(self, budget: int) -> None:
        self.left = budget
        self.seen: set[tuple[int, int]] = set()

    def stream(self, obj: Any) -> None:
        """Count one stream's decoded size (each object once)."""
        import pikepdf

        if not isinstance(obj, pikepdf.Stream) or self._again(obj):
            return
        filters = obj.get("/Filter")
        names = [str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters])] if filters else []
        self._spend(decoded_size(obj.read_raw_bytes(), names, self.left + 1))

    def _again(self, obj: Any) -> bool:
        key = obj.objgen
        if key == (0, 0):
            return False
        if key in self.seen:
            return True
        self.seen.add(key)
        return False

    def _spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise _Over

    def resources(self, res: Any, depth: int) -> None:
        """The XObjects, fonts and patterns a content stream may draw with."""
        import pikepdf

        if depth > MAX_DEPTH:
            raise _Over
        if not isinstance(res, pikepdf.Dictionary):
            return
        for key in ("/XObject", "/Pattern"):
            for item in _values(res.get(key)):
                if not isinstance(item, pikepdf.Stream) or item.get("/Subtype") == "/Image":
                    continue
                if item.objgen != (0, 0) and item.objgen in self.seen:
                    continue  # drawn before (or its own resource: a cycle)
                self.stream(item)
                self.resources(item.get("/Resources"), depth + 1)
        for font in _values(res.get("/Font")):
            self.font(font, depth)

    def font(self, font: Any, depth: int) -> None:
        import pikepdf

        if not isinstance(font, pikepdf.Dictionary):
            return
        self.stream(font.get("/ToUnicode"))
        parts = [font] + [f for f in _values(font.get("/DescendantFonts")) if isinstance(f, pikepdf.Dictionary)]
        for part in parts:
            descriptor = part.get("/FontDescriptor")
            if isinstance(descriptor, pikepdf.Dictionary):
                for key in _FONT_FILES:
                    self.stream(descriptor.get(key))
        for glyph in _values(font.get("/CharProcs")):  # Type 3: every glyph is a content stream
            self.stream(glyph)
        if "/CharProcs" in font:
            self.resources(font.get("/Resources"), depth + 1)


def _values(container: Any) -> list[Any]:
    import pikepdf

    if isinstance(container, pikepdf.Dictionary):
        return [container[k] for k in container.keys()]  # noqa: SIM118 - a pikepdf Dictionary
    if isinstance(container, pikepdf.Array):
        return list(container)
    return []


def decoded_size(raw: bytes, filters: list[str], ceiling: int) -> int:
    """How many bytes ``raw`` decodes to through ``filters``, counting no further than ``ceiling``.

    Flate is inflated with the ceiling, stage by stage (a bomb is often Flate inside Flate);
    the ASCII filters only shrink data and are decoded; any other filter is assumed to grow
    its input EXPANSION times, so only small streams pass through one.
    """
    data: bytes | None = raw
    size = len(raw)
    for name in filters:
        if data is None:
            size *= EXPANSION
        elif name in ("/FlateDecode", "/Fl"):
            inflater = zlib.decompressobj()
            try:
                data = inflater.decompress(data, ceiling)
            except zlib.error:
                pass  # PDFium stops at the broken data too
            size = len(data)
        elif name in ("/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"):
            data = _ascii_decoded(data, name)
            size = len(data)
        else:
            data, size = None, size * EXPANSION
        if size > ceiling:
            return ceiling
    return size


def _ascii_decoded(data: bytes, name: str) -> bytes:
    import base64
    import binascii

    text = bytes(b for b in data if b not in b" \t\r\n\f\x00")
    try:
        if name in ("/ASCIIHexDecode", "/AHx"):
            text = text.split(b">", 1)[0]
            return binascii.unhexlify(text + b"0" * (len(text) % 2))
        return base64.a85decode(text.split(b"~>", 1)[0])
    except (ValueError, binascii.Error):
        return data


def pages_within_budget(source: str | Path | bytes, pages: Iterable[int], budget: int = BUDGET) -> bool:
    """Whether PDFium may read these pages: what they draw decodes to at most ``budget`` bytes."""
    import pikepdf

    walk = _Walk(budget)
    try:
        with pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source) as pdf:
            count = len(pdf.pages)
            for index in pages:
                if not 0 <= index < count:
                    continue
                page = pdf.pages[index].obj
                contents = page.get("/Contents")
                for part in _values(contents) if isinstance(contents, pikepdf.Array) else [contents]:
                    walk.stream(part)
                walk.resources(page.get("/Resources"), 0)
    except _Over:
        return False
    except Exception:  # noqa: BLE001 - qpdf cannot walk it: PDFium will not be trusted with it either
        return False
    return True


__all__ = ["BUDGET", "pages_within_budget"]
