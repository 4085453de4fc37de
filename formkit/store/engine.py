"""Opening the store: a path or URL in, an upgraded SQLAlchemy engine out, or one plain line why not.

An SQLite file is created owner-only (0600) before SQLite touches it, so answers about named
people are never readable by others on a shared machine; its journal takes the same mode.
Every failure a user can meet here (a damaged file, a locked or unreachable database, a
database a newer formkit made) becomes a :class:`FormkitError` naming the store and the fix.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core.errors import FormkitError

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_WAIT_SECONDS = 10  # how long a write waits for another formkit to finish before saying so
CONNECT_SECONDS = 10  # PostgreSQL: how long to try reaching the server
DEFAULT_NAME = "formkit.db"
# Alembic keeps its running migration in module globals (alembic.context, alembic.op), and SQLite
# runs DDL outside a transaction: two threads opening a new store at once (two forms finished on
# `formkit serve` together) crashed, and could leave tables without a version row, refusing every
# later open. One migration per process at a time.
_MIGRATE_LOCK = threading.Lock()


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def shown(target: str | Path) -> str:
    """The store as the user may see it in a message: a URL without its password."""
    if not is_url(target):
        return str(target)
    from sqlalchemy.engine import make_url

    try:
        return make_url(str(target)).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is reported by open_engine
        return str(target).split("@")[-1]


def open_engine(target: str | Path) -> Any:
    """An engine on ``target`` (an SQLite path, or a sqlite:// or postgresql+psycopg:// URL),
    migrated to the newest schema this formkit knows."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    url_text = str(target) if is_url(target) else f"sqlite:///{sqlite_file(Path(target))}"
    try:
        url = make_url(url_text)
    except ArgumentError:
        raise FormkitError("is not a database URL", path=shown(target), hint=URL_HINT) from None
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            sqlite_file(Path(url.database))
        args: dict[str, Any] = {"timeout": LOCK_WAIT_SECONDS}
    elif url.get_backend_name() == "postgresql":
        args = {"connect_timeout": CONNECT_SECONDS}
    else:
        raise FormkitError(f"formkit stores answers in SQLite or PostgreSQL, not {url.get_backend_name()}",
                           path=shown(target), hint=URL_HINT)
    try:
        engine = create_engine(url, connect_args=args)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise FormkitError(f"cannot use this database URL ({exc})", path=shown(target), hint=URL_HINT) from None
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with _MIGRATE_LOCK, translated(target):
            _migrate(engine, target)
    except BaseException:
        engine.dispose()  # no connection left open behind the error
        raise
    return engine


URL_HINT = ("Give a file path (an SQLite store), or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE for a "
            "shared PostgreSQL store")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys checked, and deleted rows overwritten (``people forget`` leaves nothing to undelete)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def sqlite_file(path: Path) -> Path:
    """``path``, created empty and owner-only if it does not exist yet (SQLite then fills it)."""
    if path.is_dir():
        raise FormkitError("is a folder, not a database file", path=str(path),
                           hint=f"Name a file, e.g. {path / DEFAULT_NAME}")
    if not path.parent.is_dir():
        raise FormkitError("the folder for the database does not exist", path=str(path),
                           hint="Create the folder first, or name a database file in an existing one")
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    return path


SCHEMA_HEAD = "r0004"  # the newest migration in migrations/versions (a test checks it is Alembic's head)
VERSION_SQL = "SELECT version_num FROM alembic_version"  # Alembic's record of the schema a store is at


def _at_head(engine: Any) -> bool:
    """True when the store's schema is this formkit's newest: one query, and Alembic (about 0.2 s
    of CPU to import, more than a person report's queries) is not loaded at all."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as connection:
            rows = connection.execute(text(VERSION_SQL)).all()
    except DBAPIError:  # no such table (a new store), or a damaged one: _migrate says which
        return False
    return [tuple(row) for row in rows] == [(SCHEMA_HEAD,)]


def _migrate(engine: Any, target: str | Path) -> None:
    """Upgrade the schema to head; refuse a database a newer formkit made (its tables may mean more)."""
    if _at_head(engine) or _created_at_head(engine):
        return
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    known = {rev.revision for rev in script.walk_revisions()}
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
        newer = [rev for rev in current if rev not in known]
        if newer:
            raise FormkitError(f"this answer store was made by a newer formkit (schema {newer[0]})",
                               path=shown(target), hint="Upgrade formkit (pip install -U formkit) to open it")
        if set(current) != {script.get_current_head()}:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def _created_at_head(engine: Any) -> bool:
    """An empty database (a new store) gets the newest schema from formkit.store.schema and Alembic's
    version row, in one transaction, without importing Alembic (about 0.2 s of CPU: a fifth of a
    millisecond a form when `collect --db` fills a new store with 1,000 forms). False, and nothing
    done, when the database has tables already: those are upgraded by the migrations. A test checks
    that both ways give the same tables, columns, keys and indexes, on SQLite and PostgreSQL."""
    from sqlalchemy import inspect

    from .schema import metadata, schema_version

    with engine.begin() as connection:
        if inspect(connection).get_table_names():
            return False
        metadata.create_all(connection, checkfirst=False)
        schema_version.create(connection)
        connection.execute(schema_version.insert().values(version_num=SCHEMA_HEAD))
    return True


@contextmanager
def translated(target: str | Path) -> Iterator[None]:
    """Database errors a user can fix, as one FormkitError line naming the store and the fix."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - anything not a database's error goes on as it was
        error = database_error(exc, target)
        if error is None:
            raise
        raise error from None


def database_error(exc: BaseException, target: str | Path) -> FormkitError | None:
    """``exc`` as the user's one line, when it is a database's error (the driver's, through
    formkit.store.driver, or SQLAlchemy's); None for anything else. SQLAlchemy is not imported
    here: where it was never loaded, none of its errors can have been raised."""
    from .driver import DriverError

    if isinstance(exc, DriverError):
        orig, operational = exc.orig, exc.operational
    else:
        sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
        if sqlalchemy_errors is None or not isinstance(exc, sqlalchemy_errors.DBAPIError):
            return None
        orig, operational = exc.orig or exc, isinstance(exc, sqlalchemy_errors.OperationalError)
    reason = (str(orig).strip().splitlines() or [orig.__class__.__name__])[0]
    if operational:
        return FormkitError(operational_message(reason), path=shown(target), hint=operational_hint(reason))
    if "not a database" in reason or "malformed" in reason:
        return FormkitError("is damaged or not a formkit answer store", path=shown(target), hint=DAMAGED_HINT)
    return FormkitError(f"the database refused the change ({reason})", path=shown(target),
                        hint="Nothing was stored from the file being written; try again")


DAMAGED_HINT = ("Restore the store from a backup, or name a new file with --db (collect the forms again "
                "to refill it); formkit did not change this file")


def operational_message(reason: str) -> str:
    """What went wrong, from the database driver's own first line (SQLAlchemy's or sqlite3's)."""
    low = reason.lower()
    if "locked" in low:
        return f"the database is locked by another program (waited {LOCK_WAIT_SECONDS} s)"
    if "not a database" in low or "malformed" in low:
        return "is damaged or not a formkit answer store"
    if "unable to open" in low or "readonly" in low or "read-only" in low:
        return f"cannot open the database file for writing ({reason})"
    return f"cannot reach the database ({reason})"


def operational_hint(reason: str) -> str:
    """The fix for :func:`operational_message`'s problem."""
    low = reason.lower()
    if "locked" in low:
        return "Wait for the other formkit (or program holding the file) to finish, then run the command again"
    if "not a database" in low or "malformed" in low:
        return DAMAGED_HINT
    if "unable to open" in low or "readonly" in low or "read-only" in low:
        return "Check the file's and its folder's permissions"
    return "Check that the server is running, the host, port, user and password in the URL, and the network"
