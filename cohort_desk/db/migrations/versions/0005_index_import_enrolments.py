"""Index import_changes.enrolment_id, so undoing an import does not scan for each enrolment.

Deleting an enrolment makes the database find the import_changes rows that refer to it (the
foreign key sets them to NULL); without an index that is a scan of every import's rows per
enrolment, 100 million row visits to undo a 10,000-row import (measured: 53 of its 56 s).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_changes") as batch_op:
        batch_op.create_index("ix_import_changes_enrolment_id", ["enrolment_id"])


def downgrade() -> None:
    with op.batch_alter_table("import_changes") as batch_op:
        batch_op.drop_index("ix_import_changes_enrolment_id")
