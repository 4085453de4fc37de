"""The cohort counts the database makes (formkit.store.counts) are the counts of the rows one by
one (tests/fakestore.counts_from_rows, what the report tallied before), on SQLite and PostgreSQL:
the same latest-version rule and filters as Store.submissions, "blank" meaning what str.strip()
leaves empty, and the same report bytes."""

from __future__ import annotations

import random
from typing import Any

import pytest
from fakestore import counts_from_rows

from formkit.reports import cohort_report
from formkit.reports.cohort import cohort_files
from formkit.store import open_store
from formkit.store.counts import WHITESPACE, cohort_counts
from formkit.store.schema import answers, people, plans, submissions
from formkit.store.recount import rebuild

PROGRAMS = ("North", "  north ", "South")  # the first two are one program (filters normalise)
LABELS = {1: "Rarely", 2: "Sometimes", 3: "Usually", 4: "Consistently"}
ODD_LABELS = ("Not yet had the chance / not sure", "", "  ", "\u00a0", "\u3000NA")  # no value: not yet or blank
SUPPORT = ("", "Monthly coaching", "   ", "\u00a0\u2003", "\tA mentor\n")
FILTERS = ({}, {"program": "North"}, {"program": "south"}, {"supervisor": "Lee Park"}, {"round": "followup"},
           {"program": "North", "round": "baseline"}, {"program": "Nowhere"})


def _fill(store: Any) -> None:
    """18 people, three rounds (one undated), self and supervisor, odd labels and support texts; a
    third of the forms re-submitted, the newer version sometimes under another program."""
    rng = random.Random(7)
    subs, rows, plan_rows = [], [], []
    for i in range(18):
        for round_value, date in (("baseline", "2026-01-15"), ("followup", "2026-06-15"), ("Round 3", "")):
            for rater in ("self", "supervisor"):
                for version in (1, 2) if i % 3 == 0 else (1,):
                    sid = len(subs) + 1
                    program = PROGRAMS[(i + version - 1) % 3]
                    subs.append({"submission_id": sid, "person_id": f"p{i:02d}", "rater": rater, "rater_name": "x",
                                 "round": round_value, "date": date if i % 5 else "", "version": version,
                                 "source_file": f"{sid}.pdf", "content_hash": f"h{sid}", "catalog_id": "c",
                                 "catalog_version": "v", "fingerprint": "f", "ingested_at": "t",
                                 "program_key": " ".join(program.split()).casefold(),
                                 "supervisor_key": "lee park" if i % 2 else "dana ruiz", "form_check": "verified"})
                    for position, comp in enumerate(("CC2.1", "CC2.2", "CC1.1", "CC1.2", "CC5.1")[:3 + i % 3]):
                        value = rng.choice((1, 2, 3, 4, None, None))
                        rows.append({"submission_id": sid, "competency_id": comp, "position": position,
                                     "category_id": comp.split(".")[0], "statement": "s", "rating_value": value,
                                     "rating_label": LABELS[value] if value else rng.choice(ODD_LABELS),
                                     "choice": "", "notes": "", "statement_changed": False})
                    for row, scope in enumerate(("CC1", "whole", "booklet", "CC9")):
                        plan_rows.append({"submission_id": sid, "scope": scope, "row": row, "goal": "g", "steps": "",
                                          "support": rng.choice(SUPPORT), "date": ""})
    with store.engine.begin() as connection:
        connection.execute(people.insert(), [
            {"person_id": f"p{i:02d}", "name": f"P {i}", "program": "North", "supervisor": "s", "name_key": f"p {i}",
             "program_key": "north", "created_at": "t"} for i in range(18)])
        connection.execute(submissions.insert(), subs)
        connection.execute(answers.insert(), rows)
        connection.execute(plans.insert(), plan_rows)
        rebuild(connection)  # rows written straight into the tables: count them as ingest would have


@pytest.fixture
def filled(store_url: str) -> Any:
    with open_store(store_url) as store:
        _fill(store)
        yield store


def _by_rows(store: Any, **filters: str) -> Any:
    subs = store.submissions(**filters)
    ids = [s.submission_id for s in subs]
    return counts_from_rows(subs, store.answers(ids), store.plans(ids), **filters)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "-".join(f.values()) or "everyone")
def test_the_database_counts_what_the_rows_say(filled: Any, filters: dict[str, str]) -> None:
    assert cohort_counts(filled, **filters) == _by_rows(filled, **filters)


def test_whitespace_support_and_labels_count_as_blank(filled: Any) -> None:
    counts = cohort_counts(filled)
    assert counts.people == 18 and {g.people for g in counts.groups} == {18}
    assert counts.categories == ("CC2", "CC1", "CC5")  # as the first form lists them
    assert dict(counts.round_dates) == {"baseline": "2026-01-15", "followup": "2026-06-15", "Round 3": "~"}
    asked = {(s.round, s.rater, s.scope): s.people for s in counts.support}
    subs = filled.submissions()
    wanted = {s.submission_id: s for s in subs}
    expected: dict[tuple[str, str, str], set[str]] = {}
    for plan in filled.plans(list(wanted)):
        if plan.support not in ("", "   ", "\u00a0\u2003"):
            sub = wanted[plan.submission_id]
            expected.setdefault((sub.round, sub.rater, plan.scope), set()).add(sub.person_id)
    assert asked == {k: len(v) for k, v in expected.items()}
    blank = sum(r.answers for r in counts.ratings if r.value is None and not r.not_yet)
    assert blank == sum(1 for a in filled.answers(list(wanted)) if a.rating_label in ("", "  ", "\u00a0"))


def test_the_report_from_the_database_is_the_report_from_the_rows(filled: Any) -> None:
    for filters in ({}, {"program": "North"}):
        assert [a.data for a in cohort_report(filled, **filters)] == [
            a.data for a in cohort_files(_by_rows(filled, **filters))]


def test_whitespace_is_what_str_strip_removes() -> None:
    assert WHITESPACE == "".join(c for c in map(chr, range(0x110000)) if c.isspace())
