"""Recording the logical structure of a page while reportlab draws it (PDF/UA-1 tagging).

Every drawing on a formkit page is either *content* owned by a structure element (a heading,
a paragraph, a table cell) or an *artifact* (running heads, footers, rules, box outlines).
:class:`Tagger` writes the marked-content operators into the page stream as the drawing
happens (``/P <</MCID 3>> BDC … EMC``, ``/Artifact BMC … EMC``) through reportlab's public
``Canvas.addLiteral`` and remembers which element owns which MCID and which widget. After the
canvas is saved, :mod:`formkit.pdfpage.structure` turns that record into the PDF's structure
tree in the same pikepdf pass that finishes the form, so the tree, the reading order and the
tab order (``/Tabs /S``) are one and the same list.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Structure types whose content is marked with their own tag; content drawn straight into a
# grouping element (Document, Table, TR, L, LI, Form) is marked as a Span.
_CONTENT_TAGS = frozenset({"H1", "H2", "H3", "H4", "H5", "H6", "P", "Span", "TH", "TD", "Lbl", "LBody",
                           "Caption", "Figure"})


@dataclass(frozen=True)
class Marked:
    """One marked-content sequence: page index and its MCID on that page."""

    page: int
    mcid: int


@dataclass(frozen=True)
class WidgetRef:
    """A form widget, found again after saving by its field name (and export value for a radio)."""

    name: str
    value: str | None
    page: int


@dataclass
class Elem:
    """A structure element: its type (/S), attributes and children in reading order."""

    role: str
    attrs: dict[str, Any] = field(default_factory=dict)
    kids: list[Elem | Marked | WidgetRef] = field(default_factory=list)

    def walk(self) -> Iterator[Elem]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Elem):
                yield from kid.walk()


@dataclass(frozen=True)
class Bookmark:
    """An outline entry: a heading's text, its level (1 = top) and where it starts."""

    title: str
    level: int
    page: int
    top: float


class Tagger:
    """The structure of one document, recorded while its canvas draws."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.root = Elem("Document")
        self.bookmarks: list[Bookmark] = []
        self.page = 0
        self._stack = [self.root]
        self._next_mcid = 0
        self._in_artifact = False
        self._in_marked = False

    @property
    def current(self) -> Elem:
        return self._stack[-1]

    @contextmanager
    def element(self, role: str, *, keep_empty: bool = False, **attrs: Any) -> Iterator[Elem]:
        """Everything tagged inside the block belongs to a new ``role`` element (in order).

        An element left without content or widgets is dropped (it tells a screen reader
        nothing) unless ``keep_empty``: a blank table cell keeps its table's rows regular.
        """
        elem = Elem(role, dict(attrs))
        parent = self.current
        parent.kids.append(elem)
        self._stack.append(elem)
        try:
            yield elem
        finally:
            self._stack.pop()
            if not elem.kids and not keep_empty:
                parent.kids.remove(elem)

    @contextmanager
    def resume(self, elem: Elem) -> Iterator[Elem]:
        """Add to ``elem``, begun earlier, again: a table cell continued on the next page stays one
        cell (one TD with content on both pages), as a split paragraph stays one P."""
        self._stack.append(elem)
        try:
            yield elem
        finally:
            self._stack.pop()

    @contextmanager
    def marked(self) -> Iterator[None]:
        """Drawing inside the block is content of the current element.

        Inside an artifact, or inside another marked sequence, it simply belongs to that one
        (marked content never nests), so drawing helpers can be used anywhere.
        """
        if self._in_artifact or self._in_marked:
            yield
            return
        elem = self.current
        tag = elem.role if elem.role in _CONTENT_TAGS else "Span"
        mcid = self._next_mcid
        self._next_mcid += 1
        self.canvas.addLiteral(f"/{tag} <</MCID {mcid}>> BDC")
        self._in_marked = True
        try:
            yield
        finally:
            self._in_marked = False
            self.canvas.addLiteral("EMC")
        elem.kids.append(Marked(self.page, mcid))

    @contextmanager
    def artifact(self, kind: str = "", subtype: str = "") -> Iterator[None]:
        """Drawing inside the block is decoration or pagination, skipped by screen readers.

        ``kind`` is an artifact /Type (Pagination for running heads and footers, Layout for
        rules and boxes when said) and ``subtype`` its /Subtype (Header, Footer); nested
        artifacts are one artifact.
        """
        if self._in_artifact or self._in_marked:
            yield
            return
        props = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "")
        self.canvas.addLiteral(f"/Artifact <<{props}>> BDC" if kind else "/Artifact BMC")
        self._in_artifact = True
        try:
            yield
        finally:
            self._in_artifact = False
            self.canvas.addLiteral("EMC")

    def widget(self, name: str, value: str | None = None) -> None:
        """A widget just drawn on this page: a Form element (with an OBJR) under the current one."""
        self.current.kids.append(Elem("Form", kids=[WidgetRef(name, value, self.page)]))

    def bookmark(self, title: str, level: int, top: float) -> None:
        self.bookmarks.append(Bookmark(title, level, self.page, top))

    def next_page(self) -> None:
        """The canvas showed a page: MCIDs restart at 0 on the next one."""
        if self._in_marked or self._in_artifact:
            raise RuntimeError("a page ended inside a marked-content sequence")
        self.page += 1
        self._next_mcid = 0


__all__ = ["Bookmark", "Elem", "Marked", "Tagger", "WidgetRef"]
