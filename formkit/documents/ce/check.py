"""`formkit ce check`: each person's continuing-education hours against a board's renewal rule.

The period ends on the day checked (``as_of``, given by the caller: the same ledger and day give
the same report, byte for byte) and reaches back the rule's ``period_months``; entries before it
or after the day are ignored and counted as such. Each person gets the hours in the period, the
hours in each sub-minimum (e.g. ethics), and what is still needed: the larger of the total's
shortfall and the sum of the sub-minimums' shortfalls (a sub-minimum hour also counts toward the
total, and a topic counts toward one sub-minimum only, so that sum is exact).

A row repeated exactly (same person, date, hours, category, provider and title: an export run
twice, a copy pasted twice) is counted once, with a warning naming both lines.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ...context.boards import Board, available_boards, load_profile
from ...context.ce import CeRules, Minimum, period_start, read_ce
from ...core.errors import FormkitError, raise_all
from ...core.suggest import did_you_mean
from .ledger import Entry, RowProblem, read_ledger

MAX_LISTED = 9  # problems or warnings shown one per line, then one line counting the rest: ten at most
ZERO = Decimal(0)


class Bounded:
    """The first MAX_LISTED lines of a kind, and how many more there were (a ledger of 140,000
    repeated rows must not hold 250,000 warnings in memory)."""

    def __init__(self) -> None:
        self.first: list[str | RowProblem] = []
        self.more = 0

    def add(self, item: str | RowProblem) -> None:
        if len(self.first) < MAX_LISTED:
            self.first.append(item)
        else:
            self.more += 1


@dataclass
class Tally:
    """One person's hours as the rows come in."""

    person: str
    hours: Decimal = ZERO
    by_minimum: dict[str, Decimal] = field(default_factory=dict)
    counted: int = 0
    outside: int = 0


@dataclass(frozen=True)
class Standing:
    """One person's result: hours in the period, per sub-minimum, and what is still needed."""

    person: str
    hours: Decimal
    minimums: tuple[tuple[Minimum, Decimal], ...]
    required: Decimal
    counted: int
    outside: int

    @property
    def short(self) -> Decimal:
        return max(self.required - self.hours, ZERO)

    def short_in(self, minimum: Minimum, hours: Decimal) -> Decimal:
        return max((minimum.hours or ZERO) - hours, ZERO)

    @property
    def still_needed(self) -> Decimal:
        return max(self.short, sum((self.short_in(m, h) for m, h in self.minimums), ZERO))

    @property
    def result(self) -> str:
        """"met", or "short by 7 h, including 3 h in Ethics": the hours still needed and which must be in a topic."""
        needed = self.still_needed
        if needed == 0:
            return "met"
        within = [f"{fmt_hours(self.short_in(m, h))} h in {m.name}" for m, h in self.minimums if self.short_in(m, h)]
        return f"short by {fmt_hours(needed)} h" + (f", including {' and '.join(within)}" if within else "")


@dataclass(frozen=True)
class CeReport:
    """Everything `formkit ce check` prints and writes, in the order people are listed (by name)."""

    board: Board
    rules: CeRules
    as_of: date
    start: date
    standings: tuple[Standing, ...]
    warnings: tuple[str, ...]


def fmt_hours(hours: Decimal) -> str:
    """Hours as people write them: 20, 20.5, 1.25 (never 2E+1 or 20.50)."""
    return format(hours.normalize(), "f")


def rules_to_check(board: Board) -> CeRules:
    """The board's CE rules, or one line saying why they cannot be checked (none, or a number not given)."""
    if board.ce is None:
        with_ce = [name for name in available_boards() if _checkable(name)]
        raise FormkitError(f"board '{board.id}' has no continuing-education rules", path=board.path, key="ce",
                           hint=f"Choose a board that has them ({', '.join(with_ce)}), or add a ce: section to the "
                           "profile (see docs/checklists.md)")
    missing = board.ce.unfilled()
    if missing:
        raise FormkitError(f"the sources give no figure for {missing[0]}: it is to be filled by the board",
                           path=board.path, key=missing[0], hint="Fill it in from the board's current renewal "
                           "rules, in a copy of the profile or an overlay's board: ce: section")
    return board.ce


def _checkable(name: str) -> bool:
    """True when the shipped profile ``name`` has CE rules with every number given."""
    rules = read_ce(*load_profile(name))
    return rules is not None and not rules.unfilled()


def check_ledger(ledger: str | Path, board: Board, as_of: date) -> CeReport:
    """Every person's standing on ``as_of``; a bad ledger row raises (every one named), nothing half-done."""
    rules = rules_to_check(board)
    assert rules.period_months is not None and rules.total_hours is not None  # rules_to_check says so
    start = period_start(as_of, rules.period_months)
    topics = {t: m.id for m in rules.minimums for t in m.topics}
    tallies: dict[str, Tally] = {}
    first_seen: dict[bytes, int] = {}
    problems, warnings = Bounded(), Bounded()
    unknown: set[str] = set()
    for item in read_ledger(ledger):
        if isinstance(item, RowProblem):
            problems.add(item)
            continue
        repeat = _repeat_of(item, first_seen)
        if repeat:
            warnings.add(f"{ledger}: line {item.line}: repeats line {repeat} (same person, date, hours, category, "
                            "provider and title): counted once")
            continue
        tally = tallies.get(item.person_key)
        if tally is None:
            tally = tallies[item.person_key] = Tally(item.person)
        if not start <= item.day <= as_of:
            tally.outside += 1
            continue
        _count(tally, item, topics.get(item.topic))
        if item.topic not in topics and item.topic not in unknown:
            unknown.add(item.topic)
            close = did_you_mean(item.topic, topics)
            if close:
                warnings.add(f"{ledger}: line {item.line}: category '{item.category}' counts toward the total only. "
                                f"{close}")
    _raise_problems(str(ledger), problems)
    standings = tuple(_standing(tallies[k], rules) for k in sorted(tallies))
    more = [f"... and {warnings.more} more warnings like these"] if warnings.more else []
    return CeReport(board, rules, as_of, start, standings, tuple(str(w) for w in warnings.first) + tuple(more))


def _repeat_of(entry: Entry, first_seen: dict[bytes, int]) -> int | None:
    """The line an identical row was first seen on, else None (a digest per row keeps memory small)."""
    digest = hashlib.blake2b("\x1f".join(entry.same_activity()).encode(), digest_size=16).digest()
    if digest in first_seen:
        return first_seen[digest]
    first_seen[digest] = entry.line
    return None


def _count(tally: Tally, entry: Entry, minimum: str | None) -> None:
    tally.hours += entry.hours
    tally.counted += 1
    if minimum is not None:
        tally.by_minimum[minimum] = tally.by_minimum.get(minimum, ZERO) + entry.hours


def _standing(tally: Tally, rules: CeRules) -> Standing:
    assert rules.total_hours is not None
    return Standing(tally.person, tally.hours, tuple((m, tally.by_minimum.get(m.id, ZERO)) for m in rules.minimums),
                    rules.total_hours, tally.counted, tally.outside)


def _raise_problems(ledger: str, problems: Bounded) -> None:
    errors = [FormkitError(p.message, path=ledger, key=f"line {p.line}" + (f", column '{p.column}'" if p.column else ""),
                           hint=p.hint) for p in problems.first if isinstance(p, RowProblem)]
    if problems.more:
        errors.append(FormkitError(f"{problems.more} more rows cannot be read", path=ledger,
                                   hint="Fix the rows above, then run again to see the rest"))
    raise_all(errors)
