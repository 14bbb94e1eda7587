"""Session feedback (issue 21): responses and their answers, and the kind of an import batch.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cohort_desk.db.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_batches") as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(20), nullable=False, server_default="people")
        )
    op.create_table(
        "feedback_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(200), nullable=False),
        sa.Column("submitted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("consent_to_quote", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name="fk_feedback_responses_batch_id_import_batches",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_feedback_responses_cohort_id_cohorts",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name="fk_feedback_responses_session_id_sessions",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name="fk_feedback_responses_person_id_people",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_feedback_responses"),
        sa.UniqueConstraint("dedupe_key", name="uq_feedback_responses_dedupe_key"),
    )
    for column in ("batch_id", "cohort_id", "session_id", "person_id"):
        op.create_index(f"ix_feedback_responses_{column}", "feedback_responses", [column])
    op.create_table(
        "feedback_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(500), nullable=False),
        sa.Column("scale", sa.String(20), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["feedback_responses.id"],
            name="fk_feedback_answers_response_id_feedback_responses",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_feedback_answers"),
    )
    op.create_index("ix_feedback_answers_response_id", "feedback_answers", ["response_id"])


def downgrade() -> None:
    op.drop_index("ix_feedback_answers_response_id", "feedback_answers")
    op.drop_table("feedback_answers")
    for column in ("batch_id", "cohort_id", "session_id", "person_id"):
        op.drop_index(f"ix_feedback_responses_{column}", "feedback_responses")
    op.drop_table("feedback_responses")
    with op.batch_alter_table("import_batches") as batch_op:
        batch_op.drop_column("kind")
