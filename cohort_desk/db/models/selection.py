"""Applications to a cohort, the panel's criteria and the scores its members give."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cohort_desk.db.models.base import Base, Timestamped, Versioned
from cohort_desk.db.types import intpk, short_text, utcnow
from cohort_desk.vocabulary import ApplicationStatus, values

APPLICATION_STATUSES = values(ApplicationStatus)
APPLICATION_SOURCES = ("import", "window", "command line", "demo")


class Application(Versioned, Timestamped, Base):
    """One person's application to one cohort (never two: a repeat is refused or shown).

    ``shortlisted_at``, ``offered_at`` and ``accepted_at`` are set the first time the
    application reaches that stage and kept after it moves on, so the selection report counts
    everyone ever offered a place, declined offers included. ``letter_status`` is the status
    the last decision letter told them: a letter is due when the status differs.
    """

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("person_id", "cohort_id"),)

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(
        String(20), default=ApplicationStatus.APPLIED, server_default=ApplicationStatus.APPLIED
    )
    waiting_position: Mapped[int | None]
    # Question -> the applicant's answer, as the form asked and they wrote it.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(20), default="window", server_default="window")
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    shortlisted_at: Mapped[datetime | None]
    offered_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    letter_status: Mapped[str] = mapped_column(String(20), default="", server_default="")


class SelectionCriterion(Versioned, Base):
    """What a cohort's panel scores every application on, e.g. "Commitment to system working"
    from 1 to 5."""

    __tablename__ = "selection_criteria"
    __table_args__ = (UniqueConstraint("cohort_id", "name"),)

    id: Mapped[intpk]
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    scale_min: Mapped[int] = mapped_column(default=1, server_default="1")
    scale_max: Mapped[int] = mapped_column(default=5, server_default="5")
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")


class Score(Versioned, Timestamped, Base):
    """One panel member's score of one application on one criterion, with a short note.

    ``person_id`` repeats the application's applicant so the audit trail, subject access and
    erasure find a person's scores the way they find everything else about them.
    """

    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("application_id", "criterion_id", "panel_member"),)

    id: Mapped[intpk]
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("selection_criteria.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    # The operating-system account that scored, as the audit trail names it.
    panel_member: Mapped[str] = mapped_column(String(120))
    value: Mapped[int]
    note: Mapped[short_text]
