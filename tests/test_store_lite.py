"""`collect --db` writes an SQLite store with Python's own sqlite3 (formkit.store.lite), without
importing SQLAlchemy: the statements are SQLAlchemy's, compiled ahead of time, and a store written
that way must be the store SQLAlchemy writes, row for row, table for table."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from migrate import migrate
from storehistory import CATALOG, form, ingest_history

from formkit.store import open_store, writes_sqlite
from formkit.store.engine import SCHEMA_HEAD
from formkit.store.lite import LiteStore, open_writer
from formkit.store.storable import Storable

STAMPS = {"ingested_at", "created_at"}  # when a row was written: the only columns two runs may differ in


def _dump(db: Path) -> dict[str, Any]:
    """Every table's rows, sorted, without the write times; and the schema as SQLite keeps it."""
    with closing(sqlite3.connect(db)) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dump: dict[str, Any] = {"schema": sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))}
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            keep = [i for i, column in enumerate(cursor.description) if column[0] not in STAMPS]
            dump[table] = sorted(tuple(row[i] for i in keep) for row in cursor)
    return dump


def _renamed(serial: int, name: str, supervisor: str, rater: str = "self") -> Storable:
    """A form carrying a person_id (as carried-forward forms do), with the name spelt ``name``."""
    base = form(random.Random(serial), 1, "followup", rater, "North", 1000 + serial)
    return Storable(**{**base.__dict__, "identity": {**base.identity, "person_id": "p-carried", "name": name,
                                                     "supervisor": supervisor}})


def test_the_compiled_statements_are_what_sqlalchemy_compiles() -> None:
    from formkit.store import writes

    assert writes.module_text() == Path(writes_sqlite.__file__).read_text(encoding="utf-8"), \
        "run: python -m formkit.store.writes"


def test_both_ways_write_the_same_store(tmp_path: Path) -> None:
    """The same forms (three batches, re-submissions in a batch and across batches, a person whose
    name and supervisor are spelt anew, a form of another catalogue) through sqlite3 and through
    SQLAlchemy: the same tables and rows; the tallies kept are the tallies recounted."""
    from formkit.store.recount import rebuild

    stores = {}
    for way in ("lite", "sqlalchemy"):
        db = tmp_path / f"{way}.db"
        opened = open_writer(db) if way == "lite" else open_store(db)
        assert isinstance(opened, LiteStore) == (way == "lite")
        with opened as store:
            ingest_history(store)
            ingester = store.ingester(CATALOG)
            for serial, (name, supervisor, rater) in enumerate((("Ana Lopez", "Lee Park", "self"),
                                                                ("", "Dana Ruiz", "supervisor"),
                                                                ("ANA  LOPEZ", "", "self"))):
                ingester.add(_renamed(serial, name, supervisor, rater))
            ingester.add(Storable(**{**_renamed(9, "X", "Y").__dict__, "catalog_id": "another", "digest": "f" * 64}))
            report = ingester.finish()
        assert [text for _file, text in report.failures] == [report.failures[0][1]] and "another catalogue" in \
            report.failures[0][1]
        stores[way] = _dump(db)
    assert stores["lite"] == stores["sqlalchemy"]
    assert ("p-carried", "ANA  LOPEZ", "North", "Dana Ruiz") in \
        {row[:4] for row in stores["lite"]["people"]}  # a blank keeps what is stored
    with open_store(tmp_path / "lite.db") as store, store.engine.begin() as connection:
        rebuild(connection)
    assert _dump(tmp_path / "lite.db") == stores["lite"]


def _collect_imports(args: list[str]) -> tuple[int, str, bool]:
    """Run `formkit collect ARGS` in a new Python; (exit code, output, whether SQLAlchemy was imported)."""
    code = ("import sys\nfrom formkit.cli import main\ntry:\n    main()\nexcept SystemExit as exit:\n"
            "    code = exit.code\nprint('SQLALCHEMY', 'sqlalchemy' in sys.modules)\nsys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code, "collect", *args], capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr, "SQLALCHEMY True" in proc.stdout


@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from formkit.documents.selfassess import render_category
    from formkit.pdfform.fill import fill_form

    blank = render_category(CATALOG, CATALOG.categories[0])
    folder = tmp_path_factory.mktemp("returned")
    for i in range(2):
        (folder / f"{i}.pdf").write_bytes(fill_form(blank, {"name": f"Peer {i}", "program": "North",
                                                            "round": "baseline", "CC1_1_rating": "3"}))
    return folder


def test_collect_db_stores_without_sqlalchemy_and_upgrades_an_old_store_with_it(returned: Path,
                                                                                tmp_path: Path) -> None:
    """A new store and a store at head: sqlite3 alone. A store an older formkit made: Alembic
    upgrades it (SQLAlchemy loaded), and the forms are stored in it all the same."""
    new = tmp_path / "new" / "formkit.db"
    new.parent.mkdir()
    for again in (False, True):
        code, output, loaded = _collect_imports([str(returned), "-o", str(tmp_path / f"out-{again}"), "--db",
                                                 str(new)])
        assert code == 0 and not loaded, output
        assert ("2 already stored" if again else "Stored 2 forms") in output, output
    old = tmp_path / "old.db"
    migrate(f"sqlite:///{old}", "upgrade", "r0001")
    code, output, loaded = _collect_imports([str(returned), "-o", str(tmp_path / "out2"), "--db", str(old)])
    assert code == 0 and loaded and "Stored 2 forms" in output, output
    with closing(sqlite3.connect(old)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == \
            [(SCHEMA_HEAD,)]
        assert connection.execute("SELECT count(*) FROM submissions").fetchone() == (2,)


def test_a_store_with_other_tables_is_left_to_the_usual_path(tmp_path: Path) -> None:
    """An SQLite file holding someone else's tables is not made a store here (the usual path says
    what it is); a new empty file is made a store at head, owner-only."""
    theirs = tmp_path / "theirs.db"
    with closing(sqlite3.connect(theirs)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    from formkit.store import lite

    assert lite._at_head(theirs) is None
    made = lite._at_head(tmp_path / "new.db")
    assert made is not None
    made.close()
    assert (tmp_path / "new.db").stat().st_mode & 0o777 == 0o600
