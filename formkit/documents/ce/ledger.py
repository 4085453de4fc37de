"""Reading a continuing-education ledger: one row per CE activity a person completed.

A ledger is what a board, an employer or a training system exports: person, date, hours,
category (the topic, e.g. ethics), provider, title. Headers are matched loosely ("Contact
hours" is hours, "Topic" is category) and the file may be anything Excel saves (see
formkit.core.csvtext).

A row formkit cannot read exactly (hours "1,5", "2h" or "two", a date "3/4/2026", no person) is
an error, not a warning: a shortfall report is only right if every hour was counted, so a row
silently left out could tell a person they are short, or that they are not. Every such row is
named (line and column) in one pass, so the ledger can be fixed at once, and nothing is written.
Rows are read one at a time: the check adds them up as they come (formkit.documents.ce.check).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from ...context.ce import topic_key
from ...core.csvtext import read_table

MAX_BYTES = 10 * 1024 * 1024  # about 140,000 rows (a whole board's ledger): ~5 s and ~120 MB to check, measured
MAX_HOURS = Decimal(1000)  # one activity; more is a typo (a year typed in the hours column)
MAX_TEXT = 200  # characters in one cell
COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("person", "name", "full_name", "participant", "staff", "employee", "member", "person_name"),
    "date": ("date", "completed", "date_completed", "completion_date", "completed_on", "end_date"),
    "hours": ("hours", "ce_hours", "contact_hours", "clock_hours", "credit_hours", "hours_earned"),
    "category": ("category", "topic", "ce_category", "subject", "type"),
    "provider": ("provider", "ce_provider", "sponsor", "trainer", "organisation", "organization"),
    "title": ("title", "course", "course_title", "activity", "training", "training_title"),
}
REQUIRED = ("person", "date", "hours", "category")
HOURS = re.compile(r"[0-9]+(\.[0-9]+)?|\.[0-9]+")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SPACES = re.compile(r"\s\s|[^\S ]")  # two in a row, or one that is not a plain space: tidied to one
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's "Cc" characters; tabs and line breaks are spaces by now


class Entry(NamedTuple):
    """One ledger row, read exactly (a tuple: a whole board's ledger is made of them quickly)."""

    line: int
    person: str  # as first written (spaces tidied)
    day: date
    hours: Decimal
    category: str
    provider: str
    title: str
    person_key: str  # the person as compared: "Ana  Diaz" and "ana diaz" are the same person
    topic: str  # the category as compared (formkit.context.ce.topic_key)

    def same_activity(self) -> tuple[str, ...]:
        """What makes two rows the same activity: every column but the line (a repeated export row)."""
        return (self.person_key, self.day.isoformat(), str(self.hours.normalize()), self.topic,
                self.provider.casefold(), self.title.casefold())


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be counted: its line, the column at fault, what is wrong and the fix."""

    line: int
    column: str
    message: str
    hint: str


def read_ledger(path: str | Path) -> Iterator[Entry | RowProblem]:
    """Each non-blank data row as an Entry, or the first problem in it; a bad file raises FormkitError."""
    table = read_table(Path(path), "CE ledger", option="the ledger argument", max_bytes=MAX_BYTES, aliases=COLUMNS,
                       required=REQUIRED, example="person,date,hours,category,provider,title")
    for line, row in table.rows:
        yield _entry(line, row, len(table.header), table.columns)


def _entry(line: int, row: list[str], width: int, columns: dict[str, int]) -> Entry | RowProblem:
    if len(row) > width:
        return RowProblem(line, "", f"{len(row)} values but the header has {width} columns",
                          "Check for an unquoted comma or semicolon in a title")
    values = {k: row[i].strip() if i < len(row) else "" for k, i in columns.items()}
    joined = "|".join(values.values())  # one search per row: most rows need no tidying and have no fault
    if SPACES.search(joined):
        values = {k: " ".join(v.split()) for k, v in values.items()}
    if not values["person"] or not values["category"] or CONTROL.search(joined) or \
            max(map(len, values.values())) > MAX_TEXT:  # then which cell is at fault
        problem = next(filter(None, (_text_problem(line, k, v) for k, v in values.items())), None)
        if problem:
            return problem
    hours = parse_hours(values["hours"])
    if isinstance(hours, str):
        return RowProblem(line, "hours", f"'{values['hours']}' is not a number of hours" if values["hours"]
                          else "no hours", hours)
    day = parse_day(values["date"])
    if day is None:
        shown = f"'{values['date']}' is not a date written YYYY-MM-DD" if values["date"] else "no date"
        return RowProblem(line, "date", shown, "Write the day the activity was completed, e.g. 2026-03-14")
    return Entry(line, values["person"], day, hours, values["category"], values.get("provider", ""),
                 values.get("title", ""), values["person"].casefold(), topic_key(values["category"]))


def _text_problem(line: int, name: str, value: str) -> RowProblem | None:
    if name in ("person", "category") and not value:
        fix = "Fill in who completed the activity" if name == "person" else \
            "Fill in its topic (e.g. ethics), or 'general' when it counts toward the total only"
        return RowProblem(line, name, f"no {name}", fix)
    if len(value) > MAX_TEXT:
        return RowProblem(line, name, f"the value is {len(value)} characters long", f"Keep it to {MAX_TEXT} characters")
    if CONTROL.search(value):
        return RowProblem(line, name, "the value holds a control character", "Retype it as plain text")
    return None


def parse_hours(text: str) -> Decimal | str:
    """The hours as an exact decimal, or the fix to show. Only plain numbers: "1,5" could be one and a
    half or fifteen, "2h" and "two" are read by people, not programs, so none of them is guessed."""
    if not HOURS.fullmatch(text):
        if re.fullmatch(r"[0-9]+,[0-9]+", text):
            return f"Write hours with a decimal point: {text.replace(',', '.')} (formkit does not guess a comma)"
        return "Write the hours as a plain number, e.g. 1.5 (no units, no words)"
    hours = Decimal(text)
    if hours <= 0:
        return "Write the hours the activity gave (more than 0), or remove the row"
    if hours > MAX_HOURS:
        return f"One activity gives at most {MAX_HOURS} hours: check the column (is it a year?)"
    return hours


def parse_day(text: str) -> date | None:
    if not ISO_DAY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
