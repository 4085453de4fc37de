"""What the self-assessment says about its scale: instructions and legend follow the scale's kind.

A frequency scale asks how often, a proficiency scale asks how well, and a custom scale (an
overlay's own) is described only by its labels; a printed question that does not match the
answers offered makes the form hard to fill in honestly. When the scale's labels are one of the
CCSA level lists, the legend quotes the source's own definition of those levels instead of
repeating each level's name as its description.
"""

from __future__ import annotations

from typing import Any

from ...catalog.locale import Wording
from ...catalog.model import Catalog, Scale
from ...core.xmltext import escape

KINDS = ("frequency", "proficiency", "custom")
SELF, SUPERVISOR = "self", "supervisor"  # who fills the form in (formkit.store.records names them the same)
RATERS = (SELF, SUPERVISOR)


class RaterWording(Wording):
    """The self-assessment's wording as one rater reads it.

    The supervisor's form is the self-assessment with other words: the same ids, scale, fields
    and layout, but addressed to the supervisor about the peer worker. A ``selfassess.X`` key is
    looked up as ``supervisor.X`` first (templates/locales/en/supervisor.yaml), so a key the
    supervisor's form need not change is written once, and an overlay can reword either form.
    """

    def __init__(self, words: Wording, rater: str) -> None:  # shares the resolved table: nothing is read again
        self.__dict__.update(vars(words))
        self.rater = rater

    def __call__(self, key: str, **values: Any) -> str:
        if key.startswith("selfassess."):
            own = f"{self.rater}.{key.removeprefix('selfassess.')}"
            if own in self:
                key = own
        return super().__call__(key, **values)


def for_rater(words: Wording, rater: str) -> Wording:
    """``words`` as ``rater`` reads them (the self-assessment's own for SELF)."""
    if rater not in RATERS:
        raise ValueError(f"rater {rater!r} is not one of {', '.join(RATERS)}")
    return words if rater == SELF else RaterWording(words, rater)


def _kind(scale: Scale) -> str:
    return scale.kind if scale.kind in KINDS else "custom"


def instructions(words: Wording, scale: Scale) -> str:
    """The "How to use this tool" paragraph, with the rating sentence of the scale's kind."""
    how = words(f"selfassess.rate_{_kind(scale)}")
    na = words("selfassess.rate_not_applicable", label=scale.not_applicable.label) if scale.not_applicable else ""
    return " ".join(words("selfassess.instructions", how_to_rate=how, not_applicable=na).split())


def ccsa_definition(catalog: Catalog, scale: Scale) -> str:
    """The source's definition of the CCSA levels the scale's labels name ('' when they name none)."""
    if _kind(scale) != "proficiency":
        return ""
    labels = [p.label.casefold() for p in scale.points]
    for kind, levels in catalog.proficiency_levels.items():
        if labels == [lv.name.casefold() for lv in levels]:
            return catalog.proficiency_definitions.get(kind, "")
    return ""


def legend_items(words: Wording, scale: Scale) -> list[str]:
    """One line of paragraph markup per answer: the label in bold, then what it means.

    A proficiency level without a description of its own is given its number (levels are
    ordered), never its own name again.
    """
    items = []
    for number, point in enumerate(scale.points, 1):
        if point.description:
            text = words("selfassess.scale_point", label=point.label, description=point.description)
        elif _kind(scale) == "proficiency":
            text = words("selfassess.scale_level", label=point.label, level=number)
        else:
            text = words("selfassess.scale_na", label=point.label)
        items.append(_bold_label(text, point.label))
    if scale.not_applicable:
        items.append(f"<b>{escape(scale.not_applicable.label)}</b>")
    return items


def _bold_label(text: str, label: str) -> str:
    """The label in bold where the wording starts with it (an overlay may reorder the wording)."""
    if text.startswith(label):
        return f"<b>{escape(label)}</b>" + escape(text[len(label):])
    return escape(text)


def legend_source(catalog: Catalog, words: Wording, scale: Scale) -> str:
    """The quoted definition of the levels with its source, or '' when the catalogue has none."""
    definition = ccsa_definition(catalog, scale)
    if not definition:
        return ""
    return words("selfassess.scale_definition", definition=definition, source=catalog.framework("ccsa").title)
