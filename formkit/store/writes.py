"""The statements ingesting runs, written once in SQLAlchemy Core and named, so one
:class:`~formkit.store.driver.Driver` runs them on any backend: compiled here for the backend
SQLAlchemy opened, and for SQLite ahead of time into :mod:`formkit.store.writes_sqlite`, which
`collect --db` runs with Python's own sqlite3 (formkit.store.lite) without importing SQLAlchemy
(a quarter of a second of CPU, a quarter of a millisecond a form in a run of 1,000).

After changing a statement here (or the schema), write that module again::

    python -m formkit.store.writes

tests/test_store_lite.py fails until the two agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, literal_column, or_, select, update
from sqlalchemy.schema import CreateIndex, CreateTable

from .driver import Compiled
from .queries import sql_pieces
from .recount import newest_only
from .schema import answers, metadata, people, plans, rating_tallies, schema_version, submissions, support_tallies
from .tallies import GROUP

PERSON_COLUMNS = ("person_id", "name", "program", "supervisor", "name_key", "program_key", "created_at")
RENAMED = ("name", "program", "supervisor", "name_key", "program_key")  # a blank value keeps the stored one
SUBMISSION_COLUMNS = ("person_id", "rater", "rater_name", "round", "date", "version", "source_file", "content_hash",
                      "catalog_id", "catalog_version", "fingerprint", "ingested_at", "program_key", "supervisor_key",
                      "form_check", "source")
# Constants written into the SQL, not bound: every parameter of these statements is a named one
# the caller gives (formkit.store.driver runs them by those names).
_BLANK: Any = literal_column("''")
_NONE: Any = literal_column("0")


def statements(returning: bool) -> dict[str, Any]:
    """Every statement of an ingest (and of forgetting a person's tallies), by name.
    ``returning``: ADD_SUBMISSION gives the new id by RETURNING (PostgreSQL; SQLite's is lastrowid)."""
    by = bindparam
    add_submission = insert(submissions).values({c: by(c) for c in SUBMISSION_COLUMNS})
    return {
        "KNOWN_HASHES": select(submissions.c.content_hash).where(
            submissions.c.content_hash.in_(by("hashes", expanding=True))),
        "PERSON_BY_ID": select(people.c.person_id).where(people.c.person_id == by("person_id")),
        # the people of a name, and whoever holds the id that name and program would be given
        "PEOPLE_BY_NAME_OR_ID": select(people.c.person_id, people.c.program_key, people.c.name_key).where(
            or_(people.c.name_key == by("name_key"), people.c.person_id == by("derived"))).order_by(people.c.person_id),
        "ADD_PERSON": insert(people).values({c: by(c) for c in PERSON_COLUMNS}),
        "RENAME_PERSON": update(people).where(people.c.person_id == by("id_")).values(
            {c: func.coalesce(func.nullif(by(c), _BLANK), people.c[c]) for c in RENAMED}),
        "LAST_VERSION": select(func.max(submissions.c.version)).where(*_same_round()),
        "VERSION_ID": select(submissions.c.submission_id).where(*_same_round(),
                                                                submissions.c.version == by("version")),
        "ADD_SUBMISSION": add_submission.returning(submissions.c.submission_id) if returning else add_submission,
        "NEWEST_OF_PERSON": select(submissions.c.submission_id).where(
            submissions.c.person_id == by("person_id"), newest_only()).order_by(submissions.c.submission_id),
        "GROUP_OF": select(*(submissions.c[c] for c in GROUP)).where(
            submissions.c.submission_id == by("submission_id")),
        "KINDS_OF": select(answers.c.category_id, answers.c.rating_value, answers.c.rating_label).where(
            answers.c.submission_id == by("submission_id")),
        "SUPPORTS_OF": select(plans.c.scope, plans.c.support).where(plans.c.submission_id == by("submission_id")),
        "DROP_EMPTY_RATINGS": rating_tallies.delete().where(rating_tallies.c.forms <= _NONE),
        "DROP_EMPTY_SUPPORT": support_tallies.delete().where(support_tallies.c.forms <= _NONE),
    }


def _same_round() -> list[Any]:
    return [submissions.c.person_id == bindparam("person_id"), submissions.c.rater == bindparam("rater"),
            submissions.c.round == bindparam("round")]


def compiled_for(dialect: Any) -> Compiled:
    """Each statement's text for ``dialect``, and its parameters' order when the style is positional."""
    texts: dict[str, tuple[str, tuple[str, ...]]] = {}
    for name, statement in statements(returning=dialect.name != "sqlite").items():
        compiled = statement.compile(dialect=dialect)
        texts[name] = (str(compiled), tuple(compiled.positiontup or ()))
    return texts


def sqlite_schema() -> tuple[str, ...]:
    """The DDL of a new store at the newest schema, as ``metadata.create_all`` runs it on SQLite
    (tables in dependency order, each followed by its indexes), then Alembic's version table."""
    from sqlalchemy.dialects import sqlite

    dialect, ddl = sqlite.dialect(), []
    for table in metadata.sorted_tables:
        ddl.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        ddl += [str(CreateIndex(index).compile(dialect=dialect)).strip()
                for index in sorted(table.indexes, key=lambda index: str(index.name))]
    ddl.append(str(CreateTable(schema_version).compile(dialect=dialect)).strip())
    return tuple(ddl)


def module_text() -> str:
    """The source of formkit/store/writes_sqlite.py, as this module compiles it today."""
    from sqlalchemy.dialects import sqlite

    lines = ['"""The SQLite text of the statements ingesting runs, compiled from formkit/store/writes.py by',
             "`python -m formkit.store.writes` (do not edit: tests/test_store_lite.py checks it is what",
             'SQLAlchemy runs), and the DDL of a new store."""', "", "STATEMENTS = {"]
    for name, (sql, params) in compiled_for(sqlite.dialect()).items():
        lines += [f"    {name!r}: ((", *(f"        {piece!r}" for piece in sql_pieces(sql, 96)), f"    ), {params!r}),"]
    lines += ["}", "", "SCHEMA = ("]
    for ddl in sqlite_schema():
        lines += ["    (", *(f"        {piece!r}" for piece in sql_pieces(ddl, 96)), "    ),"]
    lines += [")", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    Path(__file__).with_name("writes_sqlite.py").write_text(module_text(), encoding="utf-8")
