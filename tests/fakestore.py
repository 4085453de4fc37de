"""An in-memory answer store with the read API of formkit.store (people, person, submissions,
answers, plans, reflections), for testing the reports on exactly chosen rows; and the cohort counts worked out
in Python from rows (:func:`counts_from_rows`), what formkit.store.counts must give from SQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from formkit.store.counts import CohortCounts, GroupCount, RatingCount, SupportCount
from formkit.store.records import Answer, Person, PlanEntry, ReflectionEntry, Submission


@dataclass
class FakeStore:
    persons: dict[str, Person] = field(default_factory=dict)
    subs: list[Submission] = field(default_factory=list)
    answer_rows: list[Answer] = field(default_factory=list)
    plan_rows: list[PlanEntry] = field(default_factory=list)
    reflection_rows: list[ReflectionEntry] = field(default_factory=list)

    def add_person(self, person_id: str, name: str, program: str = "North", supervisor: str = "Dana Ruiz") -> Person:
        person = Person(person_id, name, program, supervisor)
        self.persons[person_id] = person
        return person

    def add_submission(self, person_id: str, rater: str, round_value: str, ratings: dict[str, int | str | None],
                       date: str = "", plans: Sequence[tuple[str, str, str]] = (), version: int = 1) -> Submission:
        """``ratings``: competency id -> value, "NA" (not yet had the chance) or None (blank);
        ``plans``: (scope, goal, support)."""
        sub = Submission(len(self.subs) + 1, person_id, rater, "x", round_value, date, version, f"{person_id}.pdf",
                         f"hash{len(self.subs)}", "samhsa-peer-core-competencies", "2018.1", "base", "2026-01-01T00:00:00Z")
        self.subs.append(sub)
        labels = {1: "Rarely", 2: "Sometimes", 3: "Usually", 4: "Consistently"}
        for comp, value in ratings.items():
            number = value if isinstance(value, int) else None
            label = labels[number] if number else ("Not yet had the chance / not sure" if value == "NA" else "")
            self.answer_rows.append(Answer(sub.submission_id, comp.split(".")[0], comp, f"Statement of {comp}",
                                           number, label, "", False))
        for scope, goal, support in plans:
            self.plan_rows.append(PlanEntry(sub.submission_id, scope, goal, "", support, ""))
        return sub

    # -- the read API ------------------------------------------------------------------
    def people(self) -> list[Person]:
        return sorted(self.persons.values(), key=lambda p: p.person_id)

    def person(self, person_id: str) -> Person:
        return self.persons[person_id]

    def submissions(self, person_id: str | None = None, program: str | None = None, supervisor: str | None = None,
                    round: str | None = None, rater: str | None = None, latest_only: bool = True) -> list[Submission]:
        out = []
        for sub in self.subs:
            person = self.persons[sub.person_id]
            if (person_id not in (None, sub.person_id) or program not in (None, person.program)
                    or supervisor not in (None, person.supervisor) or round not in (None, sub.round)
                    or rater not in (None, sub.rater)):
                continue
            out.append(sub)
        if latest_only:
            newest: dict[tuple[str, str, str], Submission] = {}
            for sub in out:
                key = (sub.person_id, sub.rater, sub.round)
                if key not in newest or sub.version > newest[key].version:
                    newest[key] = sub
            out = [s for s in out if newest[(s.person_id, s.rater, s.round)] is s]
        return out

    def answers(self, submission_ids: Sequence[int]) -> list[Answer]:
        wanted = set(submission_ids)
        return [a for a in self.answer_rows if a.submission_id in wanted]

    def plans(self, submission_ids: Sequence[int]) -> list[PlanEntry]:
        wanted = set(submission_ids)
        return [p for p in self.plan_rows if p.submission_id in wanted]

    def reflections(self, submission_ids: Sequence[int]) -> list[ReflectionEntry]:
        wanted = set(submission_ids)
        return [r for r in self.reflection_rows if r.submission_id in wanted]

    def cohort_counts(self, program: str | None = None, supervisor: str | None = None,
                      round: str | None = None) -> CohortCounts:
        subs = self.submissions(program=program, supervisor=supervisor, round=round)
        ids = [s.submission_id for s in subs]
        return counts_from_rows(subs, self.answers(ids), self.plans(ids), program, supervisor, round)


def counts_from_rows(subs: Sequence[Submission], answer_rows: Sequence[Answer], plan_rows: Sequence[PlanEntry],
                     program: str | None = None, supervisor: str | None = None,
                     round: str | None = None) -> CohortCounts:
    """The cohort counts by walking the rows one by one, as the report did before the database
    counted them: the reference the SQL is checked against."""
    by_id = {s.submission_id: s for s in subs}
    people: dict[tuple[str, str], set[str]] = {}
    for sub in subs:
        people.setdefault((sub.round, sub.rater), set()).add(sub.person_id)
    answered: Counter[tuple[str, str, str, int | None, bool]] = Counter()
    answered_by: dict[tuple[str, str, str, int | None, bool], set[str]] = {}
    categories: dict[str, None] = {}
    for a in sorted((a for a in answer_rows if a.submission_id in by_id), key=lambda a: a.submission_id):
        sub = by_id[a.submission_id]
        key = (sub.round, sub.rater, a.category_id, a.rating_value,
               a.rating_value is None and bool(a.rating_label.strip()))
        answered[key] += 1
        answered_by.setdefault(key, set()).add(sub.person_id)
        categories.setdefault(a.category_id, None)
    asked: dict[tuple[str, str, str], set[str]] = {}
    elsewhere: dict[tuple[str, str], set[str]] = {}
    for plan in plan_rows:
        sub = by_id.get(plan.submission_id)
        if sub and plan.support.strip():
            asked.setdefault((sub.round, sub.rater, plan.scope), set()).add(sub.person_id)
            if plan.scope not in categories:
                elsewhere.setdefault((sub.round, sub.rater), set()).add(sub.person_id)
    dates: dict[str, str] = {}
    for sub in subs:
        dates[sub.round] = min(dates.get(sub.round, sub.date or "~"), sub.date or "~")
    ratings = sorted((RatingCount(*key, n, len(answered_by[key])) for key, n in answered.items()),
                     key=lambda r: (r.round, r.rater, r.category_id, r.value is None, r.value or 0, r.not_yet))
    return CohortCounts(
        program, supervisor, round, len({s.person_id for s in subs}),
        tuple(GroupCount(r, who, len(p)) for (r, who), p in sorted(people.items())), tuple(ratings),
        tuple(categories), tuple(SupportCount(*k, len(p)) for k, p in sorted(asked.items())),
        tuple(GroupCount(r, who, len(p)) for (r, who), p in sorted(elsewhere.items())), tuple(sorted(dates.items())))
