"""The cohort report's tallies: per round, rater, program and supervisor, the answers of each kind
per category and the people asking support per plan scope, kept up to date at ingest (see
formkit.store.tallies). An existing store is counted once here, from its rows, by
formkit.store.recount.rebuild: a later revision that changes these tables must freeze a copy of
that function's SQL here first.

Revision ID: r0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0002"
down_revision = "r0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the two tables (columns as formkit.store.schema names them at this revision) and fill them."""
    from formkit.store.recount import rebuild

    op.create_table("rating_tallies", *_group(), sa.Column("category_id", sa.String(64), primary_key=True),
                    sa.Column("rating_value", sa.Integer, primary_key=True),
                    sa.Column("not_yet", sa.Integer, primary_key=True),
                    sa.Column("answers", sa.Integer, nullable=False), sa.Column("forms", sa.Integer, nullable=False))
    op.create_table("support_tallies", *_group(), sa.Column("scope", sa.String(64), primary_key=True),
                    sa.Column("forms", sa.Integer, nullable=False))
    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("support_tallies")
    op.drop_table("rating_tallies")


def _group() -> list[sa.Column[str]]:
    """The key columns both tables start with (new Column objects each time: a Column joins one table)."""
    return [sa.Column("round", sa.Text, primary_key=True), sa.Column("rater", sa.String(16), primary_key=True),
            sa.Column("program_key", sa.Text, primary_key=True), sa.Column("supervisor_key", sa.Text, primary_key=True)]
