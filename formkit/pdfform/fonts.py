"""The bundled, openly licensed font (DejaVu Sans) that formkit's PDFs print with.

reportlab subsets it into each PDF, so Latin, Greek and Cyrillic labels and pre-filled values
render the same in every reader. The font and its licence ship in templates/fonts/.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..resources import templates_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def font_dir() -> Path:
    return templates_dir() / "fonts"


def font_path(name: str = REGULAR) -> Path:
    """Path of a bundled TTF by its registered name (REGULAR or BOLD)."""
    return font_dir() / _FILES[name]


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
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
