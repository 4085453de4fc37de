"""Hours as people type them on a paper-like form: "12", "12h", "1.5 hrs", "1,5", "twelve".

A board adds up the hours an applicant logged against its minimums, so a misread number
changes a verdict. :func:`parse_hours` reads what has one meaning and flags the rest with the
reason, never a guess: "1,5" is one and a half (a thousands comma is followed by three
digits), but "1,500" could be 1.5 or 1500 and is flagged; "10-12", "about 10", "2 days"
are flagged. The value is a :class:`~decimal.Decimal`, so sums are exact and print the same
on every machine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

MAX_TEXT = 40  # longer than any number of hours; a pasted paragraph is flagged, not parsed
MAX_HOURS = Decimal(100000)

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000}

_HOUR_UNIT = r"(?:h|hr|hrs|hour|hours)\.?"
_MINUTE_UNIT = r"(?:m|min|mins|minute|minutes)\.?"
_NUMBER = r"\d[\d,.]*"
_HOURS_ONLY = re.compile(rf"({_NUMBER})\s*(?:{_HOUR_UNIT})?")
_MINUTES_ONLY = re.compile(rf"({_NUMBER})\s*{_MINUTE_UNIT}")
_HOURS_MINUTES = re.compile(rf"(\d+)\s*{_HOUR_UNIT}\s*(\d+)\s*(?:{_MINUTE_UNIT})?")
_WORDS_UNIT = re.compile(rf"(.*?)\s*(?:{_HOUR_UNIT})?")
_VAGUE = re.compile(r"\b(?:about|approx\w*|around|ca|circa|or|to|tbd|some|few|many)\b|[~+<>?≈]|\d\s*[-–/]\s*\d")
_OTHER_UNITS = re.compile(r"\b(?:days?|weeks?|months?|years?|credits?|ceus?|sessions?)\b")


@dataclass(frozen=True)
class Hours:
    """One typed entry: its value when it has one meaning, else the reason it was flagged.

    ``value`` is None for an empty entry (``problem`` is "") and for a flagged one. ``reason`` names
    the problem for a document in another language (wording key ``eligibility.hours_<reason>``,
    filled with ``detail``); ``problem`` is the same in English.
    """

    text: str
    value: Decimal | None
    problem: str = ""
    reason: str = field(default="", compare=False)
    detail: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), compare=False)

    @property
    def flagged(self) -> bool:
        return bool(self.problem)


def parse_hours(text: str) -> Hours:
    """``text`` as a number of hours, or flagged with why it cannot be read as one."""
    raw = text.strip()
    if not raw:
        return Hours(text, None)
    if len(raw) > MAX_TEXT:
        return _flag(text, "too_long")
    low = " ".join(raw.lower().split())
    if _OTHER_UNITS.search(low):
        return _flag(text, "other_units")
    if _VAGUE.search(low):
        return _flag(text, "vague")
    value, reason = _read(low)
    if reason:
        return _flag(text, *reason)
    assert value is not None
    if value > MAX_HOURS:
        return _flag(text, "too_many", limit=str(MAX_HOURS))
    return Hours(text, value)


PROBLEMS = {  # the English of each reason; templates/locales/en/eligibility.yaml holds the same
    "too_long": "too long to be a number of hours",
    "other_units": "not in hours (days, weeks or credits have no fixed number of hours)",
    "vague": "a range, a fraction or an estimate, not one number of hours",
    "too_many": "more than {limit} hours",
    "minutes_60": "minutes of 60 or more after the hours",
    "time_of_day": "a time of day or hours:minutes; write the hours as a number, e.g. 1.5",
    "not_number": "not a number of hours",
    "ambiguous": "could be {decimal} or {whole} hours (comma as decimal or thousands)",
}

_Reason = tuple[str, dict[str, str]] | tuple[str]


def _flag(text: str, reason: str, detail: Mapping[str, str] | None = None, **values: str) -> Hours:
    detail = {**(detail or {}), **values}
    return Hours(text, None, PROBLEMS[reason].format(**detail), reason, MappingProxyType(detail))


def _read(low: str) -> tuple[Decimal | None, _Reason | tuple[()]]:
    if m := _HOURS_MINUTES.fullmatch(low):
        minutes = int(m.group(2))
        if minutes >= 60:
            return None, ("minutes_60",)
        return Decimal(int(m.group(1))) + Decimal(minutes) / 60, ()
    if m := _MINUTES_ONLY.fullmatch(low):
        number, problem = _number(m.group(1))
        return (None if number is None else number / 60), problem
    if m := _HOURS_ONLY.fullmatch(low):
        return _number(m.group(1))
    if ":" in low:
        return None, ("time_of_day",)
    m = _WORDS_UNIT.fullmatch(low)
    words = m.group(1) if m else low
    number = _words(words)
    if number is None:
        return None, ("not_number",)
    return number, ()


def _number(digits: str) -> tuple[Decimal | None, _Reason | tuple[()]]:
    """Digits with at most one kind of separator used unambiguously: "1.5", "1,5", "1,500.5"."""
    if re.fullmatch(r"\d+", digits):
        return Decimal(digits), ()
    if re.fullmatch(r"\d+\.\d+", digits):
        return Decimal(digits), ()
    if re.fullmatch(r"\d+,\d{1,2}", digits):  # a decimal comma: a thousands comma has three digits after it
        return Decimal(digits.replace(",", ".")), ()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", digits) or re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", digits):
        return Decimal(digits.replace(",", "")), ()
    if re.fullmatch(r"\d{1,3},\d{3}", digits):
        whole = digits.replace(",", "")
        return None, ("ambiguous", {"decimal": digits.replace(",", "."), "whole": whole})
    return None, ("not_number",)


def _words(text: str) -> Decimal | None:
    """English number words up to the thousands ("twelve", "one hundred and five",
    "twenty-one and a half"); None for anything else."""
    half = False
    if text.endswith(" and a half"):
        text, half = text[: -len(" and a half")], True
    parts = [p for p in re.split(r"[\s-]+", text) if p and p != "and"]
    if not parts:
        return None
    total = current = 0
    for part in parts:
        if part in UNITS:
            current += UNITS[part]
        elif part in TENS:
            current += TENS[part]
        elif part in SCALES:
            if part == "hundred":
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * 1000
                current = 0
        else:
            return None
    return Decimal(total + current) + (Decimal("0.5") if half else 0)


def format_hours(value: Decimal | None) -> str:
    """A Decimal as people write hours: "12", "1.5", never "1.50" or "1E+1"."""
    if value is None:
        return ""
    text = format(value.quantize(Decimal("0.01")).normalize(), "f")
    return text


__all__ = ["Hours", "format_hours", "parse_hours"]
