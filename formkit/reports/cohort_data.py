"""The cohort report's numbers: per round and rater, how a group of people rated each category,
the share of "not yet had the chance", and how many asked for support.

Counts are gathered batch by batch (:data:`BATCH` submissions' answers at a time), so memory stays
flat however many people the store holds: only the counts are kept, never the answers.

Privacy: a group (one round, one rater) of fewer than :data:`MIN_GROUP` people is suppressed: its
numbers are neither printed nor written to the CSV, and the report says so where they would be.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..store.records import SELF, Submission
from .history import StoreReader, round_order

MIN_GROUP = 5  # fewer people than this in a group: its numbers are not shown
BATCH = 2000  # submissions whose answers are read at once


@dataclass
class CategoryCounts:
    """One category in one group: answers per scale value, "not yet", blank, and support asked for."""

    by_value: Counter[int] = field(default_factory=Counter)
    not_yet: int = 0
    blank: int = 0
    support_people: set[str] = field(default_factory=set)

    @property
    def answers(self) -> int:
        return sum(self.by_value.values()) + self.not_yet + self.blank

    @property
    def not_yet_share(self) -> float:
        return self.not_yet / self.answers if self.answers else 0.0


@dataclass
class Group:
    """The answers of one round by one rater, across the people of the cohort."""

    round: str
    rater: str
    people: set[str] = field(default_factory=set)
    categories: dict[str, CategoryCounts] = field(default_factory=dict)

    @property
    def suppressed(self) -> bool:
        return len(self.people) < MIN_GROUP

    def category(self, category_id: str) -> CategoryCounts:
        return self.categories.setdefault(category_id, CategoryCounts())


@dataclass
class Cohort:
    """Every group of the cohort, in round order (self before supervisor), and the categories seen."""

    groups: list[Group]
    categories: list[str]
    people: int


def cohort_counts(store: StoreReader, program: str | None = None, supervisor: str | None = None,
                  round: str | None = None) -> Cohort:
    """Count the latest version of every submission the filters select."""
    subs = store.submissions(program=program, supervisor=supervisor, round=round)
    groups: dict[tuple[str, str], Group] = {}
    for sub in subs:
        groups.setdefault((sub.round, sub.rater), Group(sub.round, sub.rater)).people.add(sub.person_id)
    categories: dict[str, None] = {}
    ordered = sorted(subs, key=lambda s: s.submission_id)
    for start in range(0, len(ordered), BATCH):
        _count_batch(store, ordered[start:start + BATCH], groups, categories)
    dates: dict[str, str] = {}
    for sub in subs:
        dates[sub.round] = min(dates.get(sub.round, sub.date or "~"), sub.date or "~")
    order = {r: i for i, r in enumerate(round_order((s.round for s in subs), dates))}
    listed = sorted(groups.values(), key=lambda g: (order[g.round], g.rater != SELF, g.rater))
    return Cohort(listed, list(categories), len({s.person_id for s in subs}))


def _count_batch(store: StoreReader, batch: Sequence[Submission], groups: dict[tuple[str, str], Group],
                 categories: dict[str, None]) -> None:
    """Add one batch's answers and plans to the groups' counts.

    The answers are tallied in one Counter keyed by (group, category, value, "not yet") first: a
    cohort of 10,000 people over four rounds has 2.5 million answers, and an object look-up per
    answer cost more than the rest of the report."""
    by_id = {s.submission_id: s for s in batch}
    group_key = {sid: (s.round, s.rater) for sid, s in by_id.items()}
    tally: Counter[tuple[tuple[str, str], str, int | None, bool]] = Counter(
        (group_key[a.submission_id], a.category_id, a.rating_value,
         a.rating_value is None and bool(a.rating_label.strip()))
        for a in store.answers(list(by_id)))
    for (key, category_id, value, not_yet), n in tally.items():
        categories.setdefault(category_id, None)
        counts = groups[key].category(category_id)
        if value is not None:
            counts.by_value[value] += n
        elif not_yet:
            counts.not_yet += n
        else:
            counts.blank += n
    for plan in store.plans(list(by_id)):
        if plan.support.strip():
            sub = by_id[plan.submission_id]
            groups[(sub.round, sub.rater)].category(plan.scope).support_people.add(sub.person_id)


__all__ = ["BATCH", "MIN_GROUP", "CategoryCounts", "Cohort", "Group", "cohort_counts"]
