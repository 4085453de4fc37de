"""The --db option and the store helpers `collect` and `people` share."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

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
    from ...core.errors import FormkitError
    from ...store import open_store
    from ...store.engine import is_url

    if not is_url(target) and not Path(target).exists():
        raise FormkitError("no answer store here", path=target,
                           hint="Run formkit collect FILES --db first, or name the store with --db PATH-OR-URL")
    return open_store(target)


def people_db_option(func: F) -> F:
    return click.option("--db", "db", metavar="PATH-OR-URL", default=None,
                        help=f"The answer store: an SQLite file or a postgresql+psycopg:// URL "
                             f"(default: $FORMKIT_DB, else {DEFAULT_STORE}).")(func)
