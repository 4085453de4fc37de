"""What the reports compute from the store's rows: a person's ratings by round and rater, where
self and supervisor disagree, and what has not yet had the chance round after round.

Pure functions over :mod:`formkit.store.records` (no database, no PDF), so the numbers the PDF
prints and the CSV holds are the same numbers, and a test can check them without either.

A "not yet had the chance" answer is an answer with a label and no number (the scale's
not-applicable choice has no place on the scale); a blank answer has neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..documents.selfassess import names
from ..store.records import SELF, SUPERVISOR, Answer, Person, PlanEntry, ReflectionEntry, Submission

GAP = 2  # self and supervisor this many points apart start a conversation


class StoreReader(Protocol):
    """What the person report reads: formkit.store.Store, or formkit.store.sqlitereader.SqliteReader
    (an SQLite store read without SQLAlchemy); a test may pass any object that has it."""

    def person(self, person_id: str) -> Person: ...

    def submissions(self, person_id: str) -> list[Submission]: ...  # the newest version of each

    def answers(self, submission_ids: Sequence[int]) -> list[Answer]: ...

    def plans(self, submission_ids: Sequence[int]) -> list[PlanEntry]: ...

    def reflections(self, submission_ids: Sequence[int]) -> list[ReflectionEntry]: ...


def is_not_yet(answer: Answer) -> bool:
    """The person chose "not yet had the chance / not sure" (a label without a scale value)."""
    return answer.rating_value is None and bool(answer.rating_label.strip())


def round_order(rounds: Iterable[str], dates: dict[str, str] | None = None) -> list[str]:
    """Rounds in the order they happen: the form's own (baseline, follow-up), then any other by
    its earliest date and name, so "growth" reads left to right."""
    known = {value: i for i, value in enumerate(names.ROUND_CHOICES)}
    known.update({"follow-up": known["followup"]})
    dates = dates or {}
    return sorted(set(rounds), key=lambda r: (known.get(r.casefold(), len(known)), dates.get(r, ""), r))


@dataclass(frozen=True)
class Cell:
    """One competency's answer in one round by one rater."""

    value: int | None
    label: str

    @property
    def not_yet(self) -> bool:
        return self.value is None and bool(self.label.strip())


@dataclass(frozen=True)
class Starter:
    """Something to talk about: a competency, why, and the answers behind it."""

    competency_id: str
    statement: str
    reason: str  # "gap" or "not_yet"
    detail: tuple[tuple[str, str, str], ...]  # (round, rater, label) behind it


@dataclass
class History:
    """One person's answers: ``cells[(competency, round, rater)]``, in round order."""

    person: Person
    rounds: list[str]
    submissions: list[Submission]
    categories: dict[str, list[tuple[str, str]]]  # category id -> [(competency id, statement)] in form order
    cells: dict[tuple[str, str, str], Cell]
    plans: list[tuple[Submission, PlanEntry]]
    reflections: list[tuple[Submission, ReflectionEntry]] = field(default_factory=list)  # in round, rater, form order

    def cell(self, competency_id: str, round_value: str, rater: str) -> Cell | None:
        return self.cells.get((competency_id, round_value, rater))

    def category_mean(self, category_id: str, round_value: str, rater: str) -> float | None:
        """The mean rating of a category's answered competencies (None: none rated on the scale)."""
        values = [c.value for comp, _ in self.categories.get(category_id, [])
                  if (c := self.cell(comp, round_value, rater)) is not None and c.value is not None]
        return sum(values) / len(values) if values else None


def person_history(store: StoreReader, person_id: str) -> History:
    """Everything the person report shows, read from the store once."""
    person = store.person(person_id)
    subs = store.submissions(person_id=person_id)
    dates: dict[str, str] = {}
    for sub in subs:
        dates[sub.round] = min(dates.get(sub.round, sub.date or "~"), sub.date or "~")
    rounds = round_order((s.round for s in subs), dates)
    by_id = {s.submission_id: s for s in subs}
    ids = sorted(by_id)
    categories: dict[str, list[tuple[str, str]]] = {}
    cells: dict[tuple[str, str, str], Cell] = {}
    for answer in store.answers(ids):
        sub = by_id[answer.submission_id]
        listed = categories.setdefault(answer.category_id, [])
        if all(comp != answer.competency_id for comp, _ in listed):
            listed.append((answer.competency_id, answer.statement))
        cells[(answer.competency_id, sub.round, sub.rater)] = Cell(answer.rating_value, answer.rating_label)
    order = {r: i for i, r in enumerate(rounds)}
    plans = sorted(((by_id[p.submission_id], p) for p in store.plans(ids)),
                   key=lambda sp: (order[sp[0].round], sp[0].rater != SELF, sp[1].scope == names.WHOLE))
    places = {key: i for i, key in enumerate(names.REFLECTION)}
    categories_order = {cat: i for i, cat in enumerate(categories)}
    reflections = sorted(((by_id[r.submission_id], r) for r in store.reflections(ids)),
                         key=lambda sr: (order[sr[0].round], sr[0].rater != SELF,
                                         categories_order.get(sr[1].category_id, len(categories_order)),
                                         places.get(sr[1].key, len(places))))
    return History(person, rounds, sorted(subs, key=lambda s: (order[s.round], s.rater != SELF)),
                   categories, cells, plans, reflections)


def starters(history: History) -> list[Starter]:
    """Where self and supervisor differ by GAP or more in a round, and what stays "not yet had the
    chance" in two or more rounds running (for either rater), competency by competency."""
    out: list[Starter] = []
    for comps in history.categories.values():
        for comp, statement in comps:
            gaps = []
            for r in history.rounds:
                own, theirs = history.cell(comp, r, SELF), history.cell(comp, r, SUPERVISOR)
                if own and theirs and own.value is not None and theirs.value is not None \
                        and abs(own.value - theirs.value) >= GAP:
                    gaps += [(r, SELF, own.label), (r, SUPERVISOR, theirs.label)]
            if gaps:
                out.append(Starter(comp, statement, "gap", tuple(gaps)))
            persisting = _persisting_not_yet(history, comp)
            if persisting:
                out.append(Starter(comp, statement, "not_yet", tuple(persisting)))
    return out


def _persisting_not_yet(history: History, comp: str) -> list[tuple[str, str, str]]:
    """(round, rater, label) of a "not yet had the chance" held in two or more consecutive rounds."""
    found: list[tuple[str, str, str]] = []
    for rater in (SELF, SUPERVISOR):
        run: list[tuple[str, str, str]] = []
        for r in history.rounds:
            cell = history.cell(comp, r, rater)
            if cell is not None and cell.not_yet:
                run.append((r, rater, cell.label))
                continue
            if len(run) >= 2:
                found += run
            run = []
        if len(run) >= 2:
            found += run
    return found


__all__ = ["GAP", "Cell", "History", "Starter", "StoreReader", "is_not_yet", "person_history", "round_order",
           "starters"]
