"""Applying overlays to the base catalogue: pure functions, base < overlay 1 < overlay 2 …

Each overlay is applied in full before the next, in this order: additions, rewording,
selection, then settings. Terminology from every overlay is applied last, to the catalogue's
statements and descriptions (its names are protected: see :mod:`formkit.catalog.terminology`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core import naming
from ..core.errors import FormkitError, FormkitErrors, raise_all
from ..core.suggest import did_you_mean
from . import language
from .load import scale_from_data
from .model import Catalog, Category, Competency, Organisation, Principle
from .overlay import Overlay, fingerprint
from .protected import terminology_of
from .terminology import Terminology

BASE_CATEGORY = re.compile(r"^CC[0-9]+$")
NUMBERED_IN_BASE = re.compile(r"^CC[0-9]+\.[0-9]+$")


def apply_overlays(base: Catalog, overlays: Iterable[Overlay], problems: list[FormkitError] | None = None) -> Catalog:
    """Return the effective catalogue: ``base`` customised by each overlay in order.

    Every problem of every overlay is found before any is raised, so one run lists them all.
    Given a ``problems`` list, they are appended to it instead and the catalogue is returned with
    the faulty entries left out (``formkit overlay check`` goes on to check wording, roles and board).
    """
    overlays = list(overlays)
    found: list[FormkitError] = [] if problems is None else problems
    catalog = base
    for overlay in overlays:
        catalog = _apply_one(catalog, overlay, found)
    try:
        terms = terminology_of(catalog, overlays)
    except FormkitError as exc:  # reported with the overlays' other problems
        found.extend(exc.errors if isinstance(exc, FormkitErrors) else [exc])
        terms = None
    if terms:
        catalog = _apply_terminology(catalog, terms)
    catalog = _bilingual(catalog, overlays, found)
    if overlays:
        catalog = dataclasses.replace(catalog, overlays=tuple(o.name for o in overlays),
                                      fingerprint=fingerprint(overlays))
        try:
            _check_provenance(catalog, overlays)
        except FormkitError as exc:
            found.append(exc)
    if problems is None:
        raise_all(found)
    return catalog


def _bilingual(catalog: Catalog, overlays: list[Overlay], found: list[FormkitError]) -> Catalog:
    """The last overlay's ``bilingual``: a language overlay whose statements forms print beneath."""
    chosen = next((o for o in reversed(overlays) if "bilingual" in o.data), None)
    if chosen is None:
        return catalog
    name = chosen.data["bilingual"]
    beside = Path(chosen.path).resolve().parent / name
    try:  # a path is relative to the overlay that names it; a bare name is a shipped overlay
        return language.with_second_language(catalog, str(beside) if beside.is_file() else name, origin=chosen.path)
    except FormkitError as exc:
        found.extend(exc.errors if isinstance(exc, FormkitErrors) else [exc])
        return catalog


PROVENANCE_LIMIT = 255  # characters in one Word core property (ECMA-376 / python-docx's check)


def _check_provenance(catalog: Catalog, overlays: list[Overlay]) -> None:
    """The provenance line (catalogue, version, every overlay's name) is a Word document property,
    which holds at most 255 characters: refuse a longer one here, naming the overlay to shorten,
    rather than fail with an internal error half-way through a build."""
    excess = len(catalog.provenance) - PROVENANCE_LIMIT
    if excess <= 0:
        return
    longest = max(overlays, key=lambda o: len(o.name))
    fits = len(longest.name) - excess
    hint = (f"Shorten 'name' to at most {fits} characters" if fits >= 1 else
            f"Use fewer overlays ({len(overlays)} are applied) or shorter names")
    raise FormkitError(f"the overlay names make the provenance line {len(catalog.provenance)} characters long; "
                       f"the limit is {PROVENANCE_LIMIT} (a Word document property)", path=longest.path,
                       key="name", hint=hint)


def apply_overlay(catalog: Catalog, overlay: Overlay) -> Catalog:
    """Apply one overlay (without its terminology, which applies to the whole stack)."""
    errors: list[FormkitError] = []
    catalog = _apply_one(catalog, overlay, errors)
    raise_all(errors)
    return catalog


def _apply_one(catalog: Catalog, overlay: Overlay, errors: list[FormkitError]) -> Catalog:
    """Each step records its problems in ``errors`` and leaves the faulty entry out, so every
    problem of the overlay is reported together."""
    data = overlay.data
    catalog = _add(catalog, data.get("add", {}), overlay, errors)
    catalog = _reword(catalog, data, overlay, errors)
    catalog = language.retitled_slugs(language.reword_ccsa(catalog, data, overlay, errors), data)
    catalog = _select(catalog, data, overlay, errors)
    return _settings(catalog, data, overlay, errors)


def _error(overlay: Overlay, key: str, message: str, hint: str | None = None) -> FormkitError:
    return FormkitError(message, path=overlay.path, key=key,
                        hint=hint or "Run 'formkit catalog show' to see the ids you can use")


def _known_ids(catalog: Catalog) -> set[str]:
    return {c.id for c in catalog.categories} | {k.id for k in catalog.competencies}


def _add(catalog: Catalog, add: Mapping[str, Any], overlay: Overlay, errors: list[FormkitError]) -> Catalog:
    known = _known_ids(catalog)
    categories = list(catalog.categories)
    number = max((c.number for c in categories), default=0)
    for i, cat in enumerate(add.get("categories", [])):
        key = f"add.categories[{i}]"
        if BASE_CATEGORY.match(cat["id"]):
            errors.append(_error(overlay, f"{key}.id", f"'{cat['id']}' is reserved for SAMHSA categories",
                                 "Give your category its own prefix, e.g. FP1 or YP1"))
            continue
        if cat["id"] in known:
            errors.append(_error(overlay, f"{key}.id", f"'{cat['id']}' clashes with an existing id",
                                 "Choose an id not used by the base or an earlier overlay"))
            continue
        comps = []
        for j, comp in enumerate(cat["competencies"]):
            if not re.fullmatch(re.escape(cat["id"]) + r"\.[A-Z0-9]+", comp["id"]) or comp["id"] in known:
                errors.append(_error(overlay, f"{key}.competencies[{j}].id",
                                     f"'{comp['id']}' must be unique and numbered under '{cat['id']}'",
                                     f"Name it {cat['id']}.{j + 1}"))
                continue
            known.add(comp["id"])
            comps.append(Competency(comp["id"], comp["statement"], cat["id"], added_by=overlay.name))
        number += 1
        known.add(cat["id"])
        slug = cat.get("slug") or naming.slug(cat["title"], limit=40, ascii_lower=True)
        categories.append(Category(id=cat["id"], number=number, roman="", slug=slug or cat["id"].lower(),
                                   title=cat["title"], description=cat.get("description", ""),
                                   competencies=tuple(comps), added_by=overlay.name))
    for i, comp in enumerate(add.get("competencies", [])):
        key = f"add.competencies[{i}]"
        target = next((c for c in categories if c.id == comp["category"]), None)
        if target is None:
            errors.append(_error(overlay, f"{key}.category", f"unknown category '{comp['category']}'",
                                 did_you_mean(comp["category"], (c.id for c in categories))))
            continue
        if NUMBERED_IN_BASE.match(comp["id"]):
            errors.append(_error(overlay, f"{key}.id", f"'{comp['id']}' uses SAMHSA's numbering",
                                 f"Use a letter after the dot, e.g. {target.id}.A1"))
            continue
        if comp["id"] in known:
            errors.append(_error(overlay, f"{key}.id", f"'{comp['id']}' clashes with an existing id",
                                 "Choose an id not used by the base or an earlier overlay"))
            continue
        if not re.fullmatch(re.escape(target.id) + r"\.[A-Z0-9]+", comp["id"]):
            errors.append(_error(overlay, f"{key}.id", f"'{comp['id']}' is not numbered under '{target.id}'",
                                 f"Name it like {target.id}.A1"))
            continue
        known.add(comp["id"])
        new = Competency(comp["id"], comp["statement"], target.id, added_by=overlay.name)
        categories = [dataclasses.replace(c, competencies=c.competencies + (new,)) if c is target else c
                      for c in categories]
    return dataclasses.replace(catalog, categories=tuple(categories),
                               origins=_with_sources(catalog, _added_sources(add, overlay)))


def _added_sources(add: Mapping[str, Any], overlay: Overlay) -> dict[str, str]:
    sources: dict[str, str] = {}
    for i, cat in enumerate(add.get("categories", [])):
        sources.update({f"title:{cat['id']}": overlay.path, f"title-key:{cat['id']}": f"add.categories[{i}].title"})
        for j, comp in enumerate(cat.get("competencies", [])):
            sources.update({f"statement:{comp['id']}": overlay.path,
                            f"statement-key:{comp['id']}": f"add.categories[{i}].competencies[{j}].statement"})
    for i, comp in enumerate(add.get("competencies", [])):
        sources.update({f"statement:{comp['id']}": overlay.path,
                        f"statement-key:{comp['id']}": f"add.competencies[{i}].statement"})
    return sources


def _reword(catalog: Catalog, data: Mapping[str, Any], overlay: Overlay, errors: list[FormkitError]) -> Catalog:
    for section, what, known in (("categories", "category", [c.id for c in catalog.categories]),
                                 ("statements", "competency", [k.id for k in catalog.competencies]),
                                 ("principles", "principle", [p.id for p in catalog.principles])):
        for key in data.get(section, {}):
            if key not in known:
                errors.append(_error(overlay, f"{section}.{key}", f"unknown {what} '{key}'", did_you_mean(key, known)))
    statements = data.get("statements", {})
    changes = data.get("categories", {})
    categories = tuple(
        dataclasses.replace(
            cat, **changes.get(cat.id, {}),
            competencies=tuple(dataclasses.replace(k, statement=statements[k.id]) if k.id in statements else k
                               for k in cat.competencies))
        for cat in catalog.categories)
    principles = tuple(dataclasses.replace(p, **data.get("principles", {}).get(p.id, {}))
                       for p in catalog.principles)
    sources = {f"statement:{k}": overlay.path for k in statements}
    sources.update({f"statement-key:{k}": f"statements.{k}" for k in statements})
    sources.update({f"title:{c}": overlay.path for c, change in changes.items() if "title" in change})
    sources.update({f"title-key:{c}": f"categories.{c}.title" for c, change in changes.items() if "title" in change})
    return dataclasses.replace(catalog, categories=categories, principles=principles,
                               origins=_with_sources(catalog, sources))


def _with_sources(catalog: Catalog, sources: dict[str, str]) -> Mapping[str, str]:
    """The catalogue's origins plus which file (and key) set some texts, for limit messages that
    must name the file to fix (checklist/limits.py)."""
    return MappingProxyType({**catalog.origins, **sources}) if sources else catalog.origins


def _select(catalog: Catalog, data: Mapping[str, Any], overlay: Overlay, errors: list[FormkitError]) -> Catalog:
    cat_ids = [c.id for c in catalog.categories]
    comp_ids = [k.id for k in catalog.competencies]
    before = len(errors)
    for op in ("select", "exclude"):
        lists = data.get(op, {})
        for kind, known in (("categories", cat_ids), ("competencies", comp_ids)):
            for i, item in enumerate(lists.get(kind, [])):
                if item not in known:
                    noun = "category" if kind == "categories" else "competency"
                    errors.append(_error(overlay, f"{op}.{kind}[{i}]", f"unknown {noun} '{item}'",
                                         did_you_mean(item, known)))
    if len(errors) > before:  # an unknown id is the problem; what is left without it would be a guess
        return catalog
    sel, exc = data.get("select", {}), data.get("exclude", {})
    sel_cats, sel_comps = set(sel.get("categories", ())), set(sel.get("competencies", ()))
    exc_cats, exc_comps = set(exc.get("categories", ())), set(exc.get("competencies", ()))
    selecting = bool(sel_cats or sel_comps)

    def kept(cat: Category, comp: Competency) -> bool:
        if selecting and cat.id not in sel_cats and comp.id not in sel_comps:
            return False
        return cat.id not in exc_cats and comp.id not in exc_comps

    categories = []
    for cat in catalog.categories:
        comps = tuple(k for k in cat.competencies if kept(cat, k))
        if comps:
            categories.append(dataclasses.replace(cat, competencies=comps))
    if not categories:
        errors.append(_error(overlay, "select" if sel else "exclude", "this leaves no competencies at all",
                             "Keep at least one category"))
        return catalog
    return dataclasses.replace(catalog, categories=tuple(categories))


def _settings(catalog: Catalog, data: Mapping[str, Any], overlay: Overlay, errors: list[FormkitError]) -> Catalog:
    changes: dict[str, Any] = {}
    scales = {s.id: s for s in catalog.scales}
    for scale in data.get("scales", []):
        built = scale_from_data(scale)
        values = [p.value for p in built.choices]
        if len(values) != len(set(values)):
            errors.append(_error(overlay, f"scales.{built.id}", "two choices share an export value",
                                 "Give each choice its own value"))
            continue
        scales[built.id] = built
    changes["scales"] = tuple(scales.values())
    if "rating_scale" in data:
        if data["rating_scale"] not in scales:
            errors.append(_error(overlay, "rating_scale", f"unknown scale '{data['rating_scale']}'",
                                 did_you_mean(data["rating_scale"], scales) or f"Known scales: {', '.join(scales)}"))
        else:
            changes["rating_scale"] = data["rating_scale"]
    if "scan_marks" in data:
        changes["scan_marks"] = bool(data["scan_marks"])
    if "organisation" in data:
        changes["organisation"] = dataclasses.replace(catalog.organisation, **data["organisation"])
        if "logo" in data["organisation"]:
            changes["origins"] = MappingProxyType({**changes.get("origins", catalog.origins),
                                                   "organisation.logo": overlay.path})
    if "language" in data:
        changes["language"] = data["language"]
        changes["origins"] = MappingProxyType({**changes.get("origins", catalog.origins), "language": overlay.path})
    if "wording" in data or "locale" in data:
        changes.update(_wording_changes(catalog, overlay, changes.get("origins", catalog.origins)))
    for key in ("roles", "board"):
        if key in data:
            merged = naming.deep_merge(catalog.roles if key == "roles" else catalog.board, data[key])
            changes[key] = MappingProxyType(merged)
            changes["origins"] = MappingProxyType({**changes.get("origins", catalog.origins), key: overlay.path})
    return dataclasses.replace(catalog, **changes)


def _wording_changes(catalog: Catalog, overlay: Overlay, origins: Mapping[str, str]) -> dict[str, Any]:
    """The overlay's wording: its ``locale:`` folder, then its ``wording:`` keys (which win).

    Each key remembers the file that set it (the locale .yaml or the overlay), so a faulty
    placeholder is reported against the file to fix; ``origins['locale']`` marks that some
    overlay brought a locale folder, which makes a language without a shipped locale usable.
    """
    own = {key: text for key, (text, _file) in overlay.locale_wording.items()}
    sources = {f"wording:{key}": file for key, (_text, file) in overlay.locale_wording.items()}
    own.update(overlay.data.get("wording", {}))
    sources.update({f"wording:{key}": overlay.path for key in overlay.data.get("wording", {})})
    if "locale" in overlay.data:
        sources["locale"] = overlay.data["locale"]
    return {"wording": MappingProxyType({**catalog.wording, **own}),
            "origins": MappingProxyType({**origins, **sources})}


def _apply_terminology(catalog: Catalog, terms: Terminology) -> Catalog:
    """Statements and category titles in scope ``statements``; descriptions and principles in
    ``descriptions``. Ids, slugs and the catalogue's own title are names, left alone."""
    def sub(text: str) -> str:
        return terms.apply(text, "descriptions")

    def statement(text: str) -> str:
        return terms.apply(text, "statements")

    categories = tuple(
        dataclasses.replace(cat, title=statement(cat.title), description=sub(cat.description),
                            competencies=tuple(dataclasses.replace(k, statement=statement(k.statement))
                                               for k in cat.competencies))
        for cat in catalog.categories)
    principles = tuple(Principle(p.id, sub(p.name), sub(p.description)) for p in catalog.principles)
    return dataclasses.replace(catalog, categories=categories, principles=principles,
                               principles_intro=sub(catalog.principles_intro), terminology=terms)


def effective_catalog(overlay_paths: Iterable[str] = (), catalog_path: str | None = None) -> Catalog:
    """Load the catalogue and the overlays and return the effective catalogue (the common case)."""
    from .load import load_catalog
    from .overlay import load_overlays

    return apply_overlays(load_catalog(catalog_path), load_overlays(overlay_paths))


__all__ = ["apply_overlay", "apply_overlays", "effective_catalog", "Organisation"]
