"""Known professions, and the other names organisations and professions go by (aliases).

An alias is what a merge leaves behind: merging "Lewisham & Greenwich Trust" into "Lewisham and
Greenwich NHS Trust" keeps the old name as an alias, so the next file that uses it is matched
(rules/known_names.py). ``alias_key`` is that rule's comparison form, unique across the table.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cohort_desk.db.models.base import Base, Timestamped, Versioned
from cohort_desk.db.types import intpk


class OrganisationAlias(Versioned, Base):
    __tablename__ = "organisation_aliases"

    id: Mapped[intpk]
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String(200))
    alias_key: Mapped[str] = mapped_column(String(200), unique=True)


class Profession(Versioned, Timestamped, Base):
    """A profession people are recorded with; ``Person.profession`` holds its name."""

    __tablename__ = "professions"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(200), unique=True)


class ProfessionAlias(Versioned, Base):
    __tablename__ = "profession_aliases"

    id: Mapped[intpk]
    profession_id: Mapped[int] = mapped_column(
        ForeignKey("professions.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String(200))
    alias_key: Mapped[str] = mapped_column(String(200), unique=True)
