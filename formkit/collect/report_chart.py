"""The summary report's overview: one bar per category, one block per answer, on one page.

Drawn with plain rectangles and text (no chart library: every block carries its number, which
a printed page in black and white still shows) and tagged as one Figure whose alternative text
states every number, so a screen reader gets what the eye gets. The answers are shaded from
light (the scale's first point) to dark (its last); "not yet had the chance" stands out in amber
and an unanswered competency is an outlined white block. Each kind of block also has its own
hatching, repeated on its legend swatch, so a page printed in black and white (where amber and a
mid blue print as the same grey) still tells the answers apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..catalog.locale import Wording
from ..pdfform.fonts import BOLD, REGULAR
from ..pdfpage import Flow

LABEL_W = 180.0  # the category names on the left
GAP = 8.0
ROW_H = 24.0
BAR_H = 15.0
LABEL_SIZE = 7.5
NUMBER_SIZE = 8.0
LEGEND_SIZE = 8.0
LEGEND_ROW = 13.0
LIGHT, DARK = (0.78, 0.86, 0.94), (0.03, 0.19, 0.42)
AMBER = (0.96, 0.65, 0.51)
WHITE = (1.0, 1.0, 1.0)
OUTLINE = (0.45, 0.45, 0.45)


PATTERNS = ("", "/", "-", "\\", "x", "|", "+")  # hatching by kind: none, diagonal, horizontal, ...
HATCH_STEP = 4.0


@dataclass(frozen=True)
class Answer:
    """One kind of block: a scale choice, "not yet had the chance", or not answered."""

    label: str
    fill: tuple[float, float, float]
    pattern: str = ""  # one of PATTERNS: how the block reads in black and white


@dataclass(frozen=True)
class Bar:
    """One category: its label and the number of competencies given each answer (in Answer order)."""

    label: str
    counts: tuple[int, ...]


def answers(point_labels: Sequence[str], na_label: str | None, unanswered: str) -> list[Answer]:
    """The blocks' colours: the scale's points light to dark, then amber, then white."""
    n = len(point_labels)
    shades = [tuple(a + (b - a) * (i / max(n - 1, 1)) for a, b in zip(LIGHT, DARK)) for i in range(n)]
    out = [Answer(label, shade, PATTERNS[i % (len(PATTERNS) - 1)])  # type: ignore[arg-type]
           for i, (label, shade) in enumerate(zip(point_labels, shades))]
    if na_label is not None:
        out.append(Answer(na_label, AMBER, PATTERNS[-1]))
    return out + [Answer(unanswered, WHITE)]


def _hatch(c: Any, kind: Answer, x: float, y: float, width: float, height: float) -> None:
    """The kind's hatching inside the rectangle, in a grey that shows on its fill."""
    if not kind.pattern:
        return
    c.saveState()
    path = c.beginPath()
    path.rect(x, y, width, height)
    c.clipPath(path, stroke=0, fill=0)
    c.setStrokeColorRGB(*((0.85, 0.85, 0.85) if sum(kind.fill) < 1.5 else (0.25, 0.25, 0.25)))
    c.setLineWidth(0.6)
    span = width + height
    steps = int(span // HATCH_STEP) + 1
    for i in range(steps):
        d = i * HATCH_STEP
        if kind.pattern in "/x":
            c.line(x + d - height, y, x + d, y + height)
        if kind.pattern in "\\x":
            c.line(x + d, y, x + d - height, y + height)
        if kind.pattern in "-+" and d <= height:
            c.line(x, y + d, x + width, y + d)
        if kind.pattern in "|+" and d <= width:
            c.line(x + d, y, x + d, y + height)
    c.restoreState()


def alt_text(words: Wording, kinds: Sequence[Answer], prefix: str) -> Callable[[Sequence[Bar]], str]:
    """The Figure's alternative text for a part of the chart, from the wording ``<prefix>_alt``,
    ``_category`` and ``_count`` (labels and titles put in as typed): every number the eye gets."""
    from .report_pages import verbatim

    def alt(part: Sequence[Bar]) -> str:
        each = [verbatim(words, f"{prefix}_category", category=bar.label, counts=", ".join(
            verbatim(words, f"{prefix}_count", label=kind.label, count=words.number(n))
            for kind, n in zip(kinds, bar.counts) if n)) for bar in part]
        return verbatim(words, f"{prefix}_alt", counts=" ".join(each))

    return alt


def overview(flow: Flow, bars: Sequence[Bar], kinds: Sequence[Answer], alt: Callable[[Sequence[Bar]], str],
             number: Callable[[int], str]) -> None:
    """The chart at the cursor, kept on one page; more categories than a page holds make a chart
    per page, each a Figure of its own. ``number`` writes a block's count (Wording.number)."""
    legend_h = _legend_height(flow, kinds)
    per_page = max(1, int((flow.frame.body_height - legend_h - 20) // ROW_H))
    for start in range(0, len(bars), per_page):
        part = bars[start:start + per_page]
        height = ROW_H * len(part) + legend_h + 6
        flow.ensure(height)
        top = flow.y
        box = [flow.frame.left, top - height, flow.frame.right, top]
        with flow.element("Figure", Alt=alt(part), A={"O": "Layout", "BBox": [round(v, 2) for v in box]}), \
                flow.marked():
            scale = max(max((sum(b.counts) for b in bars), default=1), 1)
            for i, bar in enumerate(part):
                _bar(flow, bar, kinds, top - ROW_H * (i + 1), scale, number)
            _legend(flow, kinds, top - ROW_H * len(part) - 6)
        flow.y = top - height


def _bar(flow: Flow, bar: Bar, kinds: Sequence[Answer], bottom: float, scale: int,
         number: Callable[[int], str]) -> None:
    from reportlab.lib.utils import simpleSplit

    c, left = flow.c, flow.frame.left
    lines = simpleSplit(bar.label, REGULAR, LABEL_SIZE, LABEL_W)
    if len(lines) > 2:
        lines = [lines[0], _ellipsis(" ".join(lines[1:]), LABEL_W, LABEL_SIZE)]
    c.setFillColorRGB(0, 0, 0)
    c.setFont(REGULAR, LABEL_SIZE)
    middle = bottom + ROW_H / 2
    first = middle + (len(lines) - 1) * (LABEL_SIZE + 1) / 2 - LABEL_SIZE / 3
    for j, line in enumerate(lines):
        c.drawString(left, first - j * (LABEL_SIZE + 1), line)
    unit = (flow.frame.right - left - LABEL_W - GAP) / scale
    x, y = left + LABEL_W + GAP, middle - BAR_H / 2
    for kind, count in zip(kinds, bar.counts):
        if not count:
            continue
        width = unit * count
        c.setFillColorRGB(*kind.fill)
        c.setStrokeColorRGB(*OUTLINE)
        c.setLineWidth(0.5)
        c.rect(x, y, width, BAR_H, stroke=1, fill=1)
        _hatch(c, kind, x, y, width, BAR_H)
        _number(c, kind, number(count), x, y, width)
        x += width


def _number(c: Any, kind: Answer, text: str, x: float, y: float, width: float) -> None:
    """The block's count, centred on a small plain patch so hatching never crosses it (left out
    when the block is narrower than the number: the Figure's alternative text still has it)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text_w = stringWidth(text, BOLD, NUMBER_SIZE)
    if text_w + 2 > width:
        return
    if kind.pattern:
        c.setFillColorRGB(*kind.fill)
        c.rect(x + (width - text_w) / 2 - 1.5, y + 2.5, text_w + 3, BAR_H - 5, stroke=0, fill=1)
    c.setFillColorRGB(*(WHITE if sum(kind.fill) < 1.5 else (0, 0, 0)))
    c.setFont(BOLD, NUMBER_SIZE)
    c.drawCentredString(x + width / 2, y + (BAR_H - NUMBER_SIZE) / 2 + 1.5, text)


def _ellipsis(text: str, width: float, size: float) -> str:
    """``text`` as it fits ``width`` on one line: whole, or cut with an ellipsis."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, REGULAR, size) <= width:
        return text
    while text and stringWidth(text + "…", REGULAR, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _legend_items(flow: Flow, kinds: Sequence[Answer]) -> list[list[tuple[Answer, float]]]:
    """The legend's entries, line by line, each with its width (swatch, label and a gap)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[list[tuple[Answer, float]]] = [[]]
    used, room = 0.0, flow.frame.body_width - LABEL_W - GAP
    for kind in kinds:
        width = 14 + min(stringWidth(kind.label, REGULAR, LEGEND_SIZE), room - 14) + 12
        if lines[-1] and used + width > room:
            lines.append([])
            used = 0.0
        lines[-1].append((kind, width))
        used += width
    return lines


def _legend_height(flow: Flow, kinds: Sequence[Answer]) -> float:
    return LEGEND_ROW * len(_legend_items(flow, kinds))


def _legend(flow: Flow, kinds: Sequence[Answer], top: float) -> None:
    c = flow.c
    for row, line in enumerate(_legend_items(flow, kinds)):
        x, y = flow.frame.left + LABEL_W + GAP, top - LEGEND_ROW * (row + 1) + 3
        for kind, width in line:
            c.setFillColorRGB(*kind.fill)
            c.setStrokeColorRGB(*OUTLINE)
            c.setLineWidth(0.5)
            c.rect(x, y, 9, 9, stroke=1, fill=1)
            _hatch(c, kind, x, y, 9, 9)
            c.setFillColorRGB(0, 0, 0)
            c.setFont(REGULAR, LEGEND_SIZE)
            c.drawString(x + 13, y + 1.5, _ellipsis(kind.label, width - 26, LEGEND_SIZE))
            x += width


__all__ = ["Answer", "Bar", "alt_text", "answers", "overview"]
