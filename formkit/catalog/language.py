"""A catalogue in another language: what a language overlay translates beyond statements and
titles, and what every document of a translation needs to say about itself.

A language overlay (``language: es``, templates/overlays/es.yaml) rewords the catalogue in the
existing overlay format; this module adds the parts that format had no key for (the CCSA
competencies, their definitions and level names, the principles' introduction) and gives the
renderers one answer each for: is this document a translation (:func:`is_translation`), what
notice it prints (:func:`translation_notice`), what its files are called (:func:`file_suffix`)
and what language tag Word wants (:func:`docx_language`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from ..core import naming
from ..core.errors import FormkitError
from ..core.suggest import did_you_mean
from .model import Catalog, CcsaCompetency, ProficiencyLevel
from .overlay import Overlay

# Word's proofing language wants a region; formkit's Spanish is written for the United States
# (Puerto Rico, the Southwest, Florida, New York), and so is its English.
DOCX_REGIONS = {"en": "en-US", "es": "es-US"}
SLUG_LIMIT = 40  # characters in a category slug made from a title (an overlay's added categories too)


def is_translation(catalog: Catalog) -> bool:
    """True when the documents are printed in another language than the catalogue is written in."""
    return catalog.language.split("-")[0] != catalog.source_language.split("-")[0]


def carries_translation(catalog: Catalog) -> bool:
    """A translation, or a bilingual form whose second language is one: either says so."""
    return is_translation(catalog) or bool(catalog.second_language)


def translation_notice(catalog: Catalog, words: Callable[..., str]) -> str:
    """The sentence a translated document prints on its first page and in its metadata ('' when
    the document is in the catalogue's own language): unofficial, for review, and the source
    it translates, by title, id and version, so a reader can find the English original."""
    if not carries_translation(catalog):
        return ""
    return words("common.translation_notice", title=catalog.title, catalogue=catalog.id, version=catalog.version)


def with_notice(text: str, notice: str) -> str:
    """A metadata text (a PDF's /Subject, a Word document's comments) with the notice before it."""
    return f"{notice} {text}".strip() if notice else text


def file_suffix(catalog: Catalog) -> str:
    """'-es' for a Spanish build of the English catalogue, '' for a build in its own language:
    the files of two editions can sit in one folder, and a reader sees which is which."""
    if catalog.second_language:  # a bilingual form: both languages, its own first
        return f"-{catalog.language}-{catalog.second_language}"
    return f"-{catalog.language}" if is_translation(catalog) else ""


def with_second_language(catalog: Catalog, overlay_name: str, *, origin: str | None = None,
                         key: str = "bilingual") -> Catalog:
    """``catalog`` with the statements of the language overlay ``overlay_name`` (es, or a path)
    as its second language: a bilingual form prints each beneath the catalogue's own.

    The overlay is applied to ``catalog`` itself, so an agency's added competencies keep their
    own wording where the translation has none. An overlay in the catalogue's own language is
    refused: there would be nothing to put beneath."""
    from .effective import apply_overlays
    from .overlay import load_overlays

    # the second language's own `bilingual`, if any, is not followed: an overlay naming itself
    # would otherwise be applied again and again
    chain = [dataclasses.replace(o, data={k: v for k, v in o.data.items() if k != "bilingual"})
             for o in load_overlays([overlay_name])]
    translated = apply_overlays(catalog, chain)
    if translated.language.split("-")[0] == catalog.language.split("-")[0]:
        raise FormkitError(f"'{overlay_name}' is not a translation: its language is {translated.language}, "
                           f"the documents' own", path=origin, key=key,
                           hint="Name a language overlay, e.g. es (templates/overlays/es.yaml)")
    mine = {k.id: k.statement for k in catalog.competencies}
    return dataclasses.replace(catalog, second_language=translated.language, second_statements=MappingProxyType(
        {k.id: k.statement for k in translated.competencies if k.statement != mine.get(k.id)}))


def docx_language(language: str) -> str:
    """The w:lang value for ``language``: es -> es-US; a tag with a region is kept as it is."""
    return language if "-" in language else DOCX_REGIONS.get(language, language)


def title_slug(title: str, fallback: str) -> str:
    """A category's file-name slug made from its (translated) title, cut between words."""
    return naming.slug(title, limit=SLUG_LIMIT, ascii_lower=True) or fallback


def retitled_slugs(catalog: Catalog, data: Mapping[str, Any]) -> Catalog:
    """A language overlay's retitled categories get slugs from their new titles (unless it gives
    ``slug``), so a Spanish file is named from its Spanish title. An overlay in the catalogue's
    own language (a 2015 wording, an agency's rewording) keeps the file names people know."""
    language = data.get("language")
    if not language or language.split("-")[0] == catalog.source_language.split("-")[0]:
        return catalog
    changes = data.get("categories", {})
    categories = tuple(
        dataclasses.replace(cat, slug=title_slug(cat.title, cat.slug))
        if "title" in changes.get(cat.id, {}) and "slug" not in changes[cat.id] else cat
        for cat in catalog.categories)
    return dataclasses.replace(catalog, categories=categories)


def reword_ccsa(catalog: Catalog, data: Mapping[str, Any], overlay: Overlay, errors: list[FormkitError]) -> Catalog:
    """Apply an overlay's ``ccsa`` (names, definitions, level names) and ``principles_introduction``.

    Unknown competency ids and level numbers are reported with the overlay's other problems and
    left out, like an unknown statement id."""
    ccsa = data.get("ccsa", {})
    changes: dict[str, Any] = {}
    if "principles_introduction" in data:
        changes["principles_intro"] = data["principles_introduction"]
    if ccsa:
        changes["ccsa"] = _competencies(catalog, ccsa.get("competencies", {}), overlay, errors)
        for kind in ("behavioural", "technical"):
            part = ccsa.get(kind, {})
            if "definition" in part:
                changes[f"ccsa_{kind}_definition"] = part["definition"]
        changes["proficiency_definitions"] = MappingProxyType({
            **catalog.proficiency_definitions,
            **{kind: ccsa[kind]["proficiency_definition"] for kind in ("behavioural", "technical")
               if "proficiency_definition" in ccsa.get(kind, {})}})
        changes["proficiency_levels"] = _levels(catalog, ccsa, overlay, errors)
    return dataclasses.replace(catalog, **changes) if changes else catalog


def _competencies(catalog: Catalog, names: Mapping[str, Any], overlay: Overlay,
                  errors: list[FormkitError]) -> tuple[CcsaCompetency, ...]:
    known = [k.id for k in catalog.ccsa]
    for key in names:
        if key not in known:
            errors.append(FormkitError(f"unknown CCSA competency '{key}'", path=overlay.path,
                                       key=f"ccsa.competencies.{key}",
                                       hint=did_you_mean(key, known) or f"Use one of {known[0]} … {known[-1]}"))
    return tuple(dataclasses.replace(k, **names[k.id]) if k.id in names else k for k in catalog.ccsa)


def _levels(catalog: Catalog, ccsa: Mapping[str, Any], overlay: Overlay,
            errors: list[FormkitError]) -> Mapping[str, tuple[ProficiencyLevel, ...]]:
    out = {}
    for kind, levels in catalog.proficiency_levels.items():
        names = ccsa.get(kind, {}).get("levels", {})
        numbers = [str(lv.level) for lv in levels]
        for key in names:
            if key not in numbers:
                errors.append(FormkitError(f"CCSA {kind} proficiency has no level '{key}'", path=overlay.path,
                                           key=f"ccsa.{kind}.levels.{key}",
                                           hint=f"Name the levels {', '.join(numbers)}"))
        out[kind] = tuple(ProficiencyLevel(lv.level, names.get(str(lv.level), lv.name)) for lv in levels)
    return MappingProxyType(out)
