"""The bundled, openly licensed font (DejaVu Sans) that formkit's PDFs print with.

reportlab subsets it into each PDF, so Latin, Greek and Cyrillic labels and pre-filled values
render the same in every reader. The font and its licence ship in templates/fonts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from ..core.resources import templates_dir

# reportlab keeps one process-wide font registry. formkit's names are its own, so a program that
# registered a font called "DejaVuSans" (another version, another file) keeps it after a build.
REGULAR = "formkit-DejaVuSans"
BOLD = "formkit-DejaVuSans-Bold"
ITALIC = "formkit-DejaVuSans-Oblique"  # a bilingual form's second language, beneath the first
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


def font_dir() -> Path:
    return templates_dir() / "fonts"


def font_path(name: str = REGULAR) -> Path:
    """Path of a bundled TTF by its registered name (REGULAR, BOLD or ITALIC)."""
    return font_dir() / _FILES[name]


_BFCHAR = re.compile(rb"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.MULTILINE)


def repair_to_unicode(pdf: Any) -> None:
    """Rewrite reportlab's ToUnicode CMaps in ``pdf`` (pikepdf) with :func:`to_unicode_repaired`.

    This runs on the finished document (not by patching reportlab), so no other program in
    the process sees a changed reportlab.
    """
    import pikepdf

    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != pikepdf.Name.Font:
            continue
        cmap = obj.get("/ToUnicode")
        if not isinstance(cmap, pikepdf.Stream):
            continue
        data = cmap.read_bytes()
        fixed = to_unicode_repaired(data)
        if fixed != data:
            cmap.write(fixed)


def to_unicode_repaired(data: bytes) -> bytes:
    """A reportlab ToUnicode CMap with characters beyond U+FFFF as UTF-16 pairs.

    reportlab 4/5 writes ``<%04X>`` of the code point, so an emoji that DejaVu can draw
    (U+1F600) is mapped to five hex digits, which readers take as U+1F60 'ὠ': copying or
    searching the text then gives a wrong letter. Each such entry becomes its UTF-16 pair.
    """
    return _BFCHAR.sub(lambda m: m.group(1) + b"<" + _utf16(int(m.group(2), 16)) + b">", data)


def _utf16(code: int) -> bytes:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper().encode("ascii")


def undrawable(texts: Iterable[str]) -> list[str]:
    """Characters of ``texts`` that formkit's PDF font has no glyph for, sorted.

    They print as empty boxes in PDFs (Word picks a fallback font, so .docx is unaffected).
    Line breaks, tabs and invisible format characters (joiners, direction marks, variation
    selectors) are not counted: nothing is drawn for them.
    """
    import unicodedata
    from bisect import bisect_right

    starts, ends = mapped_ranges()
    seen: dict[str, None] = {}
    for text in texts:
        for char in set(text):
            at = bisect_right(starts, ord(char)) - 1
            if at >= 0 and ord(char) <= ends[at]:
                continue
            if char in seen or char in "\n\r\t" or unicodedata.category(char) in ("Cf", "Cc"):
                continue
            if 0xFE00 <= ord(char) <= 0xFE0F:
                continue
            seen[char] = None
    return sorted(seen)


@cache
def mapped_ranges(name: str = REGULAR) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(starts, ends), sorted: the code-point ranges the bundled font's cmap maps, the characters
    reportlab draws with a glyph of it (its ``charToGlyph``).

    Read from the cmap table alone: :func:`undrawable` used to register both fonts for this
    (60 ms, a quarter of a cached batch's start-up). Like reportlab, the last Unicode subtable is
    used; a format other than 4 or 12 (not in the fonts formkit ships) is asked of reportlab.
    """
    import struct

    data = font_path(name).read_bytes()
    tables = {data[12 + 16 * i:16 + 16 * i]: struct.unpack_from(">L", data, 20 + 16 * i)[0]
              for i in range(struct.unpack_from(">H", data, 4)[0])}
    cmap = tables[b"cmap"]
    chosen = -1  # the subtable's offset in the file
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * i)
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen = cmap + offset
    fmt = struct.unpack_from(">H", data, chosen)[0] if chosen >= 0 else -1
    if fmt == 4:
        count = struct.unpack_from(">H", data, chosen + 6)[0] // 2
        ends = struct.unpack_from(f">{count}H", data, chosen + 14)
        starts = struct.unpack_from(f">{count}H", data, chosen + 16 + 2 * count)
    elif fmt == 12:
        groups = struct.unpack_from(">L", data, chosen + 12)[0]
        triples = struct.unpack_from(f">{3 * groups}L", data, chosen + 16)
        starts, ends = triples[0::3], triples[1::3]
    else:
        register_fonts()
        from reportlab.pdfbase import pdfmetrics

        codes = sorted(pdfmetrics.getFont(name).face.charToGlyph)
        starts, ends = tuple(codes), tuple(codes)
    pairs = sorted(zip(starts, ends))
    return tuple(a for a, _ in pairs), tuple(b for _, b in pairs)


@cache
def register_fonts() -> tuple[str, str]:
    """Register the bundled fonts with reportlab once; return (regular, bold) font names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from .fontcache import parsed_font

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(parsed_font(name, font_dir() / filename))  # parsed once, then from the cache
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
