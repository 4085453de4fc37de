"""Filled forms into the store: each file once (by the sha256 of its bytes), each answer with where it
came from.

A file whose hash is already stored is skipped before it is read, so ingesting a folder again is
quick and adds nothing. A changed form for the same person, rater and round is stored as the next
version beside the earlier one (nothing is overwritten). Forms are written in batches, one
transaction each: the people matched and the submissions numbered form by form, then every
answer, plan row and reflection of the batch in one executemany per table, and the cohort
tallies (formkit.store.tallies) brought up to date. A refused form is reported and left out
without stopping the others; a database error leaves its whole batch out.

`formkit collect --db` hands :class:`Ingester` the :class:`~formkit.store.storable.Storable` rows
its workers made while reading each form for the CSV, so every form is read once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from ..catalog.model import Catalog
from ..collect import find_pdfs, read_forms
from ..collect.read import Response
from .bulk import insert_many
from .driver import Driver
from .engine import translated
from .handwriting import HANDWRITING_COLUMNS, picture_rows
from .people import Ambiguous, match_person, normalised
from .records import RATERS, SELF, SUPERVISOR
from .storable import Storable, file_hash, response_hash, statements_of, storable
from .tallies import Tallies, take_away

# Forms per transaction: few commits (fast on SQLite), a small loss if one batch fails, and short
# enough that writing one (about 60 ms of booklets) never holds up collect's workers, which read only
# a few chunks ahead: at 256, each batch stalled them and the last was written after all reading.
BATCH = 64
HASH_LOOKUP = 500  # hashes asked about per query (well under every backend's parameter limit)
ANSWER_COLUMNS = ("submission_id", "competency_id", "position", "category_id", "statement", "rating_value",
                  "rating_label", "choice", "notes", "statement_changed")
PLAN_COLUMNS = ("submission_id", "scope", "row", "goal", "steps", "support", "date")
REFLECTION_COLUMNS = ("submission_id", "category_id", "key", "text")
CHECKLIST_NOT_STORED = ("a certification checklist: the answer store keeps self-assessments; its verdict is in "
                        "eligibility.csv")


@dataclass
class IngestReport:
    """What one ingest did. ``added`` names every file stored (new versions included);
    ``new_versions`` those of them that were a changed re-submission of a stored person, rater and
    round; ``skipped_same_hash`` the files already stored; ``warnings`` and ``failures`` are
    (file, one-line text) pairs: a failed file was not stored at all."""

    added: list[str] = field(default_factory=list)
    skipped_same_hash: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    submission_ids: list[int] = field(default_factory=list)


class Refused(Exception):
    """A form the store will not take: the one-line reason (with the fix) is the message."""


class Writes(Protocol):
    """Where an ingest writes: a transaction at a time, each a :class:`~formkit.store.driver.Driver`
    (formkit.store.store.EngineWrites through SQLAlchemy, formkit.store.lite.LiteStore without)."""

    def transaction(self) -> AbstractContextManager[Driver]: ...


class Ingester:
    """Forms in, written a batch at a time: :meth:`add` each, then :meth:`finish` for the report.

    A form whose hash is stored already, or was added earlier in this run, is skipped."""

    def __init__(self, writes: Writes, catalog: Catalog, report: IngestReport | None = None,
                 target: str | Path | None = None) -> None:
        self.writes, self.catalog_id, self.target = writes, catalog.id, target
        self.report = report or IngestReport()
        self.batch: list[Storable] = []
        self.seen: set[str] = set()

    def add(self, form: Storable) -> None:
        self.batch.append(form)
        if len(self.batch) >= BATCH:
            self.flush()

    def finish(self) -> IngestReport:
        self.flush()
        return self.report

    def flush(self) -> None:
        """One transaction: every form of the batch checked and stored, or (a database error) none."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        with translated(self.target or "the answer store"), self.writes.transaction() as driver:
            known = _known(driver, sorted({form.digest for form in batch}))
            rows = _Rows()
            for form in batch:
                if form.digest in known or form.digest in self.seen:
                    self.report.skipped_same_hash.append(form.file)
                    continue
                self.seen.add(form.digest)
                self._one(driver, form, stamp, rows)
            rows.write(driver)

    def _one(self, driver: Driver, form: Storable, stamp: str, rows: _Rows) -> None:
        report = self.report
        try:
            version, submission_id, notes = _store(driver, form, self.catalog_id, stamp, rows)
        except Refused as exc:
            report.failures.append((form.file, str(exc)))
            return
        report.added.append(form.file)
        report.submission_ids.append(submission_id)
        if version > 1:
            report.new_versions.append(form.file)
        report.warnings.extend((form.file, text) for text in [*form.warnings, *notes, *form.notes])


class _Rows:
    """The rows of a batch's forms, inserted together at its end, and the tallies they change."""

    def __init__(self) -> None:
        self.answers: list[tuple[Any, ...]] = []
        self.plans: list[tuple[Any, ...]] = []
        self.reflections: list[tuple[Any, ...]] = []
        self.pictures: list[tuple[Any, ...]] = []  # handwriting read from paper (formkit.store.handwriting)
        self.tallies = Tallies()

    def add(self, submission_id: int, form: Storable, group: tuple[str, str, str, str]) -> None:
        self.answers += [(submission_id, *row) for row in form.answers]
        self.plans += [(submission_id, *row) for row in form.plans]
        self.reflections += [(submission_id, *row) for row in form.reflections]
        self.pictures += picture_rows(submission_id, form)
        self.tallies.add(group, form.kinds, form.asked)

    def write(self, driver: Driver, tallies: bool = True) -> None:
        insert_many(driver, "answers", ANSWER_COLUMNS, self.answers)
        insert_many(driver, "plans", PLAN_COLUMNS, self.plans)
        insert_many(driver, "reflections", REFLECTION_COLUMNS, self.reflections)
        insert_many(driver, "handwriting", HANDWRITING_COLUMNS, self.pictures)
        self.answers, self.plans, self.reflections, self.pictures = [], [], [], []
        if tallies:
            self.tallies.write(driver)


def _known(driver: Driver, hashes: Sequence[str]) -> set[str]:
    """The hashes among ``hashes`` the store holds."""
    known: set[str] = set()
    for start in range(0, len(hashes), HASH_LOOKUP):
        known.update(row[0] for row in driver.rows_in("KNOWN_HASHES", hashes[start:start + HASH_LOOKUP]))
    return known


def ingest(writes: Writes, items: Iterable[str | Path | Response], catalog: Catalog) -> IngestReport:
    """Store every form in ``items`` (files, folders, or Responses already read); files whose hash
    is stored already are skipped before they are read."""
    report = IngestReport()
    given = list(items)
    responses = [item for item in given if isinstance(item, Response)]
    paths = [item for item in given if not isinstance(item, Response)]
    pending: list[tuple[Response | Path, str]] = [(r, response_hash(r)) for r in responses]
    if paths:
        problems: list[tuple[str, str]] = []
        files = find_pdfs(paths, problems)
        report.failures.extend(problems)
        pending += _hashed(files, report)
    fresh = _unseen(writes, pending, report)
    ingester = Ingester(writes, catalog, report)
    statements = statements_of(catalog)
    for response, digest in _read(fresh, catalog, report):
        ingester.add(storable(response, statements, digest))
    return ingester.finish()


def _hashed(files: Sequence[Path], report: IngestReport) -> list[tuple[Response | Path, str]]:
    out: list[tuple[Response | Path, str]] = []
    for path in files:
        try:
            out.append((path, file_hash(path)))
        except OSError as exc:
            report.failures.append((str(path), f"cannot be read ({exc.strerror or exc}). Check the file's "
                                               "permissions, or leave it out"))
    return out


def _unseen(writes: Writes, pending: list[tuple[Response | Path, str]],
            report: IngestReport) -> list[tuple[Response | Path, str]]:
    """The items whose hash the store does not hold yet (and not twice in this run)."""
    with writes.transaction() as driver:
        known = _known(driver, sorted({digest for _item, digest in pending}))
    fresh = []
    for item, digest in pending:
        name = item.file if isinstance(item, Response) else str(item)
        if digest in known:
            report.skipped_same_hash.append(name)
        else:
            known.add(digest)
            fresh.append((item, digest))
    return fresh


def _read(fresh: list[tuple[Response | Path, str]], catalog: Catalog,
          report: IngestReport) -> Iterator[tuple[Response, str]]:
    """(Response, hash) of each fresh item; the files are read as collect reads them (in parallel)."""
    digests = {str(item): digest for item, digest in fresh if isinstance(item, Path)}
    for item, digest in fresh:
        if isinstance(item, Response):
            yield item, digest
    files = [item for item, _digest in fresh if isinstance(item, Path)]
    for path, outcome in read_forms(files, catalog):
        if isinstance(outcome, str):
            report.failures.append((str(path), outcome))
        elif not isinstance(outcome, Response):  # a certification checklist (formkit.collect.checklist_read)
            report.warnings.append((str(path), CHECKLIST_NOT_STORED))
        else:
            yield outcome, digests[str(path)]


def _store(driver: Driver, form: Storable, catalog_id: str, stamp: str,
           rows: _Rows) -> tuple[int, int, list[str]]:
    """Store one form's submission (its rows join the batch's); (version, submission id, warnings). Raises Refused."""
    if form.catalog_id != catalog_id:
        raise Refused(f"made from another catalogue ({form.catalog_id or 'unnamed'}), not {catalog_id}: its "
                      "competency ids mean something else. Collect it with -O/--catalog naming that catalogue, "
                      "into a store of its own")
    identity = dict(form.identity)
    rater = _rater(identity)
    try:
        match = match_person(driver, identity)
    except (Ambiguous, ValueError) as exc:
        raise Refused(str(exc)) from None
    notes = [match.note] if match.note else []
    _keep_person(driver, match.person_id, match.new, identity, rater, stamp)
    round_ = identity.get("round", "").strip()
    if not round_:
        notes.append("no round is ticked (baseline or follow-up): stored with an empty round")
    key = {"person_id": match.person_id, "rater": rater, "round": round_}
    # A person made just now has no submissions to count (they point at the person): one query fewer.
    version = 1 if match.new else 1 + (driver.rows("LAST_VERSION", key)[0][0] or 0)
    if version > 1:  # the version it replaces leaves the cohort tallies (its rows may be in this batch)
        rows.write(driver, tallies=False)
        take_away(driver, rows.tallies, [row[0] for row in driver.rows("VERSION_ID", {**key, "version": version - 1})])
    rater_name = identity.get("name", "") if rater == SELF else (
        identity.get("rater_name") or identity.get("supervisor", ""))
    program_key, supervisor_key = normalised(identity.get("program", "")), normalised(identity.get("supervisor", ""))
    submission_id = driver.insert("ADD_SUBMISSION", dict(
        person_id=match.person_id, rater=rater, rater_name=rater_name.strip(), round=round_,
        date=iso_date(identity.get("date", "")), version=version, source_file=form.file, content_hash=form.digest,
        catalog_id=form.catalog_id, catalog_version=form.catalog_version, fingerprint=form.fingerprint,
        ingested_at=stamp, program_key=program_key, supervisor_key=supervisor_key, form_check=form.form_check,
        source=form.source))
    rows.add(submission_id, form, (round_, rater, program_key, supervisor_key))
    return version, submission_id, notes


def _rater(identity: dict[str, str]) -> str:
    """SELF unless the form says otherwise in its ``rater`` field (the supervisor's form does)."""
    value = normalised(identity.get("rater", "")) or SELF
    if value not in RATERS:
        raise Refused(f"its rater field says {value[:40]!r}, not {' or '.join(RATERS)}. Use the form formkit made, "
                      "unchanged")
    return value


def _keep_person(driver: Driver, person_id: str, new: bool, identity: dict[str, str], rater: str,
                 stamp: str) -> None:
    """Create the person, or take the newest spelling of their name, program and supervisor."""
    name, program = identity.get("name", "").strip(), identity.get("program", "").strip()
    supervisor = identity.get("supervisor", "").strip()
    values = {"name": name, "program": program, "supervisor": supervisor, "name_key": normalised(name),
              "program_key": normalised(program)}
    if new:
        driver.run("ADD_PERSON", {"person_id": person_id, "created_at": stamp, **values})
    elif name or rater == SUPERVISOR:  # a blank value keeps the one stored
        driver.run("RENAME_PERSON", {"id_": person_id, **values})


def iso_date(text: str) -> str:
    """The form's date as YYYY-MM-DD when it reads as one (ISO, or US month/day/year), else as written."""
    text = text.strip()
    for pattern, order in ((r"(\d{4})-(\d{1,2})-(\d{1,2})", (0, 1, 2)), (r"(\d{1,2})/(\d{1,2})/(\d{4})", (2, 0, 1))):
        found = re.fullmatch(pattern, text)
        if found:
            parts = [int(found.group(i + 1)) for i in order]
            try:
                return datetime(parts[0], parts[1], parts[2]).date().isoformat()
            except ValueError:
                return text
    return text
