"""The store's read statements, written once in SQLAlchemy Core: :class:`~formkit.store.store.Store`
runs them on SQLite and PostgreSQL, and the SQLite text of the four a person's report needs is
compiled from them into :mod:`formkit.store.reads_sqlite` for the reader that runs without
SQLAlchemy (:mod:`formkit.store.sqlitereader`).

After changing a statement here (or the schema), write that module again::

    python -m formkit.store.queries

tests/test_store_reads.py fails until the two agree.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select

from .people import normalised
from .reads import (ANSWER_COLUMNS, ANSWER_ORDER, HANDWRITING_COLUMNS, HANDWRITING_ORDER, IDS, PERSON_COLUMNS,
                    PLAN_COLUMNS, PLAN_ORDER, REFLECTION_COLUMNS, REFLECTION_ORDER, SUBMISSION_COLUMNS)
from .schema import answers, handwriting, people, plans, reflections, submissions
from .recount import newest_only

PERSON_ID = "person_id"  # the person read's parameter


def person_query() -> Any:
    """The person with the id in the ``person_id`` parameter (no row: no such person)."""
    return select(*(people.c[c] for c in PERSON_COLUMNS)).where(people.c.person_id == bindparam(PERSON_ID))


def group_filters(table: Any, program: str | None, supervisor: str | None, round_value: str | None) -> list[Any]:
    """The conditions selecting ``table``'s rows (a submission, or a tally of submissions) by the filters."""
    conditions = []
    if program is not None:
        conditions.append(table.c.program_key == normalised(program))
    if supervisor is not None:
        conditions.append(table.c.supervisor_key == normalised(supervisor))
    if round_value is not None:
        conditions.append(table.c.round == round_value)
    return conditions


def submissions_query(person_id: str | None = None, program: str | None = None, supervisor: str | None = None,
                      round_value: str | None = None, rater: str | None = None, latest_only: bool = True) -> Any:
    """Submissions by person, then the order they were stored (see Store.submissions)."""
    conditions = [submissions.c.person_id == person_id] if person_id is not None else []
    conditions += group_filters(submissions, program, supervisor, round_value)
    if rater is not None:
        conditions.append(submissions.c.rater == rater)
    if latest_only:
        conditions.append(newest_only())
    return (select(*(submissions.c[c] for c in SUBMISSION_COLUMNS)).where(*conditions)
            .order_by(submissions.c.person_id, submissions.c.submission_id))


def answers_query() -> Any:
    """The answers of the submissions in the expanding ``ids`` parameter, by submission, in form order."""
    return _by_submission(answers, ANSWER_COLUMNS, ANSWER_ORDER)


def plans_query() -> Any:
    """The learning-plan rows of the submissions in ``ids``, by submission, scope and row."""
    return _by_submission(plans, PLAN_COLUMNS, PLAN_ORDER)


def reflections_query() -> Any:
    """What was written about each category in the submissions in ``ids``, by submission, category and key."""
    return _by_submission(reflections, REFLECTION_COLUMNS, REFLECTION_ORDER)


def handwriting_query() -> Any:
    """The crops of the boxes handwritten on the paper forms of the submissions in ``ids``."""
    return _by_submission(handwriting, HANDWRITING_COLUMNS, HANDWRITING_ORDER)


def _by_submission(table: Any, columns: tuple[str, ...], order: tuple[str, ...]) -> Any:
    return (select(*(table.c[c] for c in columns))
            .where(table.c.submission_id.in_(bindparam(IDS, expanding=True)))
            .order_by(*(table.c[c] for c in order)))


def sqlite_texts() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Name -> (SQLite text, its positional parameters' names) of the reads the sqlite3 reader runs;
    an expanding list stays SQLAlchemy's ``__[POSTCOMPILE_ids]`` marker."""
    from sqlalchemy.dialects import sqlite

    statements = {"PERSON": person_query(), "PERSON_SUBMISSIONS": submissions_query(person_id=""),
                  "ANSWERS": answers_query(), "PLANS": plans_query(), "REFLECTIONS": reflections_query(),
                  "HANDWRITING": handwriting_query()}
    texts = {}
    for name, statement in statements.items():
        compiled = statement.compile(dialect=sqlite.dialect())
        texts[name] = (str(compiled), tuple(compiled.positiontup or ()))
    return texts


def module_text() -> str:
    """The source of formkit/store/reads_sqlite.py, as :func:`sqlite_texts` makes it today."""
    lines = ['"""The SQLite text of the person report\'s reads, compiled from formkit/store/queries.py by',
             "`python -m formkit.store.queries` (do not edit: tests/test_store_reads.py checks it is what",
             'SQLAlchemy runs). Each is (SQL, the names of its positional parameters)."""', ""]
    for name, (sql, params) in sqlite_texts().items():
        lines += [f"{name} = (", *(f"    {piece!r}" for piece in sql_pieces(sql)), f"), {params!r}", ""]
    return "\n".join(lines)


def sql_pieces(sql: str, width: int = 100) -> list[str]:
    """``sql`` cut after commas and line breaks, and before ANDs, into pieces of about ``width``
    (joined again, the same text)."""
    pieces = [""]
    for word in re.split(r"(?<=, )|(?<=\n)|(?= AND )", sql):
        if pieces[-1] and (len(pieces[-1]) + len(word) > width or pieces[-1].endswith("\n")):
            pieces.append("")
        pieces[-1] += word
    return pieces


if __name__ == "__main__":
    Path(__file__).with_name("reads_sqlite.py").write_text(module_text(), encoding="utf-8")
