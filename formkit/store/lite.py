"""Writing forms into an SQLite answer store with Python's own sqlite3, for `collect --db` and
`scan --db`.

Importing SQLAlchemy costs about a quarter of a second of CPU, a quarter of a millisecond a form
when `collect --db` stores 1,000 forms, spent while the reading workers need both cores. When the
store is an SQLite file at this formkit's schema, or a new one, :func:`open_writer` opens it here
instead: the same statements (compiled from :mod:`formkit.store.writes` into
:mod:`formkit.store.writes_sqlite`), the same :class:`~formkit.store.ingest.Ingester`, the same
one-line errors. A new store gets the same tables SQLAlchemy would make (``metadata.create_all``,
compiled ahead of time), made in one transaction, the file created owner-only first.

Anything else goes the usual way, through :func:`formkit.store.open_store`: a PostgreSQL URL; a
store made by an older formkit (Alembic migrates it first); one a newer formkit made (refused
there, with its message); a damaged file, or a database with other tables (the usual path says
what is wrong). The schema check is Alembic's own record, one row compared with SCHEMA_HEAD.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import engine, writes_sqlite
from .driver import Driver, DriverError
from .sqlitefile import SqliteFile

if TYPE_CHECKING:
    from ..catalog.model import Catalog
    from .ingest import Ingester


class LiteStore(SqliteFile):
    """An SQLite store at head, open for ingesting (:meth:`ingester`). A context manager."""

    def ingester(self, catalog: Catalog) -> Ingester:
        """As :meth:`formkit.store.store.Store.ingester`: ``add`` each Storable, then ``finish()``."""
        from .ingest import Ingester

        return Ingester(self, catalog, target=self.target)

    def where(self) -> str:
        """The store as the closing line names it (as SQLAlchemy's URL of the same file reads)."""
        return f"sqlite:///{self.path}"

    @contextmanager
    def transaction(self) -> Iterator[Driver]:
        """One write transaction, begun by taking the write lock (waiting as the usual path waits
        for another writer), committed at the end, rolled back on any error."""
        driver = Driver(self.connection.cursor(), writes_sqlite.STATEMENTS, sqlite3, "sqlite")
        try:
            driver.execute("BEGIN IMMEDIATE", ())
            yield driver
            driver.execute("COMMIT", ())
        finally:
            if self.connection.in_transaction:
                self.connection.rollback()
            driver.close()


def open_writer(target: str | Path) -> Any:
    """What ``collect --db`` stores into: a :class:`LiteStore` on an SQLite file at this formkit's
    schema (or a new one), else :func:`formkit.store.open_store` (migrated, refused or explained as
    on every open). Either has ``ingester``, ``where`` and ``close``, and is a context manager."""
    if not engine.is_url(target):
        store = _at_head(Path(target))
        if store is not None:
            return store
    from .store import open_store

    return open_store(target)


def _at_head(path: Path) -> LiteStore | None:
    """``path`` opened when it is an SQLite store at SCHEMA_HEAD or an empty (new) file, made a
    store at head; None when the usual path must open it. A store locked by another program is
    said here, after the same wait as the usual path."""
    path = engine.sqlite_file(path)  # created owner-only; a folder or a missing folder is said here
    try:
        connection = sqlite3.connect(path, timeout=engine.LOCK_WAIT_SECONDS, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        connection.execute("PRAGMA foreign_keys=ON")  # as formkit.store.engine sets on every connection
        connection.execute("PRAGMA secure_delete=ON")
        if _version(connection) == [(engine.SCHEMA_HEAD,)] or _created(connection):
            return LiteStore(path, connection)
    except sqlite3.Error as exc:
        connection.close()
        if "locked" in str(exc).lower():
            raise (engine.database_error(DriverError(exc, operational=True), path) or exc) from None
        return None
    connection.close()
    return None


def _version(connection: sqlite3.Connection) -> list[Any]:
    """Alembic's record of the schema; [] when there is none (a new, empty file)."""
    try:
        return connection.execute(engine.VERSION_SQL).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise


def _created(connection: sqlite3.Connection) -> bool:
    """The newest schema and its version row made in an empty database, in one transaction. When it
    has tables already: True if they are a store at head (another formkit made it meanwhile), else
    False, with nothing done (an older store, or tables that are not ours: the usual path's)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            return _version(connection) == [(engine.SCHEMA_HEAD,)]
        for statement in writes_sqlite.SCHEMA:
            connection.execute(statement)
        connection.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (engine.SCHEMA_HEAD,))
        connection.execute("COMMIT")
        return True
    finally:
        if connection.in_transaction:
            connection.rollback()


__all__ = ["LiteStore", "open_writer"]
