"""The few one-row statements of each ingested form (find the person, add the person and the
submission), run on the database driver's own cursor.

SQLAlchemy's ``Connection.execute`` of an already compiled statement cost about 25 µs a call
here, three times the driver's own work for these small statements, and every form made three of
them. The SQL is still SQLAlchemy's (each statement compiled once for the dialect, so quoting
and parameter style are its), the statements run in the connection's transaction, and a driver
error is raised as SQLAlchemy's DBAPIError, so formkit.store.engine.translated words it as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class Driver:
    """One connection's cursor, for statements compiled once each (:meth:`rows`, :meth:`insert`)."""

    def __init__(self, connection: Any) -> None:
        self.dialect = connection.dialect
        self.cursor = connection.connection.dbapi_connection.cursor()
        self.error = self.dialect.loaded_dbapi.Error
        self.compiled: dict[tuple[int, str | None], tuple[Any, str, Sequence[str] | None]] = {}

    def rows(self, statement: Any, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """All rows of a SELECT (``params`` by the names of its bind parameters)."""
        self._run(statement, params)
        return list(self.cursor.fetchall())

    def insert(self, statement: Any, params: Mapping[str, Any], key: str | None = None) -> Any:
        """Run an INSERT of ``params``' columns; with ``key``, the new row's value of that
        (autoincrement) column: SQLite's last rowid, RETURNING on PostgreSQL."""
        returning = key if key is not None and self.dialect.name != "sqlite" else None
        self._run(statement, params, tuple(params), returning)
        if returning is not None:
            return self.cursor.fetchone()[0]
        return self.cursor.lastrowid if key is not None else None

    def close(self) -> None:
        self.cursor.close()

    def _run(self, statement: Any, params: Mapping[str, Any], columns: tuple[str, ...] = (),
             returning: str | None = None) -> None:
        sql, names = self._compiled(statement, columns, returning)
        values: Any = tuple(params[name] for name in names) if names is not None else dict(params)
        try:
            self.cursor.execute(sql, values)
        except self.error as exc:
            from sqlalchemy.exc import DBAPIError

            raise DBAPIError.instance(sql, values, exc, self.error) from None

    def _compiled(self, statement: Any, columns: tuple[str, ...],
                  returning: str | None) -> tuple[str, Sequence[str] | None]:
        """The SQL text, and the order of its parameters when the driver's style is positional.
        Compiled at a statement's first use; an INSERT always gets the same columns."""
        found = self.compiled.get((id(statement), returning))
        if found is None or found[0] is not statement:
            shown = statement.returning(statement.table.c[returning]) if returning else statement
            compiled = shown.compile(dialect=self.dialect, column_keys=list(columns) or None)
            names = list(compiled.positiontup) if compiled.positional else None
            found = self.compiled[(id(statement), returning)] = (statement, compiled.string, names)
        return found[1], found[2]


__all__ = ["Driver"]
