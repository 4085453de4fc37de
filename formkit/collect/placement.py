"""Are a form's boxes where formkit put them? Each widget's page and /Rect against the embedded schema.

collect maps an answer by its field's name. A file rewritten as a whole (pdftk, pypdf, a
viewer's full save) has no earlier revision to compare with, so two fields whose names were
swapped there (or a widget moved into another field) would pass the schema check: the schema
is intact, only the names moved. The schema records where formkit drew each field (``rect``,
``page``, and each radio choice's ``rect``), and filling a form never moves a box; so a box
that is not where the schema places its field's name means the answer may belong to another
field. Fillers rewrite numbers with their own precision, hence a tolerance.
"""

from __future__ import annotations

from typing import Any

from .._memo import remember

TOLERANCE = 1.0  # points; the schema keeps two decimals, fillers write from 4 to 6 digits
Box = tuple[float, float, float, float]
Widget = tuple[int | None, Box | None, tuple[str, ...]]  # (page index, rect, on-states of a button)


def misplaced(data: bytes, schema: dict[str, Any]) -> str | None:
    """The first field whose box is not where ``schema`` places it, in words; None if all are (or unknown)."""
    from ..pdfform import budget

    try:
        with budget.file_budget():
            places = _places(schema)
            buttons = {name for name, place in places.items() if place[2]}
            widgets = _widgets_fast(data, buttons)
            if widgets is None:
                widgets = _widgets_pypdf(data)
    except budget.OverBudget:
        return None  # the file was read within its budget already: nothing more to say here
    if widgets is None:
        return None
    return first_misplaced(places, widgets)


# -- where the schema places each field --------------------------------------------------------------

Place = tuple[Any, Box | None, dict[str, Box]]  # (page, field rect, choice value -> rect)
_PLACES: dict[int, tuple[dict[str, Any], dict[str, Place]]] = {}
MAX_PLACES = 16


def _places(schema: dict[str, Any]) -> dict[str, Place]:
    """Field name -> its place, for the fields the schema gives a position; worked out once per schema."""
    known = _PLACES.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    places: dict[str, Place] = {}
    for fld in schema.get("fields") or []:
        if not isinstance(fld, dict) or not isinstance(fld.get("name"), str):
            continue
        choices = {str(c.get("value")): box for c in fld.get("choices") or []
                   if isinstance(c, dict) and (box := as_box(c.get("rect"))) is not None}
        rect = as_box(fld.get("rect"))
        if rect is not None or choices:
            places[fld["name"]] = (fld.get("page"), rect, choices)
    remember(_PLACES, id(schema), (schema, places), MAX_PLACES)  # the entry keeps the schema alive
    return places


def as_box(value: Any) -> Box | None:
    """[x1, y1, x2, y2] (from the schema or a /Rect) as (left, bottom, right, top), or None."""
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return None
    try:
        x1, y1, x2, y2 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _same(a: Box, b: Box) -> bool:
    return all(abs(p - q) <= TOLERANCE for p, q in zip(a, b))


def _inside(a: Box, b: Box) -> bool:
    return (a[0] >= b[0] - TOLERANCE and a[1] >= b[1] - TOLERANCE
            and a[2] <= b[2] + TOLERANCE and a[3] <= b[3] + TOLERANCE)


def first_misplaced(places: dict[str, Place], widgets: dict[str, list[Widget]]) -> str | None:
    """Compare each widget of each placed field with its place; the first difference, in words."""
    for name, place in places.items():  # in the schema's order: the form's reading order
        found = widgets.get(name)
        if not found:
            continue  # not in the file (a flattened copy, say): not ours to judge
        for widget in found:
            wrong = _widget_difference(place, widget, len(found) == 1)
            if wrong is not None:
                return f"field {name!r}{wrong}{_owner(places, widget, name)}"
    return None


def _widget_difference(place: Place, widget: Widget, alone: bool) -> str | None:
    """How one widget differs from its field's place; a widget of several may lie anywhere in the field's rect."""
    page, rect, choices = place
    on_page, box, states = widget
    if box is None:
        return " has a box without a readable position"
    if choices:
        wanted = [choices.get(s) for s in states]
        if not states or None in wanted:
            return f" has a box for choice(s) {list(states)!r}, which the form does not list"
        expected = wanted[0]
        where = f" (choice {states[0]!r})"
    else:
        expected, where = rect, ""
    if on_page != page:
        return f"{where} is on page {_page(on_page)}, the embedded schema places it on page {_page(page)}"
    if expected is None or (_same(box, expected) if choices or alone else _inside(box, expected)):
        return None
    return f"{where} is drawn at {_words(box)}, the embedded schema places it at {_words(expected)}"


def _owner(places: dict[str, Place], widget: Widget, name: str) -> str:
    """Whose box it is, when the schema places another field there: the swap, in words."""
    on_page, box, _ = widget
    for other, (page, rect, choices) in places.items():
        boxes = list(choices.values()) or [rect]
        if other != name and page == on_page and box is not None and any(b and _same(box, b) for b in boxes):
            return f": that is where {other} is; fields were renamed or moved after the form was made"
    return ": boxes were moved or fields renamed after the form was made"


def _page(index: Any) -> str:
    return str(index + 1) if isinstance(index, int) else "none"


def _words(box: Box) -> str:
    return "[" + ", ".join(f"{v:g}" for v in (round(x, 2) for x in box)) + "]"


# -- where the file draws each field's widgets ---------------------------------------------------

_WIDGET_KEYS = frozenset({b"Rect", b"AP"})
_WIDGETS_READ: dict[bytes, dict[str, Any]] = {}  # a widget's /Rect and /AP by its dictionary's bytes
MAX_WIDGETS_READ = 8192


def _widgets_fast(data: bytes, buttons: set[str]) -> dict[str, list[Widget]] | None:
    """Field name -> its widgets, by formkit's fast reader; None where it steps aside.

    On-states are read for the ``buttons`` only (fields whose choices the schema places).
    """
    from ..pdfform import fastread

    try:
        pdf = fastread.FastPdf(data)
        root = pdf.dict(pdf.trailer.get("Root"))
        pages = _pages_fast(pdf, root.get("Pages"))
        out: dict[str, list[Widget]] = {}
        acro = root.get("AcroForm")
        if acro is not None:
            _walk_fast(pdf, pdf.dict(acro).get("Fields"), None, "", 0, (pages, buttons, out))
        return out
    except Exception:  # noqa: BLE001 - any surprise: let pypdf read it
        return None


def _pages_fast(pdf: Any, ref: Any) -> dict[int, int]:
    """Annotation object number -> index of the page that lists it in /Annots."""
    from ..pdfform import budget, fastread

    out: dict[int, int] = {}
    stack, seen, index = [ref], set(), 0
    while stack:
        node = stack.pop()
        if isinstance(node, fastread.Ref):
            if node[0] in seen:
                raise fastread.Unsupported("page tree loop")
            seen.add(node[0])
        entry = pdf.keys(node, frozenset({b"Kids", b"Annots"}))
        kids = pdf.get(entry.get("Kids"))
        if isinstance(kids, list):
            stack.extend(reversed(kids))
            continue
        for annot in pdf.get(entry.get("Annots")) or []:
            if isinstance(annot, fastread.Ref):
                out.setdefault(annot[0], index)
        index += 1
        budget.check_objects(index)
    return out


def _walk_fast(pdf: Any, refs: Any, parent_ref: Any, prefix: str, depth: int,
               found: tuple[dict[int, int], set[str], dict[str, list[Widget]]]) -> None:
    """Each named field's widgets (itself, or its kids without a name), named as fastread.field_values does."""
    from ..pdfform import fastread

    if depth > 32:
        raise fastread.Unsupported("field tree too deep")
    for ref in pdf.get(refs) or []:
        t, _, _, kids, _, parent = pdf.field(ref)
        if t is None:
            continue
        if parent != parent_ref or not isinstance(t, (str, bytes)):
            raise fastread.Unsupported("named otherwise by pypdf")
        part = t if isinstance(t, str) else fastread.text(t)
        name = f"{prefix}.{part}" if prefix else part
        kid_refs = pdf.get(kids) or []
        unnamed = [k for k in kid_refs if pdf.field(k)[0] is None]
        states = name in found[1]
        found[2][name] = [_widget_fast(pdf, w, found[0], states) for w in (unnamed if kids is not None else [ref])]
        if kids is not None:
            _walk_fast(pdf, kids, ref, name, depth + 1, found)


def _widget_fast(pdf: Any, ref: Any, pages: dict[int, int], states: bool) -> Widget:
    from ..pdfform import fastread

    if isinstance(ref, fastread.Ref):
        own_text = pdf.own_text(ref[0])
        entry = _WIDGETS_READ.get(own_text)
        if entry is None:
            entry = remember(_WIDGETS_READ, own_text, fastread.parse_keys(own_text, 0, _WIDGET_KEYS),
                             MAX_WIDGETS_READ)
        page = pages.get(ref[0])
    else:
        entry, page = pdf.keys(ref, _WIDGET_KEYS), None
    rect = pdf.get(entry.get("Rect"))
    box = as_box([pdf.get(v) for v in rect] if isinstance(rect, list) else None)
    return page, box, _on_states(pdf.get(entry.get("AP")), pdf.get) if states else ()


def _on_states(ap: Any, resolve: Any) -> tuple[str, ...]:
    """A button widget's on-state names (the keys of /AP /N other than Off); () for other widgets."""
    if isinstance(ap, tuple):  # a stream (resolve gives (dictionary, bytes))
        return ()
    normal = resolve(ap.get("N") if isinstance(ap, dict) else None)
    if not isinstance(normal, dict):
        return ()
    return tuple(sorted(str(k) for k in normal if str(k) != "Off"))


def _widgets_pypdf(data: bytes) -> dict[str, list[Widget]] | None:
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
    plain = isinstance(normal, dict) and not hasattr(normal, "get_data")  # a dictionary, not a stream
    states = tuple(sorted(str(k)[1:] for k in normal if k != "/Off")) if plain else ()
    return page, box, states


__all__ = ["TOLERANCE", "as_box", "first_misplaced", "misplaced"]
