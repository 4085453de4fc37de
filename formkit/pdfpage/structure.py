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

from .tags import Bookmark, Elem, Marked, Tagger, WidgetRef

RADIO_FLAG = 1 << 15


def widgets_by_name(pdf: Any) -> dict[tuple[str, str | None], Any]:
    """Every widget annotation of ``pdf`` by (field name, export value); the value only for radios."""
    from pikepdf import Name

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
        from pikepdf import Array, Dictionary, Name

        d = self.pdf.make_indirect(Dictionary(S=Name("/" + elem.role), P=parent))  # /Type is optional: bytes
        for key, value in elem.attrs.items():
            d[Name("/" + key)] = _pdf_value(value)
        kids = Array()
        for kid in elem.kids:
            if isinstance(kid, Elem):
                kids.append(self.build(kid, d))
            elif isinstance(kid, Marked):
                kids.append(self._mcr(d, kid))
            else:
                kids.append(self._objr(d, kid))
        if len(kids):
            d[Name.K] = kids[0] if len(kids) == 1 else kids  # a single kid stands alone (pdfua reads it so)
        return d

    def _mcr(self, d: Any, kid: Marked) -> Any:
        from pikepdf import Dictionary, Name

        page = self.pages[kid.page]
        self.by_mcid.setdefault(kid.page, {})[kid.mcid] = d
        if Name.Pg not in d:
            d[Name.Pg] = page
        if d.Pg.objgen == page.objgen:
            return kid.mcid
        return Dictionary(Type=Name.MCR, Pg=page, MCID=kid.mcid)

    def _objr(self, d: Any, kid: WidgetRef) -> Any:
        from pikepdf import Dictionary, Name

        widget = self.widgets.get((kid.name, kid.value))
        if widget is None:
            raise ValueError(f"the layout tagged a widget {kid.name!r} ({kid.value}) that the form does not have")
        page = self.pages[kid.page]
        d[Name.Pg] = page
        widget[Name.StructParent] = self.next_key
        self.by_widget.append((self.next_key, d))
        self.next_key += 1
        return Dictionary(Type=Name.OBJR, Obj=widget)  # its page is the element's /Pg

    def parent_tree(self) -> Any:
        from pikepdf import Array, Dictionary

        nums = Array()
        for index in range(len(self.pages)):
            owners = self.by_mcid.get(index, {})
            if len(owners) != (max(owners) + 1 if owners else 0):
                raise ValueError(f"page {index + 1}: marked content without an owner")
            nums.append(index)
            nums.append(Array([owners[m] for m in range(len(owners))]))
        for key, elem in self.by_widget:
            nums.append(key)
            nums.append(elem)
        return self.pdf.make_indirect(Dictionary(Nums=nums))


def _pdf_value(value: Any) -> Any:
    """Attribute values: dicts of names (/A /O /Table /Scope /Column), text strings, numbers, lists."""
    from pikepdf import Array, Dictionary, Name, String

    if isinstance(value, Mapping):
        return Dictionary({"/" + k: (Name("/" + v) if isinstance(v, str) else _pdf_value(v)) for k, v in value.items()})
    if isinstance(value, str):
        return String(value)
    if isinstance(value, (list, tuple)):
        return Array([_pdf_value(v) for v in value])
    return value


def write_structure(pdf: Any, tags: Tagger, *, lang: str) -> None:
    """Add the structure tree, tab order, /MarkInfo and bookmarks recorded by ``tags`` to ``pdf``."""
    from pikepdf import Array, Dictionary, Name, String

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
    from pikepdf import Array, Dictionary, Name, String

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
    from pikepdf import Name

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
