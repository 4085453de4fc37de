"""An sqlite3 connection to a store file, closed with the object that holds it: the person report's
reader (formkit.store.sqlitereader) and collect's writer (formkit.store.lite), which both work on
an SQLite store at this formkit's schema without SQLAlchemy."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType
from typing import Self


class SqliteFile:
    """``connection`` to the store at ``path``; a context manager that closes it."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path, self.target = path, str(path)
        self.connection = connection

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()


__all__ = ["SqliteFile"]
