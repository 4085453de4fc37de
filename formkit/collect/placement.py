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

from collections import Counter
from typing import Any

from ..core._memo import remember
from ..pdfform import fastread
from ..pdfform.fastfields import dict_pattern, field_read
from ..pdfform.fastsyntax import Ref, Unsupported, parse_keys, parse_object
from ..pdfform.fastxref import FastPdf

TOLERANCE = 1.0  # points; the schema keeps two decimals, fillers write from 4 to 6 digits
Box = tuple[float, float, float, float]
Widget = tuple[int | None, Box | None, tuple[str, ...]]  # (page index, rect, on-states of a button)


def misplaced(data: bytes, schema: dict[str, Any], fast: Any = None) -> str | None:
    """The first field whose box is not where ``schema`` places it, in words; None if all are (or unknown).

    ``fast``: the fast reader's parse of ``data`` (read_form's), whose objects are then read once.
    """
    from ..pdfform import budget
    from .placement_pypdf import widgets_pypdf

    places, buttons, good = _places(schema)
    try:
        with budget.file_budget():
            read = _widgets_fast(fast or data, places, buttons, good)
            widgets = read.widgets if read is not None else widgets_pypdf(data)
    except budget.OverBudget:
        return None  # the file was read within its budget already: nothing more to say here
    if widgets is None:
        return None
    if not widgets:
        return None  # (every widget was found in place before, in another form of the batch)
    wrong = first_misplaced(places, widgets, read.alone if read is not None else None)
    if wrong is None and read is not None:
        for key in read.keys:
            remember(good, key, None, MAX_GOOD)
    return wrong


# -- where the schema places each field --------------------------------------------------------------

Place = tuple[Any, Box | None, dict[str, Box]]  # (page, field rect, choice value -> rect)
Places = tuple[dict[str, Place], set[str], dict[Any, None]]  # places, the buttons among them, fields found in place
_PLACES: dict[int, tuple[dict[str, Any], Places]] = {}
MAX_PLACES = 16
MAX_GOOD = 8192  # widgets found in place, with their bytes (each up to _memo.LARGEST): a booklet has about 600


def _places(schema: dict[str, Any]) -> Places:
    """Field name -> its place, for the fields the schema gives a position; worked out once per schema.

    With them, the names of the fields whose choices are placed, and a memory of the fields
    found in place (kept with the schema: a place is only ever compared with its own schema).
    """
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
    found: Places = (places, {name for name, place in places.items() if place[2]}, {})
    remember(_PLACES, id(schema), (schema, found), MAX_PLACES)  # the entry keeps the schema alive
    return found


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


def first_misplaced(places: dict[str, Place], widgets: dict[str, list[Widget]],
                    alone: dict[str, bool] | None = None) -> str | None:
    """Compare each widget of each placed field with its place; the first difference, in words.

    ``alone``: whether a field has one widget, where ``widgets`` lists only some of them.
    """
    for name, place in places.items():  # in the schema's order: the form's reading order
        found = widgets.get(name)
        if not found:
            continue  # not in the file (a flattened copy, say): not ours to judge
        single = alone[name] if alone is not None and name in alone else len(found) == 1
        for widget in found:
            wrong = _widget_difference(place, widget, single)
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
        boxes = list(choices.values()) or ([rect] if rect is not None else [])
        if other != name and page == on_page and box is not None and any(_same(box, b) for b in boxes):
            return f": that is where {other} is; fields were renamed or moved after the form was made"
    return ": boxes were moved or fields renamed after the form was made"


def _page(index: Any) -> str:
    return str(index + 1) if isinstance(index, int) else "none"


def _words(box: Box) -> str:
    return "[" + ", ".join(f"{v:g}" for v in (round(x, 2) for x in box)) + "]"


# -- where the file draws each field's widgets ---------------------------------------------------

_WIDGET_KEYS = frozenset({b"Rect", b"AP"})
Shape = tuple[bytes | None, bytes | None]  # a widget's /Rect and /AP values, as bytes (fastfields.match_field)
WidgetKey = tuple[str, int | None, bytes | Shape]  # a field's name, the page of one of its widgets, its bytes or shape


def _widgets_fast(data: Any, placed: dict[str, Place], buttons: set[str], good: dict[Any, None]) -> Read | None:
    """Field name -> its widgets, by formkit's fast reader; None where it steps aside.

    A widget whose bytes, name and page are those of one already found exactly in place
    (``good``: the forms of a batch share most widget dictionaries) is left out, so a batch
    costs a look-up per widget. A widget that is not a button is known by its shape instead of
    its bytes (a text field's bytes hold its answer, so they differ from form to form; where it
    is drawn does not), as the field walk matched it. On-states are read for the ``buttons`` only.
    """
    try:
        pdf = FastPdf(data) if isinstance(data, bytes) else data
        if not pdf.widgets:
            fastread.field_values(pdf)  # what lists the widgets, each under the name its value is read by
        pages = _pages_fast(pdf, pdf.dict(pdf.trailer.get("Root")).get("Pages"))
        own_text, ref_type, get_page = pdf.own_text, Ref, pages.get
        missed: dict[str, list[tuple[Any, bytes | None]]] = {}
        for name, ref, own, shape in pdf.widgets:  # own: b"" where the walk's prefetch did not read it
            if type(ref) is ref_type:
                num = ref[0]
                own = own or own_text(num)
                if (name, get_page(num), own if shape is None or name in buttons else shape) in good:
                    continue
            else:
                own = None
            if name in placed:
                missed.setdefault(name, []).append((ref, own))
        read = Read(pdf, pages, buttons)
        if missed:
            count = Counter(widget[0] for widget in pdf.widgets)
            for name, found in missed.items():
                read.add(name, found, count[name] == 1 or bool(placed[name][2]))
        return read
    except Exception:  # noqa: BLE001 - any surprise: let pypdf read it
        return None


class Read:
    """The widgets of one file not already known to be in place, and the keys to remember if they are."""

    def __init__(self, pdf: Any, pages: dict[int, int], buttons: set[str]) -> None:
        self.pdf, self.pages, self.buttons = pdf, pages, buttons
        self.widgets: dict[str, list[Widget]] = {}
        self.alone: dict[str, bool] = {}
        self.keys: list[WidgetKey] = []  # of widgets whose own bytes place them exactly

    def add(self, name: str, found: list[tuple[Any, bytes | None]], exact: bool) -> None:
        """Note field ``name``'s widgets (with their own bytes, None for a direct dictionary);
        ``exact``: each must sit exactly on its place (else anywhere in the field's rect)."""
        widgets = self.widgets.setdefault(name, [])
        self.alone[name] = exact
        for ref, own in found:
            widget, direct, key = _widget_fast(self.pdf, ref, own, self.pages, name in self.buttons)
            widgets.append(widget)
            if direct and exact and key is not None:
                self.keys.append((name, widget[0], key))


_PAGE_KEYS = frozenset({b"Kids", b"Annots"})
_PAGES_READ: dict[bytes, dict[str, Any]] = {}  # a page tree node's /Kids and /Annots by its bytes
MAX_PAGES_READ = 1024


def _pages_fast(pdf: Any, ref: Any) -> dict[int, int]:
    """Annotation object number -> index of the page that lists it in /Annots."""
    from ..pdfform import budget

    listed: list[list[int]] = []  # each page's annotation numbers, in page order
    stack, seen = [ref], set()
    while stack:
        node = stack.pop()
        if not isinstance(node, Ref) or node[0] in seen:
            raise Unsupported("page tree loop or direct page")
        seen.add(node[0])
        own_text = pdf.own_text(node[0])
        entry = _PAGES_READ.get(own_text)
        if entry is None:
            entry = remember(_PAGES_READ, own_text, parse_keys(own_text, 0, _PAGE_KEYS), MAX_PAGES_READ)
        kids = pdf.get(entry.get("Kids"))
        if isinstance(kids, list):
            stack.extend(reversed(kids))
            continue
        annots = pdf.get(entry.get("Annots")) or []
        listed.append([a[0] for a in annots if type(a) is Ref] if isinstance(annots, list) else [])
        budget.check_objects(len(listed))
    out: dict[int, int] = {}
    for index in range(len(listed) - 1, -1, -1):  # an annotation listed twice is on the first page listing it
        out.update(dict.fromkeys(listed[index], index))
    return out


def _widget_fast(pdf: Any, ref: Any, own: bytes | None, pages: dict[int, int],
                 states: bool) -> tuple[Widget, bool, bytes | Shape | None]:
    """(the widget, whether its position and states are written in its own dictionary, what it is
    known by: its bytes, or its shape where the field walk matched it and it is not a button).

    A widget that holds them is read once per distinct bytes or shape (``_WIDGETS_READ``), as
    match_field reads fields: the forms of a batch share most widgets, a radio button's among a few.
    """
    if own is None:
        return (*_widget_from(pdf, pdf.keys(ref, _WIDGET_KEYS), None, states), None)
    shape = None if states else _shape(own)
    key = own if shape is None else shape
    known = _WIDGETS_READ.get((key, states))
    if known is None:
        entry = widget_keys(own) if shape is None else _read_shape(shape)
        known = _widget_from(pdf, entry or {}, None, states)
        if known[1]:
            remember(_WIDGETS_READ, (key, states), known, MAX_WIDGETS_READ)
    (_, box, on), direct = known
    return (pages.get(ref[0]), box, on), direct, key


def _shape(own: bytes) -> Shape | None:
    """The /Rect and /AP bytes the field walk matched in ``own`` (fastfields.field_read), if it
    did and each is one whole value (what widget_keys reads without parse_keys); else None."""
    entry = field_read(own)
    shape: Shape | None = None if entry is None else entry[6]
    return shape if shape is not None and _read_shape(shape) is not None else None


_WIDGET_DICT = dict_pattern(("Rect", "AP"))


def widget_keys(own: bytes) -> dict[str, Any]:
    """/Rect and /AP of the dictionary ``own`` starts with, as ``parse_keys`` reads them.

    A widget filled by pdftk or pypdf is also its field, /V inside, so its bytes differ from
    file to file and no memory helps: parse_keys' Python loop, entry by entry, was most of the
    time of reading such a form. One match in C steps over the simple dictionary instead; a
    repeated key, a value read short (``1.2.3``) or anything unusual goes to parse_keys, which
    decides as before (and steps aside where it did).
    """
    m = _WIDGET_DICT.match(own)
    if m is not None:
        out = _read_shape((m[1], m[2]))
        if out is not None:
            return out
    return parse_keys(own, 0, _WIDGET_KEYS)


def _read_shape(shape: Shape) -> dict[str, Any] | None:
    """/Rect and /AP from their bytes (absent ones left out); None if one is not a whole value."""
    out: dict[str, Any] = {}
    for name, raw in zip(("Rect", "AP"), shape):
        if raw is not None:
            value = _VALUES_READ.get(raw, _UNREAD)
            if value is _UNREAD:
                value = remember(_VALUES_READ, raw, _whole_value(raw), MAX_VALUES_READ, largest=512)
            if value is _UNREAD:
                return None
            out[name] = value
    return out


# /Rect and /AP values by their bytes: a widget's bytes differ from file to file (its /V), but its
# /Rect and /AP do not, across the forms of one blank. The values are shared: read-only.
_VALUES_READ: dict[bytes, Any] = {}
MAX_VALUES_READ = 8192
_UNREAD = object()  # not one whole value that parse_object reads alone: parse_keys decides


def _whole_value(raw: bytes) -> Any:
    """The object ``raw`` holds, if parse_object reads all of it and nothing else; else _UNREAD."""
    try:
        value, end = parse_object(raw, 0)
    except Unsupported:
        return _UNREAD
    return value if end == len(raw) else _UNREAD


_WIDGETS_READ: dict[tuple[bytes | Shape, bool], tuple[Widget, bool]] = {}
MAX_WIDGETS_READ = 4096  # widget facts by their bytes (each up to _memo.LARGEST: 8 MiB of keys at most)


def _widget_from(pdf: Any, entry: dict[str, Any], page: int | None, states: bool) -> tuple[Widget, bool]:
    rect, ap = entry.get("Rect"), entry.get("AP")
    direct = isinstance(rect, list) and all(isinstance(v, (int, float)) for v in rect)
    rect = pdf.get(rect)
    box = as_box([pdf.get(v) for v in rect] if isinstance(rect, list) else None)
    if not states:
        return (page, box, ()), direct
    direct = direct and isinstance(ap, dict) and isinstance(ap.get("N"), dict)
    return (page, box, _on_states(pdf.get(ap), pdf.get)), direct


def _on_states(ap: Any, resolve: Any) -> tuple[str, ...]:
    """A button widget's on-state names (the keys of /AP /N other than Off); () for other widgets."""
    if isinstance(ap, tuple):  # a stream (resolve gives (dictionary, bytes))
        return ()
    normal = resolve(ap.get("N") if isinstance(ap, dict) else None)
    if not isinstance(normal, dict):
        return ()
    return tuple(sorted(str(k) for k in normal if str(k) != "Off"))


__all__ = ["TOLERANCE", "as_box", "first_misplaced", "misplaced"]
