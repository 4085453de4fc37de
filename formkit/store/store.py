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
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from ..core.errors import FormkitError
from .driver import Driver
from .engine import open_engine, shown, translated
from .queries import (PERSON_ID, answers_query, handwriting_query, person_query, plans_query, reflections_query,
                      submissions_query)
from .reads import (IDS, PERSON_COLUMNS, answer_of, chunks, handwriting_of, person_of, plans_of, reflections_of,
                    submission_of)
from .records import SELF, Answer, Handwriting, Person, PlanEntry, ReflectionEntry, Submission
from .schema import PER_SUBMISSION, people, submissions
from .tallies import Tallies, take_away

if TYPE_CHECKING:  # the reports open a store without the form reader that ingesting needs
    from ..catalog.model import Catalog
    from ..collect.read import Response
    from .ingest import Ingester, IngestReport


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
            return ingest(EngineWrites(self.engine), paths_or_responses, catalog)

    def ingester(self, catalog: Catalog) -> Ingester:
        """For forms read elsewhere (``formkit collect --db`` reads each once, for the CSV and the
        store): ``add`` each :class:`~formkit.store.storable.Storable`, then ``finish()`` for the
        report. Written a batch at a time; a database error is one line naming the store."""
        from .ingest import Ingester

        return Ingester(EngineWrites(self.engine), catalog, target=self.target)

    def where(self) -> str:
        """The store as the closing line names it: its URL, without a password."""
        return str(self.engine.url.render_as_string(hide_password=True))

    def people(self) -> list[Person]:
        """Everyone stored, by name then id."""
        query = select(*(people.c[c] for c in PERSON_COLUMNS)).order_by(people.c.name_key, people.c.person_id)
        return [person_of(row) for row in self._rows(query)]

    def person(self, person_id: str) -> Person:
        rows = self._rows(person_query(), {PERSON_ID: person_id})
        if not rows:
            raise FormkitError(f"no person with the id {person_id!r} in this store", path=shown(self.target),
                               hint="formkit people lists the ids")
        return person_of(rows[0])

    def submissions(self, person_id: str | None = None, program: str | None = None, supervisor: str | None = None,
                    round: str | None = None, rater: str | None = None,  # noqa: A002 - the API's word
                    latest_only: bool = True) -> list[Submission]:
        """Submissions by person, then the order they were stored. ``program`` and ``supervisor``
        match what the form said (normalised: case and spacing do not matter); ``latest_only``
        keeps the newest version of each person, rater and round."""
        query = submissions_query(person_id, program, supervisor, round, rater, latest_only)
        return [submission_of(row) for row in self._rows(query)]

    def answers(self, submission_ids: Iterable[int]) -> list[Answer]:
        """The answers of these submissions, by submission, in the order of the form."""
        return [answer_of(row) for row in self._by_submission(answers_query(), submission_ids)]

    def plans(self, submission_ids: Iterable[int]) -> list[PlanEntry]:
        """The learning-plan rows of these submissions, by submission, scope and row, each with the
        pictures of its boxes that were handwritten on a paper form (formkit.store.handwriting)."""
        ids = sorted(set(submission_ids))
        return plans_of(self._by_submission(plans_query(), ids), self.handwriting(ids))

    def reflections(self, submission_ids: Iterable[int]) -> list[ReflectionEntry]:
        """What was written about each category (strengths, to learn, support), typed or by hand."""
        ids = sorted(set(submission_ids))
        return reflections_of(self._by_submission(reflections_query(), ids), self.handwriting(ids))

    def handwriting(self, submission_ids: Iterable[int]) -> list[Handwriting]:
        """The crops of the boxes handwritten on these submissions' paper forms (formkit scan --db)."""
        return [handwriting_of(row) for row in self._by_submission(handwriting_query(), submission_ids)]

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
            driver, counted = Driver.on(connection), Tallies()  # their newest submissions leave the cohort tallies
            take_away(driver, counted, [row[0] for row in driver.rows("NEWEST_OF_PERSON", {"person_id": person_id})])
            counted.write(driver)
            driver.close()
            for table in PER_SUBMISSION:
                removed[table.name] = connection.execute(
                    delete(table).where(table.c.submission_id.in_(owned))).rowcount
            removed["submissions"] = connection.execute(
                delete(submissions).where(submissions.c.person_id == person_id)).rowcount
            removed["people"] = connection.execute(delete(people).where(people.c.person_id == person_id)).rowcount
        return removed

    def _rows(self, query: Any, parameters: dict[str, Any] | None = None) -> list[Any]:
        with translated(self.target), self.engine.connect() as connection:
            return list(connection.execute(query, parameters).all())

    def _by_submission(self, query: Any, submission_ids: Iterable[int]) -> Iterator[Any]:
        with translated(self.target), self.engine.connect() as connection:
            for chunk in chunks(submission_ids):
                yield from connection.execute(query, {IDS: chunk})


class EngineWrites:
    """An ingest's transactions through a SQLAlchemy engine (PostgreSQL, a store being upgraded,
    the library API), each run on a :class:`~formkit.store.driver.Driver` of its connection."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Driver]:
        with self.engine.begin() as connection:
            driver = Driver.on(connection)
            try:
                yield driver
            finally:
                driver.close()


def open_store(url_or_path: str | Path) -> Store:
    """The store at a path (an SQLite file, created owner-only) or URL (sqlite:// or
    postgresql+psycopg://), upgraded to this formkit's schema. Usable as a context manager."""
    return Store(url_or_path)


__all__ = ["Store", "open_store"]
