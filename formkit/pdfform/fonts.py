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
    """Rewrite reportlab's ToUnicode CMaps in ``pdf`` (pikepdf) so characters beyond U+FFFF read back.

    reportlab 4/5 writes ``<%04X>`` of the code point, so an emoji that DejaVu can draw
    (U+1F600) is mapped to five hex digits, which readers take as U+1F60 'ὠ': copying or
    searching the text then gives a wrong letter. Each such entry becomes its UTF-16 pair.
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
        fixed = _BFCHAR.sub(lambda m: m.group(1) + b"<" + _utf16(int(m.group(2), 16)) + b">", data)
        if fixed != data:
            cmap.write(fixed)


def _utf16(code: int) -> bytes:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper().encode("ascii")


def undrawable(texts: Iterable[str]) -> list[str]:
    """Characters of ``texts`` that formkit's PDF font has no glyph for, sorted.

    They print as empty boxes in PDFs (Word picks a fallback font, so .docx is unaffected).
    Line breaks, tabs and invisible format characters (joiners, direction marks, variation
    selectors) are not counted: nothing is drawn for them.
    """
    import unicodedata

    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    cmap = pdfmetrics.getFont(REGULAR).face.charToGlyph
    seen: dict[str, None] = {}
    for text in texts:
        for char in set(text):
            if ord(char) in cmap or char in seen or char in "\n\r\t" or unicodedata.category(char) in ("Cf", "Cc"):
                continue
            if 0xFE00 <= ord(char) <= 0xFE0F:
                continue
            seen[char] = None
    return sorted(seen)


@cache
def register_fonts() -> tuple[str, str]:
    """Register the bundled fonts with reportlab once; return (regular, bold) font names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir() / filename)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
