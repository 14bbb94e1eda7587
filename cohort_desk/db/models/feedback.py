"""Session feedback: one response per form submission, its answers with each question's scale."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cohort_desk.db.models.base import Base, Timestamped, Versioned
from cohort_desk.db.types import intpk


class FeedbackResponse(Versioned, Timestamped, Base):
    """One submitted feedback form, about a session (``session_id``) or a whole cohort.

    ``person_id`` is set only for a named response whose e-mail address is someone we know;
    anonymous responses belong to nobody. ``dedupe_key`` (the target and the form's response
    ID, or a hash of the row) makes importing the same export twice change nothing.
    """

    __tablename__ = "feedback_responses"

    id: Mapped[intpk]
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="RESTRICT"), index=True
    )
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="RESTRICT"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    submitted_at: Mapped[datetime | None]
    consent_to_quote: Mapped[bool] = mapped_column(default=False, server_default="0")


class FeedbackAnswer(Base):
    """One answer of a response: the question as headed in the form, kept with its scale
    ("1-5", "0-10", "choice", "text", "consent"), the number for a rating, the words otherwise."""

    __tablename__ = "feedback_answers"

    id: Mapped[intpk]
    response_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_responses.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    question: Mapped[str] = mapped_column(String(500))
    scale: Mapped[str] = mapped_column(String(20))
    value: Mapped[float | None]
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
