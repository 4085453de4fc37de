"""A role's essential duties: grouped action statements with a share of time, traced to competencies.

HR publishes 8-15 duties with an approximate share of working time, not the 62 competency
statements; the statements stay traceable because each duty names the competencies it draws on
(``draws_on``: category ids stand for every competency of that category the role holds). Duties
with an empty ``draws_on`` belong to the role itself (supervising, documentation, billing,
on-call), which the competency list does not cover.

An overlay adds duties (``add_duties``), changes shares (``shares``) and brings categories into
a role (``add_categories``). A competency the role holds that no duty draws on (an overlay's own
category, say) gets a duty made from its category, so nothing the role selects goes missing.
Shares are weights: they are scaled to whole percentages that add up to exactly 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..catalog.model import Catalog, Category, Competency
from ..catalog.terminology import Terminology
from ..core.errors import FormkitError
from ..core.suggest import did_you_mean

DEFAULT_ADDED_SHARE = 10  # weight of a duty made for a category no duty draws on

Where = Callable[[str], tuple[str, str]]


@dataclass(frozen=True)
class Duty:
    """One essential duty as printed: a short title, the action statement and its share of time."""

    id: str
    title: str
    text: str
    share: int  # percent of working time; a role's shares add up to 100
    draws_on: tuple[Competency, ...]  # empty: a duty of the role outside the competency list


def resolve_duties(catalog: Catalog, data: dict[str, Any], groups: tuple[tuple[Category, tuple[Competency, ...]], ...],
                   where: Where, base_ids: frozenset[str]) -> tuple[Duty, ...]:
    """The role's duties with ids turned into competencies and shares into percentages."""
    held = {k.id: k for _, comps in groups for k in comps}
    by_category = {cat.id: comps for cat, comps in groups}
    raw = [("duties", i, d) for i, d in enumerate(data.get("duties", []))]
    raw += [("add_duties", i, d) for i, d in enumerate(data.get("add_duties", []))]
    errors: list[FormkitError] = []
    seen: set[str] = set()
    drafts: list[tuple[dict[str, Any], tuple[Competency, ...]]] = []
    for field, i, duty in raw:
        if duty["id"] in seen:
            path, key = where(f"{field}[{i}].id")
            errors.append(FormkitError(f"duty id '{duty['id']}' is used twice", path=path, key=key,
                                       hint="Give each duty its own id, or change the existing one's share "
                                            "under shares:"))
        seen.add(duty["id"])
        traced = _traced(duty.get("draws_on", []), f"{field}[{i}].draws_on", catalog, held, by_category, where,
                         base_ids, errors)
        if traced or not duty.get("draws_on"):  # a duty whose competencies the role no longer holds goes
            drafts.append((duty, traced))
    drafts += _uncovered_categories(groups, {k.id for _, comps in drafts for k in comps})
    shares = data.get("shares", {})
    ids = [d["id"] for d, _ in drafts]
    for duty_id in shares:
        if duty_id not in ids:
            path, key = where(f"shares.{duty_id}")
            errors.append(FormkitError(f"no duty '{duty_id}' to give a share to", path=path, key=key,
                                       hint=did_you_mean(duty_id, ids) or f"Duty ids: {', '.join(ids)}"))
    if errors:
        raise errors[0] if len(errors) == 1 else _many(errors)
    weights = [int(shares.get(d["id"], d["share"])) for d, _ in drafts]
    percents = whole_percentages(weights)
    terms = catalog.terminology
    drafts = _reworded(drafts, data.get("duty_wording", {}), where)
    return tuple(Duty(id=d["id"], title=_text(d["title"], terms), text=_text(d["text"], terms), share=p,
                      draws_on=comps) for (d, comps), p in zip(drafts, percents))


def _reworded(drafts: list[tuple[dict[str, Any], tuple[Competency, ...]]], wording: dict[str, Any],
              where: Where) -> list[tuple[dict[str, Any], tuple[Competency, ...]]]:
    """The duties with ``duty_wording``'s titles and texts, by id: a translation rewords a duty
    and keeps its share and its competencies, so the two cannot drift apart."""
    ids = [d["id"] for d, _ in drafts]
    for duty_id in wording:
        if duty_id not in ids:
            path, key = where(f"duty_wording.{duty_id}")
            raise FormkitError(f"no duty '{duty_id}' to reword", path=path, key=key,
                               hint=did_you_mean(duty_id, ids) or f"Duty ids: {', '.join(ids)}")
    return [({**d, **wording.get(d["id"], {})}, comps) for d, comps in drafts]


def _text(value: str, terms: Terminology) -> str:
    return terms.apply(" ".join(str(value).split()), "descriptions")


def _many(errors: list[FormkitError]) -> FormkitError:
    from ..core.errors import FormkitErrors

    return FormkitErrors(errors)


def _traced(ids: list[str], field: str, catalog: Catalog, held: dict[str, Competency],
            by_category: dict[str, tuple[Competency, ...]], where: Where, base_ids: frozenset[str],
            errors: list[FormkitError]) -> tuple[Competency, ...]:
    """The competencies a duty draws on, in catalogue order; only those the role holds count."""
    known = {c.id for c in catalog.categories} | {k.id for k in catalog.competencies}
    wanted: set[str] = set()
    for j, item in enumerate(ids):
        if item in by_category:
            wanted |= {k.id for k in by_category[item]}
        elif item in held:
            wanted.add(item)
        elif item not in known and item not in base_ids:
            path, key = where(f"{field}[{j}]")
            errors.append(FormkitError(f"unknown competency or category '{item}'", path=path, key=key,
                                       hint=did_you_mean(item, sorted(known)) or
                                       "See 'formkit catalog show' for the ids"))
        # known but not held by this role (or excluded by an overlay): nothing to trace
    return tuple(k for comps in by_category.values() for k in comps if k.id in wanted)  # catalogue order


def _uncovered_categories(groups: tuple[tuple[Category, tuple[Competency, ...]], ...],
                          traced: set[str]) -> list[tuple[dict[str, Any], tuple[Competency, ...]]]:
    """A duty for each category whose competencies the role holds but no duty draws on."""
    out = []
    for category, comps in groups:
        missing = tuple(k for k in comps if k.id not in traced)
        if missing:
            statements = [_sentence_part(k.statement, first=i == 0) for i, k in enumerate(missing)]
            out.append(({"id": category.id, "title": category.title, "text": "; ".join(statements) + ".",
                         "share": DEFAULT_ADDED_SHARE}, missing))
    return out


def _sentence_part(statement: str, *, first: bool) -> str:
    """A statement as part of one sentence: lower-case start after the first, unless an acronym."""
    text = statement.rstrip(". ")
    if first or len(text) < 2 or not text[1].islower():
        return text
    return text[0].lower() + text[1:]


def whole_percentages(weights: list[int]) -> list[int]:
    """``weights`` scaled to whole percentages adding up to exactly 100 (largest remainder;
    ties go to the earlier duty), each at least 1."""
    total = sum(weights)
    if not weights or total <= 0:
        return [0] * len(weights)
    exact = [w * 100 / total for w in weights]
    floors = [max(1, int(x)) for x in exact]
    spare = 100 - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - int(exact[i])), i))
    for i in order[:max(spare, 0)]:
        floors[i] += 1
    for i in reversed(order):  # the minimum of 1 can overshoot: take it back from the largest
        if sum(floors) <= 100:
            break
        biggest = max(range(len(floors)), key=lambda j: (floors[j], -j))
        floors[biggest] -= 1
    return floors
