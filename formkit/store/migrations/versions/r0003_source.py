"""Where each submission came from: "pdf" (a filled PDF read by `formkit collect`) or "scan" (a
paper form read back by `formkit scan`), so a supervisor can tell answers read from pen marks
from answers typed on screen. Every submission stored before this revision was a filled PDF.

Revision ID: r0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0003"
down_revision = "r0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("source", sa.String(16), nullable=False, server_default="pdf"))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("source")
