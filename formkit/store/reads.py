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

from .records import PLAN, REFLECTION, Answer, Handwriting, Person, PlanEntry, ReflectionEntry, Submission

PERSON_COLUMNS = ("person_id", "name", "program", "supervisor")
SUBMISSION_COLUMNS = ("submission_id", "person_id", "rater", "rater_name", "round", "date", "version", "source_file",
                      "content_hash", "catalog_id", "catalog_version", "fingerprint", "ingested_at", "source")
ANSWER_COLUMNS = ("submission_id", "category_id", "competency_id", "statement", "rating_value", "rating_label",
                  "notes", "statement_changed", "choice")
PLAN_COLUMNS = ("submission_id", "scope", "row", "goal", "steps", "support", "date")
REFLECTION_COLUMNS = ("submission_id", "category_id", "key", "text")
HANDWRITING_COLUMNS = ("submission_id", "section", "owner", "row", "box", "png")
ANSWER_ORDER = ("submission_id", "position")  # by submission, in the order of the form
PLAN_ORDER = ("submission_id", "scope", "row")  # by submission, scope and row
REFLECTION_ORDER = ("submission_id", "category_id", "key")
HANDWRITING_ORDER = ("submission_id", "section", "owner", "row", "box")
PLAN_TEXTS = ("goal", "steps", "support", "date")

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


def handwriting_of(row: Sequence[Any]) -> Handwriting:
    """psycopg gives a bytea as memoryview, sqlite3 a BLOB as bytes: the record holds bytes."""
    submission_id, section, owner, number, box, png = row
    return Handwriting(submission_id, section, owner, number, box, bytes(png))


def plans_of(rows: Iterable[Sequence[Any]], pictures: Iterable[Handwriting]) -> list[PlanEntry]:
    """Plan rows (PLAN_COLUMNS), each with the pictures of its handwritten boxes, whose text (the
    store's "[handwritten]", formkit.store.handwriting) is then given as ""."""
    drawn: dict[tuple[int, str, int], list[tuple[str, bytes]]] = {}
    for picture in pictures:
        if picture.section == PLAN:
            drawn.setdefault((picture.submission_id, picture.owner, picture.row), []).append((picture.box, picture.png))
    out = []
    for submission_id, scope, number, *texts in rows:
        boxes = tuple(drawn.get((submission_id, scope, number), ()))
        shown = {box for box, _png in boxes}
        goal, steps, support, date = ("" if column in shown else str(text) for column, text in zip(PLAN_TEXTS, texts))
        out.append(PlanEntry(submission_id, scope, goal, steps, support, date, boxes))
    return out


def reflections_of(rows: Iterable[Sequence[Any]], pictures: Iterable[Handwriting]) -> list[ReflectionEntry]:
    """Reflections (REFLECTION_COLUMNS), each with its picture when it was written by hand (text "")."""
    drawn = {(p.submission_id, p.owner, p.box): p.png for p in pictures if p.section == REFLECTION}
    out = []
    for submission_id, category_id, key, text in rows:
        png = drawn.get((submission_id, category_id, key))
        out.append(ReflectionEntry(submission_id, category_id, key, "" if png else text, png))
    return out


def chunks(submission_ids: Iterable[int]) -> list[list[int]]:
    """The ids, each once and sorted, in lists of at most IN_CHUNK."""
    ids = sorted(set(submission_ids))
    return [ids[start:start + IN_CHUNK] for start in range(0, len(ids), IN_CHUNK)]


__all__ = ["ANSWER_COLUMNS", "ANSWER_ORDER", "HANDWRITING_COLUMNS", "HANDWRITING_ORDER", "IDS", "IN_CHUNK",
           "PERSON_COLUMNS", "PLAN_COLUMNS", "PLAN_ORDER", "REFLECTION_COLUMNS", "REFLECTION_ORDER",
           "SUBMISSION_COLUMNS", "answer_of", "chunks", "handwriting_of", "person_of", "plans_of", "reflections_of",
           "submission_of"]
