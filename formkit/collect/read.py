"""Reading filled self-assessment forms back into plain data, one :class:`Response` per file.

The form's embedded schema (see formkit.pdfform.post) names the competency, statement and
scale labels behind each ASCII field name, so a response always carries the wording the
person saw, even when the catalogue has changed since. A form whose schema was stripped by
a reader is mapped by its field names against the current catalogue, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..model import Catalog
from ..pdfform.read import UnreadablePdf, read_form
from ..selfassess import names

KINDS = (names.FORM_KIND_CATEGORY, names.FORM_KIND_BOOKLET)


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

    @property
    def person(self) -> str:
        return self.identity.get("name", "")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


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


def read_response(path: str | Path, catalog: Catalog) -> Response:
    """One filled form as a Response; raises UnreadablePdf or NotAForm with a one-line reason.

    The embedded schema comes from the file, so it is untrusted: a schema of the wrong
    shape (damaged, or forged) makes the file NotAForm, never an exception of another kind.
    """
    try:
        return _read_response(path, catalog)
    except (UnreadablePdf, NotAForm):
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise NotAForm(f"its formkit data is damaged or not formkit's ({exc.__class__.__name__})") from None


def _read_response(path: str | Path, catalog: Catalog) -> Response:
    form = read_form(path)
    schema = form.schema
    warnings: list[str] = []
    if schema is None or schema.get("kind") not in KINDS:
        if schema is None and any(n.endswith("_rating") for n in form.values):
            schema = _schema_from_catalog(catalog, form.values)
            warnings.append("the form's formkit metadata is missing (a PDF reader may have removed it); "
                            "answers were mapped by field name to the current catalogue wording")
            if not schema["categories"]:
                raise NotAForm("its fields do not match any competency of the catalogue")
        elif schema is not None:
            raise NotAForm(f"it is a formkit '{schema.get('kind')}' form, not a self-assessment")
        elif not form.values:
            raise NotAForm("it has no form fields (not a formkit self-assessment)")
        else:
            raise NotAForm("it is a PDF form, but not one made by formkit selfassess")
    cat_meta = schema.get("catalog", {})
    if (cat_meta.get("id"), cat_meta.get("version")) != (catalog.id, catalog.version):
        warnings.append(f"made from catalogue {cat_meta.get('id')} {cat_meta.get('version')}, not "
                        f"{catalog.id} {catalog.version}; answers are mapped by competency id with the "
                        "wording printed on the form")
    known = {k.id for k in catalog.competencies}
    labels = {c["value"]: c["label"] for c in schema.get("scale", {}).get("choices", [])}
    values = form.values
    identity: dict[str, str] = {}
    ratings: dict[str, Rating] = {}
    reflections: dict[str, dict[str, str]] = {}
    plan: dict[tuple[str, int], PlanRow] = {}
    for fld in schema.get("fields", []):
        meta = fld.get("meta", {})
        value = values.get(fld["name"], "")
        if value == "Off":
            value = ""
        if "identity" in meta:
            identity[meta["identity"]] = value
        elif "competency" in meta:
            cid = meta["competency"]
            rating = ratings.setdefault(cid, Rating(meta.get("category", ""), cid, "", "", "", ""))
            if meta.get("notes"):
                rating.notes = value
            else:
                rating.statement = meta.get("statement", "")
                rating.value = value
                choice_labels = {c["value"]: c["label"] for c in fld.get("choices", [])} or labels
                rating.label = choice_labels.get(value, "")
                if value and value not in choice_labels:
                    warnings.append(f"{cid}: unknown answer {value!r}")
        elif "reflection" in meta:
            reflections.setdefault(meta["category"], {})[meta["reflection"]] = value
        elif "plan" in meta:
            row = plan.setdefault((meta["plan"], int(meta["row"])), PlanRow(meta["plan"], int(meta["row"])))
            setattr(row, meta["column"], value)
    for cid in ratings:
        if cid not in known:
            warnings.append(f"{cid} is not in the current catalogue")
    return Response(
        file=str(path), kind=schema.get("kind", ""), catalog_id=cat_meta.get("id", ""),
        catalog_version=cat_meta.get("version", ""), fingerprint=cat_meta.get("fingerprint", ""),
        identity=identity, ratings=list(ratings.values()), reflections=reflections,
        plan=[r for r in plan.values() if any((r.goal, r.steps, r.support, r.date))],
        scale=[{"value": v, "label": lab} for v, lab in labels.items()],
        categories=[{"id": c["id"], "title": c.get("title", "")} for c in schema.get("categories", [])],
        warnings=warnings)


__all__ = ["NotAForm", "PlanRow", "Rating", "Response", "UnreadablePdf", "read_response"]
