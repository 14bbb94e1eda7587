"""Programmes, cohorts, their sessions, who is enrolled and who attended."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cohort_desk.db.models.base import Base, Timestamped, Versioned
from cohort_desk.db.types import intpk, short_text, utcnow
from cohort_desk.vocabulary import AttendanceSource, EnrolmentStatus, Role, SessionKind


class Programme(Versioned, Timestamped, Base):
    __tablename__ = "programmes"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")

    cohorts: Mapped[list[Cohort]] = relationship(back_populates="programme")


class Cohort(Versioned, Timestamped, Base):
    """A group going through a programme together; the completion rule lives here."""

    __tablename__ = "cohorts"

    id: Mapped[intpk]
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), unique=True)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    min_attendance_pct: Mapped[float] = mapped_column(default=75.0, server_default="75")
    late_after_minutes: Mapped[int] = mapped_column(default=10, server_default="10")
    left_early_minutes: Mapped[int] = mapped_column(default=15, server_default="15")
    late_counts: Mapped[bool] = mapped_column(default=True, server_default="1")
    left_early_counts: Mapped[bool] = mapped_column(default=True, server_default="1")
    # CPD hours for late arrivals and early leavers: "full", "none" or "minutes" attended.
    partial_cpd: Mapped[str] = mapped_column(String(20), default="full", server_default="full")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    archived_at: Mapped[datetime | None]
    # Selection: how many places there are, when applications are taken, and whether the panel
    # scores without seeing who applied (names, e-mail, organisation and equality data hidden).
    places: Mapped[int | None]
    applications_open_on: Mapped[date | None]
    applications_close_on: Mapped[date | None]
    blind_review: Mapped[bool] = mapped_column(default=False, server_default="0")

    programme: Mapped[Programme] = relationship(back_populates="cohorts")
    sessions: Mapped[list[CohortSession]] = relationship(back_populates="cohort")


class CohortSession(Versioned, Timestamped, Base):
    """One meeting of a cohort (named so as not to clash with the database session)."""

    __tablename__ = "sessions"

    id: Mapped[intpk]
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(
        String(40), default=SessionKind.WORKSHOP, server_default="workshop"
    )
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    venue: Mapped[short_text]
    online_link: Mapped[str] = mapped_column(String(500), default="", server_default="")
    facilitator_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    cpd_hours: Mapped[float] = mapped_column(default=0.0, server_default="0")
    required: Mapped[bool] = mapped_column(default=False, server_default="0")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Told to participants in joining instructions and calendar entries ("a laptop, lunch").
    what_to_bring: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A cancelled session stays on record (and in calendars, as cancelled) but is not held:
    # no attendance is marked for it and it does not count towards completion.
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[short_text]

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")


class Enrolment(Versioned, Timestamped, Base):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("person_id", "cohort_id", "role"),)

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default=Role.PARTICIPANT)
    status: Mapped[str] = mapped_column(String(20), default=EnrolmentStatus.ENROLLED)
    status_on: Mapped[date | None]
    status_reason: Mapped[short_text]
    # An administrator can award or withhold the completion certificate by hand, with a reason.
    certificate_override: Mapped[str | None] = mapped_column(String(20))
    override_reason: Mapped[short_text]


class Attendance(Versioned, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[intpk]
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[short_text]
    # Minutes in the session, when a Teams report says (for a cohort's "minutes" CPD rule).
    minutes_attended: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(20), default=AttendanceSource.WINDOW)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
