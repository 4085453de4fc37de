"""What a client *cannot* draw, whatever formkit does: the documented limits of the fill matrix.

Each entry was seen on formkit's forms and traced to the client itself (see the reasons). A limited
cell is not skipped: its test still checks that the value reads back exactly, that nothing lands in
another field's box, and that the characters the client can encode are drawn where they belong.
A break that is not listed here fails its cell, and is reported rather than added to quiet it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SCRIPTS = {
    "latin1": "Zoë Ñúñez-Ølsen",
    "latin-ext": "Łódź Dvořák",
    "greek": "Ελένη Παπαδοπούλου",
    "cyrillic": "Ирина Петрова",
}


def winansi(char: str) -> bool:
    """True for a character a simple font with /WinAnsiEncoding (cp1252) can show."""
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def script_of(value: str) -> str:
    """The script key (of SCRIPTS) a value needs: the client limits are per script."""
    if all(winansi(c) for c in value):
        return "latin1"
    if any("\u0370" <= c <= "\u03ff" for c in value):
        return "greek"
    if any("\u0400" <= c <= "\u04ff" for c in value):
        return "cyrillic"
    return "latin-ext"


@dataclass(frozen=True)
class Limit:
    """Why a client cannot draw a value, what it does draw instead, and which fields it redraws."""

    reason: str
    draws: Callable[[str], str]
    every_field: bool = False  # it also redraws values it did not set (a pre-filled name, say)
    illegible: bool = False  # what it draws is not text at all (wrong glyphs): only other boxes are checked


def _drop_non_winansi(value: str) -> str:
    return "".join(c for c in value if winansi(c))


def _question_marks(value: str) -> str:
    return "".join(c if winansi(c) else "?" for c in value)


PDFTK = Limit(
    "pdftk-java 3.3.2 draws a value with the field's /DA font as a simple font (WinAnsi) and writes "
    "code 0 (.notdef, nothing visible) for every other character: Ł, ź, ř, Greek and Cyrillic vanish. "
    "Only its replacement_font option, which formkit cannot set for the person filling, avoids it.",
    _drop_non_winansi,
)
QPDF = Limit(
    "qpdf's appearance generator (pikepdf generate_appearance_streams, PyPDFForm "
    "generate_appearance_streams=True) supports only WinAnsi/MacRoman simple fonts and writes '?' "
    "for any other character; it regenerates every text field with a value, pre-filled ones too.",
    _question_marks,
    every_field=True,
)
MUPDF_NO_AP = Limit(
    "PyPDFForm's default mode replaces each field's /AP with a text string (no appearance at all) "
    "and MuPDF 1.21 does not regenerate appearances: every field PyPDFForm wrote, the pre-filled "
    "ones included (it rewrites them all), is blank in MuPDF.",
    lambda value: "",
    every_field=True,
)

QPDF_COMPOSITE = Limit(
    "A value formkit pre-filled outside Windows-1252 (a Greek name) is drawn with the composite field "
    "font, and its /DA names that font, so viewers that redraw it (poppler under /NeedAppearances) keep "
    "every letter. qpdf's generator redraws every field and writes one byte per character into that "
    "two-byte font: wrong glyphs, nothing legible (before, with the simple font, it wrote '?').",
    lambda value: "",
    every_field=True,
    illegible=True,
)

# (filler, script) or (filler, renderer) -> Limit. Fillers and renderers as named in FILLERS/RENDERERS.
CLIENT_LIMITS: dict[tuple[str, str], Limit] = {
    **{("pdftk", script): PDFTK for script in ("latin-ext", "greek", "cyrillic")},
    **{(filler, script): QPDF for filler in ("pikepdf", "pypdfform-gen")
       for script in ("latin-ext", "greek", "cyrillic")},
    ("pypdfform", "mupdf"): MUPDF_NO_AP,
}


def limit_for(filler: str, renderer: str, value: str) -> Limit | None:
    """The client limit that applies to drawing ``value`` (renderer limits first), or None."""
    return CLIENT_LIMITS.get((filler, renderer)) or CLIENT_LIMITS.get((filler, script_of(value)))


def expected_drawing(filler: str, renderer: str, value: str, *, filled_now: bool) -> tuple[str, Limit | None]:
    """What should be drawn in a box holding ``value``, and the limit that shaped it (if any).

    ``filled_now`` is False for a value that was in the form before this filler ran: a client
    only spoils such a value if its limit says it redraws every field.
    """
    limit = limit_for(filler, renderer, value) if value else None
    if limit is QPDF and not filled_now:
        limit = QPDF_COMPOSITE  # pre-filled by formkit: its /DA names the composite font
    if limit is None or not (filled_now or limit.every_field):
        return value, None
    return limit.draws(value), limit


def squash(drawn: str, *, notdef_allowed: bool) -> str:
    """Drawn text without whitespace; with a limit, also without .notdef placeholders (U+FFFD, NUL).

    A .notdef glyph draws nothing, but MuPDF reports it as U+FFFD: only a documented limit
    may leave one behind.
    """
    text = "".join(drawn.split())
    if notdef_allowed:
        text = text.replace("\ufffd", "").replace("\x00", "")
    return text
