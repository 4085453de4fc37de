"""One read form as the answer store keeps it, made where the form was read.

`formkit collect --db` reads each form once: its worker processes turn a Response into the CSV
and JSON bytes and, beside them, into a :class:`Storable` (the rows to insert, as plain tuples),
so the parent only writes. Everything that needs no database is done here, in the worker: the
file's sha256 (the store's idempotency key), the statements that differ from the catalogue's,
the count of competencies left blank. This module imports no database layer: a collect without
``--db`` never pays for one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog.model import Catalog

NO_VALUE = -1  # rating_value in the cohort tallies of an answer without a scale value (not yet, or blank)
IDENTITY_KEYS = ("name", "program", "supervisor", "date", "round", "rater", "rater_name", "person_id")


@dataclass(frozen=True)
class Storable:
    """A form's rows, ready for the store. Tuples are in the column order of formkit.store.schema."""

    file: str
    digest: str  # sha256 of the file's bytes (of the read data when the file is gone)
    catalog_id: str
    catalog_version: str
    fingerprint: str
    form_check: str
    identity: Mapping[str, str]
    # (competency_id, position, category_id, statement, rating_value, rating_label, choice, notes, statement_changed)
    answers: tuple[tuple[Any, ...], ...]
    plans: tuple[tuple[Any, ...], ...]  # (scope, row, goal, steps, support, date)
    reflections: tuple[tuple[str, str, str], ...]  # (category_id, key, text), the non-empty ones
    warnings: tuple[str, ...]  # the reader's warnings about the form
    notes: tuple[str, ...]  # the store's: statements changed since, competencies left blank
    kinds: tuple[tuple[str, int, int, int], ...]  # its cohort tally: see :func:`answer_kinds`
    asked: tuple[str, ...]  # the plan scopes it asks support in: see :func:`support_scopes`
    source: str = "pdf"  # where it was read from: "pdf" (collect) or "scan" (formkit.store.scanned)
    # handwritten boxes of a scanned form (formkit.store.handwriting): (section, owner, row, box, PNG bytes)
    pictures: tuple[tuple[str, str, int, str, bytes], ...] = ()


def answer_kinds(answered: Any) -> tuple[tuple[str, int, int, int], ...]:
    """A form's answers, (category, value, label) each, counted by kind: (category, value or
    NO_VALUE, 1 when "not yet had the chance" (no value, a label that is not blank), how many).
    What the cohort tallies add up (formkit.store.tallies); worked out where the form was read."""
    kinds: dict[tuple[str, int, int], int] = {}
    for category, value, label in answered:
        kind = (category, NO_VALUE if value is None else value, int(value is None and bool(label.strip())))
        kinds[kind] = kinds.get(kind, 0) + 1
    return tuple((*kind, count) for kind, count in kinds.items())


def support_scopes(supports: Any) -> tuple[str, ...]:
    """The scopes of a form's plan rows, (scope, support) each, whose support is not blank."""
    return tuple(sorted({scope for scope, support in supports if support.strip()}))


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def response_hash(response: Any) -> str:
    """The hash of the bytes the reader read (when it was asked for it), else the file's hash when
    it is still there, else that of what was read from it."""
    if getattr(response, "content_hash", ""):
        return str(response.content_hash)
    try:
        return file_hash(Path(response.file))
    except OSError:
        text = json.dumps(response.to_json(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def statements_of(catalog: Catalog) -> dict[str, str]:
    """Each competency's wording, whitespace collapsed: what a form's statement is compared with."""
    return {k.id: " ".join(k.statement.split()) for k in catalog.competencies}


def rows_of(response: Any, catalog: Catalog) -> Storable:
    """What ``formkit collect --db`` hands collect's workers (formkit.collect.stream.write_collected's
    ``store_rows``): one form's rows, made where the form was read."""
    return storable(response, _statements_for(catalog))


_LAST_STATEMENTS: list[tuple[Catalog, dict[str, str]]] = []  # the catalogue a worker reads for, and its wording


def _statements_for(catalog: Catalog) -> dict[str, str]:
    """:func:`statements_of`, worked out once per catalogue rather than once per form (a worker
    reads every form of a run for the same catalogue; the wording of all competencies was a
    tenth of the store's work in the worker)."""
    if not _LAST_STATEMENTS or _LAST_STATEMENTS[0][0] is not catalog:
        _LAST_STATEMENTS[:] = [(catalog, statements_of(catalog))]
    return _LAST_STATEMENTS[0][1]


def storable(response: Any, statements: Mapping[str, str], digest: str | None = None, source: str = "pdf") -> Storable:
    """``response`` (a formkit.collect.read.Response) as the store's rows; ``statements`` from
    :func:`statements_of` for the catalogue it is stored under."""
    rows, changed = [], []
    for position, rating in enumerate(response.ratings):
        newest = statements.get(rating.competency_id)
        differs = newest is not None and newest != " ".join(rating.statement.split())
        if differs:
            changed.append(rating.competency_id)
        rows.append((rating.competency_id, position, rating.category_id, rating.statement,
                     int(rating.value) if rating.value.isdigit() else None, rating.label, rating.value[:16],
                     rating.notes, differs))
    notes = []
    if changed:
        notes.append(f"the statement of {', '.join(changed)} differs from the current catalogue's wording: the "
                     "answer is kept with the wording on the form (statement_changed)")
    blank = sum(1 for rating in response.ratings if not rating.value)
    if blank:
        notes.append(f"{blank} of {len(response.ratings)} competencies are not rated (stored as blank)")
    return Storable(
        response.file, digest or response_hash(response), response.catalog_id, response.catalog_version,
        response.fingerprint, response.form_check, {k: response.identity[k] for k in IDENTITY_KEYS
                                                     if k in response.identity},
        tuple(rows), tuple((p.scope, p.row, p.goal, p.steps, p.support, p.date) for p in response.plan),
        tuple((category, key, text) for category, entries in response.reflections.items()
              for key, text in entries.items() if text),
        tuple(response.warnings), tuple(notes), answer_kinds((row[2], row[4], row[5]) for row in rows),
        support_scopes((p.scope, p.support) for p in response.plan), source)


__all__ = ["NO_VALUE", "Storable", "answer_kinds", "file_hash", "response_hash", "statements_of", "storable",
           "support_scopes"]
