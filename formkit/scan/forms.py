"""Where everything was printed on a page: the blank form drawn again from its QR code.

A page's code names the form ("S.s.CC1": the CC1 mini-tool as the person's own), the catalogue
and the overlays' fingerprint. formkit draws that blank form again with the renderer that printed
it and reads its embedded field schema (formkit.pdfform.read), which holds every widget's
rectangle and every radio circle's: so the scan reader never keeps a copy of the layout that
could drift from the renderer's. Drawing a form costs a fraction of a second, so each form is
drawn once per run (:class:`Forms` keeps them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..catalog.model import Catalog
from ..pdfpage.marks import PageCode
from .locate import PAGE_H
from .marks import Circle, Samples, sample_points

SUPERVISOR = "supervisor"


class UnknownForm(Exception):
    """The code names a form this run cannot draw again (one line, why and what to do)."""


@dataclass
class PageLayout:
    """One page of a form: its radio circles and its writing boxes (field name -> rectangle in
    points from the page's top left: x0, y0, x1, y1)."""

    circles: list[Circle] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)  # radio field -> its values, in order
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    regions: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)  # always cropped
    places: list[tuple[str, list[float]]] = field(default_factory=list)  # for the layout digest

    @cached_property
    def samples(self) -> Samples:
        """Where the circles are sampled: worked out on the first scan of this page, kept for the rest."""
        return sample_points(self.circles)

    @cached_property
    def digest(self) -> str:
        """The layout digest of the page's fields (formkit.pdfpage.marks.layout_digest), which a scanned
        page's code must match: hashed once, not for every scan of the page."""
        from ..pdfpage.marks import layout_digest

        return layout_digest(self.places)


@dataclass
class Form:
    """A blank form drawn again: its schema (what collect maps answers with) and its pages."""

    schema: dict[str, Any]
    pages: dict[int, PageLayout]
    count: int  # pages


class Forms:
    """The forms of one run, each drawn once, for the catalogue (and overlays) given."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._forms: dict[str, Form] = {}

    def page(self, code: PageCode, number: int, layout: str) -> tuple[Form, PageLayout]:
        """The form and the page the code names; UnknownForm when the page drawn again is not laid
        out as the page printed (its layout digest differs): its circles would be looked for in the
        wrong places."""
        from .checklist_form import CHECKLIST_MOVED

        form = self.form(code)
        if not 1 <= number <= form.count:
            raise UnknownForm(f"the code says page {number}, but the form has {form.count} pages "
                              "(made with other overlays?): pass the overlays the forms were made with (-O)")
        page = form.pages.get(number, PageLayout())
        if layout != page.digest:
            raise UnknownForm(CHECKLIST_MOVED if code.form.startswith("C.") else _MOVED)
        return form, page

    def form(self, code: PageCode) -> Form:
        from .checklist_form import add_log_regions

        cat = self.catalog
        if not code.made_from(cat.id, cat.version, cat.fingerprint):
            made = "no overlays" if code.fingerprint == "base" else f"overlays {code.fingerprint}"
            printed = (f"catalogue {code.catalog_id} {code.version} with {made}" if code.catalog_id else
                       "another catalogue, catalogue version or overlays (its code's key differs)")
            raise UnknownForm(f"printed from {printed}, not the one given: pass the same catalogue and overlays "
                              "(-O) the forms were made with")
        if code.form not in self._forms:
            form = _layout(self._draw(code.form))
            if code.form.startswith("C."):
                add_log_regions(form)
            self._forms[code.form] = form
        return self._forms[code.form]

    def _draw(self, form: str) -> bytes:
        from ..documents.selfassess import render_booklet, render_category
        from ..documents.selfassess.render import split_form
        from .checklist_form import draw_checklist

        try:
            form, room = split_form(form)  # a carried-forward form: the room its plan took (see PlanRoom)
        except ValueError:
            raise UnknownForm(f"the code names a form formkit does not know ({form!r})") from None
        parts = form.split(".")
        if parts[0] == "C":
            return draw_checklist(self.catalog, form[2:])
        rater = SUPERVISOR if len(parts) > 1 and parts[1] == "v" else "self"
        if parts[0] == "B" and len(parts) == 2:
            return render_booklet(self.catalog, rater, room=room)
        if parts[0] == "S" and len(parts) == 3:
            try:
                category = self.catalog.category(parts[2])
            except KeyError:
                raise UnknownForm(f"the form is for category {parts[2]}, which the catalogue given does not "
                                  "have: pass the overlays the forms were made with (-O)") from None
            return render_category(self.catalog, category, rater, room=room)
        raise UnknownForm(f"the code names a form formkit does not know ({form!r})")


_MOVED = ("the page was printed with its fields in other places than formkit draws it now (made by another "
          "formkit version?): its marks are not read; enter its answers by hand, or print the forms again with "
          "this formkit")


def _layout(pdf: bytes) -> Form:
    """The schema of a freshly drawn form, and each page's circles and boxes."""
    import io

    import pikepdf

    from ..pdfform.read import read_form

    schema = read_form(pdf).schema or {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        count = len(doc.pages)
    pages: dict[int, PageLayout] = {}
    for fld in schema.get("fields", []):
        page = pages.setdefault(int(fld["page"]) + 1, PageLayout())
        page.places.append((fld["name"], fld["rect"]))
        page.places += [(f"{fld['name']}={c['value']}", c["rect"]) for c in fld.get("choices", []) if "rect" in c]
        if fld["kind"] == "radio":
            values = [c["value"] for c in fld["choices"]]
            page.groups[fld["name"]] = values
            for choice in fld["choices"]:
                x0, y0, x1, y1 = choice["rect"]
                page.circles.append(Circle(fld["name"], choice["value"], (x0 + x1) / 2, PAGE_H - (y0 + y1) / 2,
                                           (x1 - x0) / 2))
        elif fld["kind"] == "checkbox":  # a how-verified tick: read as a group of one, its square as a circle
            x0, y0, x1, y1 = fld["rect"]
            page.groups[fld["name"]] = [fld["choices"][0]["value"]]
            page.circles.append(Circle(fld["name"], fld["choices"][0]["value"], (x0 + x1) / 2,
                                       PAGE_H - (y0 + y1) / 2, min(x1 - x0, y1 - y0) / 2))
        elif fld["kind"] in ("text", "multiline", "signature"):
            x0, y0, x1, y1 = fld["rect"]
            page.boxes[fld["name"]] = (x0, PAGE_H - y1, x1, PAGE_H - y0)
    return Form(schema, pages, count)


__all__ = ["Form", "Forms", "PageLayout", "UnknownForm"]
