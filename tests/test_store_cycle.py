"""The store half of issue 18's "Done when", on SQLite and on PostgreSQL: 20 people, baseline and
follow-up, self and supervisor forms filled with pdftk and pypdf, ingested twice, one statement
reworded between rounds, a changed re-submission, and `people forget` leaving no row behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from fillers import read_layout
from storeforms import blank_form, fill, form_values, ratings_for, with_hidden_field

from formkit.catalog.effective import effective_catalog
from formkit.store import SELF, SUPERVISOR, open_store
from formkit.store.schema import answers, people, plans, reflections, submissions

PEOPLE = 20
REWORDED = "CC1.2"
NEW_WORDING = "Listens closely to what peers say and feel"


def _identity(person: int, round_: str, *, respelled: bool = False) -> dict[str, str]:
    """Who person ``person`` is on a form; the follow-up spells some names and programs differently."""
    name = f"Person {person:02d} Example"
    program = "Riverbend" if person % 2 else "Hillside"
    if respelled:
        name, program = f"  person {person:02d}   EXAMPLE ", program.upper()
    return {"name": name, "program": program, "supervisor": f"Supervisor {person % 3}",
            "date": "2026-01-15" if round_ == "baseline" else "6/20/2026", "round": round_}


def _make_forms(tmp: Path) -> tuple[list[Path], list[Path], object, list[str]]:
    """(baseline files, follow-up files, the newest catalogue, CC1's competency ids)."""
    base = effective_catalog(())
    overlay = tmp / "reworded.yaml"
    overlay.write_text(f"name: Reworded\nstatements:\n  {REWORDED}: {NEW_WORDING}\n", encoding="utf-8")
    newest = effective_catalog((str(overlay),))
    competencies = [k.id for k in base.categories[0].competencies]
    rounds: dict[str, list[Path]] = {"baseline": [], "followup": []}
    for round_, catalog in (("baseline", base), ("followup", newest)):
        blank = blank_form(tmp / f"blank-{round_}", catalog)
        blanks = {SELF: blank, SUPERVISOR: with_hidden_field(blank, blank.with_name("sup.pdf"), "rater", "supervisor")}
        layouts = {rater: read_layout(src) for rater, src in blanks.items()}
        (tmp / round_).mkdir()
        for person in range(PEOPLE):
            for rater, src in blanks.items():
                tool = "pdftk" if person < 2 else "pypdf"  # pdftk starts a JVM per file: a few are enough
                values = form_values(_identity(person, round_, respelled=person % 4 == 0 and round_ == "followup"),
                                     ratings_for(person, round_, rater, competencies),
                                     plan_goal=f"Goal {person} {round_}" if rater == SELF else "")
                dst = tmp / round_ / f"{rater}-{person:02d}.pdf"
                rounds[round_].append(fill(tool, src, dst, values, layouts[rater]))
    return rounds["baseline"], rounds["followup"], newest, competencies


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], list[Path], object, list[str]]:
    """The forms, filled once for both backends: (folder, baseline files, follow-up files, catalogue, ids)."""
    folder = tmp_path_factory.mktemp("cycle")
    return (folder, *_make_forms(folder))


@pytest.mark.slow
def test_cycle_of_twenty_people(store_url: str, tmp_path: Path, filled) -> None:  # type: ignore[no-untyped-def]
    folder, baseline, followup, catalog, competencies = filled
    with open_store(store_url) as store:
        first = store.ingest([folder / "baseline", folder / "followup"], catalog)
        assert first.failures == []
        assert len(first.added) == 4 * PEOPLE
        again = store.ingest([*baseline, *followup], catalog)
        assert (again.added, again.failures, len(again.skipped_same_hash)) == ([], [], 4 * PEOPLE)

        everyone = store.people()
        assert len(everyone) == PEOPLE  # respelled names on the follow-up are the same people
        assert {p.program for p in everyone if p.name.startswith("person")} == {"HILLSIDE"}  # the newest spelling
        _check_answers(store, competencies)
        _check_reworded(store, first.warnings)
        _check_new_version(store, folder, tmp_path, catalog, competencies)
        _check_forget(store, store_url)


def _check_answers(store, competencies: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Every stored rating is the one filled in, for every person, round and rater."""
    by_id = {p.name.split()[1]: p.person_id for p in store.people()}
    for person in range(PEOPLE):
        person_id = by_id[f"{person:02d}"]
        forms = store.submissions(person_id=person_id)
        assert sorted((s.round, s.rater) for s in forms) == [
            ("baseline", "self"), ("baseline", "supervisor"), ("followup", "self"), ("followup", "supervisor")]
        for form in forms:
            got = {a.competency_id: a.choice for a in store.answers([form.submission_id])}
            assert got == ratings_for(person, form.round, form.rater, competencies)
            assert form.date == ("2026-01-15" if form.round == "baseline" else "2026-06-20")
            assert form.rater_name == (f"Supervisor {person % 3}" if form.rater == SUPERVISOR else
                                       _name_on_form(person, form.round))
        assert [e.goal for e in store.last_plan(person_id)] == [f"Goal {person} followup"]


def _name_on_form(person: int, round_: str) -> str:
    return _identity(person, round_, respelled=person % 4 == 0 and round_ == "followup")["name"].strip()


def _check_reworded(store, warnings: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Baseline answers to the reworded statement keep the old wording, marked and warned about."""
    for form in store.submissions(round="baseline"):
        changed = {a.competency_id for a in store.answers([form.submission_id]) if a.statement_changed}
        assert changed == {REWORDED}
        assert any(REWORDED in text and "differs" in text for file, text in warnings if file == form.source_file)
    for form in store.submissions(round="followup"):
        reworded = [a for a in store.answers([form.submission_id]) if a.competency_id == REWORDED]
        assert [(a.statement, a.statement_changed) for a in reworded] == [(NEW_WORDING, False)]


def _check_new_version(store, folder: Path, tmp: Path, catalog,  # type: ignore[no-untyped-def]
                       competencies: list[str]) -> None:
    """A changed re-submission of person 5's baseline self-assessment is version 2; version 1 is kept."""
    ratings = dict.fromkeys(competencies, "4")
    dst = fill("pypdf", folder / "blank-baseline" / "cc1.pdf", tmp / "resent.pdf",
               form_values(_identity(5, "baseline"), ratings))
    report = store.ingest([dst], catalog)
    assert report.new_versions == [str(dst)]
    person_id = next(p.person_id for p in store.people() if p.name == "Person 05 Example")
    newest = store.submissions(person_id=person_id, round="baseline", rater=SELF)
    every = store.submissions(person_id=person_id, round="baseline", rater=SELF, latest_only=False)
    assert [s.version for s in newest] == [2] and [s.version for s in every] == [1, 2]
    assert {a.choice for a in store.answers([newest[0].submission_id])} == {"4"}
    assert len(store.submissions(rater=SELF, round="baseline")) == PEOPLE


def _check_forget(store, store_url: str) -> None:  # type: ignore[no-untyped-def]
    person = next(p for p in store.people() if p.name == "Person 07 Example")
    owned = [s.submission_id for s in store.submissions(person_id=person.person_id, latest_only=False)]
    removed = store.forget(person.person_id)
    assert removed == {"answers": 4 * 5, "plans": 2, "reflections": 0, "handwriting": 0, "submissions": 4, "people": 1}
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(people)
                                  .where(people.c.person_id == person.person_id)).scalar() == 0
        assert connection.execute(select(func.count()).select_from(submissions)
                                  .where(submissions.c.person_id == person.person_id)).scalar() == 0
        for table in (answers, plans, reflections):
            assert connection.execute(select(func.count()).select_from(table)
                                      .where(table.c.submission_id.in_(owned))).scalar() == 0
    assert len(store.people()) == PEOPLE - 1
    if "://" not in store_url:  # SQLite overwrites deleted rows (secure_delete): the name is gone from the file
        store.close()
        assert b"Person 07 Example" not in Path(store_url).read_bytes()
