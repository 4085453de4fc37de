"""The person and cohort reports over the answer store (issue 18, item 5): the numbers a
supervisor reads in the PDF (as pdftotext gives them) and the CSV, the privacy rule for small
groups, and charts that still read in black and white. Read from an in-memory store holding
exactly chosen rows (tests/fakestore.py: the store's read API); tests/test_store_reports.py
runs the same reports over the real store, from filled forms."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import run_tool
from fakestore import FakeStore

from formkit.reports import person_report
from formkit.reports.cohort import cohort_files
from formkit.runtime import csvout


def _text(data: bytes, tmp_path: Path, *, layout: bool = True) -> str:
    """The PDF's text as pdftotext reads it: laid out (table rows on one line) or in reading order."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return " ".join(run_tool("pdftotext", *(["-layout"] if layout else []), str(path), "-").stdout.split())


def _csv(data: bytes) -> list[dict[str, str]]:
    rows = list(csvout.reader(io.StringIO(data.decode("utf-8"))))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


@pytest.fixture
def growth() -> FakeStore:
    """Ann: two rounds, self and supervisor; CC1.1 four points apart at baseline, CC1.2 "not yet"
    twice running in her own view, CC2.1 grows from 2 to 3."""
    store = FakeStore()
    store.add_person("p1", "Ann Lee")
    store.add_submission("p1", "self", "baseline", {"CC1.1": 4, "CC1.2": "NA", "CC2.1": 2}, "2026-01-10",
                         [("CC1", "Learn motivational interviewing", "Shadow a senior peer")])
    store.add_submission("p1", "supervisor", "baseline", {"CC1.1": 2, "CC1.2": "NA", "CC2.1": 2}, "2026-01-12")
    store.add_submission("p1", "self", "followup", {"CC1.1": 4, "CC1.2": "NA", "CC2.1": 3}, "2026-06-10",
                         [("whole", "Co-lead the Tuesday group", "Training budget")])
    store.add_submission("p1", "supervisor", "followup", {"CC1.1": 3, "CC1.2": 2, "CC2.1": 3}, "2026-06-12")
    return store


def test_person_report_shows_growth_self_beside_supervisor(growth: FakeStore, tmp_path: Path) -> None:
    pdf, table = person_report(growth, "p1")
    assert pdf.relpath.endswith(".pdf") and table.relpath.endswith(".csv") and "Ann-Lee" in pdf.relpath
    text = _text(pdf.data, tmp_path)
    assert "Growth report: Ann Lee" in text
    # category averages by round, self then supervisor: CC1 (4, 2; 4, 2.5 with CC1.2 "not yet" left out), CC2 (2, 2; 3, 3)
    assert re.search(r"CC1\. Engages peers in 4\.0 2\.0 4\.0 2\.5", text), text[:1500]
    assert re.search(r"CC2\. Provides support 2\.0 2\.0 3\.0 3\.0", text), text[:1500]
    assert "CC1.1 Consistently Sometimes Consistently Usually" in text
    plans = _text(pdf.data, tmp_path, layout=False)
    assert "Learn motivational interviewing" in plans and "Co-lead the Tuesday group" in plans
    rows = _csv(table.data)
    assert len(rows) == 12  # 3 competencies x 2 rounds x 2 raters
    got = {(r["competency_id"], r["round"], r["rater"]): (r["rating_value"], r["not_yet"]) for r in rows}
    assert got[("CC1.1", "baseline", "supervisor")] == ("2", "")
    assert got[("CC1.2", "followup", "self")] == ("", "yes")
    assert got[("CC2.1", "followup", "self")] == ("3", "")


def test_conversation_starters_name_the_gap_and_the_lasting_not_yet(growth: FakeStore, tmp_path: Path) -> None:
    text = _text(person_report(growth, "p1")[0].data, tmp_path)
    starters = text[text.index("Conversation starters"):text.index("CC1. Engages peers in collaborative and caring")]
    gap = starters[starters.index("differ by 2 or more points"):starters.index("two or more rounds running")]
    assert "CC1.1" in gap and "Baseline, Self: Consistently; Baseline, Supervisor: Sometimes" in gap
    assert "Follow-up" not in gap  # 4 against 3 at follow-up: one point apart, no starter
    lasting = starters[starters.index("two or more rounds running"):]
    assert "CC1.2" in lasting and "CC1.1" not in lasting and "CC2.1" not in lasting
    assert "Baseline, Self" in lasting and "Follow-up, Self" in lasting
    assert "Supervisor" not in lasting  # the supervisor's "not yet" was one round only: rated 2 at follow-up


def _cohort(people: int, program: str = "North") -> FakeStore:
    """``people`` peer workers of one program: baseline self ratings, CC1.1 = 1 + i % 4, CC1.2 "not
    yet" for even i, support asked in CC1 for odd i."""
    store = FakeStore()
    for i in range(people):
        store.add_person(f"p{i}", f"Person {i}", program, "Dana Ruiz")
        store.add_submission(f"p{i}", "self", "baseline", {"CC1.1": 1 + i % 4, "CC1.2": "NA" if i % 2 == 0 else 3},
                             "2026-01-10", [("CC1", "a goal", "coaching" if i % 2 else "")])
    return store


def test_cohort_report_counts_each_answer(tmp_path: Path) -> None:
    store = _cohort(6)
    pdf, table = cohort_files(store.cohort_counts(program="North"))
    assert pdf.relpath == "cohort-North.pdf" and table.relpath == "cohort-North.csv"
    (row,) = _csv(table.data)
    assert (row["round"], row["rater"], row["people"], row["suppressed"], row["category_id"]) == (
        "baseline", "self", "6", "", "CC1")
    # CC1.1: 1,2,3,4,1,2; CC1.2: NA,3,NA,3,NA,3
    assert [row[f"rating_{v}"] for v in "1234"] == ["2", "2", "4", "1"]
    assert (row["not_yet"], row["answers"], row["not_yet_share"], row["support_people"]) == ("3", "12", "0.250", "3")
    text = _text(pdf.data, tmp_path)
    assert "6 people rated." in text
    assert re.search(r"CC1\. Engages peers 2 \(17%\) 2 \(17%\) 4 \(33%\) 1 \(8%\) 3 \(25%\) 3 \(50%\)", text), text


def test_a_group_of_four_is_suppressed_and_says_so(tmp_path: Path) -> None:
    pdf, table = cohort_files(_cohort(4).cohort_counts())
    text = _text(pdf.data, tmp_path)
    assert "Baseline: Self ratings Suppressed: fewer than 5 people in this group" in text
    assert "fewer than 5 people" in text.split("Privacy")[0]  # not even the cohort's size is told
    assert not re.search(r"\d+ \(\d+%\)|people rated", text)  # no numbers of the group anywhere
    assert "4 people" not in text
    assert _csv(table.data) == [{"round": "baseline", "rater": "self", "people": "<5", "suppressed": "yes",
                                 "category_id": ""}]


def test_cohort_chart_reads_in_black_and_white(tmp_path: Path) -> None:
    """Every answer kind is named in the legend as text and its count printed in its block; kinds
    that print as the same grey are told apart by their hatching."""
    from formkit.collect import report_chart

    text = _text(cohort_files(_cohort(8).cohort_counts())[0].data, tmp_path)
    chart = text[text.index("printing in black and white."):text.index("Category Rarely")]
    for label in ("Rarely", "Sometimes", "Usually", "Consistently", "Not yet had the chance / not sure",
                  "Not answered"):
        assert label in chart
    assert re.search(r"CC1\. Engages peers in collaborative and caring 2 2 6 2 4", chart), chart  # the counts

    kinds = report_chart.answers(["Rarely", "Sometimes", "Usually", "Consistently"], "Not yet", "Not answered")

    def grey(kind: report_chart.Answer) -> float:
        r, g, b = kind.fill
        return 0.299 * r + 0.587 * g + 0.114 * b

    for i, one in enumerate(kinds):
        for other in kinds[i + 1:]:
            assert one.pattern != other.pattern or abs(grey(one) - grey(other)) > 0.15, (one, other)


def test_reports_are_deterministic(growth: FakeStore) -> None:
    assert [a.data for a in person_report(growth, "p1")] == [a.data for a in person_report(growth, "p1")]
    store = _cohort(5)
    assert [a.data for a in cohort_files(store.cohort_counts())] == [
        a.data for a in cohort_files(store.cohort_counts())]


def test_repeated_short_cells_drawn_from_one_paragraph_are_the_same_pdf(growth: FakeStore,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A growth report's tables draw a short cell that recurs down a column ("Usually", "none") from
    one parsed paragraph (formkit.collect.report_table.SHARED_CELL): the PDF is byte for byte the one
    made with a paragraph per cell, a long note (split over pages) included."""
    from formkit.collect import report_table

    for person in range(3):
        growth.add_submission("p1", "self", f"Round {person + 3}", {"CC1.1": 3, "CC1.2": "NA", "CC2.1": 3},
                              plans=[("CC1", "Long note " * 400, "Coaching")])
    shared = [a.data for a in person_report(growth, "p1")]
    monkeypatch.setattr(report_table, "SHARED_CELL", -1)
    assert shared == [a.data for a in person_report(growth, "p1")]
