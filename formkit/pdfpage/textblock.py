"""Report text laid out by the page engine itself: the small markup formkit's reports write, as
blocks that wrap, split across pages and draw like a platypus flowable.

Why not reportlab's Paragraph: importing ``reportlab.platypus.paragraph`` compiles a
case-insensitive URL pattern over most of Unicode and an HTML parser for its markup (60 ms of a
`formkit report person` run that takes 0.3 s), and every paragraph is then parsed by that
parser. The reports write three things only: text escaped by :func:`formkit.core.xmltext.escape`,
``<b>…</b>`` and ``<br/>``. Anything else is a programming error and raises ValueError.

Lines break the way Paragraph breaks them: greedily at white space (the same white-space set),
never wider than the column (Paragraph lets a line run 5% of its spaces over; this does not), a
word wider than the column cut between characters. The first baseline is one font size below
the top, the next ones one leading apart; a block is as tall as its lines times the leading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# reportlab.platypus.paragraph's white space (_wsc): where a line may break, collapsed to one space
_SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
          "\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000")
_WORDS = re.compile(f"[^{re.escape(_SPACE)}]+|[{re.escape(_SPACE)}]+")
_TOKEN = re.compile(r"<b>|</b>|<br/>|&(amp|lt|gt|quot|apos);|&#(\d{1,7});|&#x([0-9A-Fa-f]{1,6});|[^<&]+")
_ENTITY = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}

Piece = tuple[str, str]  # (font, text) of a word, or of part of a word that changes font
Word = tuple[Piece, ...]
Line = tuple[Word, ...]
BREAK = ()  # a <br/> among the words


@dataclass(frozen=True)
class TextStyle:
    """The type of a block: its font, the font ``<b>`` switches to, size and leading (points)."""

    font: str
    bold: str
    size: float
    leading: float


def parse(markup: str, style: TextStyle) -> list[Word]:
    """The words of ``markup``, each a run of (font, text) pieces, and BREAK for each ``<br/>``."""
    words: list[Word] = []
    current: list[Piece] = []
    bold, at = False, 0
    for token in _TOKEN.finditer(markup):
        if token.start() != at:
            break
        at = token.end()
        kind = token[0]
        if kind in ("<b>", "</b>"):
            bold = kind == "<b>"
        elif kind == "<br/>":
            _end_word(words, current)
            words.append(BREAK)
        else:
            _add_text(words, current, style.bold if bold else style.font, _text(token))
    if at != len(markup):
        raise ValueError(f"report markup this page engine does not draw: {markup[at:at + 40]!r}")
    _end_word(words, current)
    return words


def _text(token: re.Match[str]) -> str:
    """A token's text: an entity as its character, else the text itself."""
    name, decimal, hexadecimal = token.groups()
    if name:
        return _ENTITY[name]
    if decimal or hexadecimal:
        return chr(int(decimal, 10) if decimal else int(hexadecimal, 16))
    return token[0]


def _add_text(words: list[Word], current: list[Piece], font: str, text: str) -> None:
    """Add ``text`` in ``font``: white space ends the word being built."""
    for part in _WORDS.findall(text):
        if part[0] in _SPACE:
            _end_word(words, current)
        elif current and current[-1][0] == font:
            current[-1] = (font, current[-1][1] + part)
        else:
            current.append((font, part))


def _end_word(words: list[Word], current: list[Piece]) -> None:
    if current:
        words.append(tuple(current))
        current.clear()


class TextBlock:
    """A block of report markup in one style: ``wrap``, ``split`` and ``drawOn`` as platypus
    flowables have them, so the page engine, the report tables and stamping treat both alike."""

    def __init__(self, markup: str, style: TextStyle, *, words: list[Word] | None = None) -> None:
        """``words``: already parsed (a split's part), in place of ``markup``."""
        self.style = style
        self.words = parse(markup, style) if words is None else words
        self.lines: list[Line] = []
        self.width = 0.0
        self.height = 0.0
        self._wrapped_at: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Break the lines for ``avail_width`` (once per width); (width, height) as a flowable gives them."""
        if self._wrapped_at != avail_width:
            self.lines = break_lines(self.words, avail_width, self.style.size)
            self._wrapped_at = avail_width
        self.width, self.height = avail_width, len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[TextBlock]:
        """[what fits ``avail_height``, the rest], [self] when all fits, [] when under two lines fit
        (no line left alone at a page's foot, as Paragraph's allowOrphans=0)."""
        self.wrap(avail_width, avail_height)
        fit = int(avail_height / self.style.leading)
        if fit <= 1 or not self.lines:
            return []
        if len(self.lines) <= fit:
            return [self]
        return [self._part(self.lines[:fit], avail_width), self._part(self.lines[fit:], avail_width)]

    def _part(self, lines: list[Line], width: float) -> TextBlock:
        words = [word for line in lines for word in (*line, BREAK)][:-1]
        part = TextBlock("", self.style, words=words)
        part.lines, part._wrapped_at = list(lines), width
        part.width, part.height = width, len(lines) * self.style.leading
        return part

    def drawOn(self, canvas: Any, x: float, y: float) -> None:  # noqa: N802 (the flowable protocol's name)
        """Draw the lines with (x, y) the block's bottom left, inside q … Q as a flowable draws
        (formkit.pdfpage.stamp replays what is between), in black, words parted by real spaces."""
        style = self.style
        canvas.saveState()
        canvas.translate(x, y)
        text = canvas.beginText(0, self.height - style.size)
        text.setFillColorRGB(0, 0, 0)
        font = None
        for line in self.lines:
            for i, word in enumerate(line):
                if i:
                    text.textOut(" ")
                for piece_font, piece in word:
                    if piece_font != font:
                        font = piece_font
                        text.setFont(font, style.size, style.leading)
                    text.textOut(piece)
            text.textLine("")
        canvas.drawText(text)
        canvas.restoreState()


def break_lines(words: list[Word], width: float, size: float) -> list[Line]:
    """Greedy lines no wider than ``width``: a word joins the line when it and a space fit, a word
    wider than a whole line is cut between characters (its first part in the room left on the
    line), and BREAK ends a line. Empty lines at the end are dropped."""
    lines: list[Line] = []
    line: list[Word] = []
    used = 0.0
    for word in words:
        if not word:  # BREAK
            lines.append(tuple(line))
            line, used = [], 0.0
            continue
        wide = word_width(word, size)
        space = _space(word, size) if line else 0.0
        if used + space + wide <= width + _EPSILON:
            line.append(word)
            used += space + wide
        elif wide <= width + _EPSILON:
            lines.append(tuple(line))
            line, used = [word], wide
        else:
            first, *rest = cut_word(word, width - used - space if line else width, width, size)
            if first:
                line.append(first)
            for part in rest:
                lines.append(tuple(line))
                line, used = [part], word_width(part, size)
    lines.append(tuple(line))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def cut_word(word: Word, first_room: float, width: float, size: float) -> list[Word]:
    """``word`` in parts between characters: the first no wider than ``first_room`` (it may be
    empty), the others than ``width`` (each at least one character, so a line always moves on)."""
    parts: list[Word] = []
    part: list[Piece] = []
    used, room = 0.0, first_room
    for font, text in word:
        for char in text:
            wide = _width(font, char) * size
            if used + wide > room + _EPSILON and (part or parts):
                parts.append(tuple(part))
                part, used, room = [], 0.0, width
            if part and part[-1][0] == font:
                part[-1] = (font, part[-1][1] + char)
            else:
                part.append((font, char))
            used += wide
    parts.append(tuple(part))
    return parts


_EPSILON = 1e-6
_WIDTHS: dict[tuple[str, str], float] = {}
MAX_WIDTHS = 50_000  # measured words kept (a 10,000-person cohort report repeats the same words)


def word_width(word: Word, size: float) -> float:
    """The drawn width of ``word`` at ``size`` points."""
    return sum(_width(font, text) for font, text in word) * size


def _space(word: Word, size: float) -> float:
    """The space before ``word``: a space of the font it starts in, as Paragraph measures it."""
    return _width(word[0][0], " ") * size


def _width(font: str, text: str) -> float:
    """``text``'s width in ``font`` at 1 point (widths scale with the size), measured once."""
    wide = _WIDTHS.get((font, text))
    if wide is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        wide = stringWidth(text, font, 1.0)
        if len(_WIDTHS) < MAX_WIDTHS:
            _WIDTHS[(font, text)] = wide
    return wide


__all__ = ["BREAK", "TextBlock", "TextStyle", "break_lines", "parse"]
