"""Many rows into one table in one round trip per batch: the driver's executemany on a plain
INSERT, prepared once per statement text (sqlite3 and psycopg both keep prepared statements).

SQLAlchemy's Core insert builds a parameter dictionary per row and runs each through its type
processors: for the 62 answers of a booklet that cost more than the database's own work, and
ingesting was held to a few hundred forms a second. The rows here are tuples in the order of
``columns``, already of the database's types (str, int, bool, None).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def insert_many(connection: Any, table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]],
                add_on_conflict: Sequence[str] = ()) -> None:
    """INSERT ``rows``; with ``add_on_conflict``, a row whose primary key is there already adds
    those columns to the stored row instead (SQLite 3.24+ and PostgreSQL share the syntax)."""
    if not rows:
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join([mark] * len(columns))})"
    if add_on_conflict:
        key = ", ".join(quote(c.name) for c in table.primary_key.columns)
        added = ", ".join(f"{quote(c)} = {quote(table.name)}.{quote(c)} + excluded.{quote(c)}" for c in add_on_conflict)
        sql += f" ON CONFLICT ({key}) DO UPDATE SET {added}"
    connection.exec_driver_sql(sql, list(rows))


__all__ = ["insert_many"]
