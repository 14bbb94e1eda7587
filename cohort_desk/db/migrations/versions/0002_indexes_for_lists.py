"""Indexes for the lists people sort and filter every day.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.create_index("ix_people_family_name", ["family_name"])
    with op.batch_alter_table("sessions") as batch_op:
        batch_op.create_index("ix_sessions_starts_at", ["starts_at"])
    with op.batch_alter_table("attendance") as batch_op:
        batch_op.create_index("ix_attendance_session_id", ["session_id"])


def downgrade() -> None:
    with op.batch_alter_table("attendance") as batch_op:
        batch_op.drop_index("ix_attendance_session_id")
    with op.batch_alter_table("sessions") as batch_op:
        batch_op.drop_index("ix_sessions_starts_at")
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_index("ix_people_family_name")
