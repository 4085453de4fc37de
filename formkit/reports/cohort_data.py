"""The cohort report's numbers: per round and rater, how a group of people rated each category,
the share of "not yet had the chance", and how many asked for support.

The database counts (formkit.store.counts: one grouped read, a few hundred rows however many
people the store holds); this module shapes those counts into the groups the report prints.

Privacy: a group (one round, one rater) of fewer than :data:`MIN_GROUP` people is suppressed: its
numbers are neither printed nor written to the CSV, and the report says so where they would be.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..store.counts import CohortCounts
from ..store.records import SELF
from .history import round_order

MIN_GROUP = 5  # fewer people than this in a group: its numbers are not shown


@dataclass
class CategoryCounts:
    """One category in one group: answers per scale value, "not yet", blank, and people asking support."""

    by_value: Counter[int] = field(default_factory=Counter)
    not_yet: int = 0
    blank: int = 0
    support_people: int = 0

    @property
    def answers(self) -> int:
        return sum(self.by_value.values()) + self.not_yet + self.blank

    @property
    def not_yet_share(self) -> float:
        return self.not_yet / self.answers if self.answers else 0.0


@dataclass
class Group:
    """The answers of one round by one rater, across the people of the cohort. ``categories``
    holds every rated category of the cohort and any other plan scope someone asked support in."""

    round: str
    rater: str
    people: int
    categories: dict[str, CategoryCounts] = field(default_factory=dict)
    support_elsewhere: int = 0  # people asking support in a scope no answer rates (the whole booklet)

    @property
    def suppressed(self) -> bool:
        return self.people < MIN_GROUP

    def category(self, category_id: str) -> CategoryCounts:
        return self.categories.get(category_id) or CategoryCounts()


@dataclass
class Cohort:
    """Every group of the cohort, in round order (self before supervisor), and the categories seen."""

    groups: list[Group]
    categories: list[str]
    people: int


def cohort_from_counts(counts: CohortCounts) -> Cohort:
    """The groups in the order the report prints them: rounds as they happen, self first."""
    categories = list(counts.categories)
    groups = {(g.round, g.rater): Group(g.round, g.rater, g.people, {c: CategoryCounts() for c in categories})
              for g in counts.groups}
    for rating in counts.ratings:
        cell = groups[(rating.round, rating.rater)].categories.setdefault(rating.category_id, CategoryCounts())
        if rating.value is not None:
            cell.by_value[rating.value] += rating.answers
        elif rating.not_yet:
            cell.not_yet += rating.answers
        else:
            cell.blank += rating.answers
    for support in counts.support:
        groups[(support.round, support.rater)].categories.setdefault(
            support.scope, CategoryCounts()).support_people = support.people
    for elsewhere in counts.support_elsewhere:
        groups[(elsewhere.round, elsewhere.rater)].support_elsewhere = elsewhere.people
    dates = dict(counts.round_dates)
    order = {r: i for i, r in enumerate(round_order(dates, dates))}
    listed = sorted(groups.values(), key=lambda g: (order[g.round], g.rater != SELF, g.rater))
    return Cohort(listed, categories, counts.people)


__all__ = ["MIN_GROUP", "CategoryCounts", "Cohort", "Group", "cohort_from_counts"]
