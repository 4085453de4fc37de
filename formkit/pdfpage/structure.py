"""Writing a recorded structure (:mod:`formkit.pdfpage.tags`) into a PDF.

Called when a document is finished, after the widgets have their final dictionaries and the
signature fields exist, so every widget the layout recorded is found by its field name. Writes
/StructTreeRoot (Document > H1, P, L, Table, Figure, Form + OBJR …), /ParentTree, each page's
/StructParents and /Tabs /S, each widget's /StructParent, /MarkInfo, and the outline
(bookmarks). Deterministic: the same record gives the same objects in the same order.

The tree is written through :class:`Objects`, the few calls it needs of a PDF object library:
a form is finished with pikepdf (:class:`formkit.pdfform.pikeobjects.PikeObjects`), a document
without fields with formkit's own writer (:class:`formkit.pdfform.pdfdoc.PlainObjects`), so a
report need not load pikepdf. One builder serves both, so their trees are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from .tags import Bookmark, Elem, Marked, Tagger, WidgetRef


class Objects(Protocol):
    """What the structure writer asks of a PDF object library. Keys and names are given without
    the slash; ``indirect`` returns a handle that can stand as a value and be given entries later."""

    @property
    def pages(self) -> list[Any]: ...  # each page's dictionary (a handle ``put`` accepts)
    @property
    def catalog(self) -> Any: ...
    @property
    def widgets(self) -> Mapping[tuple[str, str | None], Any]: ...  # (field name, radio's export value) -> widget


    def indirect(self, entries: dict[str, Any]) -> Any: ...
    def direct(self, entries: dict[str, Any]) -> Any: ...
    def put(self, obj: Any, key: str, value: Any) -> None: ...
    def name(self, name: str) -> Any: ...
    def text(self, text: str) -> Any: ...
    def array(self, items: list[Any]) -> Any: ...


class _Builder:
    """Turns :class:`Elem` records into structure element dictionaries."""

    def __init__(self, objects: Objects) -> None:
        self.o = objects
        self.pages = objects.pages
        self.by_mcid: dict[int, dict[int, Any]] = {}  # page -> MCID -> owning element
        self.by_widget: list[Any] = []  # StructParent keys after the pages', in order
        self.next_key = len(self.pages)

    def build(self, elem: Elem, parent: Any) -> Any:
        """``elem`` and its descendants as indirect dictionaries (few calls: this is per element)."""
        o = self.o
        page = next((k.page for k in elem.kids if not isinstance(k, Elem)), None)
        entries = {"S": o.name(elem.role), "P": parent}  # /Type /StructElem is optional: bytes
        if page is not None:
            entries["Pg"] = self.pages[page]
        for key, value in elem.attrs.items():
            entries[key] = _pdf_value(o, value)
        d = o.indirect(entries)
        kids: list[Any] = []
        for kid in elem.kids:
            if isinstance(kid, Elem):
                kids.append(self.build(kid, d))
            elif isinstance(kid, Marked):
                self.by_mcid.setdefault(kid.page, {})[kid.mcid] = d
                kids.append(kid.mcid if kid.page == page else
                            o.direct({"Type": o.name("MCR"), "Pg": self.pages[kid.page], "MCID": kid.mcid}))
            else:
                kids.append(self._objr(d, kid, page))
        if kids:
            o.put(d, "K", kids[0] if len(kids) == 1 else o.array(kids))  # a single kid stands alone (pdfua reads it so)
        return d

    def _objr(self, d: Any, kid: WidgetRef, page: int | None) -> Any:
        o = self.o
        widget = o.widgets.get((kid.name, kid.value))
        if widget is None:
            raise ValueError(f"the layout tagged a widget {kid.name!r} ({kid.value}) that the form does not have")
        o.put(widget, "StructParent", self.next_key)
        self.by_widget.append((self.next_key, d))
        self.next_key += 1
        entries = {"Type": o.name("OBJR"), "Obj": widget}
        if kid.page != page:
            entries["Pg"] = self.pages[kid.page]  # else its page is the element's /Pg
        return o.direct(entries)

    def parent_tree(self) -> Any:
        nums: list[Any] = []
        for index in range(len(self.pages)):
            owners = self.by_mcid.get(index, {})
            if len(owners) != (max(owners) + 1 if owners else 0):
                raise ValueError(f"page {index + 1}: marked content without an owner")
            nums += [index, self.o.array([owners[m] for m in range(len(owners))])]
        for key, elem in self.by_widget:
            nums += [key, elem]
        return self.o.indirect({"Nums": self.o.array(nums)})


def _pdf_value(o: Objects, value: Any) -> Any:
    """Attribute values: dicts of names (/A /O /Table /Scope /Column), text strings, numbers, lists."""
    if isinstance(value, Mapping):
        return o.direct({k: (o.name(v) if isinstance(v, str) else _pdf_value(o, v)) for k, v in value.items()})
    if isinstance(value, str):
        return o.text(value)
    if isinstance(value, (list, tuple)):
        return o.array([_pdf_value(o, v) for v in value])
    return value


def write_structure(objects: Objects, tags: Tagger, *, lang: str) -> None:
    """Add the structure tree, tab order, /MarkInfo and bookmarks recorded by ``tags``."""
    o = objects
    builder = _Builder(o)
    root = o.indirect({"Type": o.name("StructTreeRoot")})
    o.put(root, "K", o.array([builder.build(tags.root, root)]))
    o.put(root, "ParentTree", builder.parent_tree())
    o.put(root, "ParentTreeNextKey", builder.next_key)
    for index, page in enumerate(builder.pages):
        o.put(page, "StructParents", index)
        o.put(page, "Tabs", o.name("S"))  # tab order = structure order = reading order
    o.put(o.catalog, "StructTreeRoot", root)
    o.put(o.catalog, "MarkInfo", o.direct({"Marked": True}))
    o.put(o.catalog, "Lang", o.text(lang))
    if tags.bookmarks:
        _write_outline(o, builder.pages, tags.bookmarks)


def _write_outline(o: Objects, pages: list[Any], marks: Iterable[Bookmark]) -> None:
    """Bookmarks as a two-level outline: level-1 entries, each with its deeper entries below it."""
    outlines = o.indirect({"Type": o.name("Outlines")})
    tops: list[tuple[Any, list[Any]]] = []
    for mark in marks:
        item = o.indirect({"Title": o.text(mark.title),
                           "Dest": o.array([pages[mark.page], o.name("XYZ"), 0, round(mark.top, 2), 0])})
        if mark.level <= 1 or not tops:
            tops.append((item, []))
        else:
            tops[-1][1].append(item)
    _link(o, outlines, [item for item, _ in tops])
    for item, children in tops:
        _link(o, item, children)
    o.put(outlines, "Count", sum(1 + len(children) for _, children in tops))  # all open
    o.put(o.catalog, "Outlines", outlines)
    o.put(o.catalog, "PageMode", o.name("UseOutlines"))


def _link(o: Objects, parent: Any, items: list[Any]) -> None:
    """Chain ``items`` as the children of ``parent`` (/First /Last /Prev /Next /Parent /Count)."""
    if not items:
        return
    o.put(parent, "First", items[0])
    o.put(parent, "Last", items[-1])
    o.put(parent, "Count", len(items))
    for i, item in enumerate(items):
        o.put(item, "Parent", parent)
        if i:
            o.put(item, "Prev", items[i - 1])
        if i + 1 < len(items):
            o.put(item, "Next", items[i + 1])


__all__ = ["Objects", "write_structure"]
