"""Every database gets an id of its own, stored in it (issue 12, item 12): its automatic
backups are kept under that id, not under its file name or location, so a moved or renamed
database keeps its backups and two databases with one file name never share a set.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))


def upgrade() -> None:
    connection = op.get_bind()
    found = connection.execute(
        sa.select(_settings.c.key).where(_settings.c.key == "database_id")
    ).first()
    if found is None:
        op.bulk_insert(_settings, [{"key": "database_id", "value": uuid.uuid4().hex}])


def downgrade() -> None:
    op.execute(_settings.delete().where(_settings.c.key == "database_id"))
