"""A new store is created at the newest schema without Alembic (formkit.store.engine): its tables
must be exactly those the migrations make, on both backends, or a store would differ by how it
was first opened."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from migrate import migrate
from sqlalchemy import create_engine, inspect, text

from formkit.store import open_store
from formkit.store.engine import SCHEMA_HEAD


def _schema(url: str) -> dict[str, Any]:
    """Every table as the database describes it: columns (type, nullability, default), primary
    key, foreign keys, unique constraints and indexes."""
    engine = create_engine(url)
    try:
        seen = inspect(engine)
        tables = {}
        for name in sorted(seen.get_table_names()):
            tables[name] = {
                "columns": [(c["name"], str(c["type"]), c["nullable"], c.get("default"))
                            for c in seen.get_columns(name)],
                "primary": (seen.get_pk_constraint(name)["constrained_columns"], seen.get_pk_constraint(name)["name"]),
                "foreign": sorted((f["constrained_columns"], f["referred_table"], f["referred_columns"])
                                  for f in seen.get_foreign_keys(name)),
                "unique": sorted((u["column_names"], u["name"]) for u in seen.get_unique_constraints(name)),
                "indexes": sorted((i["name"], i["column_names"], i["unique"]) for i in seen.get_indexes(name)),
            }
        with engine.connect() as connection:
            tables["version"] = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        return tables
    finally:
        engine.dispose()


def _migrated(url: str) -> None:
    """The store made the other way: every migration from an empty database, by Alembic."""
    migrate(url, "upgrade", "head")


@contextmanager
def _second_database(store_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if "://" not in store_url:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    from pgserver import fresh_database

    with fresh_database(request.getfixturevalue("pg_admin_url")) as url:
        yield url


def test_a_new_store_has_the_tables_the_migrations_make(store_url: str, tmp_path: Path,
                                                         request: pytest.FixtureRequest) -> None:
    open_store(store_url).close()
    created = _schema(store_url if "://" in store_url else f"sqlite:///{store_url}")
    with _second_database(store_url, tmp_path, request) as other:
        _migrated(other)
        migrated = _schema(other)
    assert created["version"] == [(SCHEMA_HEAD,)]
    assert set(created) == set(migrated)
    for table in migrated:
        assert created[table] == migrated[table], table


def test_a_new_store_is_made_without_alembic_and_an_old_one_is_upgraded_by_it(tmp_path: Path) -> None:
    """Alembic stays unloaded for a new store; a store at an older revision is still upgraded by
    the migrations (here one made by r0001 alone: the tallies and the source column come)."""
    code = ("import sys; from formkit.store import open_store; open_store(sys.argv[1]).close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')[:1])")
    new = tmp_path / "new.db"
    out = subprocess.run([sys.executable, "-c", code, str(new)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    old = tmp_path / "old.db"
    migrate(str(old), "upgrade", "r0001")
    out = subprocess.run([sys.executable, "-c", code, str(old)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['alembic']"
    assert _schema(f"sqlite:///{old}") == _schema(f"sqlite:///{new}")
