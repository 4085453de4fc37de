"""Reading an SQLite answer store with Python's own sqlite3, for `formkit report person`.

Importing SQLAlchemy took about a billion instructions (a third of a person report's whole
process, which is meant to take under 0.3 s) to run four short queries. When the store is an
SQLite file already at this formkit's schema, :func:`open_reader` reads it here instead: the same
statements (compiled from :mod:`formkit.store.queries` into :mod:`formkit.store.reads_sqlite`),
the same records (:mod:`formkit.store.reads`), the same one-line errors.

Anything else goes the usual way, through :func:`formkit.store.open_store`: a PostgreSQL URL;
a store made by an older formkit (Alembic migrates it first, as on every open); one a newer
formkit made (refused there, with its message); a damaged file or anything this reader cannot
open read-only (the usual path says what is wrong). The schema check is Alembic's own record,
one row compared with SCHEMA_HEAD, so an old store is never read as if it were new.

The connection is read-only (``mode=ro``): a report cannot change the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..core.errors import FormkitError
from . import engine, reads_sqlite
from .reads import answer_of, chunks, handwriting_of, person_of, plans_of, reflections_of, submission_of
from .records import Answer, Handwriting, Person, PlanEntry, ReflectionEntry, Submission
from .sqlitefile import SqliteFile

POSTCOMPILE = "__[POSTCOMPILE_ids]"  # where SQLAlchemy expands the list of ids (reads_sqlite.ANSWERS, PLANS, …)


class SqliteReader(SqliteFile):
    """The person report's reads (:class:`formkit.reports.history.StoreReader`) on an open,
    read-only sqlite3 connection to a store at head. Usable as a context manager."""

    def person(self, person_id: str) -> Person:
        rows = self._rows(reads_sqlite.PERSON, (person_id,))
        if not rows:
            raise FormkitError(f"no person with the id {person_id!r} in this store", path=str(self.target),
                               hint="formkit people lists the ids")
        return person_of(rows[0])

    def submissions(self, person_id: str) -> list[Submission]:
        """The newest version of each of the person's submissions (Store.submissions(person_id=...))."""
        return [submission_of(row) for row in self._rows(reads_sqlite.PERSON_SUBMISSIONS, (person_id,))]

    def answers(self, submission_ids: Iterable[int]) -> list[Answer]:
        return [answer_of(row) for row in self._by_submission(reads_sqlite.ANSWERS, submission_ids)]

    def plans(self, submission_ids: Iterable[int]) -> list[PlanEntry]:
        ids = sorted(set(submission_ids))
        return plans_of(self._by_submission(reads_sqlite.PLANS, ids), self.handwriting(ids))

    def reflections(self, submission_ids: Iterable[int]) -> list[ReflectionEntry]:
        ids = sorted(set(submission_ids))
        return reflections_of(self._by_submission(reads_sqlite.REFLECTIONS, ids), self.handwriting(ids))

    def handwriting(self, submission_ids: Iterable[int]) -> list[Handwriting]:
        return [handwriting_of(row) for row in self._by_submission(reads_sqlite.HANDWRITING, submission_ids)]

    def _rows(self, statement: tuple[str, tuple[str, ...]], values: tuple[Any, ...]) -> list[Any]:
        sql, names = statement
        if len(names) != len(values):  # reads_sqlite written again with another parameter
            raise TypeError(f"{len(names)} parameters ({', '.join(names)}), {len(values)} given")
        return self._run(sql, values)

    def _by_submission(self, statement: tuple[str, tuple[str, ...]], submission_ids: Iterable[int]) -> Iterator[Any]:
        sql, _ = statement
        for chunk in chunks(submission_ids):
            yield from self._run(sql.replace(POSTCOMPILE, ", ".join("?" * len(chunk))), tuple(chunk))

    def _run(self, sql: str, values: tuple[Any, ...]) -> list[Any]:
        try:
            return self.connection.execute(sql, values).fetchall()
        except sqlite3.Error as exc:
            raise _error(exc, self.path) from None


def open_reader(target: str | Path) -> Any:
    """What reads ``target`` for a person's report: a :class:`SqliteReader` on an SQLite file at
    this formkit's schema, else :func:`formkit.store.open_store` (migrated, refused or explained
    as on every open). Either is a context manager with the report's reads."""
    if not engine.is_url(target):
        reader = at_head(Path(target))
        if reader is not None:
            return reader
    from .store import open_store

    return open_store(target)


def at_head(path: Path) -> SqliteReader | None:
    """A reader on ``path`` when it is an SQLite store at SCHEMA_HEAD; None when the usual path
    must open it (older or newer schema, not a store, damaged, cannot be opened read-only).
    A store locked by another program is said here, after the same wait as the usual path."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=engine.LOCK_WAIT_SECONDS)
    except sqlite3.Error:
        return None
    try:
        rows = connection.execute(engine.VERSION_SQL).fetchall()
    except sqlite3.Error as exc:
        connection.close()
        if "locked" in str(exc).lower():
            raise _error(exc, path) from None
        return None
    if rows != [(engine.SCHEMA_HEAD,)]:
        connection.close()
        return None
    return SqliteReader(path, connection)


def _error(exc: sqlite3.Error, target: Path) -> FormkitError:
    """The usual path's one line (formkit.store.engine.translated) for an sqlite3 error."""
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return FormkitError(engine.operational_message(reason), path=str(target), hint=engine.operational_hint(reason))


__all__ = ["SqliteReader", "at_head", "open_reader"]
