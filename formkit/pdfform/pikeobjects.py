"""The structure writer's object calls (:class:`formkit.pdfpage.structure.Objects`) on a pikepdf
document: how a form, finished with pikepdf for its widgets, gets its structure tree."""

from __future__ import annotations

from typing import Any

from pikepdf import Array, Dictionary, Name, String  # imported only when a form is finished


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


class PikeObjects:
    """pikepdf's objects, keyed without the slash as the structure writer gives them."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.pages = [p.obj for p in pdf.pages]
        self.catalog = pdf.Root
        self.widgets = widgets_by_name(pdf)

    def indirect(self, entries: dict[str, Any]) -> Any:
        return self.pdf.make_indirect(self.direct(entries))

    def direct(self, entries: dict[str, Any]) -> Any:
        return Dictionary({"/" + key: value for key, value in entries.items()})

    def put(self, obj: Any, key: str, value: Any) -> None:
        obj[Name("/" + key)] = value

    def name(self, name: str) -> Any:
        return Name("/" + name)

    def text(self, text: str) -> Any:
        return String(text)

    def array(self, items: list[Any]) -> Any:
        return Array(items)


__all__ = ["PikeObjects", "widgets_by_name"]
