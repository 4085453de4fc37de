"""The page engine's text block (formkit.pdfpage.textblock), read back the way a reader sees it:
poppler's word boxes say where each word was drawn, so a line running past its column, a lost or
reordered word, a <b> not drawn bold or a split that drops a line shows as what a person would see."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from renderers import Glyph, text_poppler

from formkit.pdfform.fonts import BOLD, REGULAR, register_fonts
from formkit.pdfpage.textblock import TextBlock, TextStyle

STYLE = TextStyle(REGULAR, BOLD, 10, 13)
LEFT, TOP = 72.0, 720.0
STATEMENT = ("Relates their own recovery stories, and with permission, the recovery stories of others’ to "
             "inspire hope — Baseline, Self: Not yet had the chance / not sure; Follow-up, Self: 3 (Usually)")


def _draw(tmp_path: Path, blocks: list[tuple[TextBlock, float]]) -> list[Glyph]:
    """Draw each (block, width) down one page from (LEFT, TOP); poppler's word boxes of the page."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(612, 792))
    y = TOP
    for block, width in blocks:
        _, height = block.wrap(width, 792)
        block.drawOn(canvas, LEFT, y - height)
        y -= height + 20
    canvas.showPage()
    canvas.save()
    pdf = tmp_path / "block.pdf"
    pdf.write_bytes(out.getvalue())
    return text_poppler(pdf, 0, 792, tmp_path)


def _lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Words grouped by baseline, top to bottom."""
    rows: dict[float, list[Glyph]] = {}
    for g in glyphs:
        rows.setdefault(round(g.y0, 1), []).append(g)
    return [sorted(rows[y], key=lambda g: g.x0) for y in sorted(rows, reverse=True)]


@pytest.mark.parametrize("width", [90.0, 160.0, 250.0])
def test_every_word_drawn_in_its_column_in_order(tmp_path: Path, width: float) -> None:
    block = TextBlock(f"<b>CC3.1</b> {STATEMENT.replace('&', '&amp;')}", STYLE)
    glyphs = _draw(tmp_path, [(block, width)])
    assert " ".join(g.text for g in glyphs) == f"CC3.1 {STATEMENT}"  # every word, verbatim, in order
    assert all(LEFT - 0.5 <= g.x0 and g.x1 <= LEFT + width + 0.5 for g in glyphs), \
        [(g.text, g.x1) for g in glyphs if g.x1 > LEFT + width + 0.5]
    lines = _lines(glyphs)
    assert len(lines) == len(block.lines) and block.height == len(lines) * STYLE.leading
    widest = max(line[-1].x1 - LEFT for line in lines)
    assert widest > width * 0.8  # lines are filled, not broken early


def test_bold_is_drawn_bold_and_entities_are_characters(tmp_path: Path) -> None:
    glyphs = _draw(tmp_path, [(TextBlock("<b>Wide</b> Wide &lt;a&gt; &amp; &#8212; &#x2014;", STYLE), 400.0)])
    assert [g.text for g in glyphs] == ["Wide", "Wide", "<a>", "&", "—", "—"]
    bold, regular = glyphs[0], glyphs[1]
    assert bold.x1 - bold.x0 > (regular.x1 - regular.x0) * 1.05


def test_line_breaks_and_a_word_wider_than_the_column(tmp_path: Path) -> None:
    long_word = "x" * 80
    block = TextBlock(f"first line<br/>second<br/><br/>after a blank {long_word} end", STYLE)
    glyphs = _draw(tmp_path, [(block, 120.0)])
    lines = _lines(glyphs)
    assert [g.text for g in lines[0]] == ["first", "line"]
    assert [g.text for g in lines[1]] == ["second"]
    assert lines[2][0].y0 < lines[1][0].y0 - 2 * STYLE.leading + 1  # the blank line is kept
    assert "".join(g.text for g in glyphs if set(g.text) <= {"x"}) == long_word  # cut, nothing lost
    assert all(g.x1 <= LEFT + 120.5 for g in glyphs)
    assert glyphs[-1].text == "end"


def test_split_keeps_every_line_and_leaves_no_orphan() -> None:
    block = TextBlock(STATEMENT * 4, STYLE)
    _, height = block.wrap(200, 792)
    total = len(block.lines)
    assert total > 6
    first, rest = block.split(200, 5 * STYLE.leading + 3)
    assert len(first.lines) == 5 and first.lines + rest.lines == block.lines
    assert first.height == 5 * STYLE.leading and rest.height == height - first.height
    assert block.split(200, STYLE.leading * 1.5) == []  # one line alone at a page's foot: move it whole
    assert block.split(200, height) == [block]


@pytest.mark.parametrize("markup", ["<i>x</i>", "a & b", "<b>x<b/>", "x <font size=9>y</font>", "&nbsp;"])
def test_markup_it_does_not_draw_is_refused(markup: str) -> None:
    with pytest.raises(ValueError, match="report markup"):
        TextBlock(markup, STYLE)


def test_blank_markup_takes_no_room() -> None:
    assert TextBlock("   ", STYLE).wrap(100, 100) == (100, 0)
