"""Reading filled self-assessment forms back into plain data, one :class:`Response` per file.

The form's embedded schema (see formkit.pdfform.post) names the competency, statement and
scale labels behind each ASCII field name, so a response always carries the wording the
person saw, even when the catalogue has changed since. A form whose schema was stripped by
a reader is mapped by its field names against the current catalogue, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.model import Catalog
from ..core._memo import remember
from ..documents.selfassess import names
from ..pdfform.read import FormContents, UnreadablePdf, read_form
from .checklist_read import ChecklistResponse

KINDS = (names.FORM_KIND_CATEGORY, names.FORM_KIND_BOOKLET)
CHECKLIST_KIND = "checklist"  # read by formkit.collect.checklist_read


class NotAForm(Exception):
    """A readable PDF that is not a formkit self-assessment (one line for the user)."""


@dataclass
class Rating:
    category_id: str
    competency_id: str
    statement: str
    value: str
    label: str
    notes: str


@dataclass
class PlanRow:
    scope: str
    row: int
    goal: str = ""
    steps: str = ""
    support: str = ""
    date: str = ""


@dataclass
class Response:
    file: str
    kind: str
    catalog_id: str
    catalog_version: str
    fingerprint: str
    identity: dict[str, str]
    ratings: list[Rating]
    reflections: dict[str, dict[str, str]]
    plan: list[PlanRow]
    scale: list[dict[str, str]]
    categories: list[dict[str, str]]
    warnings: list[str] = field(default_factory=list)
    form_check: str = ""  # verify.VERIFIED, ALTERED or UNVERIFIED: is the schema the one formkit made?
    content_hash = ""  # the sha256 of the bytes read, when asked for (the store's key); not a field, not in the JSON

    @property
    def person(self) -> str:
        return self.identity.get("name", "")

    def to_json(self) -> dict[str, Any]:
        """The response as plain JSON data: what ``dataclasses.asdict`` gives, built by hand.

        asdict copies recursively through every value by reflection; for a booklet (64 ratings,
        a dozen plan rows) that was more time than encoding the JSON itself. Every container is
        still a new one: a caller may change the result without changing the response.
        """
        return {**self.json_head(),
                "ratings": [{"category_id": r.category_id, "competency_id": r.competency_id, "statement": r.statement,
                             "value": r.value, "label": r.label, "notes": r.notes} for r in self.ratings],
                **self.json_tail()}

    def json_head(self) -> dict[str, Any]:
        """The entries :meth:`to_json` gives before the ratings (formkit.collect.json_item writes those)."""
        return {"file": self.file, "kind": self.kind, "catalog_id": self.catalog_id,
                "catalog_version": self.catalog_version, "fingerprint": self.fingerprint,
                "identity": dict(self.identity)}

    def json_tail(self) -> dict[str, Any]:
        """The entries :meth:`to_json` gives after the ratings."""
        return {"reflections": {key: dict(answers) for key, answers in self.reflections.items()},
                "plan": [{"scope": r.scope, "row": r.row, "goal": r.goal, "steps": r.steps, "support": r.support,
                          "date": r.date} for r in self.plan],
                "scale": [dict(choice) for choice in self.scale],
                "categories": [dict(category) for category in self.categories],
                "warnings": list(self.warnings), "form_check": self.form_check}


def _schema_from_catalog(catalog: Catalog, values: dict[str, str]) -> dict[str, Any]:
    """Rebuild a schema for a form whose embedded one is gone, from its field names."""
    fields: list[dict[str, Any]] = []
    cats = []
    for cat in catalog.categories:
        comps = [k for k in cat.competencies if names.rating_name(k.id) in values]
        if not comps:
            continue
        cats.append({"id": cat.id, "title": cat.title,
                     "competencies": [{"id": k.id, "statement": k.statement} for k in comps]})
        for k in comps:
            fields.append({"name": names.rating_name(k.id), "kind": "radio",
                           "meta": {"competency": k.id, "category": cat.id, "statement": k.statement}})
            fields.append({"name": names.notes_name(k.id), "kind": "multiline",
                           "meta": {"competency": k.id, "category": cat.id, "notes": True}})
        for key in names.REFLECTION:
            fields.append({"name": names.reflection_name(cat.id, key), "meta": {"category": cat.id, "reflection": key}})
    for key in names.IDENTITY + (names.ROUND,):
        fields.append({"name": key, "meta": {"identity": key}})
    for fname in values:
        m = re.fullmatch(r"(.+)_plan(\d+)_(goal|steps|support|date)", fname)
        if m:
            fields.append({"name": fname, "meta": {"plan": m.group(1), "row": int(m.group(2)), "column": m.group(3)}})
    scale = catalog.scale()
    return {"kind": names.FORM_KIND_CATEGORY if len(cats) == 1 else names.FORM_KIND_BOOKLET,
            "catalog": {"id": catalog.id, "version": catalog.version, "fingerprint": catalog.fingerprint},
            "scale": {"choices": [{"value": p.value, "label": p.label} for p in scale.choices]},
            "categories": cats, "fields": fields}



# How each schema field maps to a Response, worked out once per schema: a batch made from one
# build shares one (read-only) schema, so the 300-odd fields are looked at once, not once per form.
_IDENTITY, _RATING, _NOTES, _REFLECTION, _PLAN = range(5)
_MAPPINGS: dict[int, tuple[dict[str, Any], tuple[dict[Any, Any], list[tuple[Any, ...]]]]] = {}
MAX_MAPPINGS = 16


def _mapping(schema: dict[str, Any]) -> tuple[dict[Any, Any], list[tuple[Any, ...]]]:
    """(scale labels, steps) for ``schema``, remembered while the schema is in use."""
    known = _MAPPINGS.get(id(schema))
    if known is not None and known[0] is schema:  # the entry keeps the schema alive: ids stay unique
        return known[1]
    labels = {c["value"]: c["label"] for c in schema.get("scale", {}).get("choices", [])}
    mapping = labels, _steps(schema, labels)
    remember(_MAPPINGS, id(schema), (schema, mapping), MAX_MAPPINGS)
    return mapping


def _steps(schema: dict[str, Any], labels: dict[Any, Any]) -> list[tuple[Any, ...]]:
    """One step per schema field: (kind, field name, what the kind needs).

    Every look-up a damaged or forged schema can fail is made here, in field order, so it fails
    with the same exception whatever the answers are.
    """
    steps: list[tuple[Any, ...]] = []
    for fld in schema.get("fields", []):
        meta = fld.get("meta", {})
        name = fld["name"]
        hash(name)  # an unhashable name fails here, as values.get(name) would
        if "identity" in meta:
            key = meta["identity"]
            hash(key)
            steps.append((_IDENTITY, name, key))
        elif "competency" in meta:
            cid, category = meta["competency"], meta.get("category", "")
            hash(cid)
            if meta.get("notes"):
                steps.append((_NOTES, name, cid, category))
            else:
                choice_labels = {c["value"]: c["label"] for c in fld.get("choices", [])} or labels
                steps.append((_RATING, name, cid, category, meta.get("statement", ""), choice_labels))
        elif "reflection" in meta:
            category = meta["category"]
            hash(category)
            key = meta["reflection"]
            hash(key)
            steps.append((_REFLECTION, name, category, key))
        elif "plan" in meta:
            scope, row = meta["plan"], int(meta["row"])
            hash(scope)
            column = meta["column"]
            setattr(PlanRow(scope, row), column, "")  # an impossible column fails here
            steps.append((_PLAN, name, scope, row, column))
    return steps


def map_values(schema: dict[str, Any], values: dict[str, str], warnings: list[str]) -> tuple[
        dict[Any, Any], dict[str, str], dict[str, Rating], dict[str, dict[str, str]], dict[tuple[str, int], PlanRow]]:
    """A form's field values, however they were got (a PDF's fields, marks read from a scan), as
    (scale labels, identity, ratings, reflections, plan rows) by the form's embedded schema."""
    labels, steps = _mapping(schema)
    return (labels, *_apply(steps, values, warnings))


def _apply(steps: list[tuple[Any, ...]], values: dict[str, str], warnings: list[str]) -> tuple[
        dict[str, str], dict[str, Rating], dict[str, dict[str, str]], dict[tuple[str, int], PlanRow]]:
    """identity, ratings, reflections and plan rows of one form, by the schema's steps."""
    identity: dict[str, str] = {}
    ratings: dict[str, Rating] = {}
    reflections: dict[str, dict[str, str]] = {}
    plan: dict[tuple[str, int], PlanRow] = {}
    for step in steps:
        kind, value = step[0], values.get(step[1], "")
        if value == "Off":
            value = ""
        if kind == _IDENTITY:
            identity[step[2]] = value
        elif kind == _RATING or kind == _NOTES:
            cid = step[2]
            rating = ratings.get(cid)
            if rating is None:
                rating = ratings[cid] = Rating(step[3], cid, "", "", "", "")
            if kind == _NOTES:
                rating.notes = value
            else:
                choice_labels = step[5]
                rating.statement, rating.value, rating.label = step[4], value, choice_labels.get(value, "")
                if value and value not in choice_labels:
                    warnings.append(f"{cid}: unknown answer {value!r}")
        elif kind == _REFLECTION:
            reflections.setdefault(step[2], {})[step[3]] = value
        else:
            key = (step[2], step[3])
            row = plan.get(key)
            if row is None:
                row = plan[key] = PlanRow(step[2], step[3])
            setattr(row, step[4], value)
    return identity, ratings, reflections, plan

def read_response(path: str | Path, catalog: Catalog, data: bytes | None = None) -> Response | ChecklistResponse:
    """One filled form (``data``: its bytes, if read already) as a Response (a certification checklist
    as a ChecklistResponse); raises UnreadablePdf or NotAForm with a one-line reason.

    The embedded schema comes from the file, so it is untrusted: a schema of the wrong shape (damaged, or
    forged) makes the file NotAForm, never another exception. A file no reader opens is repaired by qpdf.
    """
    from ..pdfform.repair import tail_intact

    try:
        response = _read_checked(path, catalog, path if data is None else data)
    except UnreadablePdf as failure:
        return _read_repaired(path, catalog, failure)
    if tail_intact(path if data is None else data):
        return response
    try:
        return _read_repaired(path, catalog, UnreadablePdf("the end of the file is missing", repairable=True))
    except UnreadablePdf:
        response.warnings.insert(0, CUT_SHORT)
        return response


CUT_SHORT = ("the end of the file is missing (cut short while saving or sending?): what the person saved "
             "last may be lost; ask for the file again if an answer is missing")


def _read_checked(path: str | Path, catalog: Catalog, source: str | Path | bytes) -> Response | ChecklistResponse:
    from .flattened import FlattenedCopy

    try:
        return _read_response(path, catalog, source)
    except (UnreadablePdf, NotAForm):
        raise
    except FlattenedCopy as exc:
        raise NotAForm(str(exc)) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise NotAForm(f"its formkit data is damaged or not formkit's ({exc.__class__.__name__})") from None


REPAIRED = "repaired a damaged file; check the answers"


def _read_repaired(path: str | Path, catalog: Catalog, failure: UnreadablePdf) -> Response | ChecklistResponse:
    """Read qpdf's repair of a file the normal read refused; else fail with the first reason.

    Only files that failed the normal read come here, and collect has already refused files
    over its size cap, so the extra work is bounded. A locked file is never "repaired".
    """
    from ..pdfform.repair import damage, repaired

    if not failure.repairable:
        raise failure
    repair = repaired(path)
    if repair is not None:
        try:
            response = _read_checked(path, catalog, repair.data)
        except (UnreadablePdf, NotAForm):
            pass
        else:
            response.warnings.insert(0, f"{REPAIRED}; {repair.note}" if repair.note else REPAIRED)
            return response
    phrase = damage(path)
    raise UnreadablePdf(f"{phrase} ({failure})" if phrase else str(failure)) from None


FLATTENED = ("a flattened copy: its answers were read from the printed page (a multi-line answer has one "
             "line per printed line); check the answers, or ask for the filled form file as saved")


FLATTENED_CHECKLIST = ("a flattened copy: its answers were read from the printed page, and its signature fields "
                       "are gone, so no signature can be checked; ask for the signed checklist file as saved")


def _answers(form: FormContents, source: str | Path | bytes, catalog: Catalog,
             warnings: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(schema, values) of a form; a form without formkit's schema or fields is told apart here.

    The page-reading paths (flattened or printed copies) run only for a file with no fields.
    """
    schema, values = form.schema, form.values
    if schema is None or schema.get("kind") not in KINDS:
        if schema is None and any(n.endswith("_rating") for n in values):
            schema = _schema_from_catalog(catalog, values)
            warnings.append("the form's formkit metadata is missing (a PDF reader may have removed it); "
                            "answers were mapped by field name to the current catalogue wording")
            if not schema["categories"]:
                raise NotAForm("its fields do not match any competency of the catalogue")
        elif schema is not None:
            raise NotAForm(f"it is a formkit '{schema.get('kind')}' form, not a self-assessment")
        elif not values:
            from .copies import PRINTED, is_printed_copy

            if is_printed_copy(source, form.info, catalog):
                raise NotAForm(PRINTED)
            raise NotAForm("it has no form fields (not a formkit self-assessment)")
        else:
            raise NotAForm("it is a PDF form, but not one made by formkit selfassess")
    else:
        from .flattened import fields_gone, read_flattened

        if fields_gone(schema, values):
            values = read_flattened(source, schema)
            warnings.append(FLATTENED)
    return schema, values


FORM_KEYS = ("person_id", "rater")  # the carried-forward form's person id; "supervisor" on the supervisor's form


def _read_response(path: str | Path, catalog: Catalog, source: str | Path | bytes) -> Response | ChecklistResponse:
    form = read_form(source, shared_schema=True)
    warnings: list[str] = []
    if form.schema is not None and form.schema.get("kind") == CHECKLIST_KIND:
        return _read_checklist(path, form, source, warnings)
    schema, values = _answers(form, source, catalog, warnings)
    cat_meta = schema.get("catalog", {})
    if (cat_meta.get("id"), cat_meta.get("version")) != (catalog.id, catalog.version):
        warnings.append(f"made from catalogue {cat_meta.get('id')} {cat_meta.get('version')}, not "
                        f"{catalog.id} {catalog.version}; answers are mapped by competency id with the "
                        "wording printed on the form")
    known = {k.id for k in catalog.competencies}
    labels, identity, ratings, reflections, plan = map_values(schema, values, warnings)
    for key in FORM_KEYS:  # hidden fields the store reads: kept even when the schema does not name them
        if key not in identity and isinstance(values.get(key), str) and values[key] not in ("", "Off"):
            identity[key] = values[key]
    for cid in ratings:
        if cid not in known:
            warnings.append(f"{cid} is not in the current catalogue")
    check = _form_check(form, schema, catalog, source, warnings)
    return Response(
        file=str(path), kind=schema.get("kind", ""), catalog_id=cat_meta.get("id", ""),
        catalog_version=cat_meta.get("version", ""), fingerprint=cat_meta.get("fingerprint", ""),
        identity=identity, ratings=list(ratings.values()), reflections=reflections,
        plan=[r for r in plan.values() if any((r.goal, r.steps, r.support, r.date))],
        scale=[{"value": v, "label": lab} for v, lab in labels.items()],
        categories=[{"id": c["id"], "title": c.get("title", "")} for c in schema.get("categories", [])],
        warnings=warnings, form_check=check)


def _read_checklist(path: str | Path, form: FormContents, source: str | Path | bytes,
                    warnings: list[str]) -> ChecklistResponse:
    """A certification checklist (formkit.collect.checklist_read), a flattened copy read from its
    pages by the same rules as a self-assessment's."""
    from .checklist_read import read_checklist
    from .flattened import fields_gone, read_flattened

    schema, values = form.schema or {}, form.values
    flattened = fields_gone(schema, values)
    if flattened:
        values = read_flattened(source, schema, "checklist")
        warnings.append(FLATTENED_CHECKLIST)
    return read_checklist(str(path), schema, values, flattened, warnings)


def _form_check(form: FormContents, schema: dict[str, Any], catalog: Catalog, source: str | Path | bytes,
                warnings: list[str]) -> str:
    """verify's status for the form; an altered or unverifiable one also gets a warning, first.

    A form without its schema was mapped by field name against the catalogue: nothing to verify
    (its own warning says so).
    """
    from .verify import UNVERIFIED, VERIFIED, verify_form

    if form.schema is None:
        return UNVERIFIED
    verdict = verify_form(schema, form.values, catalog, source, form.fast)
    if verdict.status != VERIFIED:
        warnings.insert(0, verdict.reason)
    return verdict.status


__all__ = ["ChecklistResponse", "NotAForm", "PlanRow", "Rating", "Response", "UnreadablePdf", "read_response"]
