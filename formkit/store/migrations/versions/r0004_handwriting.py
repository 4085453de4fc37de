"""Handwriting kept as pictures: a paper form's writing box (a plan, a reflection, a competency's
notes) read back by `formkit scan --db` is stored as its crop's PNG bytes, so a carried-forward
form and a growth report draw it wherever the store is read from.

Before this revision such a box was stored as the text "[handwritten: crops/….png]", a path
relative to one scan's output folder that means nothing to a later document. Those texts become
"[handwritten]" here, as a scan stores them now (formkit.store.handwriting.HANDWRITTEN): their
pictures were never in the store (scan the forms again with --db into a new store to keep them).
A text not blank stays not blank, so the cohort tallies, counted from it, stay exact.

Revision ID: r0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0004"
down_revision = "r0003"
branch_labels = None
depends_on = None

MARKER = "[handwritten: %"  # formkit.collect.handwritten.marker, as a LIKE pattern
HANDWRITTEN = "[handwritten]"  # formkit.store.handwriting.HANDWRITTEN at this revision


def upgrade() -> None:
    op.create_table(
        "handwriting",
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.submission_id"), primary_key=True),
        sa.Column("section", sa.String(16), primary_key=True), sa.Column("owner", sa.String(64), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True), sa.Column("box", sa.String(32), primary_key=True),
        sa.Column("png", sa.LargeBinary, nullable=False))
    for table, columns in (("plans", ("goal", "steps", "support", "date")), ("reflections", ("text",)),
                           ("answers", ("notes",))):
        for column in columns:
            op.execute(sa.text(f"UPDATE {table} SET {column} = :handwritten WHERE {column} LIKE :marker")
                       .bindparams(handwritten=HANDWRITTEN, marker=MARKER))


def downgrade() -> None:
    op.drop_table("handwriting")
