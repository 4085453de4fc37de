"""The growth report's grids never break a word (formkit.reports.grid): with two rounds each round and
rater has a column of words; with four, eight such columns broke "Consistently" and "Supervisor"
in two, so each round gets one column of numbers, self / supervisor, that a supervisor can read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_tool
from fakestore import FakeStore

from formkit.reports import person_report

WHOLE = ("Consistently", "Sometimes", "Usually", "Supervisor", "supervisor", "Baseline", "Follow-up")


def _store(rounds: tuple[str, ...]) -> FakeStore:
    """Ann, rated by herself and her supervisor in each of ``rounds`` on CC1.1 to CC1.5."""
    store = FakeStore()
    store.add_person("p1", "Ann Lee")
    for r, round_value in enumerate(rounds):
        mine: dict[str, int | str | None] = {f"CC1.{k}": 1 + (k + r) % 4 for k in range(1, 6)}
        mine["CC1.2"] = "NA"
        theirs: dict[str, int | str | None] = {f"CC1.{k}": 1 + (k + r + 1) % 4 for k in range(1, 6)}
        theirs["CC1.5"] = None
        store.add_submission("p1", "self", round_value, mine, f"2026-0{r + 1}-10")
        store.add_submission("p1", "supervisor", round_value, theirs, f"2026-0{r + 1}-12")
    return store


def _text(store: FakeStore, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(person_report(store, "p1")[0].data)
    return run_tool("pdftotext", "-layout", str(path), "-").stdout


def _broken(text: str) -> list[str]:
    """Words of WHOLE that the page shows in two pieces (both pieces standing as words of their own)."""
    tokens = set(re.findall(r"[\w-]+", text))
    return [word for word in WHOLE for k in range(2, len(word) - 1) if word[:k] in tokens and word[k:] in tokens]


def test_four_rounds_show_numbers_self_then_supervisor_and_break_no_word(tmp_path: Path) -> None:
    text = _text(_store(("baseline", "followup", "month 12", "month 18")), tmp_path)
    assert _broken(text) == []
    assert "Baseline: self /" in text and "month 18: self /" in text
    # CC1.1 self 1 + (1 + r) % 4, supervisor 1 + (2 + r) % 4, for rounds r = 0..3
    assert re.search(r"CC1\.1 +Statement of CC1\.1 +2 ?/ ?3 +3 ?/ ?4 +4 ?/ ?1 +1 ?/ ?2", text), text[:3000]
    # "not yet had the chance" is "not yet"; no answer is "—" (pdftotext may close up the spaces around "/")
    assert re.search(r"CC1\.2 .*not yet / \d", text)
    assert re.search(r"CC1\.5 .*\d ?/ ?—", text)
    assert "each round shows the self-rating, then the supervisor's".casefold() in " ".join(text.split()).casefold()


def test_two_rounds_keep_the_words(tmp_path: Path) -> None:
    text = _text(_store(("baseline", "followup")), tmp_path)
    assert _broken(text) == []
    assert re.search(r"CC1\.1 +Statement of CC1\.1 +Sometimes +Usually +Usually +Consistently", text), text[:3000]
    assert " / " not in text.split("Conversation starters")[0].split("Category averages")[1].replace("2026", "")


@pytest.mark.parametrize("rounds", [("baseline", "followup", "month 12", "month 18")])
def test_the_csv_keeps_every_label(rounds: tuple[str, ...]) -> None:
    table = person_report(_store(rounds), "p1")[1].data.decode("utf-8")
    assert table.count("Not yet had the chance") >= 4 and "Consistently" in table
