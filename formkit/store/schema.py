"""The store's tables as SQLAlchemy Core sees them today (the head of the migrations).

Queries are written against these; the migrations in ``migrations/versions`` create and change
the tables on disk, so a database made by an older formkit is upgraded, not recreated.
"""

from __future__ import annotations

from sqlalchemy import (Boolean, Column, ForeignKey, Integer, LargeBinary, MetaData, PrimaryKeyConstraint, String,
                        Table, Text, UniqueConstraint)

metadata = MetaData()

people = Table(
    "people", metadata,
    Column("person_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("program", Text, nullable=False),
    Column("supervisor", Text, nullable=False),
    Column("name_key", Text, nullable=False, index=True),  # casefolded, NFC, whitespace collapsed
    Column("program_key", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

submissions = Table(
    "submissions", metadata,
    Column("submission_id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", String(64), ForeignKey("people.person_id"), nullable=False, index=True),
    Column("rater", String(16), nullable=False),
    Column("rater_name", Text, nullable=False),
    Column("round", Text, nullable=False),
    Column("date", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("source_file", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("catalog_id", Text, nullable=False),
    Column("catalog_version", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("program_key", Text, nullable=False),  # as written on this form: filters by program
    Column("supervisor_key", Text, nullable=False),  # and by supervisor, as they were at that round
    Column("form_check", String(16), nullable=False),
    Column("source", String(16), nullable=False, server_default="pdf"),  # "pdf" (collect) or "scan" (formkit scan)
    UniqueConstraint("person_id", "rater", "round", "version", name="uq_submission_version"),
)

answers = Table(
    "answers", metadata,
    Column("submission_id", Integer, ForeignKey("submissions.submission_id"), primary_key=True),
    Column("competency_id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),  # order on the form
    Column("category_id", String(64), nullable=False),
    Column("statement", Text, nullable=False),
    Column("rating_value", Integer, nullable=True),
    Column("rating_label", Text, nullable=False),
    Column("choice", String(16), nullable=False),  # as ticked: "1".."4", "NA", "" when blank
    Column("notes", Text, nullable=False),
    Column("statement_changed", Boolean, nullable=False),
)

plans = Table(
    "plans", metadata,
    Column("submission_id", Integer, ForeignKey("submissions.submission_id"), primary_key=True),
    Column("scope", String(64), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("goal", Text, nullable=False),
    Column("steps", Text, nullable=False),
    Column("support", Text, nullable=False),
    Column("date", Text, nullable=False),
)

reflections = Table(
    "reflections", metadata,
    Column("submission_id", Integer, ForeignKey("submissions.submission_id"), primary_key=True),
    Column("category_id", String(64), primary_key=True),
    Column("key", String(32), primary_key=True),
    Column("text", Text, nullable=False),
)

# Handwriting read back from a paper form (formkit scan --db): the crop of a writing box, kept as
# its PNG bytes, so every later document (a carried-forward form, a growth report) can draw it
# wherever the store is read from. Its answer's text column holds "[handwritten]" (formkit does not
# read handwriting; not blank, so a handwritten support box counts as asked in the tallies); a path
# to a file beside one scan's outputs would mean nothing to a shared store.
handwriting = Table(
    "handwriting", metadata,
    Column("submission_id", Integer, ForeignKey("submissions.submission_id"), primary_key=True),
    Column("section", String(16), primary_key=True),  # "plan", "reflection" or "notes" (formkit.store.records)
    Column("owner", String(64), primary_key=True),  # the plan's scope, the reflection's category, the notes' competency
    Column("row", Integer, primary_key=True),  # the plan's row; 0 for a reflection or notes
    Column("box", String(32), primary_key=True),  # the plan's column, the reflection's key, "notes"
    Column("png", LargeBinary, nullable=False),
)

# Deletion order for `forget`: rows that point at a submission first.
PER_SUBMISSION = (answers, plans, reflections, handwriting)


def _tally_group() -> list[Column[str]]:
    """The group both tally tables are keyed by first (new Column objects each time: a Column joins one table)."""
    return [Column("round", Text, primary_key=True), Column("rater", String(16), primary_key=True),
            Column("program_key", Text, primary_key=True), Column("supervisor_key", Text, primary_key=True)]


# The cohort report's counts, kept up to date by every ingest and forget in the same transaction
# (formkit.store.tallies): summing a few hundred of these rows replaces grouping millions of answers.
# One row per group key counts only the newest version of each person, rater and round. A person
# has one such submission per round and rater, so ``forms`` (the submissions with at least one
# such answer) is the number of distinct people the privacy rule needs.
# rating_value NO_VALUE (-1, formkit.store.storable): an answer without a scale value (not yet, or blank)
rating_tallies = Table(
    "rating_tallies", metadata, *_tally_group(),
    Column("category_id", String(64), primary_key=True),
    Column("rating_value", Integer, primary_key=True),  # NO_VALUE when the answer has none
    Column("not_yet", Integer, primary_key=True),  # 1: no value but a label ("not yet had the chance"), else 0
    Column("answers", Integer, nullable=False),
    Column("forms", Integer, nullable=False),
)

support_tallies = Table(
    "support_tallies", metadata, *_tally_group(),
    Column("scope", String(64), primary_key=True),
    Column("forms", Integer, nullable=False),  # newest submissions with a plan row asking support in the scope
)

# Alembic's own record of the schema's revision, as Alembic makes it (alembic.runtime.migration), for
# a new store created at head without Alembic (formkit.store.engine). Not in ``metadata``: the
# store's tables are created from that, and this one only where Alembic is not used.
schema_version = Table(
    "alembic_version", MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)
