"""The statements of an ingest, run by name on the database driver's own cursor.

SQLAlchemy's ``Connection.execute`` of an already compiled statement cost about 25 µs a call
here, three times the driver's own work for these small statements, and every form made several
of them. The SQL is still SQLAlchemy's (formkit.store.writes: compiled once per backend, or ahead
of time for SQLite into formkit.store.writes_sqlite, so that formkit.store.lite runs it without
importing SQLAlchemy at all). A driver error is raised as :class:`DriverError`, which
formkit.store.engine.translated words as it words SQLAlchemy's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Compiled = Mapping[str, tuple[str, tuple[str, ...]]]  # name -> (SQL, positional parameters' names, if positional)
_COMPILED: dict[tuple[str, str], Compiled] = {}  # per SQLAlchemy dialect and driver, compiled at first use


class DriverError(Exception):
    """A database driver's error (``orig``); ``operational``: the driver's OperationalError
    (locked, unreachable, cannot open), as SQLAlchemy would have classed it."""

    def __init__(self, orig: BaseException, operational: bool) -> None:
        super().__init__(str(orig))
        self.orig, self.operational = orig, operational


class Driver:
    """One DB-API cursor in a transaction, and the named statements to run on it."""

    def __init__(self, cursor: Any, statements: Compiled, dbapi: Any, backend: str) -> None:
        self.cursor, self.statements, self.dbapi, self.backend = cursor, statements, dbapi, backend
        self.mark = "?" if dbapi.paramstyle == "qmark" else "%s"

    @classmethod
    def on(cls, connection: Any) -> Driver:
        """A driver on a SQLAlchemy connection's DB-API connection, in its transaction."""
        dialect = connection.dialect
        statements = _COMPILED.get((dialect.name, dialect.driver))
        if statements is None:
            from .writes import compiled_for

            statements = _COMPILED[(dialect.name, dialect.driver)] = compiled_for(dialect)
        return cls(connection.connection.dbapi_connection.cursor(), statements, dialect.loaded_dbapi, dialect.name)

    def rows(self, name: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """All rows of the SELECT ``name`` (``params`` by the names of its bind parameters)."""
        self.run(name, params)
        return list(self.cursor.fetchall())

    def rows_in(self, name: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
        """All rows of a SELECT whose one parameter is an expanding list, given ``values``."""
        sql, _names = self.statements[name]
        head, _, tail = sql.partition("__[POSTCOMPILE_")
        sql = head + ", ".join([self.mark] * len(values)) + tail.partition("]")[2]
        self.execute(sql, tuple(values))
        return list(self.cursor.fetchall())

    def run(self, name: str, params: Mapping[str, Any]) -> None:
        sql, names = self.statements[name]
        self.execute(sql, tuple(params[n] for n in names) if self.mark == "?" else dict(params))

    def insert(self, name: str, params: Mapping[str, Any]) -> int:
        """Run the INSERT ``name``; the new row's id: SQLite's last rowid, else what it RETURNs."""
        self.run(name, params)
        if self.backend == "sqlite":
            return int(self.cursor.lastrowid)
        return int(self.cursor.fetchone()[0])

    def execute(self, sql: str, values: Any, many: bool = False) -> None:
        """Run SQL text (``many``: once per parameter set in ``values``)."""
        try:
            if many:
                self.cursor.executemany(sql, values)
            else:
                self.cursor.execute(sql, values)
        except self.dbapi.Error as exc:
            raise DriverError(exc, isinstance(exc, self.dbapi.OperationalError)) from None

    def quote(self, name: str) -> str:
        """An identifier as both SQLite and PostgreSQL read it, whatever the word ("row" is one)."""
        return '"' + name.replace('"', '""') + '"'

    def close(self) -> None:
        self.cursor.close()


__all__ = ["Driver", "DriverError"]
