"""A person's name as printed; a cohort's CPD rule for late arrivals and early leavers; the
minutes someone attended when a Teams report says.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(
            sa.Column("name_as_printed", sa.String(200), nullable=False, server_default="")
        )
    with op.batch_alter_table("cohorts") as batch_op:
        batch_op.add_column(
            sa.Column("partial_cpd", sa.String(20), nullable=False, server_default="full")
        )
    with op.batch_alter_table("attendance") as batch_op:
        batch_op.add_column(sa.Column("minutes_attended", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attendance") as batch_op:
        batch_op.drop_column("minutes_attended")
    with op.batch_alter_table("cohorts") as batch_op:
        batch_op.drop_column("partial_cpd")
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("name_as_printed")
