"""Filled forms into the store: each file once (by the sha256 of its bytes), each answer with where it
came from.

A file whose hash is already stored is skipped before it is read, so ingesting a folder again is
quick and adds nothing. A changed form for the same person, rater and round is stored as the next
version beside the earlier one (nothing is overwritten). Files are written in batches, one
transaction each: a file is stored whole or not at all, and a failing file is reported and left out
without stopping the others.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from ..catalog.model import Catalog
from ..collect import find_pdfs, read_forms
from ..collect.read import Response
from .people import Ambiguous, match_person, normalised
from .records import RATERS, SELF, SUPERVISOR
from .schema import answers, people, plans, reflections, submissions

BATCH = 64  # files per transaction: fewer commits (fast on SQLite), a small loss if one batch fails
HASH_LOOKUP = 500  # hashes asked about per query (well under every backend's parameter limit)

# Built once: a statement object caches its compiled form, so each form costs only the executions.
_LAST_VERSION = select(func.max(submissions.c.version)).where(
    submissions.c.person_id == bindparam("person_id"), submissions.c.rater == bindparam("rater"),
    submissions.c.round == bindparam("round"))
_ADD_SUBMISSION, _ADD_PERSON = insert(submissions), insert(people)
_ADD_ANSWERS, _ADD_PLANS, _ADD_REFLECTIONS = insert(answers), insert(plans), insert(reflections)
_RENAME = update(people).where(people.c.person_id == bindparam("id_"))


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


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def response_hash(response: Response) -> str:
    """The file's hash when it is still there, else that of what was read from it."""
    try:
        return file_hash(Path(response.file))
    except OSError:
        import json

        text = json.dumps(response.to_json(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def ingest(engine: Any, items: Iterable[str | Path | Response], catalog: Catalog) -> IngestReport:
    """Store every form in ``items`` (files, folders, or Responses already read)."""
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
    fresh = _unseen(engine, pending, report)
    _write(engine, _read(fresh, catalog, report), catalog, report)
    return report


def _hashed(files: Sequence[Path], report: IngestReport) -> list[tuple[Response | Path, str]]:
    out: list[tuple[Response | Path, str]] = []
    for path in files:
        try:
            out.append((path, file_hash(path)))
        except OSError as exc:
            report.failures.append((str(path), f"cannot be read ({exc.strerror or exc}). Check the file's "
                                               "permissions, or leave it out"))
    return out


def _unseen(engine: Any, pending: list[tuple[Response | Path, str]],
            report: IngestReport) -> list[tuple[Response | Path, str]]:
    """The items whose hash the store does not hold yet (and not twice in this run)."""
    known: set[str] = set()
    hashes = sorted({digest for _item, digest in pending})
    with engine.connect() as connection:
        for start in range(0, len(hashes), HASH_LOOKUP):
            chunk = hashes[start:start + HASH_LOOKUP]
            known.update(connection.execute(select(submissions.c.content_hash)
                                            .where(submissions.c.content_hash.in_(chunk))).scalars())
    fresh = []
    for item, digest in pending:
        name = item.file if isinstance(item, Response) else str(item)
        if digest in known:
            report.skipped_same_hash.append(name)
        else:
            known.add(digest)
            fresh.append((item, digest))
    return fresh


CHECKLIST_NOT_STORED = ("a certification checklist: the answer store keeps self-assessments; its verdict is in "
                        "eligibility.csv")


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


def _write(engine: Any, forms: Iterator[tuple[Response, str]], catalog: Catalog, report: IngestReport) -> None:
    statements = {k.id: k.statement for k in catalog.competencies}
    batch: list[tuple[Response, str]] = []
    for form in forms:
        batch.append(form)
        if len(batch) >= BATCH:
            _write_batch(engine, batch, catalog, statements, report)
            batch = []
    if batch:
        _write_batch(engine, batch, catalog, statements, report)


def _write_batch(engine: Any, batch: list[tuple[Response, str]], catalog: Catalog, statements: dict[str, str],
                 report: IngestReport) -> None:
    """One transaction: every form of the batch checked and stored, or (a database error) none."""
    stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    with engine.begin() as connection:
        for response, digest in batch:
            try:
                version, submission_id, notes = _store(connection, response, digest, catalog, statements, stamp)
            except Refused as exc:
                report.failures.append((response.file, str(exc)))
                continue
            report.added.append(response.file)
            report.submission_ids.append(submission_id)
            if version > 1:
                report.new_versions.append(response.file)
            report.warnings.extend((response.file, text) for text in [*response.warnings, *notes])


def _store(connection: Any, response: Response, digest: str, catalog: Catalog, statements: dict[str, str],
           stamp: str) -> tuple[int, int, list[str]]:
    """Store one form; (its version, its submission id, warnings about it). Raises Refused."""
    if response.catalog_id != catalog.id:
        raise Refused(f"made from another catalogue ({response.catalog_id or 'unnamed'}), not {catalog.id}: its "
                      "competency ids mean something else. Collect it with -O/--catalog naming that catalogue, "
                      "into a store of its own")
    identity = response.identity
    rater = _rater(identity)
    try:
        match = match_person(connection, identity)
    except (Ambiguous, ValueError) as exc:
        raise Refused(str(exc)) from None
    notes = [match.note] if match.note else []
    _keep_person(connection, match.person_id, match.new, identity, rater, stamp)
    round_ = identity.get("round", "").strip()
    if not round_:
        notes.append("no round is ticked (baseline or follow-up): stored with an empty round")
    version = 1 + (connection.execute(
        _LAST_VERSION, {"person_id": match.person_id, "rater": rater, "round": round_}).scalar() or 0)
    rater_name = identity.get("name", "") if rater == SELF else (
        identity.get("rater_name") or identity.get("supervisor", ""))
    result = connection.execute(_ADD_SUBMISSION, dict(
        person_id=match.person_id, rater=rater, rater_name=rater_name.strip(), round=round_,
        date=iso_date(identity.get("date", "")), version=version, source_file=response.file, content_hash=digest,
        catalog_id=response.catalog_id, catalog_version=response.catalog_version,
        fingerprint=response.fingerprint, ingested_at=stamp, program_key=normalised(identity.get("program", "")),
        supervisor_key=normalised(identity.get("supervisor", "")), form_check=response.form_check))
    submission_id = int(result.inserted_primary_key[0])
    notes += _store_answers(connection, submission_id, response, statements)
    _store_plan_and_reflections(connection, submission_id, response)
    return version, submission_id, notes


def _rater(identity: dict[str, str]) -> str:
    """SELF unless the form says otherwise in its ``rater`` field (the supervisor's form does)."""
    value = normalised(identity.get("rater", "")) or SELF
    if value not in RATERS:
        raise Refused(f"its rater field says {value[:40]!r}, not {' or '.join(RATERS)}. Use the form formkit made, "
                      "unchanged")
    return value


def _keep_person(connection: Any, person_id: str, new: bool, identity: dict[str, str], rater: str,
                 stamp: str) -> None:
    """Create the person, or take the newest spelling of their name, program and supervisor."""
    name, program = identity.get("name", "").strip(), identity.get("program", "").strip()
    supervisor = identity.get("supervisor", "").strip()
    values = {"name": name, "program": program, "supervisor": supervisor, "name_key": normalised(name),
              "program_key": normalised(program)}
    if new:
        connection.execute(_ADD_PERSON, {"person_id": person_id, "created_at": stamp, **values})
    elif name or rater == SUPERVISOR:
        kept = {key: value for key, value in values.items() if value}
        if kept:
            connection.execute(_RENAME, {"id_": person_id, **kept})


def _store_answers(connection: Any, submission_id: int, response: Response, statements: dict[str, str]) -> list[str]:
    rows, changed = [], []
    for position, rating in enumerate(response.ratings):
        newest = statements.get(rating.competency_id)
        differs = newest is not None and " ".join(newest.split()) != " ".join(rating.statement.split())
        if differs:
            changed.append(rating.competency_id)
        rows.append({"submission_id": submission_id, "competency_id": rating.competency_id, "position": position,
                     "category_id": rating.category_id, "statement": rating.statement,
                     "rating_value": int(rating.value) if rating.value.isdigit() else None,
                     "rating_label": rating.label, "choice": rating.value[:16], "notes": rating.notes,
                     "statement_changed": differs})
    if rows:
        connection.execute(_ADD_ANSWERS, rows)
    notes = []
    if changed:
        notes.append(f"the statement of {', '.join(changed)} differs from the current catalogue's wording: the "
                     "answer is kept with the wording on the form (statement_changed)")
    blank = sum(1 for rating in response.ratings if not rating.value)
    if blank:
        notes.append(f"{blank} of {len(response.ratings)} competencies are not rated (stored as blank)")
    return notes


def _store_plan_and_reflections(connection: Any, submission_id: int, response: Response) -> None:
    plan_rows = [{"submission_id": submission_id, "scope": row.scope, "row": row.row, "goal": row.goal,
                  "steps": row.steps, "support": row.support, "date": row.date} for row in response.plan]
    if plan_rows:
        connection.execute(_ADD_PLANS, plan_rows)
    texts = [{"submission_id": submission_id, "category_id": category, "key": key, "text": text}
             for category, entries in response.reflections.items() for key, text in entries.items() if text]
    if texts:
        connection.execute(_ADD_REFLECTIONS, texts)


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
