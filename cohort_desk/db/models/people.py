"""Organisations and the people who belong to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cohort_desk.db.light import person_ref as person_ref  # also db.models.person_ref
from cohort_desk.db.models.base import Base, Timestamped, Versioned
from cohort_desk.db.types import intpk, short_text
from cohort_desk.vocabulary import OrganisationKind


class Organisation(Versioned, Timestamped, Base):
    __tablename__ = "organisations"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(
        String(40), default=OrganisationKind.OTHER, server_default="other"
    )
    borough: Mapped[short_text]

    people: Mapped[list[Person]] = relationship(back_populates="organisation")


class Person(Versioned, Timestamped, Base):
    """Anyone the academy knows: participant, facilitator or mentor (roles follow from records).

    ``email`` keeps what was typed, for display; ``email_key`` (trimmed, lower-cased) carries the
    unique index, so Jo.Bloggs@NHS.net and jo.bloggs@nhs.net are one person.
    """

    __tablename__ = "people"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(40), default="", server_default="")
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120), index=True)
    preferred_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # How the name goes on certificates and registers when given ("NGUYỄN Thị Minh Khai",
    # "Dr Ama Mensah"); typed by a person, never filled by an import.
    name_as_printed: Mapped[str] = mapped_column(String(200), default="", server_default="")
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str] = mapped_column(String(60), default="", server_default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    job_title: Mapped[short_text]
    profession: Mapped[short_text]
    borough: Mapped[str] = mapped_column(String(80), default="", server_default="")
    # Development interests, matched against mentors' expertise.
    interests: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    archived_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")

    @property
    def ref(self) -> str:
        return person_ref(self.id)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()
