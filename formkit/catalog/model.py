"""The catalogue as frozen data: what every document is rendered from.

Applying overlays returns a new :class:`Catalog`; nothing here is ever mutated. Renderers
take a finished catalogue and never need to know which overlays produced it.

Every class has a docstring: without one, @dataclass builds it from inspect.signature at
import: about 1 ms for every command that reads the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from .terminology import Terminology


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Competency:
    """One competency statement, e.g. CC1.1, under its category."""

    id: str
    statement: str
    category_id: str
    added_by: str | None = None  # overlay name when an organisation added it


@dataclass(frozen=True)
class Category:
    """A category of competencies (CC1 … CC12, or one an overlay added)."""

    id: str
    number: int
    roman: str
    slug: str
    title: str
    description: str
    competencies: tuple[Competency, ...]
    added_by: str | None = None


@dataclass(frozen=True)
class Principle:
    """One of the principles the competencies rest on."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class ProficiencyRange:
    """The CCSA proficiency levels a competency spans, e.g. 1-3."""

    min: int
    max: int

    def __str__(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}-{self.max}"


@dataclass(frozen=True)
class CcsaCompetency:
    """A CCSA behavioural or technical competency, as job descriptions and exports cite it."""

    id: str
    kind: str  # "behavioural" or "technical"
    name: str
    definition: str
    proficiency: ProficiencyRange


@dataclass(frozen=True)
class ProficiencyLevel:
    """One named CCSA proficiency level (1 Introductory … 4 Advanced)."""

    level: int
    name: str


@dataclass(frozen=True)
class ScalePoint:
    """One choice on a rating scale: the value a form exports and the label it shows."""

    value: str  # ASCII export value, stable across versions
    label: str
    description: str = ""


@dataclass(frozen=True)
class Scale:
    """A rating scale: its choices in order, and an optional 'not applicable'."""

    id: str
    title: str
    points: tuple[ScalePoint, ...]
    not_applicable: ScalePoint | None
    kind: str = "custom"  # "frequency", "proficiency" or "custom": the self-assessment's instructions follow it

    @property
    def choices(self) -> tuple[ScalePoint, ...]:
        """Every choice a form offers, the 'not applicable' one last."""
        return self.points + ((self.not_applicable,) if self.not_applicable else ())

    def label_for(self, value: str) -> str | None:
        for point in self.choices:
            if point.value == value:
                return point.label
        return None


@dataclass(frozen=True)
class Framework:
    """A source the catalogue draws on (SAMHSA's competencies and principles, CCSA, the W.I.S.E. guide)."""

    id: str
    title: str
    publisher: str
    year: int | None
    source: str
    covers: str


@dataclass(frozen=True)
class Organisation:
    """The organisation an overlay names: it heads the documents."""

    name: str = ""
    address: str = ""
    contact: str = ""
    logo: str | None = None  # absolute path, checked to exist when the overlay is loaded
    accent_colour: str = "#1F4E79"


@dataclass(frozen=True)
class Catalog:
    """A catalogue, base or effective (base + overlays)."""

    id: str
    version: str
    title: str
    language: str
    frameworks: tuple[Framework, ...]
    categories: tuple[Category, ...]
    principles_intro: str
    principles: tuple[Principle, ...]
    ccsa_behavioural_definition: str
    ccsa_technical_definition: str
    ccsa: tuple[CcsaCompetency, ...]
    proficiency_levels: Mapping[str, tuple[ProficiencyLevel, ...]]
    scales: tuple[Scale, ...]
    rating_scale: str
    organisation: Organisation = field(default_factory=Organisation)
    terminology: Terminology = field(default_factory=Terminology)
    wording: Mapping[str, str] = field(default_factory=_empty)
    roles: Mapping[str, Any] = field(default_factory=_empty)
    board: Mapping[str, Any] = field(default_factory=_empty)
    origins: Mapping[str, str] = field(default_factory=_empty)  # 'roles'/'board' -> overlay file that last set it
    overlays: tuple[str, ...] = ()
    fingerprint: str = "base"
    scan_marks: bool = True  # corner squares and a QR on printed forms, for `formkit scan` (an overlay may turn them off)
    # the source's own definition of each CCSA level list, word for word ('behavioural'/'technical' -> text)
    proficiency_definitions: Mapping[str, str] = field(default_factory=_empty)
    # the language the catalogue file is written in; an overlay's ``language`` that differs makes
    # every document a translation, which says so (formkit.catalog.language)
    source_language: str = "en"
    # a bilingual form's second language ('' when there is none) and its statements, by competency id,
    # printed in italics beneath the catalogue's own (formkit.catalog.language.with_second_language)
    second_language: str = ""
    second_statements: Mapping[str, str] = field(default_factory=_empty)

    # -- look-ups ---------------------------------------------------------
    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(c for cat in self.categories for c in cat.competencies)

    def category(self, category_id: str) -> Category:
        for cat in self.categories:
            if cat.id == category_id:
                return cat
        raise KeyError(category_id)

    def competency(self, competency_id: str) -> Competency:
        for comp in self.competencies:
            if comp.id == competency_id:
                return comp
        raise KeyError(competency_id)

    def scale(self, scale_id: str | None = None) -> Scale:
        wanted = scale_id or self.rating_scale
        for scale in self.scales:
            if scale.id == wanted:
                return scale
        raise KeyError(wanted)

    def ccsa_competency(self, ccsa_id: str) -> CcsaCompetency:
        for comp in self.ccsa:
            if comp.id == ccsa_id:
                return comp
        raise KeyError(ccsa_id)

    def framework(self, covers: str) -> Framework:
        for fw in self.frameworks:
            if fw.covers == covers:
                return fw
        raise KeyError(covers)

    @property
    def provenance(self) -> str:
        """One line naming the catalogue, version and overlays, for footers and metadata."""
        text = f"{self.title} ({self.id} {self.version})"
        if self.overlays:
            text += f"; overlays: {', '.join(self.overlays)} [{self.fingerprint}]"
        return text
