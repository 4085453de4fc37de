"""The first answer store: people, submissions (versions of a person's form per rater and round),
answers, learning-plan rows and reflections.

Revision ID: r0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the five tables; columns as formkit.store.schema names them at this revision."""
    text, key = sa.Text, sa.String(64)
    op.create_table(
        "people",
        sa.Column("person_id", key, primary_key=True), sa.Column("name", text, nullable=False),
        sa.Column("program", text, nullable=False), sa.Column("supervisor", text, nullable=False),
        sa.Column("name_key", text, nullable=False, index=True), sa.Column("program_key", text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False))
    op.create_table(
        "submissions",
        sa.Column("submission_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person_id", key, sa.ForeignKey("people.person_id"), nullable=False, index=True),
        sa.Column("rater", sa.String(16), nullable=False), sa.Column("rater_name", text, nullable=False),
        sa.Column("round", text, nullable=False), sa.Column("date", text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False), sa.Column("source_file", text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("catalog_id", text, nullable=False), sa.Column("catalog_version", text, nullable=False),
        sa.Column("fingerprint", text, nullable=False), sa.Column("ingested_at", sa.String(32), nullable=False),
        sa.Column("program_key", text, nullable=False), sa.Column("supervisor_key", text, nullable=False),
        sa.Column("form_check", sa.String(16), nullable=False),
        sa.UniqueConstraint("person_id", "rater", "round", "version", name="uq_submission_version"))
    op.create_table(
        "answers", _owner(),
        sa.Column("competency_id", key, primary_key=True), sa.Column("position", sa.Integer, nullable=False),
        sa.Column("category_id", key, nullable=False), sa.Column("statement", text, nullable=False),
        sa.Column("rating_value", sa.Integer, nullable=True), sa.Column("rating_label", text, nullable=False),
        sa.Column("choice", sa.String(16), nullable=False), sa.Column("notes", text, nullable=False),
        sa.Column("statement_changed", sa.Boolean, nullable=False))
    op.create_table(
        "plans", _owner(),
        sa.Column("scope", key, primary_key=True), sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("goal", text, nullable=False), sa.Column("steps", text, nullable=False),
        sa.Column("support", text, nullable=False), sa.Column("date", text, nullable=False))
    op.create_table(
        "reflections", _owner(),
        sa.Column("category_id", key, primary_key=True), sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("text", text, nullable=False))


def downgrade() -> None:
    for table in ("reflections", "plans", "answers", "submissions", "people"):
        op.drop_table(table)


def _owner() -> sa.Column[int]:
    """The submission a row belongs to (a new Column each time: a Column joins one table only)."""
    return sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.submission_id"), primary_key=True)
