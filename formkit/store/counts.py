"""The cohort report's numbers, counted by the database: sums over the tallies kept at ingest
(formkit.store.tallies) instead of one Python object, or one grouped row, per answer.

A cohort of 10,000 people over four rounds holds 2.5 million answers: turning each into an
:class:`~formkit.store.records.Answer` to tally it took about a minute, grouping them in SQL 10-16 s
of CPU; summing the tallies takes a fraction of a second. What is counted is what the cohort report
printed when it tallied the rows itself (tests/fakestore.counts_from_rows):

- the submissions are those ``Store.submissions(program=, supervisor=, round=)`` returns (the
  newest version of each person, rater and round, filtered as that method filters);
- per (round, rater, category, scale value) the answers and the distinct people who gave them; an
  answer without a value is "not yet had the chance" when its label is not blank, else blank;
- per (round, rater, plan scope) the people whose plan row asks for support (not blank).

"Blank" means what Python's ``str.strip()`` leaves empty: the SQL trims the same characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, collate, func, literal, select

from .engine import translated
from .queries import group_filters
from .schema import answers, plans, rating_tallies, submissions, support_tallies
from .storable import NO_VALUE
from .recount import filled, newest_only
from .tallies import WHITESPACE

if TYPE_CHECKING:
    from .store import Store

NO_DATE = "~"  # a round's undated forms sort after any date, as the report always ordered them


@dataclass(frozen=True)
class GroupCount:
    """People in one group (a round, a rater)."""

    round: str
    rater: str
    people: int


@dataclass(frozen=True)
class RatingCount:
    """Answers of one kind in one category of one group."""

    round: str
    rater: str
    category_id: str
    value: int | None  # the scale value; None for "not yet had the chance" and blank
    not_yet: bool  # no value, and a label: "not yet had the chance / not sure"
    answers: int
    people: int


@dataclass(frozen=True)
class SupportCount:
    """People of one group whose learning plan asks for support in one scope (a category, or the whole)."""

    round: str
    rater: str
    scope: str
    people: int


@dataclass(frozen=True)
class CohortCounts:
    """Everything the cohort report prints, for the submissions the filters select."""

    program: str | None
    supervisor: str | None
    round: str | None
    people: int  # distinct people across every group
    groups: tuple[GroupCount, ...]
    ratings: tuple[RatingCount, ...]
    categories: tuple[str, ...]  # the rated categories, in the order of the first form that has them
    support: tuple[SupportCount, ...]
    support_elsewhere: tuple[GroupCount, ...]  # people asking support in any scope not a rated category
    round_dates: tuple[tuple[str, str], ...]  # each round's earliest form date ("~" when none is dated)


def cohort_counts(store: Store, program: str | None = None, supervisor: str | None = None,
                  round: str | None = None) -> CohortCounts:
    """Count, in the database, the latest version of every submission the filters select."""
    chosen = _chosen(program, supervisor, round)
    dialect = store.engine.dialect.name
    with translated(store.target), store.engine.connect() as connection:
        groups = _sorted(GroupCount(*row) for row in connection.execute(
            select(chosen.c.round, chosen.c.rater, func.count(chosen.c.person_id.distinct()))
            .group_by(chosen.c.round, chosen.c.rater)))
        people = connection.execute(select(func.count(chosen.c.person_id.distinct()))).scalar_one()
        dated = case((chosen.c.date == "", literal(NO_DATE)), else_=chosen.c.date)
        round_dates = tuple(sorted((r, d) for r, d in connection.execute(
            select(chosen.c.round, func.min(_bytewise(dated, dialect))).group_by(chosen.c.round))))
        ratings = _ratings(connection, group_filters(rating_tallies, program, supervisor, round))
        categories = _first_seen(connection, chosen, {r.category_id for r in ratings})
        support, elsewhere = _support(connection, chosen, dialect, categories,
                                      group_filters(support_tallies, program, supervisor, round))
    return CohortCounts(program, supervisor, round, people, groups, ratings, categories, support, elsewhere,
                        round_dates)


def _chosen(program: str | None, supervisor: str | None, round_value: str | None) -> Any:
    """The submissions ``Store.submissions(program, supervisor, round, latest_only=True)`` lists:
    the same conditions, the "no newer version" test looking past the filters as it does."""
    conditions = [*group_filters(submissions, program, supervisor, round_value), newest_only()]
    return (select(submissions.c.submission_id, submissions.c.person_id, submissions.c.round, submissions.c.rater,
                   submissions.c.date).where(*conditions).cte("chosen"))


def _ratings(connection: Any, conditions: list[Any]) -> tuple[RatingCount, ...]:
    """The answers of each kind, and the people who gave them, summed over the tallies the filters select."""
    t = rating_tallies.c
    keys = (t.round, t.rater, t.category_id, t.rating_value, t.not_yet)
    query = select(*keys, func.sum(t.answers), func.sum(t.forms)).where(*conditions).group_by(*keys)
    ratings = [RatingCount(round_value, rater, category, None if value == NO_VALUE else value, bool(flag),
                           int(count), int(people))
               for round_value, rater, category, value, flag, count, people in connection.execute(query)]
    ratings.sort(key=lambda r: (r.round, r.rater, r.category_id, r.value is None, r.value or 0, r.not_yet))
    return tuple(ratings)


FIRST_SEEN_PAGE = 64  # submissions read at a time until every category is seen (one page, nearly always)


def _first_seen(connection: Any, chosen: Any, wanted: set[str]) -> tuple[str, ...]:
    """Categories in the order the forms list them, first form first: the order the report's
    tables and CSV rows have always followed. Reads forms from the first until all are seen."""
    seen: dict[str, None] = {}
    last = None
    while len(seen) < len(wanted):
        page = select(chosen.c.submission_id).order_by(chosen.c.submission_id).limit(FIRST_SEEN_PAGE)
        ids = list(connection.execute(page if last is None else page.where(chosen.c.submission_id > last)).scalars())
        if not ids:
            break
        query = (select(answers.c.category_id).where(answers.c.submission_id.in_(ids))
                 .order_by(answers.c.submission_id, answers.c.position))
        for (category,) in connection.execute(query):
            seen.setdefault(category, None)
        last = ids[-1]
    return tuple(seen)


def _support(connection: Any, chosen: Any, dialect: str, categories: tuple[str, ...],
             conditions: list[Any]) -> tuple[tuple[SupportCount, ...], tuple[GroupCount, ...]]:
    """People asking for support, per scope, and per group in scopes no answer rates (the whole)."""
    t = support_tallies.c
    per_scope = (select(t.round, t.rater, t.scope, func.sum(t.forms)).where(*conditions)
                 .group_by(t.round, t.rater, t.scope))
    support = _sorted(SupportCount(r, who, scope, int(n)) for r, who, scope, n in connection.execute(per_scope))
    others = sorted({s.scope for s in support} - set(categories))
    if len(others) <= 1:  # one scope (the whole booklet, usually) or none: its tally is the answer
        return support, _sorted(GroupCount(s.round, s.rater, s.people) for s in support if s.scope in others)
    joined = plans.join(chosen, plans.c.submission_id == chosen.c.submission_id)
    query = (select(chosen.c.round, chosen.c.rater, func.count(chosen.c.person_id.distinct())).select_from(joined)
             .where(plans.c.scope.in_(others), filled(plans.c.support, dialect))
             .group_by(chosen.c.round, chosen.c.rater))
    return support, _sorted(GroupCount(*row) for row in connection.execute(query))


def _sorted(rows: Any) -> Any:
    """In Python's order (code points), not the database's collation: the same on SQLite and PostgreSQL."""
    return tuple(sorted(rows, key=lambda row: tuple(vars(row).values())))


def _bytewise(expression: Any, dialect: str) -> Any:
    """Compare as Python compares strings (by code point): PostgreSQL's "C" collation; SQLite's default."""
    return collate(expression, "C") if dialect == "postgresql" else expression


__all__ = ["WHITESPACE", "CohortCounts", "GroupCount", "RatingCount", "SupportCount", "cohort_counts"]
