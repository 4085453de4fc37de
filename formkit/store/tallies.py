"""The cohort report's counts kept up to date as forms come in, so the report sums a few hundred
rows instead of grouping millions of answers (10,000 people x 4 rounds: 2.5 million answers,
16 s of CPU to group; the tallies answer in well under a second).

Every change to the newest versions goes through here, in the transaction that makes it: an
ingested form adds its tally; a changed re-submission takes the tally of the version it replaces
away; ``people forget`` takes away the person's. :func:`rebuild` recounts everything from the
rows (the migration that adds the tables uses it, and so may anyone who writes rows directly).

What is counted matches what the report counted before from the rows (tests/fakestore): an
answer without a value is "not yet had the chance" when its label is more than whitespace
(``str.strip()``), else blank; a plan row asks for support when its support is more than
whitespace.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, case, delete, exists, func, literal, select

from .bulk import insert_many
from .schema import answers, plans, rating_tallies, submissions, support_tallies
from .storable import NO_VALUE, answer_kinds, support_scopes

# Every character str.isspace() holds true for (what str.strip() removes); a test checks the list.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
              "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
GROUP = ("round", "rater", "program_key", "supervisor_key")  # what the cohort report filters and groups by
RATING_COLUMNS = (*GROUP, "category_id", "rating_value", "not_yet", "answers", "forms")
SUPPORT_COLUMNS = (*GROUP, "scope", "forms")

Group = tuple[str, str, str, str]


class Tallies:
    """Changes to the tally tables, summed over a batch of forms and written once at its end."""

    def __init__(self) -> None:
        self.ratings: dict[tuple[Any, ...], list[int]] = {}
        self.support: dict[tuple[Any, ...], int] = {}
        self.removed = False

    def add(self, group: Group, kinds: Iterable[tuple[str, int, int, int]], asked: Iterable[str],
            sign: int = 1) -> None:
        """One submission's tally (formkit.store.storable.answer_kinds and support_scopes of its
        answers and plan rows); ``sign`` -1 takes a submission away (superseded or forgotten)."""
        for category, value, not_yet, count in kinds:
            cell = self.ratings.setdefault((*group, category, value, not_yet), [0, 0])
            cell[0] += sign * count
            cell[1] += sign
        for scope in asked:
            key = (*group, scope)
            self.support[key] = self.support.get(key, 0) + sign
        self.removed = self.removed or sign < 0

    def write(self, connection: Any) -> None:
        """Add the changes to the tables; rows counting nobody any more are deleted."""
        rows = [(*key, n, forms) for key, (n, forms) in self.ratings.items() if n or forms]
        insert_many(connection, rating_tallies, RATING_COLUMNS, rows, add_on_conflict=("answers", "forms"))
        rows = [(*key, forms) for key, forms in self.support.items() if forms]
        insert_many(connection, support_tallies, SUPPORT_COLUMNS, rows, add_on_conflict=("forms",))
        if self.removed:
            connection.execute(delete(rating_tallies).where(rating_tallies.c.forms <= 0))
            connection.execute(delete(support_tallies).where(support_tallies.c.forms <= 0))
        self.ratings, self.support, self.removed = {}, {}, False  # written: start again empty


def take_away(connection: Any, tallies: Tallies, submission_ids: Sequence[int]) -> None:
    """Subtract stored submissions (read back from their rows) from ``tallies``."""
    if not submission_ids:
        return
    ids = list(submission_ids)
    groups = {row[0]: tuple(row[1:]) for row in connection.execute(
        select(submissions.c.submission_id, *(submissions.c[c] for c in GROUP))
        .where(submissions.c.submission_id.in_(ids)))}
    answered: dict[int, list[tuple[str, int | None, str]]] = {i: [] for i in groups}
    for sid, category, value, label in connection.execute(
            select(answers.c.submission_id, answers.c.category_id, answers.c.rating_value, answers.c.rating_label)
            .where(answers.c.submission_id.in_(ids))):
        answered[sid].append((category, value, label))
    supports: dict[int, list[tuple[str, str]]] = {i: [] for i in groups}
    for sid, scope, support in connection.execute(
            select(plans.c.submission_id, plans.c.scope, plans.c.support).where(plans.c.submission_id.in_(ids))):
        supports[sid].append((scope, support))
    for sid, group in groups.items():
        tallies.add(group, answer_kinds(answered[sid]), support_scopes(supports[sid]), sign=-1)


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


__all__ = ["WHITESPACE", "Tallies", "filled", "newest_only", "rebuild", "take_away"]
