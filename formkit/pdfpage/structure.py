"""Writing a recorded structure (:mod:`formkit.pdfpage.tags`) into a PDF with pikepdf.

Called by the form post-processing pass (:func:`formkit.pdfform.post.finish_pdf`) after the
widgets have their final dictionaries and the signature fields exist, so every widget the
layout recorded is found by its field name. Writes /StructTreeRoot (Document > H1, P, L, Table,
Figure, Form + OBJR …), /ParentTree, each page's /StructParents and /Tabs /S, each widget's
/StructParent, /MarkInfo, and the outline (bookmarks). Deterministic: the same record gives
the same objects in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pikepdf import Array, Dictionary, Name, String  # imported only when a PDF is finished

from .tags import Bookmark, Elem, Marked, Tagger, WidgetRef

RADIO_FLAG = 1 << 15


def widgets_by_name(pdf: Any) -> dict[tuple[str, str | None], Any]:
    """Every widget annotation of ``pdf`` by (field name, export value); the value only for radios."""
    out: dict[tuple[str, str | None], Any] = {}
    for page in pdf.pages:
        for annot in page.obj.get(Name.Annots, []):
            if annot.get(Name.Subtype) != Name.Widget:
                continue
            parent = annot.get(Name.Parent)
            if parent is not None and Name.T not in annot:
                states = [str(k)[1:] for k in annot.get(Name.AP, {}).get(Name.N, {}) if k != "/Off"]
                out[(str(parent.T), states[0] if states else None)] = annot
            else:
                out[(str(annot.get(Name.T, "")), None)] = annot
    return out


class _Builder:
    """Turns :class:`Elem` records into structure element dictionaries."""

    def __init__(self, pdf: Any, widgets: Mapping[tuple[str, str | None], Any]) -> None:
        self.pdf = pdf
        self.pages = [p.obj for p in pdf.pages]
        self.widgets = widgets
        self.by_mcid: dict[int, dict[int, Any]] = {}  # page -> MCID -> owning element
        self.by_widget: list[Any] = []  # StructParent keys after the pages', in order
        self.next_key = len(self.pages)

    def build(self, elem: Elem, parent: Any) -> Any:
        """``elem`` and its descendants as indirect dictionaries (few pikepdf calls: this is per element)."""
        page = next((k.page for k in elem.kids if not isinstance(k, Elem)), None)
        entries = {"/S": Name("/" + elem.role), "/P": parent}  # /Type /StructElem is optional: bytes
        if page is not None:
            entries["/Pg"] = self.pages[page]
        for key, value in elem.attrs.items():
            entries["/" + key] = _pdf_value(value)
        d = self.pdf.make_indirect(Dictionary(entries))
        kids: list[Any] = []
        for kid in elem.kids:
            if isinstance(kid, Elem):
                kids.append(self.build(kid, d))
            elif isinstance(kid, Marked):
                self.by_mcid.setdefault(kid.page, {})[kid.mcid] = d
                kids.append(kid.mcid if kid.page == page else
                            Dictionary(Type=Name.MCR, Pg=self.pages[kid.page], MCID=kid.mcid))
            else:
                kids.append(self._objr(d, kid, page))
        if kids:
            d[Name.K] = kids[0] if len(kids) == 1 else Array(kids)  # a single kid stands alone (pdfua reads it so)
        return d

    def _objr(self, d: Any, kid: WidgetRef, page: int | None) -> Any:
        widget = self.widgets.get((kid.name, kid.value))
        if widget is None:
            raise ValueError(f"the layout tagged a widget {kid.name!r} ({kid.value}) that the form does not have")
        widget[Name.StructParent] = self.next_key
        self.by_widget.append((self.next_key, d))
        self.next_key += 1
        if kid.page == page:
            return Dictionary(Type=Name.OBJR, Obj=widget)  # its page is the element's /Pg
        return Dictionary(Type=Name.OBJR, Obj=widget, Pg=self.pages[kid.page])

    def parent_tree(self) -> Any:
        nums: list[Any] = []
        for index in range(len(self.pages)):
            owners = self.by_mcid.get(index, {})
            if len(owners) != (max(owners) + 1 if owners else 0):
                raise ValueError(f"page {index + 1}: marked content without an owner")
            nums += [index, Array([owners[m] for m in range(len(owners))])]
        for key, elem in self.by_widget:
            nums += [key, elem]
        return self.pdf.make_indirect(Dictionary(Nums=Array(nums)))


def _pdf_value(value: Any) -> Any:
    """Attribute values: dicts of names (/A /O /Table /Scope /Column), text strings, numbers, lists."""
    if isinstance(value, Mapping):
        return Dictionary({"/" + k: (Name("/" + v) if isinstance(v, str) else _pdf_value(v)) for k, v in value.items()})
    if isinstance(value, str):
        return String(value)
    if isinstance(value, (list, tuple)):
        return Array([_pdf_value(v) for v in value])
    return value


def write_structure(pdf: Any, tags: Tagger, *, lang: str) -> None:
    """Add the structure tree, tab order, /MarkInfo and bookmarks recorded by ``tags`` to ``pdf``."""
    builder = _Builder(pdf, widgets_by_name(pdf))
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    root[Name.K] = Array([builder.build(tags.root, root)])
    root[Name.ParentTree] = builder.parent_tree()
    root[Name.ParentTreeNextKey] = builder.next_key
    for index, page in enumerate(builder.pages):
        page[Name.StructParents] = index
        page[Name.Tabs] = Name.S  # tab order = structure order = reading order
    cat = pdf.Root
    cat[Name.StructTreeRoot] = root
    cat[Name.MarkInfo] = Dictionary(Marked=True)
    cat[Name.Lang] = String(lang)
    if tags.bookmarks:
        _write_outline(pdf, builder.pages, tags.bookmarks)


def _write_outline(pdf: Any, pages: list[Any], marks: Iterable[Bookmark]) -> None:
    """Bookmarks as a two-level outline: level-1 entries, each with its deeper entries below it."""
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines))
    tops: list[tuple[Any, list[Any]]] = []
    for mark in marks:
        item = pdf.make_indirect(Dictionary(
            Title=String(mark.title), Dest=Array([pages[mark.page], Name.XYZ, 0, round(mark.top, 2), 0])))
        if mark.level <= 1 or not tops:
            tops.append((item, []))
        else:
            tops[-1][1].append(item)
    _link(outlines, [item for item, _ in tops])
    for item, children in tops:
        _link(item, children)
    outlines[Name.Count] = sum(1 + len(children) for _, children in tops)  # all open
    pdf.Root[Name.Outlines] = outlines
    pdf.Root[Name.PageMode] = Name.UseOutlines


def _link(parent: Any, items: list[Any]) -> None:
    """Chain ``items`` as the children of ``parent`` (/First /Last /Prev /Next /Parent /Count)."""
    if not items:
        return
    parent[Name.First], parent[Name.Last] = items[0], items[-1]
    parent[Name.Count] = len(items)
    for i, item in enumerate(items):
        item[Name.Parent] = parent
        if i:
            item[Name.Prev] = items[i - 1]
        if i + 1 < len(items):
            item[Name.Next] = items[i + 1]


__all__ = ["widgets_by_name", "write_structure"]
