"""The reads a person's report makes, as both ways of opening a store run them: the columns each
query selects, in the order of the record it becomes, and the one function per record that turns
a row into it.

Two readers share this: :class:`formkit.store.store.Store` (SQLAlchemy: SQLite or PostgreSQL)
and :class:`formkit.store.sqlitereader.SqliteReader` (Python's sqlite3, for an SQLite store
already at this formkit's schema: no SQLAlchemy import, a third of a person report's CPU).
The statements themselves are written once, in SQLAlchemy Core (:mod:`formkit.store.queries`);
the SQLite text the sqlite3 reader runs is compiled from them (:mod:`formkit.store.reads_sqlite`,
checked by tests/test_store_reads.py to be exactly what SQLAlchemy runs). Nothing here imports
SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .records import Answer, Person, PlanEntry, Submission

PERSON_COLUMNS = ("person_id", "name", "program", "supervisor")
SUBMISSION_COLUMNS = ("submission_id", "person_id", "rater", "rater_name", "round", "date", "version", "source_file",
                      "content_hash", "catalog_id", "catalog_version", "fingerprint", "ingested_at", "source")
ANSWER_COLUMNS = ("submission_id", "category_id", "competency_id", "statement", "rating_value", "rating_label",
                  "notes", "statement_changed", "choice")
PLAN_COLUMNS = ("submission_id", "scope", "goal", "steps", "support", "date")
ANSWER_ORDER = ("submission_id", "position")  # by submission, in the order of the form
PLAN_ORDER = ("submission_id", "scope", "row")  # by submission, scope and row

IDS = "ids"  # the expanding parameter of the by-submission reads: a list of submission ids
IN_CHUNK = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits


def person_of(row: Sequence[Any]) -> Person:
    return Person(*row)


def submission_of(row: Sequence[Any]) -> Submission:
    return Submission(*row)


def answer_of(row: Sequence[Any]) -> Answer:
    """SQLite keeps a boolean as 0 or 1 (sqlite3 gives the number; SQLAlchemy gives a bool)."""
    (submission_id, category_id, competency_id, statement, rating_value, rating_label, notes, changed,
     choice) = row
    return Answer(submission_id, category_id, competency_id, statement, rating_value, rating_label, notes,
                  bool(changed), choice)


def plan_of(row: Sequence[Any]) -> PlanEntry:
    return PlanEntry(*row)


def chunks(submission_ids: Iterable[int]) -> list[list[int]]:
    """The ids, each once and sorted, in lists of at most IN_CHUNK."""
    ids = sorted(set(submission_ids))
    return [ids[start:start + IN_CHUNK] for start in range(0, len(ids), IN_CHUNK)]


__all__ = ["ANSWER_COLUMNS", "ANSWER_ORDER", "IDS", "IN_CHUNK", "PERSON_COLUMNS", "PLAN_COLUMNS", "PLAN_ORDER",
           "SUBMISSION_COLUMNS", "answer_of", "chunks", "person_of", "plan_of", "submission_of"]
