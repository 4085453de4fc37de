"""Many rows into one table in few statements: multi-row ``INSERT ... VALUES (...), (...), ...``
statements of a fixed number of rows, each prepared once (sqlite3 and psycopg both keep prepared
statements), then one more for the rows left over.

SQLAlchemy's Core insert builds a parameter dictionary per row and runs each through its type
processors: for the 62 answers of a booklet that cost more than the database's own work, and
ingesting was held to a few hundred forms a second. The driver's ``executemany`` of one-row
statements (the next step) still paid SQLite's per-statement work for every row (bind, step,
reset, end of statement): a statement of many rows costs about a third less per row
(callgrind, 1,000 booklets). The rows here are tuples in the order of ``columns``, already of the
database's types (str, int, bool, None).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from .driver import Driver

# Parameters per statement: under SQLite's limit before 3.32 (999; 32,766 since) and PostgreSQL's
# (65,535), whatever SQLite the Python in use was built with.
MAX_PARAMETERS = 999


def insert_many(driver: Driver, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]],
                key: Sequence[str] = (), add_on_conflict: Sequence[str] = ()) -> None:
    """INSERT ``rows`` into ``table``; with ``add_on_conflict``, a row whose ``key`` (the table's
    primary key) is there already adds those columns to the stored row instead (SQLite 3.24+ and
    PostgreSQL share the syntax). Rows with the same key must not come twice in one call."""
    if not rows:
        return
    per = max(1, MAX_PARAMETERS // len(columns))
    full = len(rows) - len(rows) % per
    if full:
        driver.execute(_statement(driver, table, columns, per, key, add_on_conflict),
                       [tuple(chain.from_iterable(rows[start:start + per])) for start in range(0, full, per)], many=True)
    if full < len(rows):
        driver.execute(_statement(driver, table, columns, len(rows) - full, key, add_on_conflict),
                       tuple(chain.from_iterable(rows[full:])))


def _statement(driver: Driver, table: str, columns: Sequence[str], count: int, key: Sequence[str],
               add_on_conflict: Sequence[str]) -> str:
    """The INSERT of ``count`` rows, in the driver's own parameter style."""
    quote = driver.quote
    row = f"({', '.join([driver.mark] * len(columns))})"
    sql = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES {', '.join([row] * count)}"
    if add_on_conflict:
        added = ", ".join(f"{quote(c)} = {quote(table)}.{quote(c)} + excluded.{quote(c)}" for c in add_on_conflict)
        sql += f" ON CONFLICT ({', '.join(quote(c) for c in key)}) DO UPDATE SET {added}"
    return sql


__all__ = ["MAX_PARAMETERS", "insert_many"]
