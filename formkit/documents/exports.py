"""The catalogue as data files: JSON, CSV, Markdown and 1EdTech CASE JSON."""

from __future__ import annotations

import io
import json
import uuid
from typing import TYPE_CHECKING, Any

from ..catalog.language import translation_notice, with_notice
from ..catalog.load import scale_to_data
from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..runtime import csvout
from ..runtime.outputs import Artifact

if TYPE_CHECKING:
    from ..context import Context

FORMATS = ("json", "csv", "markdown", "case")
SUFFIX = {"json": ".json", "csv": ".csv", "markdown": ".md", "case": ".case.json"}
# A fixed moment, not "now": the same catalogue must give the same bytes.
CASE_NAMESPACE = uuid.UUID("5b8c3a52-6f1e-4f4b-9a57-2f0c1d9e7a11")


def to_dict(catalog: Catalog) -> dict[str, Any]:
    """The effective catalogue as plain JSON-ready data."""
    return {
        "id": catalog.id, "version": catalog.version, "title": catalog.title, "language": catalog.language,
        "overlays": list(catalog.overlays), "fingerprint": catalog.fingerprint,
        "organisation": {k: v for k, v in vars(catalog.organisation).items() if k != "logo"},
        "frameworks": [vars(f) for f in catalog.frameworks],
        "categories": [{
            "id": c.id, "number": c.number, "roman": c.roman, "slug": c.slug, "title": c.title,
            "description": c.description,
            "competencies": [{"id": k.id, "statement": k.statement} for k in c.competencies]}
            for c in catalog.categories],
        "principles": {"introduction": catalog.principles_intro,
                       "items": [vars(p) for p in catalog.principles]},
        "ccsa": [{"id": k.id, "kind": k.kind, "name": k.name, "definition": k.definition,
                  "proficiency": str(k.proficiency)} for k in catalog.ccsa],
        "proficiency_levels": {kind: [vars(lv) for lv in levels] for kind, levels in catalog.proficiency_levels.items()},
        "proficiency_definitions": dict(catalog.proficiency_definitions),
        "scales": [scale_to_data(s) for s in catalog.scales],  # as an overlay's scales: takes them
        "rating_scale": catalog.rating_scale,
    }


def to_json(catalog: Catalog) -> str:
    return json.dumps(to_dict(catalog), indent=2, ensure_ascii=False) + "\n"


def to_csv(catalog: Catalog) -> str:
    out = io.StringIO()
    writer = csvout.writer(out)  # overlay wording is typed by others: spreadsheet-safe cells
    writer.writerow(["category_id", "category_title", "competency_id", "statement", "added_by"])
    for cat in catalog.categories:
        for comp in cat.competencies:
            writer.writerow([cat.id, cat.title, comp.id, comp.statement, comp.added_by or ""])
    return out.getvalue()


def to_markdown(catalog: Catalog) -> str:
    words = Wording(catalog)
    lines = [f"# {catalog.title}", "", words("export.markdown_intro", provenance=catalog.provenance), ""]
    notice = translation_notice(catalog, words)
    lines += [f"**{notice}**", ""] if notice else []
    lines += [f"## {words('export.principles_heading')}", "", catalog.principles_intro, ""]
    lines += [f"- **{p.name}**: {p.description}" for p in catalog.principles]
    lines += ["", f"## {words('export.categories_heading')}", ""]
    for cat in catalog.categories:
        lines += [f"### {cat.id}. {cat.title}", ""]
        if cat.description:
            lines += [cat.description, ""]
        lines += [f"- **{k.id}** {k.statement}" for k in cat.competencies] + [""]
    lines += [f"## {words('export.ccsa_heading')}", ""]
    for kind, heading in (("behavioural", "export.ccsa_behavioural"), ("technical", "export.ccsa_technical")):
        lines += [f"### {words(heading)}", ""]
        for k in (c for c in catalog.ccsa if c.kind == kind):
            level = words("export.proficiency", level=k.proficiency)
            lines.append(f"- **{k.id} {k.name}** ({level}): {k.definition}")
        lines.append("")
    lines += [f"## {words('export.scales_heading')}", ""]
    for scale in catalog.scales:
        lines.append(f"- **{scale.id}** ({scale.title}): " + "; ".join(f"{p.value} = {p.label}" for p in scale.choices))
    return "\n".join(lines) + "\n"


def _uuid(catalog: Catalog, item: str) -> str:
    return str(uuid.uuid5(CASE_NAMESPACE, f"{catalog.id}/{catalog.version}/{catalog.fingerprint}/{item}"))


def to_case(catalog: Catalog) -> dict[str, Any]:
    """1EdTech CASE 1.1 package: CFDocument, CFItems (categories, competencies), isChildOf associations."""
    base = f"urn:formkit:{catalog.id}:{catalog.version}"
    framework = catalog.framework("categories")
    stamp = f"{framework.year or 2018}-01-01T00:00:00+00:00"
    doc_id = _uuid(catalog, "document")
    doc_ref = {"title": catalog.title, "identifier": doc_id, "uri": f"{base}:document"}
    document = {
        "identifier": doc_id, "uri": doc_ref["uri"], "creator": framework.publisher, "title": catalog.title,
        "lastChangeDateTime": stamp, "officialSourceURL": framework.source, "publisher": framework.publisher,
        "description": with_notice(catalog.provenance, translation_notice(catalog, Wording(catalog))),
        "language": catalog.language, "version": catalog.version,
        "adoptionStatus": "Adopted", "CFPackageURI": {"title": catalog.title, "identifier": _uuid(catalog, "package"),
                                                     "uri": f"{base}:package"},
    }
    items, associations = [], []

    def link(child: dict[str, Any], parent: dict[str, Any], seq: int) -> None:
        associations.append({
            "identifier": _uuid(catalog, f"assoc/{child['identifier']}"), "uri": f"{base}:assoc:{child['identifier']}",
            "associationType": "isChildOf", "sequenceNumber": seq, "CFDocumentURI": doc_ref,
            "lastChangeDateTime": stamp,
            "originNodeURI": {"title": child.get("humanCodingScheme", ""), "identifier": child["identifier"], "uri": child["uri"]},
            "destinationNodeURI": parent})

    for n, cat in enumerate(catalog.categories, 1):
        cat_item = {"identifier": _uuid(catalog, cat.id), "uri": f"{base}:{cat.id}", "fullStatement": cat.title,
                    "humanCodingScheme": cat.id, "listEnumeration": str(n), "CFItemType": "Category",
                    "notes": cat.description, "language": catalog.language, "CFDocumentURI": doc_ref,
                    "lastChangeDateTime": stamp}
        items.append(cat_item)
        link(cat_item, doc_ref, n)
        for m, comp in enumerate(cat.competencies, 1):
            comp_item = {"identifier": _uuid(catalog, comp.id), "uri": f"{base}:{comp.id}",
                         "fullStatement": comp.statement, "humanCodingScheme": comp.id, "listEnumeration": str(m),
                         "CFItemType": "Competency", "language": catalog.language, "CFDocumentURI": doc_ref,
                         "lastChangeDateTime": stamp}
            items.append(comp_item)
            link(comp_item, {"title": cat.title, "identifier": cat_item["identifier"], "uri": cat_item["uri"]}, m)
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


def render(catalog: Catalog, fmt: str) -> str:
    """Render the catalogue in one of FORMATS as text."""
    if fmt == "json":
        return to_json(catalog)
    if fmt == "csv":
        return to_csv(catalog)
    if fmt == "markdown":
        return to_markdown(catalog)
    if fmt == "case":
        return json.dumps(to_case(catalog), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(fmt)


__all__ = ["FORMATS", "SUFFIX", "artifacts", "render", "to_case", "to_dict"]


def artifacts(source: Catalog | Context) -> list[Artifact]:
    """The catalogue exports that `formkit build` writes under output/catalog/."""
    from ..context import Context

    catalog = source.catalog if isinstance(source, Context) else source
    from ..catalog.language import file_suffix

    return [Artifact(f"catalog/catalog{file_suffix(catalog)}{SUFFIX[fmt]}", render(catalog, fmt).encode("utf-8"))
            for fmt in FORMATS]
