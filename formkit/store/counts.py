"""The cohort report's numbers, counted by the database: one grouped read instead of one Python
object per answer.

A cohort of 10,000 people over four rounds holds 2.5 million answers; turning each into an
:class:`~formkit.store.records.Answer` to tally it took about a minute, while the database
counts them in a few seconds and hands back a few hundred rows. What is counted is what the
cohort report printed when it tallied the rows itself:

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

from sqlalchemy import and_, case, collate, exists, func, literal, select
from sqlalchemy.orm import aliased

from .engine import translated
from .people import normalised
from .schema import answers, plans, submissions

if TYPE_CHECKING:
    from .store import Store

# Every character str.isspace() holds true for (what str.strip() removes); a test checks the list.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
              "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
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
        ratings, firsts = _ratings(connection, chosen, dialect)
        categories = _first_seen(connection, firsts)
        support, elsewhere = _support(connection, chosen, dialect, categories)
    return CohortCounts(program, supervisor, round, people, groups, ratings, categories, support, elsewhere,
                        round_dates)


def _chosen(program: str | None, supervisor: str | None, round_value: str | None) -> Any:
    """The submissions ``Store.submissions(program, supervisor, round, latest_only=True)`` lists:
    the same conditions, the "no newer version" test looking past the filters as it does."""
    conditions = []
    if program is not None:
        conditions.append(submissions.c.program_key == normalised(program))
    if supervisor is not None:
        conditions.append(submissions.c.supervisor_key == normalised(supervisor))
    if round_value is not None:
        conditions.append(submissions.c.round == round_value)
    newer = aliased(submissions)
    conditions.append(~exists().where(
        newer.c.person_id == submissions.c.person_id, newer.c.rater == submissions.c.rater,
        newer.c.round == submissions.c.round, newer.c.version > submissions.c.version))
    return (select(submissions.c.submission_id, submissions.c.person_id, submissions.c.round, submissions.c.rater,
                   submissions.c.date).where(*conditions).cte("chosen"))


def _ratings(connection: Any, chosen: Any, dialect: str) -> tuple[tuple[RatingCount, ...], dict[str, int]]:
    """The grouped answers, and each category's first submission (the lowest id that rates it)."""
    not_yet = case((and_(answers.c.rating_value.is_(None), _filled(answers.c.rating_label, dialect)), 1), else_=0)
    keys = (chosen.c.round, chosen.c.rater, answers.c.category_id, answers.c.rating_value, not_yet)
    query = (select(*keys, func.count(), func.count(chosen.c.person_id.distinct()), func.min(answers.c.submission_id))
             .select_from(answers.join(chosen, answers.c.submission_id == chosen.c.submission_id))
             .group_by(*keys))
    ratings: list[RatingCount] = []
    firsts: dict[str, int] = {}
    for round_value, rater, category, value, flag, count, people, first in connection.execute(query):
        ratings.append(RatingCount(round_value, rater, category, value, bool(flag), count, people))
        firsts[category] = min(first, firsts.get(category, first))
    ratings.sort(key=lambda r: (r.round, r.rater, r.category_id, r.value is None, r.value or 0, r.not_yet))
    return tuple(ratings), firsts


def _first_seen(connection: Any, firsts: dict[str, int]) -> tuple[str, ...]:
    """Categories in the order the forms list them, first form first: the order the report's
    tables and CSV rows have always followed."""
    if not firsts:
        return ()
    query = (select(answers.c.category_id).where(answers.c.submission_id.in_(sorted(set(firsts.values()))))
             .order_by(answers.c.submission_id, answers.c.position))
    seen: dict[str, None] = {}
    for (category,) in connection.execute(query):
        seen.setdefault(category, None)
    return tuple(seen)


def _support(connection: Any, chosen: Any, dialect: str,
             categories: tuple[str, ...]) -> tuple[tuple[SupportCount, ...], tuple[GroupCount, ...]]:
    """People asking for support, per scope, and per group in scopes no answer rates (the whole)."""
    joined = plans.join(chosen, plans.c.submission_id == chosen.c.submission_id)
    asked = _filled(plans.c.support, dialect)
    people = func.count(chosen.c.person_id.distinct())
    per_scope = (select(chosen.c.round, chosen.c.rater, plans.c.scope, people).select_from(joined).where(asked)
                 .group_by(chosen.c.round, chosen.c.rater, plans.c.scope))
    support = _sorted(SupportCount(*row) for row in connection.execute(per_scope))
    elsewhere_query = (select(chosen.c.round, chosen.c.rater, people).select_from(joined)
                       .where(asked, plans.c.scope.not_in(list(categories)))
                       .group_by(chosen.c.round, chosen.c.rater))
    return support, _sorted(GroupCount(*row) for row in connection.execute(elsewhere_query))


def _sorted(rows: Any) -> Any:
    """In Python's order (code points), not the database's collation: the same on SQLite and PostgreSQL."""
    return tuple(sorted(rows, key=lambda row: tuple(vars(row).values())))


def _filled(column: Any, dialect: str) -> Any:
    """True where the text is more than whitespace (``bool(text.strip())`` in Python)."""
    trimmed = func.btrim(column, WHITESPACE) if dialect == "postgresql" else func.trim(column, WHITESPACE)
    return trimmed != ""


def _bytewise(expression: Any, dialect: str) -> Any:
    """Compare as Python compares strings (by code point): PostgreSQL's "C" collation; SQLite's default."""
    return collate(expression, "C") if dialect == "postgresql" else expression


__all__ = ["CohortCounts", "GroupCount", "RatingCount", "SupportCount", "cohort_counts"]
