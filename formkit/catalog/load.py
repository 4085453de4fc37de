"""Loading the base catalogue (catalog.json) into frozen data."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core._yaml import load_data
from ..core.errors import FormkitError
from ..core.resources import catalog_path
from . import schema
from .model import (Catalog, Category, CcsaCompetency, Competency, Framework, Principle, ProficiencyLevel,
                    ProficiencyRange, Scale, ScalePoint)


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load a catalogue file, or the one formkit ships when ``path`` is None.

    A given file is validated against the catalogue schema and its ids checked; the
    shipped one is validated by the test suite, so loading it stays fast.
    """
    if path is None:
        return _default_catalog()
    file = Path(path)
    data = load_data(file, "catalogue")
    schema.validate("catalog", data, str(file))
    return catalog_from_data(data, str(file))


@cache
def _default_catalog() -> Catalog:
    file = catalog_path()
    return catalog_from_data(load_data(file, "catalogue"), str(file))


def _scale(data: dict[str, Any]) -> Scale:
    na = data.get("not_applicable")
    return Scale(
        id=data["id"], title=data["title"],
        points=tuple(ScalePoint(p["value"], p["label"], p.get("description", "")) for p in data["points"]),
        not_applicable=ScalePoint(na["value"], na["label"]) if na else None,
        kind=data.get("kind", "custom"))


def scale_from_data(data: dict[str, Any]) -> Scale:
    """Build a scale from its JSON form (overlays add scales the same way)."""
    return _scale(data)


def scale_to_data(scale: Scale) -> dict[str, Any]:
    """A scale in the form an overlay's ``scales:`` accepts (the inverse of :func:`scale_from_data`),
    so an exported scale can be copied into an overlay as it is."""
    na = scale.not_applicable
    return {
        "id": scale.id, "title": scale.title, "kind": scale.kind,
        "points": [{"value": p.value, "label": p.label, **({"description": p.description} if p.description else {})}
                   for p in scale.points],
        "not_applicable": {"value": na.value, "label": na.label} if na else None,
    }


def catalog_from_data(data: dict[str, Any], source: str) -> Catalog:
    """Build a Catalog from already-parsed JSON, checking ids are unique and consistent."""
    categories = tuple(
        Category(id=c["id"], number=c["number"], roman=c["roman"], slug=c["slug"], title=c["title"],
                 description=c["description"],
                 competencies=tuple(Competency(k["id"], k["statement"], c["id"]) for k in c["competencies"]))
        for c in data["categories"])
    ccsa = tuple(
        CcsaCompetency(id=k["id"], kind=kind, name=k["name"], definition=k["definition"],
                       proficiency=ProficiencyRange(k["proficiency"]["min"], k["proficiency"]["max"]))
        for kind in ("behavioural", "technical") for k in data["ccsa"][kind]["competencies"])
    catalog = Catalog(
        id=data["id"], version=data["version"], title=data["title"], language=data["language"],
        frameworks=tuple(Framework(**f) for f in data["frameworks"]),
        categories=categories,
        principles_intro=data["principles"]["introduction"],
        principles=tuple(Principle(**p) for p in data["principles"]["items"]),
        ccsa_behavioural_definition=data["ccsa"]["behavioural"]["definition"],
        ccsa_technical_definition=data["ccsa"]["technical"]["definition"],
        ccsa=ccsa,
        proficiency_levels=MappingProxyType({
            kind: tuple(ProficiencyLevel(**lv) for lv in levels)
            for kind, levels in data["ccsa"]["proficiency_levels"].items()}),
        proficiency_definitions=MappingProxyType(dict(data["ccsa"].get("proficiency_definitions", {}))),
        scales=tuple(_scale(s) for s in data["scales"]),
        rating_scale=data["default_scale"],
        source_language=data["language"],
        origins=MappingProxyType({"catalogue": source}),  # named by limit messages (checklist/limits.py)
    )
    _check_ids(catalog, source)
    return catalog


def _check_ids(catalog: Catalog, source: str) -> None:
    seen: set[str] = set()
    ids = [c.id for c in catalog.categories] + [k.id for k in catalog.competencies] + \
          [p.id for p in catalog.principles] + [k.id for k in catalog.ccsa]
    for item_id in ids:
        if item_id in seen:
            raise FormkitError(f"duplicate id '{item_id}'", path=source, hint="Every id must be unique")
        seen.add(item_id)
    for cat in catalog.categories:
        for comp in cat.competencies:
            if not comp.id.startswith(cat.id + "."):
                raise FormkitError(f"competency '{comp.id}' is not numbered under its category '{cat.id}'",
                                   path=source, key=f"categories.{cat.id}", hint=f"Name it {cat.id}.N")
    scale_ids = {s.id for s in catalog.scales}
    if catalog.rating_scale not in scale_ids:
        raise FormkitError(f"default_scale '{catalog.rating_scale}' is not a defined scale", path=source,
                           key="default_scale", hint=f"Use one of: {', '.join(sorted(scale_ids))}")
    for scale in catalog.scales:
        values = [p.value for p in scale.choices]
        if len(values) != len(set(values)):
            raise FormkitError("two choices share an export value", path=source, key=f"scales.{scale.id}",
                               hint="Give each choice its own value")
