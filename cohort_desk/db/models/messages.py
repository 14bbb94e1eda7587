"""E-mail templates people can edit, and the drafts Cohort Desk wrote for each person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cohort_desk.db.models.base import Base, Timestamped, Versioned
from cohort_desk.db.types import intpk, short_text, utcnow


class MessageTemplate(Versioned, Timestamped, Base):
    """A template's subject and body as the academy has edited them, or one it added.

    A built-in template with no row here is used as the code ships it; editing it stores a
    row, and "reset to built-in" removes that row again. Kept in the database so everyone on
    a shared database writes the same wording.
    """

    __tablename__ = "message_templates"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(60), unique=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # What the drafts carry: "calendar" and/or "certificate", comma-separated.
    attachments: Mapped[str] = mapped_column(String(100), default="", server_default="")
    description: Mapped[short_text]
    updated_by: Mapped[short_text]


class MessageSent(Base):
    """One e-mail draft written for a person: which template, when, by whom, what it carried.

    Cohort Desk writes drafts and Outlook sends them, so this records what was written, the
    nearest the desk can know to "sent". Append-only, like the history it feeds.
    """

    __tablename__ = "messages_sent"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    template: Mapped[str] = mapped_column(String(60), index=True)
    subject: Mapped[str] = mapped_column(String(300), default="", server_default="")
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    written_by: Mapped[short_text]
    # The file names attached (the certificate PDF, the calendar file), for the history.
    attachments: Mapped[list[str]] = mapped_column(JSON, default=list)
    file_name: Mapped[str] = mapped_column(String(260), default="", server_default="")
