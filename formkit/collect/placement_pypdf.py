"""Where pypdf finds each field's widgets: the placement check for files the fast reader leaves to it.

:mod:`formkit.collect.placement` compares each widget's page and /Rect with the embedded
schema; this is its reading of the widgets through pypdf (the fast reader's is in placement).
"""

from __future__ import annotations

from typing import Any

from .placement import Widget, as_box


def widgets_pypdf(data: bytes) -> dict[str, list[Widget]] | None:
    """The same from pypdf, for the files the fast reader leaves to it; None if it cannot."""
    from ..pdfform.read import _open

    try:
        reader = _open(data)
        pages: dict[int, int] = {}
        for index, page in enumerate(reader.pages):
            for annot in page.get("/Annots") or []:
                if hasattr(annot, "idnum"):
                    pages.setdefault(annot.idnum, index)
        out: dict[str, list[Widget]] = {}
        acro = reader.trailer["/Root"].get("/AcroForm")
        if acro is not None:
            _walk_pypdf(acro.get_object().get("/Fields") or [], "", 0, pages, out)
        return out
    except Exception:  # noqa: BLE001 - damage shows elsewhere (UnreadablePdf and the like); nothing to compare
        return None


def _walk_pypdf(refs: Any, prefix: str, depth: int, pages: dict[int, int], out: dict[str, list[Widget]]) -> None:
    if depth > 32:
        raise ValueError("field tree too deep")
    for ref in refs:
        fld = ref.get_object()
        if "/T" not in fld:
            continue
        name = f"{prefix}.{fld['/T']}" if prefix else str(fld["/T"])
        kids = fld.get("/Kids")
        members = [k for k in kids or [] if "/T" not in k.get_object()] if kids is not None else [ref]
        out[name] = [_widget_pypdf(w, pages) for w in members]
        if kids is not None:
            _walk_pypdf(kids, name, depth + 1, pages, out)


def _widget_pypdf(ref: Any, pages: dict[int, int]) -> Widget:
    widget = ref.get_object()
    page = pages.get(ref.idnum) if hasattr(ref, "idnum") else None
    rect = widget.get("/Rect")
    box = as_box([float(v) for v in rect.get_object()] if rect is not None else None)
    ap = widget.get("/AP")
    normal = ap.get_object().get("/N") if ap is not None else None
    normal = normal.get_object() if normal is not None else None
    states: tuple[str, ...] = ()
    if isinstance(normal, dict) and not hasattr(normal, "get_data"):  # a dictionary, not a stream
        states = tuple(sorted(str(k)[1:] for k in normal if k != "/Off"))
    return page, box, states


__all__ = ["widgets_pypdf"]
