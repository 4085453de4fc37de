"""The cohort tallies counted again from the rows, and the conditions that counting and the
reports share, in SQLAlchemy Core (formkit.store.tallies keeps them up to date without it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, delete, exists, func, literal, select

from .schema import answers, plans, rating_tallies, submissions, support_tallies
from .storable import NO_VALUE
from .tallies import GROUP, RATING_COLUMNS, SUPPORT_COLUMNS, WHITESPACE


def newest_only(table: Any = submissions) -> Any:
    """True for a submission no newer version of the same person, rater and round replaces.

    A Core alias, not ``sqlalchemy.orm.aliased`` (the same SQL): the ORM is a third of
    SQLAlchemy's import, and nothing else in formkit uses it."""
    newer = submissions.alias()
    return ~exists().where(newer.c.person_id == table.c.person_id, newer.c.rater == table.c.rater,
                           newer.c.round == table.c.round, newer.c.version > table.c.version)


def filled(column: Any, dialect: str) -> Any:
    """True where the text is more than whitespace (``bool(text.strip())`` in Python)."""
    trimmed = func.btrim(column, WHITESPACE) if dialect == "postgresql" else func.trim(column, WHITESPACE)
    return trimmed != ""


def rebuild(connection: Any) -> None:
    """Recount both tables from the rows: the newest version of every person, rater and round."""
    dialect = connection.dialect.name
    connection.execute(delete(rating_tallies))
    connection.execute(delete(support_tallies))
    group = [submissions.c[c] for c in GROUP]
    not_yet = case((and_(answers.c.rating_value.is_(None), filled(answers.c.rating_label, dialect)), 1), else_=0)
    value = func.coalesce(answers.c.rating_value, literal(NO_VALUE))
    keys = (*group, answers.c.category_id, value, not_yet)
    counted = (select(*keys, func.count(), func.count(answers.c.submission_id.distinct()))
               .select_from(answers.join(submissions, answers.c.submission_id == submissions.c.submission_id))
               .where(newest_only()).group_by(*keys))
    connection.execute(rating_tallies.insert().from_select(list(RATING_COLUMNS), counted))
    asked = (select(*group, plans.c.scope, func.count(plans.c.submission_id.distinct()))
             .select_from(plans.join(submissions, plans.c.submission_id == submissions.c.submission_id))
             .where(newest_only(), filled(plans.c.support, dialect)).group_by(*group, plans.c.scope))
    connection.execute(support_tallies.insert().from_select(list(SUPPORT_COLUMNS), asked))


__all__ = ["filled", "newest_only", "rebuild"]
