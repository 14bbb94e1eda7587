"""Certificates, import history, the audit trail, settings and equality monitoring."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cohort_desk.db.models.base import Base, Timestamped, Versioned
from cohort_desk.db.types import intpk, short_text, utcnow


class Certificate(Versioned, Timestamped, Base):
    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("year", "sequence"),)

    id: Mapped[intpk]
    number: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="RESTRICT"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="RESTRICT"))
    # What was printed, kept so the certificate can be verified even after renames or erasure.
    holder_name: Mapped[str] = mapped_column(String(250))
    course: Mapped[str] = mapped_column(String(250))
    cpd_hours: Mapped[float | None]
    issued_on: Mapped[date]
    issued_by: Mapped[short_text]
    file_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
    reissues: Mapped[int] = mapped_column(default=0, server_default="0")
    last_reissued_on: Mapped[date | None]
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[short_text]
    # Ed25519 over what the certificate says and its state (services.certificates.signing);
    # empty for certificates issued before signing, which keep their HMAC check.
    signature: Mapped[str] = mapped_column(Text, default="", server_default="")


class VerificationEntry(Base):
    """A certificate as last published on the verification page: which version of it went
    out (so the window can say how far behind the page is) and the slow-derived seed of its
    code (so publishing again derives only new ones). Bookkeeping written whole by each
    publication, never edited, so it has no version of its own and is not audited."""

    __tablename__ = "verification_entries"

    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificates.id", ondelete="CASCADE"), primary_key=True
    )
    certificate_version: Mapped[int]
    seed: Mapped[str] = mapped_column(String(64))


class ImportBatch(Versioned, Base):
    __tablename__ = "import_batches"

    id: Mapped[intpk]
    file_name: Mapped[str] = mapped_column(String(300))
    # What the file held: "people" (a list of people) or "feedback" (a feedback form's
    # responses); undo and the history read it to know what to reverse and how to say it.
    kind: Mapped[str] = mapped_column(String(20), default="people", server_default="people")
    file_sha256: Mapped[str] = mapped_column(String(64))
    sheet: Mapped[short_text]
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(20), default="", server_default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[short_text]
    undone_at: Mapped[datetime | None]


class ImportChange(Base):
    """One person an import created or updated, with the old values that undo needs."""

    __tablename__ = "import_changes"

    id: Mapped[intpk]
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    # Indexed: deleting an enrolment looks up the rows that refer to it (undo of an import).
    enrolment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrolments.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AuditEntry(Base):
    """Append-only history of every change. Never holds equality-monitoring values."""

    __tablename__ = "audit_entries"

    id: Mapped[intpk]
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    who: Mapped[str] = mapped_column(String(120))
    record_type: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The person the entry is about, so subject access and erasure can find every entry.
    person_id: Mapped[int | None] = mapped_column(index=True)


class Setting(Versioned, Base):
    """Shared preferences (academy name, logo, signatory, the HMAC secret, thresholds)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="", server_default="")
    blob: Mapped[bytes | None] = mapped_column(LargeBinary)


class EqualityRecord(Versioned, Base):
    """Equality monitoring, kept apart from the person and read only by aggregate reports."""

    __tablename__ = "equality_records"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    age_band: Mapped[str] = mapped_column(String(40), default="", server_default="")
    sex: Mapped[str] = mapped_column(String(40), default="", server_default="")
    gender_identity: Mapped[str] = mapped_column(String(60), default="", server_default="")
    ethnicity: Mapped[str] = mapped_column(String(120), default="", server_default="")
    disability: Mapped[str] = mapped_column(String(40), default="", server_default="")
    sexual_orientation: Mapped[str] = mapped_column(String(60), default="", server_default="")
    religion: Mapped[str] = mapped_column(String(60), default="", server_default="")
    objected: Mapped[bool] = mapped_column(default=False, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
