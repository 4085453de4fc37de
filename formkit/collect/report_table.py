"""The summary report's tables of text: the competencies of a category, and the learning plan.

A tagged table (Table > TR > TH/TD; the column headers say their scope). No cell heads its row:
a one-row table would then hold more header cells than data cells, which a checker (outloud)
reads as a header shredded into pieces; each row's first cell, the competency's id, is read first
anyway. A row moves whole to the next page when it is short; a row taller than that (a note of
4,000 characters in a narrow column runs past a page) is split across pages, each of its cells
staying one cell with content on both pages. A continued page repeats the header row as a
pagination artifact, so a screen reader reads it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..pdfpage import Flow
from ..pdfpage.stamp import WRAPPED, repeatable
from ..pdfpage.tags import Elem
from ..pdfpage.textblock import TextBlock

GRID = (0.55, 0.55, 0.55)
SHADE = (0.90, 0.92, 0.95)
PAD = 3.0
KEEP_ROW = 160.0  # a row up to this tall moves whole to the next page; a taller one is split
MIN_SPLIT = 40.0  # the least room worth starting a split row in (about three lines)
SHARED_CELL = 40  # cells of markup up to this long are made once per column and text (TextTable._paragraphs)


@dataclass(frozen=True)
class Column:
    label: str  # paragraph markup
    width: float


class TextTable:
    """One table of ``columns`` at the flow's left edge; cells are report markup (formkit.pdfpage.textblock)."""

    def __init__(self, flow: Flow, columns: Sequence[Column], style: Any, head_style: Any,
                 shared: dict[tuple[int, float, str], Any] | None = None) -> None:
        """``shared``: short paragraphs by (style, width, markup), kept by the caller to share with
        its other tables (a growth report's twelve category tables repeat the same heads and words)."""
        self.flow, self.columns, self.style, self.head_style = flow, list(columns), style, head_style
        self._short = {} if shared is None else shared  # see _paragraphs

    def draw(self, rows: Sequence[Sequence[Any]]) -> None:
        """``rows`` of paragraph markup; a cell may instead be a block that draws itself
        (formkit.collect.handwritten.Crop: wrap, split and draw_in)."""
        heads = [self._shared(c.label, self.head_style, c.width) for c in self.columns]  # on each page
        head_h = self._height(heads)
        first = [self._paragraphs(row) for row in rows[:1]]
        first_h = self._height(first[0]) if first else 0.0
        self.flow.ensure(head_h + min(first_h, KEEP_ROW))  # never a header alone at a page's foot
        with self.flow.element("Table"):
            self._header(heads, head_h, repeat=False)
            for row in rows:
                self._row(self._paragraphs(row), heads, head_h)

    def _paragraphs(self, row: Sequence[Any]) -> list[Any]:
        """The row's cells as paragraphs. A short cell repeated down a column ("Usually", "none": most
        of a growth report's 1,200 cells) is parsed and wrapped once and drawn wherever it recurs;
        it fits a line, so it is never split, and drawing leaves a paragraph as it was."""
        paras: list[Any] = []
        for column, markup in zip(self.columns, row):
            if not markup:
                paras.append(None)
            elif not isinstance(markup, str):
                paras.append(markup)  # a block of its own (a crop of handwriting)
            elif len(markup) > SHARED_CELL:
                paras.append(TextBlock(markup, self.style))
            else:
                paras.append(self._shared(markup, self.style, column.width))
        return paras

    def _shared(self, markup: str, style: Any, width: float) -> Any:
        """The one paragraph of ``markup`` in ``style`` for columns of ``width``: wrapped once,
        drawn once and then stamped (formkit.pdfpage.stamp) wherever it recurs."""
        key = (id(style), width, markup)  # the styles live as long as the report
        para = self._short.get(key)
        if para is None:
            para = self._short[key] = repeatable(TextBlock(markup, style))
        return para

    def _height(self, paras: Sequence[Any]) -> float:
        tallest = 0.0
        for col, para in zip(self.columns, paras):
            if para is not None:
                tallest = max(tallest, _wrapped(para, col.width - 2 * PAD, self.flow.frame.height))
        return tallest + 2 * PAD

    def _header(self, heads: Sequence[Any], height: float, *, repeat: bool) -> None:
        flow, top, x = self.flow, self.flow.y, self.flow.frame.left
        for col in self.columns:
            flow.box(x, top - height, col.width, height, stroke=GRID, fill=SHADE, line_width=0.5)
            x += col.width
        with flow.header_row(repeat=repeat):
            x = flow.frame.left
            for col, head in zip(self.columns, heads):
                with flow.header_cell():
                    h = _wrapped(head, col.width - 2 * PAD, flow.frame.height)
                    flow.draw_flowable(head, x + PAD, top - PAD - h)
                x += col.width
        flow.y = top - height

    def _row(self, paras: list[Any], heads: Sequence[Any], head_h: float) -> None:
        """One row: whole on this page or the next, or split over pages when taller than KEEP_ROW."""
        flow = self.flow
        cells: list[Elem | None] = [None] * len(self.columns)
        fresh = False
        with flow.element("TR"):
            while True:
                need, room = self._height(paras), flow.y - flow.bottom
                if need <= room:
                    self._segment(paras, need, cells)
                    return
                if not fresh and (need <= KEEP_ROW or room < MIN_SPLIT):
                    self._next_page(heads, head_h)
                    fresh = True
                    continue
                heads_part, rest = self._split(paras, room - 2 * PAD)
                if fresh and not any(heads_part):  # not even a line fits a whole page: draw it as it is
                    self._segment(paras, need, cells)
                    return
                self._segment(heads_part, room, cells)
                paras = rest
                self._next_page(heads, head_h)
                fresh = True

    def _split(self, paras: Sequence[Any], height: float) -> tuple[list[Any], list[Any]]:
        """Each cell's paragraph cut into what fits ``height`` and the rest (None: nothing)."""
        fitted: list[Any] = []
        rest: list[Any] = []
        for col, para in zip(self.columns, paras):
            width = col.width - 2 * PAD
            if para is None or _wrapped(para, width, self.flow.frame.height) <= height:
                fitted.append(para)
                rest.append(None)
                continue
            parts = para.split(width, height)
            fitted.append(parts[0] if len(parts) == 2 else None)
            rest.append(parts[1] if len(parts) == 2 else para)
        return fitted, rest

    def _segment(self, paras: Sequence[Any], height: float, cells: list[Elem | None]) -> None:
        """The part of a row on this page: its grid, and each cell's text in that cell's element."""
        flow, top, x = self.flow, self.flow.y, self.flow.frame.left
        for col in self.columns:
            flow.box(x, top - height, col.width, height, stroke=GRID, line_width=0.5)
            x += col.width
        x = flow.frame.left
        for i, (col, para) in enumerate(zip(self.columns, paras)):
            with self._cell(cells[i]) as elem:
                cells[i] = elem
                if para is not None:
                    h = _wrapped(para, col.width - 2 * PAD, flow.frame.height)
                    if hasattr(para, "draw_in"):  # tags itself (a Figure): not marked content of the cell
                        para.draw_in(flow, x + PAD, top - PAD - h)
                    else:
                        flow.draw_flowable(para, x + PAD, top - PAD - h)
            x += col.width
        flow.y = top - height

    def _cell(self, begun: Elem | None) -> Any:
        if begun is not None:
            return self.flow.tags.resume(begun)
        return self.flow.element("TD", keep_empty=True)  # a blank note keeps the row's cells in line

    def _next_page(self, heads: Sequence[Any], head_h: float) -> None:
        self.flow.new_page()
        self._header(heads, head_h, repeat=True)


def _wrapped(para: Any, width: float, height: float) -> float:
    """The paragraph's height at ``width``, noting the wrap for stamping (formkit.pdfpage.stamp
    replays a cell only at the width it was recorded at)."""
    if getattr(para, WRAPPED, None) != (width, height):
        para.wrap(width, height)
        setattr(para, WRAPPED, (width, height))
    return float(para.height)


__all__ = ["Column", "TextTable"]
