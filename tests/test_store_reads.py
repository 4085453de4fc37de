"""`formkit report person` reads an SQLite store at this formkit's schema with Python's sqlite3
(formkit.store.sqlitereader), not SQLAlchemy: the same statements, the same records, the same
one-line errors; and a store at another schema still goes through SQLAlchemy and Alembic."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import assert_user_error, fresh_cli

from formkit.catalog.effective import effective_catalog
from formkit.runtime import csvout
from formkit.store import open_store, reads_sqlite
from formkit.store.engine import SCHEMA_HEAD
from formkit.store.sqlitereader import SqliteReader, at_head, open_reader
from formkit.store.storable import Storable, answer_kinds, support_scopes

CATALOG = effective_catalog(())
CATEGORY = CATALOG.categories[0]
LABELS = {p.value: p.label for p in CATALOG.scale().choices}


def _form(name: str, round_value: str, rater: str, shift: int, digest: str,
          plans: tuple[tuple[str, int, str, str, str, str], ...] = ()) -> Storable:
    """A form of CATEGORY's competencies rated 1..4 (shifted), the last "not yet had the chance"."""
    answers = []
    for position, k in enumerate(CATEGORY.competencies):
        value = 1 + (position + shift) % 4
        choice, rated, label = (("NA", None, LABELS["NA"]) if position == len(CATEGORY.competencies) - 1
                                else (str(value), value, LABELS[str(value)]))
        answers.append((k.id, position, CATEGORY.id, k.statement, rated, label, choice, f"note {position}",
                        position == 1))
    identity = {"name": name, "program": "Riverbend", "supervisor": "Lee Park", "round": round_value,
                "date": "2026-01-15" if round_value == "baseline" else "2026-06-01", "rater": rater}
    return Storable(f"{digest}.pdf", digest * 64, CATALOG.id, CATALOG.version, CATALOG.fingerprint, "verified",
                    identity, tuple(answers), plans, (), (), (), answer_kinds((a[2], a[4], a[5]) for a in answers),
                    support_scopes((p[0], p[4]) for p in plans))


def _store(db: Path | str) -> str:
    """Ana Lopez: self and supervisor at baseline, self at follow-up sent twice (the second
    replaces the first), plans on two forms; and Ben Ortiz, so a read that leaks shows. Her id."""
    plan = ((CATEGORY.id, 0, "Listen more", "Role play", "Supervision", "2026-03"),
            ("booklet", 0, "Whole booklet", "Read it", "", ""))
    forms = [_form("Ana Lopez", "baseline", "self", 0, "a", plan),
             _form("Ana Lopez", "baseline", "supervisor", 2, "b"),
             _form("Ana Lopez", "followup", "self", 1, "c"),
             _form("Ana Lopez", "followup", "self", 3, "d", plan[:1]),
             _form("Ben Ortiz", "baseline", "self", 1, "e")]
    with open_store(db) as store:
        ingester = store.ingester(CATALOG)
        for form in forms:
            ingester.add(form)
        assert not ingester.finish().failures
        return next(p.person_id for p in store.people() if p.name == "Ana Lopez")


def test_the_sqlite_reader_runs_the_statements_sqlalchemy_runs() -> None:
    """reads_sqlite is what `python -m formkit.store.queries` writes today, and a list of ids is
    expanded as SQLAlchemy expands it."""
    from sqlalchemy.dialects import sqlite

    from formkit.store import queries
    from formkit.store.sqlitereader import POSTCOMPILE

    assert queries.module_text() == Path(reads_sqlite.__file__).read_text(encoding="utf-8"), \
        "run: python -m formkit.store.queries"
    for statement, ours in ((queries.answers_query(), reads_sqlite.ANSWERS),
                            (queries.plans_query(), reads_sqlite.PLANS),
                            (queries.reflections_query(), reads_sqlite.REFLECTIONS),
                            (queries.handwriting_query(), reads_sqlite.HANDWRITING)):
        expanded = statement.params(ids=[7, 8, 9]).compile(dialect=sqlite.dialect(),
                                                           compile_kwargs={"render_postcompile": True})
        assert str(expanded) == ours[0].replace(POSTCOMPILE, "?, ?, ?")


def test_both_readers_give_the_same_records(tmp_path: Path) -> None:
    db = tmp_path / "formkit.db"
    person_id = _store(db)
    reader = at_head(db)
    assert isinstance(reader, SqliteReader)
    with reader, open_store(db) as store:
        assert reader.person(person_id) == store.person(person_id)
        subs = reader.submissions(person_id)
        assert subs == store.submissions(person_id=person_id)
        assert [(s.round, s.rater, s.version) for s in subs] == [("baseline", "self", 1),
                                                                 ("baseline", "supervisor", 1), ("followup", "self", 2)]
        ids = [s.submission_id for s in subs]
        answers = reader.answers(ids)
        assert answers == store.answers(ids) and len(answers) == 3 * len(CATEGORY.competencies)
        assert [repr(a.statement_changed) for a in answers[:3]] == ["False", "True", "False"]  # not SQLite's 0, 1
        assert answers[-1].rating_value is None and answers[-1].choice == "NA"
        assert reader.plans(ids) == store.plans(ids)
        assert reader.reflections(ids) == store.reflections(ids)
        assert reader.handwriting(ids) == store.handwriting(ids)
        assert [(p.scope, p.goal) for p in reader.plans(ids)] == [("CC1", "Listen more"), ("booklet", "Whole booklet"),
                                                                   ("CC1", "Listen more")]


def _report(db: Path, person_id: str, home: Path) -> tuple[set[str], list[dict[str, str]]]:
    """`formkit report person` in a fresh interpreter: the modules it loaded and its CSV's rows."""
    out = home / "reports"
    report = fresh_cli(["report", "person", person_id, "--db", str(db), "-o", str(out)], HOME=str(home))
    assert report["code"] == 0
    csv = next(out.glob("person-Ana-Lopez-*.csv")).read_text(encoding="utf-8")
    rows = list(csvout.reader(csv.splitlines()))
    return set(report["modules"]), [dict(zip(rows[0], row)) for row in rows[1:]]


def test_a_store_at_head_is_reported_without_sqlalchemy(tmp_path: Path) -> None:
    db = tmp_path / "formkit.db"
    person_id = _store(db)
    before = db.read_bytes()
    modules, rows = _report(db, person_id, tmp_path)
    assert sorted(m for m in modules if m.split(".")[0] in ("sqlalchemy", "alembic")) == []
    assert len(rows) == 3 * len(CATEGORY.competencies)
    first, last = rows[0], rows[-1]
    assert (first["round"], first["rater"], first["competency_id"], first["rating_value"]) == \
        ("baseline", "self", CATEGORY.competencies[0].id, "1")
    assert (last["round"], last["rater"], last["rating_value"], last["not_yet"]) == ("followup", "self", "", "yes")
    assert db.read_bytes() == before  # read-only


def test_an_older_store_is_migrated_first(tmp_path: Path) -> None:
    """A store at the schema before this formkit's: the report goes through Alembic, which upgrades
    it, and reads it as the newest schema's store."""
    from migrate import migrate


    db = tmp_path / "formkit.db"
    person_id = _store(db)
    migrate(str(db), "downgrade", "-1")
    assert at_head(db) is None
    modules, rows = _report(db, person_id, tmp_path)
    assert "alembic" in modules
    assert len(rows) == 3 * len(CATEGORY.competencies) and rows[0]["rating_value"] == "1"
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_HEAD,)]


def test_a_newer_store_is_refused(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "formkit.db"
    person_id = _store(db)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'r9999'")
    assert_user_error(invoke("report", "person", person_id, "--db", str(db), "-o", str(tmp_path / "o")),
                      "made by a newer formkit", "Upgrade formkit")
    assert not (tmp_path / "o").exists()


def test_bad_stores_and_an_unknown_person_say_so(tmp_path: Path, invoke,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from formkit.store import engine

    db = tmp_path / "formkit.db"
    person_id = _store(db)
    out = tmp_path / "o"
    assert_user_error(invoke("report", "person", "p-nobody", "--db", str(db), "-o", str(out)),
                      "no person with the id 'p-nobody'", str(db), "formkit people")
    monkeypatch.setattr(engine, "LOCK_WAIT_SECONDS", 0.2)
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = invoke("report", "person", person_id, "--db", str(db), "-o", str(out))
    finally:
        holder.rollback()
        holder.close()
    assert_user_error(result, str(db), "locked by another program", "Wait for")
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database, but someone's file " * 200)
    assert_user_error(invoke("report", "person", person_id, "--db", str(damaged), "-o", str(out)),
                      str(damaged), "damaged or not a formkit answer store", "backup")
    assert damaged.read_bytes() == b"not a database, but someone's file " * 200
    assert not out.exists()


def test_each_kind_of_store_is_read(store_url: str) -> None:
    person_id = _store(store_url)
    with open_reader(store_url) as reader:
        assert isinstance(reader, SqliteReader) == ("://" not in store_url)
        subs = reader.submissions(person_id)
        assert [(s.round, s.rater, s.version) for s in subs][-1] == ("followup", "self", 2)
        assert len(reader.answers([s.submission_id for s in subs])) == 3 * len(CATEGORY.competencies)
