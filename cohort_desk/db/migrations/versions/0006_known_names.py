"""Known professions, and aliases for organisations and professions (issue 15 item 7).

Professions get a table of their own, seeded with the standard list and every profession
already recorded on someone, so a file's "Paramedic" is known rather than new. Aliases keep the
names merged away, so the next import that uses one is matched.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import cohort_desk.db.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The standard professions when this migration was written (rules/names.py PROFESSIONS).
STANDARD = (
    "Nursing", "Medicine", "Allied health professional", "Pharmacy", "Social work",
    "Public health", "Midwifery", "Dentistry", "Healthcare science", "Psychology",
    "Paramedic", "Management", "Other",
)  # fmt: skip


def _alias_table(name: str, owner: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(f"{owner}_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("alias_key", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            [f"{owner}_id"],
            [f"{owner}s.id"],
            name=op.f(f"fk_{name}_{owner}_id_{owner}s"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("alias_key", name=op.f(f"uq_{name}_alias_key")),
    )
    with op.batch_alter_table(name) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_{owner}_id"), [f"{owner}_id"])


def upgrade() -> None:
    professions = op.create_table(
        "professions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", cohort_desk.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", cohort_desk.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_professions")),
        sa.UniqueConstraint("name", name=op.f("uq_professions_name")),
    )
    _alias_table("organisation_aliases", "organisation")
    _alias_table("profession_aliases", "profession")
    recorded = op.get_bind().execute(
        sa.text("SELECT DISTINCT profession FROM people WHERE profession <> ''")
    )
    names = list(dict.fromkeys([*STANDARD, *(row[0].strip() for row in recorded)]))
    now = datetime.now(UTC)
    op.bulk_insert(
        professions,
        [
            {"name": name, "version": 1, "created_at": now, "updated_at": now}
            for name in names
            if name
        ],
    )


def downgrade() -> None:
    op.drop_table("profession_aliases")
    op.drop_table("organisation_aliases")
    op.drop_table("professions")
