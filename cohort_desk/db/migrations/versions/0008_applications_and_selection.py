"""Applications to a cohort, its places and application window, blind review, the panel's
criteria and scores (issue 20).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cohort_desk.db.types import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cohorts") as batch_op:
        batch_op.add_column(sa.Column("places", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("applications_open_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("applications_close_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("blind_review", sa.Boolean(), nullable=False, server_default="0")
        )

    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="applied"),
        sa.Column("waiting_position", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("applied_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(20), nullable=False, server_default="window"),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("status_changed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("shortlisted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("offered_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("letter_status", sa.String(20), nullable=False, server_default=""),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name="fk_applications_person_id_people",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_applications_cohort_id_cohorts",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batches.id"],
            name="fk_applications_import_batch_id_import_batches",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_applications"),
        sa.UniqueConstraint("person_id", "cohort_id", name="uq_applications_person_id_cohort_id"),
    )
    op.create_index("ix_applications_person_id", "applications", ["person_id"])
    op.create_index("ix_applications_cohort_id", "applications", ["cohort_id"])
    op.create_index("ix_applications_import_batch_id", "applications", ["import_batch_id"])

    op.create_table(
        "selection_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("scale_min", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("scale_max", sa.Integer(), nullable=False, server_default="5"),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_selection_criteria_cohort_id_cohorts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_selection_criteria"),
        sa.UniqueConstraint("cohort_id", "name", name="uq_selection_criteria_cohort_id_name"),
    )
    op.create_index("ix_selection_criteria_cohort_id", "selection_criteria", ["cohort_id"])

    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("panel_member", sa.String(120), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False, server_default=""),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name="fk_scores_application_id_applications",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["selection_criteria.id"],
            name="fk_scores_criterion_id_selection_criteria",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_scores_person_id_people", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_scores"),
        sa.UniqueConstraint(
            "application_id",
            "criterion_id",
            "panel_member",
            name="uq_scores_application_id_criterion_id_panel_member",
        ),
    )
    op.create_index("ix_scores_application_id", "scores", ["application_id"])
    op.create_index("ix_scores_criterion_id", "scores", ["criterion_id"])
    op.create_index("ix_scores_person_id", "scores", ["person_id"])


def downgrade() -> None:
    op.drop_table("scores")
    op.drop_table("selection_criteria")
    op.drop_table("applications")
    with op.batch_alter_table("cohorts") as batch_op:
        batch_op.drop_column("blind_review")
        batch_op.drop_column("applications_close_on")
        batch_op.drop_column("applications_open_on")
        batch_op.drop_column("places")
