"""The answer store on its own, on SQLite and PostgreSQL: who is who, versions, what is refused, and
the one-line errors of a damaged, locked, unreachable or newer store."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import assert_user_error
from fillers import read_layout
from storeforms import blank_form, fill, form_values, with_hidden_field

from formkit.catalog.effective import effective_catalog
from formkit.store import SUPERVISOR, open_store

CATALOG = effective_catalog(())
IDS = [k.id for k in CATALOG.categories[0].competencies]


@pytest.fixture(scope="module")
def blanks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    """Blank CC1 forms with their widget layouts: the self form, the supervisor's, and one with a person_id."""
    folder = tmp_path_factory.mktemp("blanks")
    self_form = blank_form(folder, CATALOG)
    forms = {"self": self_form,
             "supervisor": with_hidden_field(self_form, folder / "sup.pdf", "rater", "supervisor"),
             "p-given": with_hidden_field(self_form, folder / "given.pdf", "person_id", "p-given"),
             "p-other": with_hidden_field(self_form, folder / "other.pdf", "person_id", "p-other")}
    return {key: (path, read_layout(path)) for key, path in forms.items()}


def _form(blanks, dst: Path, name: str = "Ana Lopez", program: str = "Riverbend", round_: str = "baseline",
          choice: str = "3", kind: str = "self", rated: int = 5) -> Path:  # type: ignore[no-untyped-def]
    src, layout = blanks[kind]
    identity = {"name": name, "program": program, "supervisor": "Sam Reyes", "date": "2026-02-01", "round": round_}
    ratings = {cid: choice for cid in IDS[:rated]}
    return fill("pypdf", src, dst, form_values(identity, ratings, plan_goal="Practise reflective listening"),
                layout)


def test_sqlite_store_is_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        open_store(tmp_path / "formkit.db").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "formkit.db").stat().st_mode) == 0o600


def test_ingest_twice_adds_nothing_and_a_change_is_a_new_version(store_url: str, tmp_path: Path, blanks) -> None:  # type: ignore[no-untyped-def]
    first, changed = _form(blanks, tmp_path / "a.pdf"), _form(blanks, tmp_path / "b.pdf", choice="4")
    with open_store(store_url) as store:
        assert store.ingest([first], CATALOG).added == [str(first)]
        again = store.ingest([first], CATALOG)
        assert (again.added, again.skipped_same_hash) == ([], [str(first)])
        newer = store.ingest([changed], CATALOG)
        assert newer.new_versions == [str(changed)]
        every = store.submissions(latest_only=False)
        assert [(s.version, s.source_file) for s in every] == [(1, str(first)), (2, str(changed))]
        assert [s.version for s in store.submissions()] == [2]
        assert {a.rating_value for a in store.answers([every[0].submission_id])} == {3}  # version 1 kept as it was
        assert [p.goal for p in store.last_plan(every[0].person_id)] == ["Practise reflective listening"]


def test_people_matched_by_normalised_name_and_program(store_url: str, tmp_path: Path, blanks) -> None:  # type: ignore[no-untyped-def]
    forms = [_form(blanks, tmp_path / "1.pdf", name="Zoë  Ngata", program="Riverbend"),
             _form(blanks, tmp_path / "2.pdf", name=" zoë ngata", program="RIVERBEND", round_="followup"),
             _form(blanks, tmp_path / "3.pdf", name="Zoë Ngata", program="Hillside")]
    with open_store(store_url) as store:
        report = store.ingest(forms, CATALOG)
        assert len(report.added) == 3
        assert sorted(p.program for p in store.people()) == ["Hillside", "RIVERBEND"]
        assert any("another program" in text for file, text in report.warnings if file == str(forms[2]))


def test_person_id_field_and_ambiguous_names(store_url: str, tmp_path: Path, blanks) -> None:  # type: ignore[no-untyped-def]
    """A person_id on the form decides; two stored people of one name and program are never merged."""
    given = _form(blanks, tmp_path / "g.pdf", name="Kim Lee", kind="p-given")
    other = _form(blanks, tmp_path / "o.pdf", name="Kim Lee", kind="p-other", choice="2")
    plain = _form(blanks, tmp_path / "p.pdf", name="kim lee", round_="followup")
    with open_store(store_url) as store:
        assert len(store.ingest([given, other], CATALOG).added) == 2
        assert sorted(p.person_id for p in store.people()) == ["p-given", "p-other"]
        report = store.ingest([plain], CATALOG)
        assert report.added == [] and len(report.failures) == 1
        assert "p-given, p-other" in report.failures[0][1] and "person_id" in report.failures[0][1]
        assert len(store.submissions(latest_only=False)) == 2


def test_supervisor_form_and_filters(store_url: str, tmp_path: Path, blanks) -> None:  # type: ignore[no-untyped-def]
    forms = [_form(blanks, tmp_path / "s.pdf"), _form(blanks, tmp_path / "v.pdf", kind="supervisor", choice="1"),
             _form(blanks, tmp_path / "h.pdf", name="Other Person", program="Hillside")]
    with open_store(store_url) as store:
        store.ingest(forms, CATALOG)
        rated = store.submissions(rater=SUPERVISOR)
        assert [(s.rater_name, s.source_file) for s in rated] == [("Sam Reyes", str(forms[1]))]
        assert {s.source_file for s in store.submissions(program=" riverbend ")} == {str(forms[0]), str(forms[1])}
        assert len(store.submissions(supervisor="SAM REYES", round="baseline")) == 3
        assert store.submissions(round="followup") == []


def test_another_catalogue_is_refused_and_a_half_filled_form_warned(store_url: str, tmp_path: Path,
                                                                     blanks) -> None:  # type: ignore[no-untyped-def]
    import json

    from conftest import ROOT

    data = json.loads((ROOT / "catalog.json").read_text(encoding="utf-8"))
    data["id"] = "another-catalogue"
    (tmp_path / "other.json").write_text(json.dumps(data), encoding="utf-8")
    other_blank = blank_form(tmp_path / "other", effective_catalog((), str(tmp_path / "other.json")))
    foreign = fill("pypdf", other_blank, tmp_path / "foreign.pdf",
                   form_values({"name": "Ana", "program": "P", "supervisor": "", "date": "", "round": "baseline"},
                               {"CC1.1": "2"}))
    half = _form(blanks, tmp_path / "half.pdf", rated=2)
    with open_store(store_url) as store:
        report = store.ingest([foreign, half], CATALOG)
        assert report.added == [str(half)]
        assert [file for file, _text in report.failures] == [str(foreign)]
        assert "another catalogue (another-catalogue)" in report.failures[0][1]
        assert (str(half), "3 of 5 competencies are not rated (stored as blank)") in report.warnings
        assert len(store.submissions()) == 1


def test_people_command_lists_and_forgets(store_url: str, tmp_path: Path, blanks, invoke) -> None:  # type: ignore[no-untyped-def]
    forms = [_form(blanks, tmp_path / "a.pdf"), _form(blanks, tmp_path / "b.pdf", name="Bo Chen")]
    result = invoke("collect", *map(str, forms), "-o", str(tmp_path / "out"), "--db", store_url)
    assert result.exit_code == 0, result.output
    assert "Stored 2 forms" in result.output
    listed = invoke("people", "--db", store_url)
    rows = [line.split("\t") for line in listed.output.splitlines()[1:] if "\t" in line]
    assert [(r[1], r[2], r[4]) for r in rows] == [("Ana Lopez", "Riverbend", "1"), ("Bo Chen", "Riverbend", "1")]
    gone = invoke("people", "--db", store_url, "forget", rows[0][0])
    assert gone.exit_code == 0 and "removed 5 answers, 1 plans, 0 reflections, 0 handwriting, 1 submissions, 1 people" in gone.output
    assert rows[0][0] not in invoke("people", "--db", store_url).output
    assert_user_error(invoke("people", "--db", store_url, "forget", rows[0][0]), "no person with the id")


def test_collect_db_defaults_to_the_output_folder(tmp_path: Path, blanks, invoke) -> None:  # type: ignore[no-untyped-def]
    form = _form(blanks, tmp_path / "a.pdf")
    result = invoke("collect", str(form), "-o", str(tmp_path / "out"), "--db")
    assert result.exit_code == 0, result.output
    with open_store(tmp_path / "out" / "formkit.db") as store:
        assert [p.name for p in store.people()] == ["Ana Lopez"]


def test_damaged_store_is_left_alone(tmp_path: Path, blanks, invoke) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "formkit.db"
    db.write_bytes(b"not a database, but someone's file " * 200)
    before = db.read_bytes()
    result = invoke("collect", str(_form(blanks, tmp_path / "a.pdf")), "-o", str(tmp_path / "out"), "--db", str(db))
    assert_user_error(result, str(db), "damaged or not a formkit answer store", "backup")
    assert db.read_bytes() == before
    assert not (tmp_path / "out" / "responses.csv").exists()  # stopped before writing anything


def test_damaged_store_stops_a_run_read_by_workers(tmp_path: Path, blanks, invoke) -> None:  # type: ignore[no-untyped-def]
    """Enough forms for worker processes: the store is opened once they have started reading
    (formkit.cli.commands._store.OutputStore), and a damaged one still stops the run with the same
    one-line error, nothing written, the file left as it was."""
    form = _form(blanks, tmp_path / "a.pdf")
    folder = tmp_path / "returned"
    folder.mkdir()
    for i in range(80):
        shutil.copyfile(form, folder / f"form-{i:02}.pdf")
    db = tmp_path / "formkit.db"
    db.write_bytes(b"not a database, but someone's file " * 200)
    before = db.read_bytes()
    result = invoke("collect", str(folder), "-o", str(tmp_path / "out"), "--db", str(db))
    assert_user_error(result, str(db), "damaged or not a formkit answer store", "backup")
    assert db.read_bytes() == before
    assert not (tmp_path / "out").exists()  # the run made the folder, wrote nothing, and took it away again


def test_locked_store_says_so(tmp_path: Path, blanks, invoke, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from formkit.store import engine

    db = tmp_path / "formkit.db"
    open_store(db).close()
    monkeypatch.setattr(engine, "LOCK_WAIT_SECONDS", 0.2)
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = invoke("collect", str(_form(blanks, tmp_path / "a.pdf")), "-o", str(tmp_path / "o"), "--db", str(db))
    finally:
        holder.rollback()
        holder.close()
    assert_user_error(result, str(db), "locked by another program", "Wait for")


def test_unreachable_server_says_so(tmp_path: Path, blanks, invoke) -> None:  # type: ignore[no-untyped-def]
    url = "postgresql+psycopg://formkit:secret@127.0.0.1:9/answers"  # the discard port: nothing listens
    result = invoke("collect", str(_form(blanks, tmp_path / "a.pdf")), "-o", str(tmp_path / "o"), "--db", url)
    assert_user_error(result, "cannot reach the database", "Check that the server is running")
    assert "secret" not in result.output


def test_store_from_a_newer_formkit_is_refused(store_url: str, invoke) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with open_store(store_url) as store, store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'r9999'"))
    assert_user_error(invoke("people", "--db", store_url), "made by a newer formkit", "Upgrade formkit")


def test_a_new_store_opened_by_many_threads_at_once(tmp_path: Path) -> None:
    """`formkit serve` finishing several forms at once on a new data folder: every open succeeds
    and the store opens again afterwards (it used to be left with tables but no schema version)."""
    import threading

    path, failures = tmp_path / "formkit.db", []

    def open_once() -> None:
        try:
            open_store(path).close()
        except Exception as exc:  # noqa: BLE001 - collected, asserted below
            failures.append(str(exc))

    threads = [threading.Thread(target=open_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with open_store(path) as store:
        assert store.people() == []
