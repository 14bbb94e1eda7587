"""Mentoring, the Community of Practice and system leadership roles."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cohort_desk.db.models.base import Base, Timestamped, Versioned
from cohort_desk.db.types import intpk, short_text
from cohort_desk.vocabulary import MeetingMode, MentoringPairStatus


class MentorProfile(Versioned, Timestamped, Base):
    __tablename__ = "mentor_profiles"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    capacity: Mapped[int] = mapped_column(default=2, server_default="2")
    # Comma-separated lists: short, typed by people, shown as typed.
    expertise: Mapped[str] = mapped_column(Text, default="", server_default="")
    professions: Mapped[str] = mapped_column(Text, default="", server_default="")
    boroughs: Mapped[str] = mapped_column(Text, default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True, server_default="1")
    paused_until: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")


class MentoringPair(Versioned, Timestamped, Base):
    __tablename__ = "mentoring_pairs"

    id: Mapped[intpk]
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=MentoringPairStatus.PROPOSED)
    proposed_on: Mapped[date | None]
    started_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    end_reason: Mapped[short_text]
    score: Mapped[float | None]
    reasons: Mapped[list[str] | None] = mapped_column(JSON)


class MentoringMeeting(Versioned, Timestamped, Base):
    __tablename__ = "mentoring_meetings"

    id: Mapped[intpk]
    pair_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_pairs.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date]
    minutes: Mapped[int] = mapped_column(default=60)
    mode: Mapped[str] = mapped_column(String(20), default=MeetingMode.ONLINE)
    # Shown only on purpose: the UI hides notes until asked.
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")


class CommunityMembership(Versioned, Timestamped, Base):
    __tablename__ = "community_memberships"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    joined_on: Mapped[date]
    interests: Mapped[str] = mapped_column(Text, default="", server_default="")
    consent_to_contact: Mapped[bool] = mapped_column(default=False, server_default="0")
    consent_on: Mapped[date | None]
    source: Mapped[str] = mapped_column(String(40), default="", server_default="")
    left_on: Mapped[date | None]


class LeadershipRole(Versioned, Timestamped, Base):
    """A role held in the system (e.g. "Clinical lead, Lewisham place"), in days a week."""

    __tablename__ = "leadership_roles"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[short_text]
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    days_per_week: Mapped[float] = mapped_column(default=0.0)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
