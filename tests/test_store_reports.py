"""The reports end to end (issue 18, "Done when", the reports half): forms built by formkit, filled
for 20 people at baseline and follow-up by them and by their supervisors (pdftk and pypdf, the
way programs fill them), collected into a real answer store twice (the second time adds
nothing), then `formkit report person` and `formkit report cohort` hold the right numbers, as
pdftotext reads the PDF and as the CSV says, and a program of 4 people is suppressed."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import require_tool, run_tool
from fillers import fill_with_pdftk, fill_with_pypdf, read_layout

from formkit.runtime import csvout

NORTH, SOUTH = 16, 4  # people per program: South is too small to report on
ROUNDS = ("baseline", "followup")


def _cli(*args: str) -> str:
    from click.testing import CliRunner

    from formkit.cli import cli

    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def rating(i: int, rater: str, round_value: str, competency: int) -> str:
    """Person i's answer: a self-rating of 4 on CC1.1 that the supervisor sees as 2 at baseline (a
    gap), CC1.2 "not yet had the chance" both rounds in the person's own view, and one point of
    growth on the rest at follow-up."""
    if competency == 1:
        return "4" if rater == "self" else ("2" if round_value == "baseline" else "3")
    if competency == 2:
        return "NA" if rater == "self" else "2"
    return str(1 + (i + competency) % 3 + (round_value == "followup"))


def _values(i: int, rater: str, round_value: str) -> dict[str, str]:
    program, supervisor = ("North", "Dana Ruiz") if i < NORTH else ("South", "Lee Park")
    values = {"name": f"Peer {i:02d}", "program": program, "supervisor": supervisor, "round": round_value,
              "date": "2026-01-15" if round_value == "baseline" else "2026-06-15"}
    values.update({f"CC1_{k}_rating": rating(i, rater, round_value, k) for k in range(1, 6)})
    if rater == "self" and i % 2:
        values["CC1_plan1_goal"] = "Practise reflective listening"
        values["CC1_plan1_support"] = "Monthly coaching" if round_value == "baseline" else ""
    return values


pytestmark = pytest.mark.slow  # 80 forms filled, collected twice: about a minute and a half


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The store after collecting 80 filled forms twice; the ids of the people by name."""
    require_tool("pdftk")
    out = tmp_path_factory.mktemp("cycle")
    for rater in ("self", "supervisor"):
        _cli("selfassess", "--rater", rater, "--category", "CC1", "-o", str(out / "forms"))
    blank = {r: next((out / "forms" / "self-assessment").glob(f"{r}-assessment-CC01-*.pdf"))
             for r in ("self", "supervisor")}
    layouts = {r: read_layout(path) for r, path in blank.items()}
    filled = out / "filled"
    filled.mkdir()
    for i in range(NORTH + SOUTH):
        for rater in ("self", "supervisor"):
            for round_value in ROUNDS:
                dst = filled / f"{rater}-{i:02d}-{round_value}.pdf"
                values = _values(i, rater, round_value)
                if rater == "supervisor" and round_value == "followup":  # a quarter of the forms: pdftk
                    fill_with_pdftk(blank[rater], dst, values, layouts[rater])
                else:
                    fill_with_pypdf(blank[rater], dst, values, layouts[rater], auto_regenerate=False)
    db = out / "formkit.db"
    _cli("collect", str(filled), "-o", str(out / "collected"), "--db", str(db))
    again = _cli("collect", str(filled), "-o", str(out / "collected"), "--db", str(db))
    from formkit.store import open_store

    with open_store(db) as opened:
        ids = {p.name: p.person_id for p in opened.people()}
        stored = len(opened.submissions(latest_only=False))
    return {"out": out, "db": str(db), "ids": ids, "stored": stored, "again": again}


def _read(path: Path) -> tuple[str, list[dict[str, str]]]:
    text = " ".join(run_tool("pdftotext", "-layout", str(path), "-").stdout.split())
    rows = list(csvout.reader(io.StringIO(path.with_suffix(".csv").read_text(encoding="utf-8"))))
    return text, [dict(zip(rows[0], row)) for row in rows[1:]]


def test_the_store_holds_each_form_once(store: dict[str, Any]) -> None:
    assert len(store["ids"]) == NORTH + SOUTH  # self and supervisor forms of one person: one person
    assert store["stored"] == 4 * (NORTH + SOUTH)  # collected twice: nothing added the second time


def test_person_report_from_the_store(store: dict[str, Any]) -> None:
    out = store["out"] / "reports"
    person_id = store["ids"]["Peer 03"]
    _cli("report", "person", person_id, "--db", store["db"], "-o", str(out))
    text, rows = _read(next(out.glob(f"person-Peer-03-*{person_id}.pdf")))
    assert "Growth report: Peer 03" in text and "Program: North · Supervisor: Dana Ruiz" in text
    # CC1 average, self then supervisor per round: self (4, NA, 1, 2, 3) -> 2.5, then (4, NA, 2, 3, 4) -> 3.25
    # (printed 3.2); supervisor (2, 2, 1, 2, 3) -> 2.0, then (3, 2, 2, 3, 4) -> 2.8
    assert re.search(r"CC1\. Engages peers in 2\.5 2\.0 3\.2 2\.8", text), text[:1200]
    starters = text[text.index("Conversation starters"):]
    assert re.search(r"CC1\.1 .*Baseline, Self: Consistently; Baseline, Supervisor: Sometimes", starters)
    assert "Follow-up, Self: Not yet had the chance / not sure" in starters
    got = {(r["competency_id"], r["round"], r["rater"]): r["rating_value"] or r["not_yet"] for r in rows}
    assert len(rows) == 5 * 2 * 2
    assert got[("CC1.1", "followup", "supervisor")] == "3"  # filled by pdftk
    assert got[("CC1.2", "baseline", "self")] == "yes"
    assert got[("CC1.4", "baseline", "self")] == "2" and got[("CC1.4", "followup", "self")] == "3"  # growth


def test_cohort_report_from_the_store(store: dict[str, Any]) -> None:
    out = store["out"] / "reports"
    _cli("report", "cohort", "--program", "North", "--db", store["db"], "-o", str(out))
    text, rows = _read(out / "cohort-North.pdf")
    assert "16 people" in text
    by_group = {(r["round"], r["rater"]): r for r in rows}
    assert set(by_group) == {(r, who) for r in ROUNDS for who in ("self", "supervisor")}
    own = by_group[("baseline", "self")]
    # CC1.1 all 4; CC1.2 all "not yet"; CC1.3-5: 1 + (i + k) % 3 over i < 16, k = 3..5
    counts = {v: sum(1 for i in range(NORTH) for k in (3, 4, 5) if 1 + (i + k) % 3 == v) for v in (1, 2, 3)}
    assert [own[f"rating_{v}"] for v in "1234"] == [str(counts[1]), str(counts[2]), str(counts[3]), str(NORTH)]
    assert (own["not_yet"], own["answers"], own["support_people"]) == (str(NORTH), str(5 * NORTH), "8")
    assert by_group[("followup", "self")]["support_people"] == "0"
    assert by_group[("baseline", "supervisor")]["not_yet"] == "0"
    assert f"{NORTH} (20%)" in text  # the not-yet share of the self-ratings, as printed


def test_a_program_of_four_is_suppressed(store: dict[str, Any]) -> None:
    out = store["out"] / "reports"
    _cli("report", "cohort", "--program", "South", "--db", store["db"], "-o", str(out))
    text, rows = _read(out / "cohort-South.pdf")
    assert text.count("Suppressed: fewer than 5 people in this group") == 4
    assert "fewer than 5 people" in text and "4 people" not in text and "%" not in text
    assert [(r["people"], r["suppressed"]) for r in rows] == [("<5", "yes")] * 4


def test_an_unknown_person_is_one_line(store: dict[str, Any], invoke) -> None:  # type: ignore[no-untyped-def]
    from conftest import assert_user_error

    assert_user_error(invoke("report", "person", "p-nobody", "--db", store["db"], "-o", str(store["out"] / "x")),
                      "p-nobody")
    assert not (store["out"] / "x").exists()
