"""Hours as applicants type them (formkit.core.hours): read where there is one meaning, flagged
with the reason where there is not, never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formkit.core.hours import format_hours, parse_hours


@pytest.mark.parametrize(("text", "hours"), [
    ("12", "12"), ("12h", "12"), ("12 h", "12"), ("12 hrs", "12"), ("12 Hours", "12"), ("1.5 hrs", "1.5"),
    ("1,5", "1.5"), ("1,25", "1.25"), ("twelve", "12"), ("Twenty-one", "21"), ("one hundred and five", "105"),
    ("forty and a half", "40.5"), ("90 min", "1.5"), ("1h30", "1.5"), ("1h 30m", "1.5"), ("2,500.5", "2500.5"),
    ("0", "0"), ("  16  ", "16"),
])
def test_unambiguous_hours_are_read(text: str, hours: str) -> None:
    parsed = parse_hours(text)
    assert not parsed.flagged, parsed.problem
    assert parsed.value == Decimal(hours)


@pytest.mark.parametrize(("text", "why"), [
    ("1,500", "could be 1.500 or 1500"),  # a decimal comma, or a thousands comma?
    ("10-12", "range"), ("about 10", "estimate"), ("~10", "estimate"), ("10+", "estimate"), ("3/4", "fraction"),
    ("2 days", "not in hours"), ("12:30", "hours:minutes"), ("ten-ish", "not a number"), ("-5", "not a number"),
    ("1.5.", "not a number"), ("1h75", "60 or more"), ("x" * 50, "too long"), ("999999", "more than"),
])
def test_ambiguous_or_unreadable_hours_are_flagged_with_the_reason(text: str, why: str) -> None:
    parsed = parse_hours(text)
    assert parsed.value is None
    assert why in parsed.problem


def test_an_empty_entry_is_neither_a_value_nor_flagged() -> None:
    assert parse_hours("   ") == parse_hours("   ").__class__("   ", None, "")


def test_hours_print_as_people_write_them() -> None:
    assert [format_hours(Decimal(v)) for v in ("12", "1.50", "12.0", "100")] == ["12", "1.5", "12", "100"]
    assert format_hours(parse_hours("100 min").value) == "1.67"
    assert format_hours(None) == ""
