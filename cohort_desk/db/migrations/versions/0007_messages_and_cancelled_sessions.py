"""E-mail templates and the drafts written from them; sessions that are cancelled, and what to
bring to them (issue 19: joining instructions, reminders and calendar entries for Outlook).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import cohort_desk.db.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch_op:
        batch_op.add_column(
            sa.Column("what_to_bring", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "cancelled_at", cohort_desk.db.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("cancel_reason", sa.String(length=200), nullable=False, server_default="")
        )
    op.create_table(
        "message_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachments", sa.String(length=100), server_default="", nullable=False),
        sa.Column("description", sa.String(length=200), server_default="", nullable=False),
        sa.Column("updated_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", cohort_desk.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", cohort_desk.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_message_templates_name")),
    )
    op.create_table(
        "messages_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=300), server_default="", nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("written_at", cohort_desk.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("file_name", sa.String(length=260), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_messages_sent_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_messages_sent_cohort_id_cohorts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_messages_sent_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages_sent")),
    )
    with op.batch_alter_table("messages_sent") as batch_op:
        batch_op.create_index(batch_op.f("ix_messages_sent_person_id"), ["person_id"])
        batch_op.create_index(batch_op.f("ix_messages_sent_template"), ["template"])


def downgrade() -> None:
    with op.batch_alter_table("messages_sent") as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_sent_template"))
        batch_op.drop_index(batch_op.f("ix_messages_sent_person_id"))
    op.drop_table("messages_sent")
    op.drop_table("message_templates")
    with op.batch_alter_table("sessions") as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("what_to_bring")
