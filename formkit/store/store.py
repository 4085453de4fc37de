"""The answer store's library API: open a store, ingest forms, and read people, submissions,
answers and plans back as the frozen rows of :mod:`formkit.store.records`.

Library use::

    from formkit.store import open_store
    with open_store("collected/formkit.db") as store:
        report = store.ingest(["returned/"], catalog)
        for person in store.people(): ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from ..core.errors import FormkitError
from .engine import open_engine, shown, translated
from .people import normalised
from .records import PLAN, REFLECTION, SELF, Answer, Handwriting, Person, PlanEntry, ReflectionEntry, Submission
from .schema import PER_SUBMISSION, answers, people, plans, reflections, submissions
from .tallies import Tallies, newest_only, take_away

if TYPE_CHECKING:  # the reports open a store without the form reader that ingesting needs
    from ..catalog.model import Catalog
    from ..collect.read import Response
    from .ingest import Ingester, IngestReport

IN_CHUNK = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits


class Store:
    """One open answer store. Every method is one short transaction; the store may be shared."""

    def __init__(self, target: str | Path) -> None:
        self.target = target
        self.engine = open_engine(target)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def ingest(self, paths_or_responses: Iterable[str | Path | Response], catalog: Catalog) -> IngestReport:
        """Store the forms (files, folders or Responses); files already stored are skipped unread."""
        from .ingest import ingest

        with translated(self.target):
            return ingest(self.engine, paths_or_responses, catalog)

    def ingester(self, catalog: Catalog) -> Ingester:
        """For forms read elsewhere (``formkit collect --db`` reads each once, for the CSV and the
        store): ``add`` each :class:`~formkit.store.storable.Storable`, then ``finish()`` for the
        report. Written a batch at a time; a database error is one line naming the store."""
        from .ingest import Ingester

        return Ingester(self.engine, catalog, target=self.target)

    def people(self) -> list[Person]:
        """Everyone stored, by name then id."""
        query = select(people).order_by(people.c.name_key, people.c.person_id)
        return [_person(row) for row in self._rows(query)]

    def person(self, person_id: str) -> Person:
        rows = self._rows(select(people).where(people.c.person_id == person_id))
        if not rows:
            raise FormkitError(f"no person with the id {person_id!r} in this store", path=shown(self.target),
                               hint="formkit people lists the ids")
        return _person(rows[0])

    def submissions(self, person_id: str | None = None, program: str | None = None, supervisor: str | None = None,
                    round: str | None = None, rater: str | None = None,  # noqa: A002 - the API's word
                    latest_only: bool = True) -> list[Submission]:
        """Submissions by person, then the order they were stored. ``program`` and ``supervisor``
        match what the form said (normalised: case and spacing do not matter); ``latest_only``
        keeps the newest version of each person, rater and round."""
        query = select(submissions)
        conditions = []
        if person_id is not None:
            conditions.append(submissions.c.person_id == person_id)
        if program is not None:
            conditions.append(submissions.c.program_key == normalised(program))
        if supervisor is not None:
            conditions.append(submissions.c.supervisor_key == normalised(supervisor))
        if round is not None:
            conditions.append(submissions.c.round == round)
        if rater is not None:
            conditions.append(submissions.c.rater == rater)
        if latest_only:
            conditions.append(newest_only())
        query = query.where(*conditions).order_by(submissions.c.person_id, submissions.c.submission_id)
        return [_submission(row) for row in self._rows(query)]

    def answers(self, submission_ids: Iterable[int]) -> list[Answer]:
        """The answers of these submissions, by submission, in the order of the form."""
        return [Answer(row.submission_id, row.category_id, row.competency_id, row.statement, row.rating_value,
                       row.rating_label, row.notes, bool(row.statement_changed), row.choice)
                for row in self._by_submission(answers, submission_ids, answers.c.position)]

    def plans(self, submission_ids: Iterable[int]) -> list[PlanEntry]:
        """The learning-plan rows of these submissions, by submission, scope and row, each with the
        pictures of its boxes that were handwritten on a paper form."""
        ids = sorted(set(submission_ids))
        drawn: dict[tuple[int, str, int], list[tuple[str, bytes]]] = {}
        for picture in self.handwriting(ids, PLAN):
            drawn.setdefault((picture.submission_id, picture.owner, picture.row), []).append((picture.box, picture.png))
        out = []
        for row in self._by_submission(plans, ids, plans.c.scope, plans.c.row):
            pictures = tuple(drawn.get((row.submission_id, row.scope, row.row), ()))
            shown = {column for column, _png in pictures}  # their text is the handwriting marker: not shown
            goal, steps, support, date = ("" if column in shown else str(getattr(row, column))
                                          for column in ("goal", "steps", "support", "date"))
            out.append(PlanEntry(row.submission_id, row.scope, goal, steps, support, date, pictures))
        return out

    def reflections(self, submission_ids: Iterable[int]) -> list[ReflectionEntry]:
        """What was written about each category (strengths, to learn, support), typed or by hand."""
        ids = sorted(set(submission_ids))
        drawn = {(p.submission_id, p.owner, p.box): p.png for p in self.handwriting(ids, REFLECTION)}
        out = []
        for row in self._by_submission(reflections, ids, reflections.c.category_id, reflections.c.key):
            png = drawn.get((row.submission_id, row.category_id, row.key))
            out.append(ReflectionEntry(row.submission_id, row.category_id, row.key, "" if png else row.text, png))
        return out

    def handwriting(self, submission_ids: Iterable[int], section: str | None = None) -> list[Handwriting]:
        """The crops of the boxes handwritten on these submissions' paper forms (of one ``section``:
        formkit.store.records PLAN, REFLECTION or NOTES, when given)."""
        from .handwriting import pictures

        with translated(self.target), self.engine.connect() as connection:
            return list(pictures(connection, submission_ids, section, IN_CHUNK))

    def last_plan(self, person_id: str) -> list[PlanEntry]:
        """The plan of the person's newest self-assessment that has one ([] when none has): what
        the next round's form shows as "Last time you planned…"."""
        self.person(person_id)
        for submission in reversed(self.submissions(person_id=person_id, rater=SELF)):
            entries = self.plans([submission.submission_id])
            if entries:
                return entries
        return []

    def forget(self, person_id: str) -> dict[str, int]:
        """Delete everything stored about a person; the rows removed, per table."""
        self.person(person_id)
        removed: dict[str, int] = {}
        owned = select(submissions.c.submission_id).where(submissions.c.person_id == person_id)
        with translated(self.target), self.engine.begin() as connection:
            counted = Tallies()  # their newest submissions leave the cohort tallies
            take_away(connection, counted, list(connection.execute(
                select(submissions.c.submission_id).where(submissions.c.person_id == person_id, newest_only()))
                .scalars()))
            counted.write(connection)
            for table in PER_SUBMISSION:
                removed[table.name] = connection.execute(
                    delete(table).where(table.c.submission_id.in_(owned))).rowcount
            removed["submissions"] = connection.execute(
                delete(submissions).where(submissions.c.person_id == person_id)).rowcount
            removed["people"] = connection.execute(delete(people).where(people.c.person_id == person_id)).rowcount
        return removed

    def _rows(self, query: Any) -> list[Any]:
        with translated(self.target), self.engine.connect() as connection:
            return list(connection.execute(query).all())

    def _by_submission(self, table: Any, submission_ids: Iterable[int], *order: Any) -> Iterator[Any]:
        ids = sorted(set(submission_ids))
        with translated(self.target), self.engine.connect() as connection:
            for start in range(0, len(ids), IN_CHUNK):
                chunk = ids[start:start + IN_CHUNK]
                query = select(table).where(table.c.submission_id.in_(chunk)).order_by(table.c.submission_id, *order)
                yield from connection.execute(query)


def open_store(url_or_path: str | Path) -> Store:
    """The store at a path (an SQLite file, created owner-only) or URL (sqlite:// or
    postgresql+psycopg://), upgraded to this formkit's schema. Usable as a context manager."""
    return Store(url_or_path)


def _person(row: Any) -> Person:
    return Person(row.person_id, row.name, row.program, row.supervisor)


def _submission(row: Any) -> Submission:
    return Submission(row.submission_id, row.person_id, row.rater, row.rater_name, row.round, row.date, row.version,
                      row.source_file, row.content_hash, row.catalog_id, row.catalog_version, row.fingerprint,
                      row.ingested_at, row.source)


__all__ = ["Store", "open_store"]
