"""Counts print as the language writes them (common.thousands_separator): a cohort report over a
large program reads "6,000 people" and "2,000 (33%)", not "6000 people"; its CSV keeps plain
numbers for a spreadsheet. A space as separator (an overlay for Spain or France, for example)
groups only numbers of five digits or more, as the style guides that use one ask."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from conftest import OVERLAYS, run_tool

from formkit.catalog.effective import effective_catalog
from formkit.catalog.locale import Wording
from formkit.reports.cohort import cohort_files

SCALE = 1000


def _large_counts():  # type: ignore[no-untyped-def]
    """Six people's counts (the tagging tests' store) as if the program had a thousand times as many."""
    from fakestore import FakeStore

    store = FakeStore()
    for i in range(6):
        store.add_person(f"p{i}", f"Person {i}", "North", "Dana Ruiz")
        store.add_submission(f"p{i}", "self", "baseline", {"CC1.1": 1 + i % 4, "CC1.2": "NA"}, "2026-01-10",
                             [("CC1", "Goal", "Help")])
    counts = store.cohort_counts()
    return dataclasses.replace(
        counts, people=counts.people * SCALE,
        groups=tuple(dataclasses.replace(g, people=g.people * SCALE) for g in counts.groups),
        ratings=tuple(dataclasses.replace(r, answers=r.answers * SCALE, people=r.people * SCALE) for r in counts.ratings),
        support=tuple(dataclasses.replace(s, people=s.people * SCALE) for s in counts.support))


def _report_text(tmp_path: Path, catalog) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    pdf, csv = cohort_files(_large_counts(), catalog)
    (tmp_path / "cohort.pdf").write_bytes(pdf.data)
    text = run_tool("pdftotext", str(tmp_path / "cohort.pdf"), "-").stdout
    return " ".join(text.split()), csv.data.decode("utf-8")


def test_the_cohort_report_groups_thousands_and_its_csv_does_not(tmp_path: Path) -> None:
    text, csv = _report_text(tmp_path, effective_catalog(()))
    assert "Round: all · 6,000 people" in text and "6,000 people rated." in text
    assert re.search(r"\b\d,000 \(\d+%\)", text), text[:800]  # a table cell: answers and their share
    assert not re.search(r"\b\d{4,}\b", text.replace("2026", "")), "a count printed without its separator"
    assert ",6000," in csv and "6,000" not in csv


def test_spanish_groups_with_a_comma_as_in_the_united_states(tmp_path: Path) -> None:
    text, _ = _report_text(tmp_path, effective_catalog((OVERLAYS / "es.yaml",)))
    assert "6,000 personas" in text


@pytest.mark.parametrize(("separator", "shown"), [
    (",", ["999", "1,000", "12,345", "-1,234,567"]),
    ("\u202f", ["999", "1000", "12\u202f345", "-1\u202f234\u202f567"]),
    ("", ["999", "1000", "12345", "-1234567"]),
])
def test_number_follows_the_wordings_separator(tmp_path: Path, separator: str, shown: list[str]) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text(f'name: Numbers\nwording:\n  common.thousands_separator: "{separator.encode("unicode_escape").decode()}"\n',
                       encoding="utf-8")
    words = Wording(effective_catalog((overlay,)))
    assert [words.number(n) for n in (999, 1000, 12345, -1234567)] == shown
