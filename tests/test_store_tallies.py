"""The cohort tallies (formkit.store.tallies) kept at ingest are the tallies recounted from the rows,
on SQLite and PostgreSQL: after forms in several batches, changed re-submissions (in the same batch
and a later one, one moving to another program), and `forget`; the cohort counts they give are
the counts of the rows one by one; a store made before the tallies is upgraded and counted; and
`formkit collect --db` reads each form once."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fakestore import counts_from_rows
from storehistory import ingest_history
from sqlalchemy import select

from formkit.catalog.effective import effective_catalog
from formkit.store import open_store
from formkit.store.counts import cohort_counts
from formkit.store.schema import rating_tallies, support_tallies
from formkit.store.recount import rebuild

CATALOG = effective_catalog(())
FILTERS = ({}, {"program": "north"}, {"supervisor": "Lee Park"}, {"round": "followup"},
           {"program": "South", "round": "baseline"})


def _tallies(store: Any) -> list[set[tuple[Any, ...]]]:
    with store.engine.connect() as connection:
        return [set(connection.execute(select(table)).all()) for table in (rating_tallies, support_tallies)]


def _recounted(store: Any) -> list[set[tuple[Any, ...]]]:
    with store.engine.begin() as connection:
        rebuild(connection)
    return _tallies(store)


def _by_rows(store: Any, **filters: str) -> Any:
    subs = store.submissions(**filters)
    ids = [s.submission_id for s in subs]
    return counts_from_rows(subs, store.answers(ids), store.plans(ids), **filters)


def test_tallies_kept_at_ingest_are_the_recount(store_url: str) -> None:
    with open_store(store_url) as store:
        ingest_history(store)
        assert len(store.submissions(latest_only=False)) > len(store.submissions())  # re-submissions are there
        kept = _tallies(store)
        assert kept[0] and kept == _recounted(store)
        for filters in FILTERS:
            assert cohort_counts(store, **filters) == _by_rows(store, **filters), filters
        for person in store.people()[:3]:
            store.forget(person.person_id)
        kept = _tallies(store)
        assert kept == _recounted(store)
        assert cohort_counts(store) == _by_rows(store)


def test_a_store_made_before_the_tallies_is_upgraded_and_counted(store_url: str) -> None:
    """A store at the first schema (as formkit made it before the tallies), with forms in it, opened
    by this formkit: the migration adds the tallies, counted from the rows already there."""
    from migrate import migrate
    from sqlalchemy import inspect

    from formkit.store.engine import open_engine

    if "://" not in store_url:
        open_engine(store_url).dispose()  # an owner-only file, as formkit makes it
        url = f"sqlite:///{store_url}"
    else:
        url = store_url
    with open_store(store_url) as store:
        ingest_history(store)
        expected = {repr(f): _by_rows(store, **f) for f in FILTERS}
    engine = migrate(url, "downgrade", "r0001")  # back to the first schema: the tallies are dropped
    assert "rating_tallies" not in inspect(engine).get_table_names()
    engine.dispose()
    with open_store(store_url) as store:
        for filters in FILTERS:
            assert cohort_counts(store, **filters) == expected[repr(filters)], filters


def test_collect_db_reads_each_form_once(tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import formkit.collect as collect_module
    from formkit.documents.selfassess import render_category
    from formkit.pdfform.fill import fill_form

    blank = render_category(CATALOG, CATALOG.categories[0])
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.pdf").write_bytes(fill_form(blank, {"name": f"Peer {i}", "program": "North",
                                                            "round": "baseline", "CC1_1_rating": "3"}))
    reads: list[str] = []
    real = collect_module._read_one

    def counted(path: Path, catalog: Any, *args: Any) -> Any:
        reads.append(path.name)
        return real(path, catalog, *args)

    monkeypatch.setattr(collect_module, "_read_one", counted)
    result = invoke("collect", str(folder), "-o", str(tmp_path / "out"), "--db")
    assert result.exit_code == 0, result.output
    assert "Stored 3 forms" in result.output
    assert sorted(reads) == ["0.pdf", "1.pdf", "2.pdf"]
    with open_store(tmp_path / "out" / "formkit.db") as store:
        assert sorted(p.name for p in store.people()) == ["Peer 0", "Peer 1", "Peer 2"]
        assert [g.people for g in cohort_counts(store).groups] == [3]
    # each form is kept by the sha256 of its file's bytes: the bytes read once, hashed as read
    with closing(sqlite3.connect(tmp_path / "out" / "formkit.db")) as db:
        stored = db.execute("SELECT source_file, content_hash FROM submissions").fetchall()
    assert sorted((Path(file).name, digest) for file, digest in stored) == \
        [(f"{i}.pdf", hashlib.sha256((folder / f"{i}.pdf").read_bytes()).hexdigest()) for i in range(3)]


def test_a_store_at_the_newest_schema_opens_without_alembic(tmp_path: Path) -> None:
    """Opening a store already at this formkit's schema is one query: Alembic (a fifth of a second of
    CPU to import, most of what a `formkit report person` run paid for opening the store) stays
    unloaded. SCHEMA_HEAD must name Alembic's head, or every open would upgrade."""
    import subprocess
    import sys

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from formkit.store.engine import MIGRATIONS, SCHEMA_HEAD

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert SCHEMA_HEAD == ScriptDirectory.from_config(config).get_current_head()
    db = tmp_path / "formkit.db"
    open_store(db).close()  # made and migrated (Alembic runs here)
    code = ("import sys; from formkit.store import open_store; s = open_store(sys.argv[1]); s.people(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
