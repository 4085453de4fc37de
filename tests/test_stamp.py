"""A table cell drawn many times is drawn once and its operators written again (formkit.pdfpage.stamp):
the report must be the very bytes the page engine writes when it draws every cell itself, and the
repeated cells must really be stamped, not drawn anew."""

from __future__ import annotations

from typing import Any

import pytest
from fakestore import FakeStore

import formkit.collect.report_table as report_table
from formkit.pdfpage.textblock import TextBlock
from formkit.reports import person_report

RATINGS = ("Consistently", "Usually", "Sometimes", "NA", None)


@pytest.fixture
def rounds() -> FakeStore:
    """Two rounds, self and supervisor, every competency of CC1 to CC6 rated: the same few words
    ("Usually", "—") fill most cells and the same heads top six tables, as in a real growth report."""
    store = FakeStore()
    store.add_person("p1", "Ann Lee")
    comps = [f"CC{c}.{k}" for c in range(1, 7) for k in range(1, 6)]
    for r, round_value in enumerate(("baseline", "followup")):
        for rater in ("self", "supervisor"):
            ratings: dict[str, int | str | None] = {
                comp: (4 - (i + r) % 4 if (i + r) % 5 else RATINGS[(i + r) % 5 - 2]) for i, comp in enumerate(comps)}
            store.add_submission("p1", rater, round_value, ratings, f"2026-0{r + 1}-10")
    return store


def _drawn(monkeypatch: pytest.MonkeyPatch, *, stamping: bool, store: FakeStore) -> tuple[bytes, int]:
    """The report's PDF bytes and how many times a text block was drawn itself."""
    draws = 0
    real = TextBlock.drawOn

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal draws
        draws += 1
        return real(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(TextBlock, "drawOn", counting)
        if not stamping:
            patch.setattr(report_table, "repeatable", lambda flowable: flowable)
        pdf = person_report(store, "p1")[0].data
    return pdf, draws


def test_stamped_cells_give_the_bytes_drawn_anew(monkeypatch: pytest.MonkeyPatch, rounds: FakeStore) -> None:
    stamped, stamped_draws = _drawn(monkeypatch, stamping=True, store=rounds)
    drawn, all_draws = _drawn(monkeypatch, stamping=False, store=rounds)
    assert stamped == drawn
    # 30 competencies x 4 columns of a few words, 6 x 6 heads: most repeat one drawn before
    assert stamped_draws < all_draws - 80, (stamped_draws, all_draws)
