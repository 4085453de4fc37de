"""formkit's one page engine: a cursor flowing down tagged pages of a :class:`FormWriter`.

The self-assessments, the booklet, the checklist and the collect reports all lay out the same
way: blocks ask whether their height fits (:meth:`Flow.ensure`) and move whole to a new page
when it does not (keep-together); a paragraph taller than a page is split across pages
instead of running off the edge; every page ends with a footer ("Page x of y", the count
filled in once known) and continued pages start with a running head. Everything drawn is
tagged as it is drawn: text and widgets belong to structure elements, running heads, footers,
rules and box outlines are artifacts (:mod:`formkit.pdfpage.tags`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..core.xmltext import escape
from . import stamp
from .tags import Elem, Tagger
from .textblock import TextBlock, TextStyle

Colour = tuple[float, float, float]
BLACK: Colour = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Frame:
    """The page size and the body area the flow fills (points, origin bottom left)."""

    left: float
    right: float
    top: float
    bottom: float
    width: float = 612.0
    height: float = 792.0

    @property
    def body_width(self) -> float:
        return self.right - self.left

    @property
    def body_height(self) -> float:
        return self.top - self.bottom


class Flow:
    """A cursor moving down the pages of one document, tagging what it draws.

    ``footer(flow)`` draws the end of every page and ``running_head(flow)`` the start of every
    page after the first; both run as pagination artifacts and may move :attr:`y`. ``marks(flow)``
    draws what lets a scanner read the printed page back (formkit.pdfpage.marks), after the footer.
    """

    def __init__(self, writer: Any, frame: Frame, *, footer: Callable[[Flow], None] | None = None,
                 running_head: Callable[[Flow], None] | None = None,
                 marks: Callable[[Flow], None] | None = None) -> None:
        self.w = writer
        self.c = writer.canvas
        self.tags: Tagger = writer.tags
        self.frame = frame
        self.footer = footer
        self.running_head = running_head
        self.marks = marks
        self.y = frame.top

    # -- pages ------------------------------------------------------------
    @property
    def bottom(self) -> float:
        return self.frame.bottom

    @property
    def page(self) -> int:
        """The current page, from 0."""
        return int(self.w.page)

    def fits(self, height: float) -> bool:
        return self.y - height >= self.bottom

    def ensure(self, height: float) -> bool:
        """Keep the next ``height`` points together: start a new page when they do not fit here.

        True when a page was started (a table then repeats its header).
        """
        if self.fits(height):
            return False
        self.new_page()
        return True

    def new_page(self) -> None:
        self._end_page()
        self.w.show_page()
        self.y = self.frame.top
        if self.running_head is not None:
            with self.tags.artifact("Pagination", "Header"):
                self.running_head(self)

    def finish(self) -> None:
        """End the last page (its footer); the writer's ``finish`` then saves the document."""
        self._end_page()

    def _end_page(self) -> None:
        if self.footer is not None:
            with self.tags.artifact("Pagination", "Footer"):
                self.footer(self)
        if self.marks is not None:
            self.marks(self)

    def page_count(self, draw: Callable[[int], None]) -> None:
        """Draw something that needs the page count ("Page 3 of 9") on this page, as an artifact."""
        with self.tags.artifact("Pagination"):
            self.w.with_page_count(draw)

    # -- structure --------------------------------------------------------
    def element(self, role: str, *, keep_empty: bool = False, **attrs: Any) -> Any:
        """A structure element: what is drawn and added inside the ``with`` block belongs to it."""
        return self.tags.element(role, keep_empty=keep_empty, **attrs)

    def marked(self) -> Any:
        return self.tags.marked()

    def artifact(self, kind: str = "", subtype: str = "") -> Any:
        return self.tags.artifact(kind, subtype)

    @contextmanager
    def header_row(self, *, repeat: bool) -> Iterator[None]:
        """A table's header row (TR); drawn again on a continued page it is a pagination
        artifact instead, so a screen reader reads the header once, not once per page."""
        if repeat:
            with self.tags.artifact("Pagination"):
                yield
        else:
            with self.tags.element("TR"):
                yield

    @contextmanager
    def header_cell(self, scope: str = "Column", **attrs: Any) -> Iterator[Elem]:
        """A table header cell (TH) that says which cells it heads."""
        with self.tags.element("TH", A={"O": "Table", "Scope": scope, **attrs}) as elem:
            yield elem

    # -- text -------------------------------------------------------------
    def string(self, x: float, y: float, text: str, font: str, size: float, *, align: str = "left",
               colour: Colour = BLACK) -> None:
        """One line of text at a baseline, as content of the current element."""
        c = self.c
        with self.tags.marked():
            c.setFillColorRGB(*colour)
            c.setFont(font, size)
            if align == "right":
                c.drawRightString(x, y, text)
            elif align == "centre":
                c.drawCentredString(x, y, text)
            else:
                c.drawString(x, y, text)

    def lines(self, text: str, font: str, size: float, *, x: float | None = None, width: float | None = None,
              leading: float | None = None, role: str = "P") -> None:
        """A plain paragraph wrapped to ``width``, one line at a time (each line may start a page)."""
        from reportlab.lib.utils import simpleSplit

        x = self.frame.left if x is None else x
        width = self.frame.body_width if width is None else width
        leading = leading or size * 1.25
        with self.tags.element(role):
            for line in simpleSplit(text, font, size, width) or [""]:
                self.ensure(leading)
                if line:
                    self.string(x, self.y - size, line, font, size)
                self.y -= leading

    def paragraph(self, para: Any, *, x: float | None = None, width: float | None = None, after: float = 0.0,
                  role: str = "P") -> None:
        """A text block (or any flowable that wraps and splits) at the cursor as one ``role`` element, keeping ``after`` points below it.

        A paragraph that fits goes whole onto this page or the next; one taller than a page (an
        overlay may give a 10,000-character statement) is split across pages, one element with
        content on each, so no text is ever lost.
        """
        x = self.frame.left if x is None else x
        width = self.frame.body_width if width is None else width
        with self.tags.element(role):
            para = self._split_over_pages(para, x, width, after)
            _, h = para.wrap(width, self.frame.height)
            self.draw_flowable(para, x, self.y - h)
            self.y -= h

    def _split_over_pages(self, para: Any, x: float, width: float, after: float) -> Any:
        """Draw the leading parts of ``para`` that do not fit, page by page; return the rest."""
        fresh = False
        roomiest = self.frame.body_height - 60
        while True:
            _, h = para.wrap(width, self.frame.height)
            room = self.y - self.bottom
            if h + after <= room:
                return para
            if not fresh and h + after <= roomiest:
                self.new_page()
                fresh = True
                continue
            parts = para.split(width, max(room - after if h <= room else room, 0))
            if len(parts) < 2:
                if fresh:
                    return para  # nothing better is possible: draw it as it is
                self.new_page()
                fresh = True
                continue
            first, para = parts[0], parts[1]
            _, fh = first.wrap(width, self.frame.height)
            self.draw_flowable(first, x, self.y - fh)
            self.new_page()
            fresh = True

    def draw_flowable(self, flowable: Any, x: float, y: float) -> None:
        """Draw a wrapped platypus flowable at (x, y) as content of the current element."""
        with self.tags.marked():
            stamp.draw(self.c, flowable, x, y)

    def heading(self, text: str, level: int, style: TextStyle, *, keep_with: float = 60, before: float = 0.0,
                bookmark: bool = False) -> None:
        """A heading (H1 to H6) kept on the same page as the first ``keep_with`` points after it.

        ``bookmark`` adds it to the document outline. A heading longer than a page (an
        overlay's wording) is split rather than run off the edge.
        """
        para = TextBlock(escape(text), style)
        _, h = para.wrap(self.frame.body_width, self.frame.height)
        if h + before + keep_with <= self.frame.body_height - 60:
            self.ensure(h + before + keep_with)
        self.y -= before
        if bookmark:
            self.tags.bookmark(text, level, self.y + 4)
        self.paragraph(para, after=keep_with, role=f"H{level}")

    # -- decoration -------------------------------------------------------
    def rule(self, colour: Colour, width: float, *, x0: float | None = None, x1: float | None = None,
             y: float | None = None) -> None:
        """A horizontal line (an artifact); the cursor does not move."""
        c = self.c
        y = self.y if y is None else y
        with self.tags.artifact():
            c.saveState()
            c.setStrokeColorRGB(*colour)
            c.setLineWidth(width)
            c.line(self.frame.left if x0 is None else x0, y, self.frame.right if x1 is None else x1, y)
            c.restoreState()

    def box(self, x: float, y: float, width: float, height: float, *, stroke: Colour | None,
            fill: Colour | None = None, line_width: float = 1.0) -> None:
        """A rectangle outline and/or shading (an artifact): table grids, header shading."""
        c = self.c
        with self.tags.artifact():
            c.saveState()
            if stroke is not None:
                c.setStrokeColorRGB(*stroke)
                c.setLineWidth(line_width)
            if fill is not None:
                c.setFillColorRGB(*fill)
            c.rect(x, y, width, height, stroke=1 if stroke is not None else 0, fill=1 if fill is not None else 0)
            c.restoreState()


__all__ = ["BLACK", "Colour", "Flow", "Frame"]
