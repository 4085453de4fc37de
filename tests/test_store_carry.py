"""Carry forward (issue 18): `formkit selfassess --person ID --db URL` writes the next round's form,
filled in from the store; the answers on it come back to the same person whatever name is typed."""

from __future__ import annotations

from pathlib import Path

from conftest import assert_user_error, run_tool
from fillers import read_layout
from storeforms import blank_form, fill, form_values

from formkit.catalog.effective import effective_catalog
from formkit.collect.read import read_response
from formkit.store import open_store

CATALOG = effective_catalog(())
GOAL = "Practise reflective listening"


def test_next_round_form_comes_back_to_the_same_person(store_url: str, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    blank = blank_form(tmp_path / "blank", CATALOG)
    baseline = fill("pypdf", blank, tmp_path / "baseline.pdf", form_values(
        {"name": "Ana Lopez", "program": "Riverbend", "supervisor": "Sam Reyes", "date": "", "round": "baseline"},
        {"CC1.1": "2"}, plan_goal=GOAL))
    with open_store(store_url) as store:
        store.ingest([baseline], CATALOG)
        person_id = store.people()[0].person_id

    result = invoke("selfassess", "--person", person_id, "--db", store_url, "--category", "CC1",
                    "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    form = next((tmp_path / "out" / "self-assessment" / person_id).glob("*CC01*.pdf"))
    again = invoke("selfassess", "--person", person_id, "--db", store_url, "--category", "CC1",
                   "-o", str(tmp_path / "again"))
    assert again.exit_code == 0 and (tmp_path / "again" / form.relative_to(tmp_path / "out")).read_bytes() == \
        form.read_bytes()  # the same store, the same bytes
    text = " ".join(run_tool("pdftotext", str(form), "-").stdout.split())
    assert f"Last time you planned… Your learning plan from the last round, to look back on before you rate " \
           f"yourself again: CC1: {GOAL}" in text
    carried = read_response(form, CATALOG)
    assert {k: carried.identity[k] for k in ("name", "program", "supervisor", "round", "person_id")} == {
        "name": "Ana Lopez", "program": "Riverbend", "supervisor": "Sam Reyes", "round": "followup",
        "person_id": person_id}

    # She types her name differently this time: the hidden person_id still files it under her.
    followup = fill("pypdf", form, tmp_path / "followup.pdf", {"name": "A. López", "CC1_1_rating": "4"},
                    read_layout(form))
    with open_store(store_url) as store:
        assert store.ingest([followup], CATALOG).failures == []
        assert [p.person_id for p in store.people()] == [person_id]
        assert [(s.round, s.version) for s in store.submissions(person_id=person_id)] == [
            ("baseline", 1), ("followup", 1)]


def test_unknown_person_is_a_one_line_error(store_url: str, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    open_store(store_url).close()
    result = invoke("selfassess", "--person", "p-nobody", "--db", store_url, "-o", str(tmp_path / "out"))
    assert_user_error(result, "no person with the id 'p-nobody'", "formkit people")
    assert not (tmp_path / "out").exists()
