"""Mark the file as Cohort Desk's (SQLite's application id) and give certificates a signature.

The application id lets a restore, an open or a check recognise a Cohort Desk database by its
header rather than by table names; the signature column holds each certificate's Ed25519
signature, made with a key kept outside the database (issue 12).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APPLICATION_ID = 0x4344736B  # "CDsk"; also cohort_desk.db.identity.APPLICATION_ID


def upgrade() -> None:
    with op.batch_alter_table("certificates") as batch_op:
        batch_op.add_column(sa.Column("signature", sa.Text(), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def downgrade() -> None:
    with op.batch_alter_table("certificates") as batch_op:
        batch_op.drop_column("signature")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA application_id = 0")
