"""The --db option and the store helpers `collect`, `scan` and `people` share."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ...store.ingest import Ingester

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_STORE = os.path.join("collected", "formkit.db")  # beside collect's default output


def store_target(db: str | None, out_dir: str | None = None) -> str:
    """The store named by --db: a URL or path as given, else formkit.db beside collect's output
    (``--db`` with no value), else $FORMKIT_DB, else collected/formkit.db."""
    if db:
        return db
    if out_dir is not None:
        return os.path.join(out_dir, "formkit.db")
    return os.environ.get("FORMKIT_DB") or DEFAULT_STORE


def existing_store(target: str) -> Any:
    """Open a store that must exist already (listing or forgetting must not create an empty one)."""
    from ...store import open_store

    _must_exist(target)
    return open_store(target)


def existing_reader(target: str) -> Any:
    """A store that must exist, opened for a person's report: read with sqlite3 when it is an SQLite
    file at this formkit's schema (no SQLAlchemy), else opened as :func:`existing_store` does."""
    from ...store.sqlitereader import open_reader

    _must_exist(target)
    return open_reader(target)


def _must_exist(target: str) -> None:
    from ...core.errors import FormkitError
    from ...store.engine import is_url

    if not is_url(target) and not Path(target).exists():
        raise FormkitError("no answer store here", path=target,
                           hint="Run formkit collect FILES --db first, or name the store with --db PATH-OR-URL")


def people_db_option(func: F) -> F:
    return click.option("--db", "db", metavar="PATH-OR-URL", default=None,
                        help=f"The answer store: an SQLite file or a postgresql+psycopg:// URL "
                             f"(default: $FORMKIT_DB, else {DEFAULT_STORE}).")(func)


# -- shared by `collect` and `scan` (both read forms, both may store them) --
def checked_before_reading(catalog, board_name: str | None, report: bool):  # type: ignore[no-untyped-def]
    """The board profile (a wrong name or a bad profile: one line and exit 2) and, for --report, the
    reports' wording, fonts and logo: checked before any form is read. Returns the letterhead."""
    if board_name is not None:
        from ...context.boards import resolve_board

        resolve_board(catalog, board_name)
    if not report:
        return None
    from ...context import resolve
    from ...documents.letterhead import letterhead

    return letterhead(resolve(catalog, ["reports"]))


def open_output_store(db: str, out_dir: str):  # type: ignore[no-untyped-def]
    """The store --db names (formkit.db in the output folder when it names none), opened now for
    storing forms (formkit.store.lite: an SQLite store without loading SQLAlchemy)."""
    from ...store.lite import open_writer

    target = store_target(db or None, out_dir)
    if not db:
        os.makedirs(out_dir, exist_ok=True)
    return open_writer(target)


class OutputStore:
    """The store ``collect --db`` names (formkit.db in the output folder when it names none),
    opened by :meth:`open` once the reading workers have started.

    Why then: importing SQLAlchemy and making a new store's tables take 0.3 s of the parent's CPU,
    which ran before any form was read; now they run beside the reading, and the workers fork from
    a parent without them. A bad store still stops the run before any output is written or any
    answer stored (collect's outputs are staged until the end), with the same one-line error.
    """

    def __init__(self, db: str, out_dir: str, catalog: Any) -> None:
        self.db, self.out_dir, self.catalog = db, out_dir, catalog
        self.store: Any = None
        self.ingester: Ingester | None = None

    def open(self) -> None:
        self.store = open_output_store(self.db, self.out_dir)
        self.ingester = self.store.ingester(self.catalog)


def store_finished(store: Any, ingester: Ingester, told: set[tuple[str, str]]) -> tuple[str, int]:
    """Store the last forms and say why a form was not stored: (the closing line, the number not stored)."""
    with store:
        result = ingester.finish()
        where = store.where()
    for kind, pairs in (("Warning", result.warnings), ("Not stored", result.failures)):
        for file, text in pairs:
            if (file, text) not in told:
                click.echo(f"{kind}: {file}: {text}", err=True)
    return (f"Stored {len(result.added)} forms in {where} ({len(result.new_versions)} of them new versions); "
            f"{len(result.skipped_same_hash)} already stored; {len(result.failures)} not stored."), len(result.failures)
