"""Is a returned form the one formkit made? The embedded schema checked against the catalogue.

collect maps answers through the schema embedded in the form, so whoever edits that schema (or
appends an update renaming fields) decides which competency an answer counts for. This module
rebuilds what the schema must say from the catalogue named by the form's fingerprint (the one
collect was given, the base catalogue, or a shipped overlay), without rendering: the field
names, competency ids, statements, scale labels and categories follow from the catalogue the
way formkit.documents.selfassess lays them out. Page positions, tooltips and wording labels are left out:
collect does not read them, and they may change between formkit versions.

A form that differs is ``altered``; one whose catalogue formkit cannot rebuild is
``unverified`` (with a hint to pass its overlays with -O). An update appended after the form
was made that changes the schema or the field names is ``altered`` whatever the fingerprint:
filling a form changes values and appearances only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog.model import Catalog, Category
from ..core._memo import remember
from ..documents.selfassess import names

VERIFIED, ALTERED, UNVERIFIED = "verified", "altered", "unverified"


@dataclass(frozen=True)
class Verdict:
    """``status`` is one of VERIFIED, ALTERED, UNVERIFIED; ``reason`` is one line (empty when verified)."""

    status: str
    reason: str = ""


def verify_form(schema: dict[str, Any], values: dict[str, str], catalog: Catalog,
                source: str | Path | bytes, fast: Any = None) -> Verdict:
    """The verdict on one form read by collect: its ``schema`` and field ``values`` as read from ``source``
    (``fast``: the fast reader's parse of it, if it read the file: the placement check reuses it).

    The schema part is worked out once per embedded schema (a batch shares one); the history
    part reads the file's first revision only when updates were appended to it; the placement
    part (:mod:`.placement`) catches names swapped in a file rewritten as a whole.
    """
    from .placement import misplaced

    verdict = _schema_verdict(schema, catalog)
    if verdict.status == ALTERED:
        return verdict
    data = fast.data if fast is not None else source if isinstance(source, bytes) else Path(source).read_bytes()
    # bytes: a repaired copy, rewritten as one revision: no history to compare
    changed = None if isinstance(source, bytes) else changed_by_update(data, schema, values,
                                                                        fast.first_xref if fast is not None else 0)
    if changed is None and values:  # no values: a flattened copy has no boxes left to compare
        changed = misplaced(data, schema, fast)
    return Verdict(ALTERED, f"altered form: {changed}") if changed else verdict


# -- the schema against the catalogue -----------------------------------------------------------------

_VERDICTS: dict[tuple[int, int], tuple[dict[str, Any], Catalog, Verdict]] = {}
MAX_VERDICTS = 16


def _schema_verdict(schema: dict[str, Any], catalog: Catalog) -> Verdict:
    key = (id(schema), id(catalog))
    known = _VERDICTS.get(key)
    if known is not None and known[0] is schema and known[1] is catalog:  # the entry keeps both alive
        return known[2]
    verdict = check_schema(schema, catalog)
    remember(_VERDICTS, key, (schema, catalog, verdict), MAX_VERDICTS)
    return verdict


def check_schema(schema: dict[str, Any], catalog: Catalog) -> Verdict:
    """Compare an embedded schema with the one its catalogue and fingerprint call for."""
    meta = schema.get("catalog") or {}
    ident = (meta.get("id"), meta.get("version"), meta.get("fingerprint"))
    source = rebuildable(ident, catalog)
    if source is None:
        return Verdict(UNVERIFIED, _cannot_verify(ident, catalog))
    difference = first_difference(schema, source)
    if difference is None:
        return Verdict(VERIFIED)
    return Verdict(ALTERED, f"altered form: embedded schema does not match catalogue {source.id} version "
                            f"{source.version} ({_fingerprint_words(source.fingerprint)}): {difference}")


def _fingerprint_words(fingerprint: str) -> str:
    return "no overlays" if fingerprint == "base" else f"overlays {fingerprint}"


def _cannot_verify(ident: tuple[Any, Any, Any], catalog: Catalog) -> str:
    cat_id, version, fingerprint = (str(v) for v in ident)
    if (cat_id, version) != (catalog.id, catalog.version):
        return (f"cannot verify: made from catalogue {cat_id} {version}, which formkit cannot rebuild; "
                "its answers are read as the form states them")
    return (f"cannot verify: made with overlays {fingerprint}, which collect was not given; pass the same "
            "overlays with -O to check the form against them")


_SHIPPED: dict[tuple[str, str, str], Catalog] = {}


def rebuildable(ident: tuple[Any, Any, Any], given: Catalog) -> Catalog | None:
    """The catalogue a form names by (id, version, fingerprint), if formkit can rebuild it."""
    if ident == (given.id, given.version, given.fingerprint):
        return given
    if not _SHIPPED:
        _SHIPPED.update(_shipped_catalogs())
    return _SHIPPED.get(ident)


def _shipped_catalogs() -> dict[tuple[str, str, str], Catalog]:
    """The base catalogue and each overlay under templates/overlays/, by (id, version, fingerprint).

    Loaded once per process, and only when a form names a catalogue collect was not given.
    """
    from ..catalog.effective import apply_overlays
    from ..catalog.load import load_catalog
    from ..catalog.overlay import load_overlays
    from ..core.errors import FormkitError
    from ..core.resources import templates_dir

    base = load_catalog(None)
    found = {(base.id, base.version, base.fingerprint): base}
    for path in sorted((templates_dir() / "overlays").glob("*.yaml")):
        try:
            catalog = apply_overlays(base, load_overlays([str(path)]))
        except FormkitError:  # a template meant to be edited first (a logo to add, say)
            continue
        found[(catalog.id, catalog.version, catalog.fingerprint)] = catalog
    return found


# -- what collect reads from a schema, and what the catalogue says it should be --------------------------


def first_difference(schema: dict[str, Any], catalog: Catalog) -> str | None:
    """The first thing collect reads from ``schema`` that differs from what ``catalog`` makes, or None."""
    kind = schema.get("kind")
    cats = [c for c in schema.get("categories") or [] if isinstance(c, dict)]
    if kind == names.FORM_KIND_BOOKLET:
        chosen = catalog.categories
    else:
        wanted = [c.get("id") for c in cats]
        chosen = tuple(c for c in catalog.categories if c.id in wanted[:1])
        if len(wanted) != 1 or not chosen:
            return f"a one-category form listing categories {_short(wanted)}"
    actual, expected = meaning(schema), expected_meaning(catalog, kind, chosen)
    if actual["scale"] != expected["scale"]:
        return _part_difference("scale", actual["scale"], expected["scale"])
    if actual["categories"] != expected["categories"]:
        return _category_difference(actual["categories"], expected["categories"])
    return _field_difference(actual["fields"], expected["fields"])


def meaning(schema: dict[str, Any]) -> dict[str, Any]:
    """The parts of a schema collect uses: scale labels, categories, and each mapped field."""
    fields: dict[str, Any] = {}
    duplicates: list[str] = []
    for fld in schema.get("fields") or []:
        meta = fld.get("meta") or {}
        if not any(k in meta for k in ("identity", "competency", "reflection", "plan")):
            continue  # signatures and anything else collect does not read
        if fld["name"] in fields:
            duplicates.append(fld["name"])
        fields[fld["name"]] = _field_entry(meta, fld.get("choices") or [])
    for name in duplicates:
        fields[name] = "listed more than once"
    return {"scale": [(c.get("value"), c.get("label")) for c in (schema.get("scale") or {}).get("choices", [])],
            "categories": [(c.get("id"), c.get("title"), [(k.get("id"), k.get("statement"))
                                                          for k in c.get("competencies") or []])
                           for c in schema.get("categories") or []],
            "fields": fields}


def _field_entry(meta: dict[str, Any], choices: list[dict[str, Any]]) -> tuple[Any, ...]:
    kept = sorted((k, v) for k, v in meta.items() if k != "label")
    if "competency" in meta and not meta.get("notes"):
        return (kept, [(c.get("value"), c.get("label")) for c in choices])
    return (kept, [c.get("value") for c in choices])


def expected_meaning(catalog: Catalog, kind: Any, categories: tuple[Category, ...]) -> dict[str, Any]:
    """What :func:`meaning` gives for a form formkit renders from ``catalog`` (see selfassess.render)."""
    scale = [(p.value, p.label) for p in catalog.scale().choices]
    fields: dict[str, Any] = {key: _field_entry({"identity": key}, []) for key in names.IDENTITY}
    fields[names.ROUND] = _field_entry({"identity": names.ROUND}, [{"value": v} for v in names.ROUND_CHOICES])
    for cat in categories:
        for comp in cat.competencies:
            fields[names.rating_name(comp.id)] = _field_entry(
                {"competency": comp.id, "category": cat.id, "statement": comp.statement},
                [{"value": v, "label": lab} for v, lab in scale])
            fields[names.notes_name(comp.id)] = _field_entry(
                {"competency": comp.id, "category": cat.id, "notes": True}, [])
        for key in names.REFLECTION:
            fields[names.reflection_name(cat.id, key)] = _field_entry({"category": cat.id, "reflection": key}, [])
        fields.update(_plan_fields(cat.id, names.PLAN_ROWS))
    if kind == names.FORM_KIND_BOOKLET:
        fields.update(_plan_fields(names.WHOLE, names.WHOLE_PLAN_ROWS))
    return {"scale": scale,
            "categories": [(c.id, c.title, [(k.id, k.statement) for k in c.competencies]) for c in categories],
            "fields": fields}


def _plan_fields(scope: str, rows: int) -> dict[str, Any]:
    return {names.plan_name(scope, row, col): _field_entry({"plan": scope, "row": row, "column": col}, [])
            for row in range(1, rows + 1) for col in names.PLAN_COLUMNS}


def _part_difference(part: str, actual: list[Any], expected: list[Any]) -> str:
    for index, (got, want) in enumerate(zip(actual, expected)):
        if got != want:
            return f"{part} entry {index + 1} is {_short(got)}, the catalogue has {_short(want)}"
    return f"{part} has {len(actual)} entries, the catalogue {len(expected)}"


def _category_difference(actual: list[Any], expected: list[Any]) -> str:
    for got, want in zip(actual, expected):
        if got == want:
            continue
        if got[:2] != want[:2]:
            return (f"category {_short(got[0])} is titled {_short(got[1])}, the catalogue has "
                    f"{want[0]} {_short(want[1])}")
        for k_got, k_want in zip(got[2], want[2]):
            if k_got != k_want:
                return (f"competency {_short(k_got[0])} reads {_short(k_got[1])}, the catalogue has "
                        f"{k_want[0]} {_short(k_want[1])}")
        return f"category {want[0]} lists {len(got[2])} competencies, the catalogue {len(want[2])}"
    return f"the form lists {len(actual)} categories, the catalogue {len(expected)}"


def _field_difference(actual: dict[str, Any], expected: dict[str, Any]) -> str | None:
    for name, want in expected.items():
        if name not in actual:
            return f"field {name} is missing"
        got = actual[name]
        if got != want:
            return f"field {name}: {_entry_difference(got, want)}"
    extra = [name for name in actual if name not in expected]
    return f"field {_short(extra[0])} is not one the catalogue makes" if extra else None


def _entry_difference(got: Any, want: tuple[Any, ...]) -> str:
    """The first key of a field entry that differs, in words."""
    if isinstance(got, str):
        return got
    have, need = dict(got[0]), dict(want[0])
    for key in sorted(set(have) | set(need), key=lambda k: (k != "competency", k)):  # the answer's owner first
        if have.get(key) != need.get(key):
            return f"{key} is {_short(have.get(key))}, the catalogue has {_short(need.get(key))}"
    return _part_difference("choices", got[1], want[1])


def _short(value: Any) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= 120 else text[:117] + "..."


# -- updates appended after the form was made ---------------------------------------------------------


def changed_by_update(data: bytes, schema: dict[str, Any], values: dict[str, str], first_xref: int = 0) -> str | None:
    """What an update appended to the file changed in the schema or the field names, or None.

    Filling a form (in a reader, pdftk, pypdf, PDFium, pdf.js) changes values and appearances;
    an update that changes which fields exist, or the schema that maps them, is not a fill.
    ``first_xref``: where the file's earliest cross-reference section starts, when it is known.
    """
    end = first_revision_end(data, first_xref)
    if end is None:
        return None
    original = _first_revision(data[:end])
    if original is None:
        return None  # no readable first revision (a linearised file, say): nothing to compare with
    first_schema, first_names, first_objects = original
    if first_schema is not schema and first_schema != schema:  # one build's forms share one
        return "its embedded schema was changed by an update appended after the form was made"
    if not values:
        return None  # a flattened copy: its answers come from the page, with their own warning
    return _names_changed(first_names, list(values), first_objects, field_objects(data))


# What a first revision holds, by its bytes: every form of one build starts with the same bytes
# (formkit's output is deterministic), so a batch of forms saved as updates reads it once.
_FIRST: dict[bytes, tuple[Any, list[str], dict[str, Any] | None] | None] = {}
MAX_FIRST = 8
FIRST_LARGEST = 4 * 1024 * 1024  # bytes of a first revision kept: six times a blank booklet's 660 KB


def _first_revision(data: bytes) -> tuple[Any, list[str], dict[str, Any] | None] | None:
    """(schema, field names in order, field objects) of a first revision, or None if it cannot be read."""
    from ..pdfform.read import UnreadablePdf, read_form

    if data in _FIRST:
        return _FIRST[data]
    try:
        form = read_form(data, shared_schema=True)
        facts = (form.schema, list(form.values), field_objects(data))
    except UnreadablePdf:
        facts = None
    return remember(_FIRST, data, facts, MAX_FIRST, FIRST_LARGEST)


UPDATED = "by an update appended after the form was made"


def _names_changed(before: list[str], after: list[str], objects_before: dict[str, Any] | None,
                   objects_after: dict[str, Any] | None) -> str | None:
    """How the field names changed between two revisions, or None.

    An update keeps each object's number, so a name now stored in another object (two fields'
    names swapped) shows even when the set of names is the same. Where the fast reader cannot
    list the objects, the names and their order are compared.
    """
    now, then = set(after), set(before)
    gone = [name for name in before if name not in now]
    if gone:
        return f"field {_short(gone[0])} was renamed or removed {UPDATED}"
    added = [name for name in after if name not in then]
    if added:
        return f"field {_short(added[0])} was added {UPDATED}"
    if objects_before is None or objects_after is None:
        if list(before) != list(after):
            return f"fields were renamed or reordered {UPDATED}"
        return None
    for name, ref in objects_before.items():
        if objects_after.get(name) != ref:
            return f"field {_short(name)} now names another field's box (renamed {UPDATED})"
    return None


def field_objects(data: bytes) -> dict[str, Any] | None:
    """Fully qualified field name -> the object holding it; None where the fast reader steps aside."""
    from ..pdfform.fastxref import FastPdf

    try:
        pdf = FastPdf(data)
        acro = pdf.dict(pdf.trailer.get("Root")).get("AcroForm")
        out: dict[str, Any] = {}
        if acro is not None:
            _walk_objects(pdf, pdf.dict(acro).get("Fields"), "", 0, out)
        return out
    except Exception:  # noqa: BLE001 - any surprise: compare the names alone
        return None


def _walk_objects(pdf: Any, refs: Any, prefix: str, depth: int, out: dict[str, Any]) -> None:
    from ..pdfform import budget
    from ..pdfform.fastfields import read_field
    from ..pdfform.fastsyntax import Ref, Unsupported, text

    if depth > 32:
        raise Unsupported("field tree too deep")
    for ref in pdf.get(refs) or []:
        entry = read_field(pdf, ref)
        name_part, kids = entry[0], entry[3]
        if name_part is None:
            continue
        part = name_part if isinstance(name_part, str) else text(name_part)
        name = f"{prefix}.{part}" if prefix else part
        out[name] = tuple(ref) if isinstance(ref, Ref) else None
        budget.check_fields(len(out))
        if kids is not None:
            _walk_objects(pdf, kids, name, depth + 1, out)


def first_revision_end(data: bytes, first_xref: int = 0) -> int | None:
    """Where the file's first revision ends, if more revisions follow it (None for a single one).

    A revision ends after its cross-reference section, so the search for its "%%EOF" starts at
    ``first_xref``, where the earliest section starts (formkit.pdfform.fastxref reads them all):
    in a file saved whole (what pdftk and pypdf write) that is near its end, and looking from the
    start read all of a 700 KB booklet, 0.4 ms of its 6 ms read.
    """
    marker = data.find(b"%%EOF", first_xref)
    if marker < 0:
        return None
    end = marker + 5
    while end < len(data) and data[end] in b"\r\n":
        end += 1
    rest = data[end:]
    return end if rest.strip(b"\0 \t\r\n\f") else None


__all__ = ["ALTERED", "UNVERIFIED", "VERIFIED", "Verdict", "changed_by_update", "check_schema", "verify_form"]
