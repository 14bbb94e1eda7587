"""The audit trail as people read it: a person's history, the whole trail filtered, and its export.

The trail is written automatically (db/audit.py) and is read-only here: nothing in the app can
edit or delete an entry, only erasure redacts the personal values inside entries.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import AuditEntry
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import UK, format_date, format_datetime
from cohort_desk.services.privacy.audit_words import describe_entries
from cohort_desk.sheets.writing import SheetOut, write_csv, write_xlsx

# Class names as a person would say them.
RECORD_LABELS = {
    "Person": "person",
    "CohortSession": "session",
    "Enrolment": "enrolment",
    "Attendance": "attendance",
    "Certificate": "certificate",
    "MentorProfile": "mentor profile",
    "MentoringPair": "mentoring pair",
    "MentoringMeeting": "mentoring meeting",
    "CommunityMembership": "community membership",
    "LeadershipRole": "leadership role",
    "EqualityRecord": "equality monitoring",
    "ImportBatch": "import",
    "Setting": "setting",
    "Organisation": "organisation",
    "Programme": "programme",
    "Cohort": "cohort",
    "MessageSent": "e-mail written",
    "MessageTemplate": "e-mail template",
}
EXPORT_HEADERS = ["When", "Who", "Record", "Record id", "Action", "Person id", "Changes"]
# "Record" is the record in words ("Enrolment of Sofía Kowalski in SLA Cohort 3"); the ids
# stay beside it for anyone matching the trail against the database.
VIEWER_LIMIT = 5000


@dataclass(frozen=True)
class AuditRow:
    """One entry of the trail, as plain values."""

    id: int
    at: datetime
    who: str
    record_type: str
    record_id: int | None
    action: str
    changes: dict[str, Any] | None
    person_id: int | None
    about: str = ""  # the record in words: "Enrolment of Sofía Kowalski in SLA Cohort 3"
    named_changes: dict[str, Any] | None = None  # the changes with ids replaced by names

    @property
    def record_label(self) -> str:
        return RECORD_LABELS.get(self.record_type, self.record_type)

    @property
    def record_text(self) -> str:
        """The record in words, or its kind and number when it cannot be named."""
        if self.about:
            return self.about
        number = f" {self.record_id}" if self.record_id is not None else ""
        return f"{self.record_label.capitalize()}{number}"

    @property
    def when(self) -> str:
        return format_datetime(self.at)

    @property
    def summary(self) -> str:
        return describe_changes(
            self.changes if self.named_changes is None else self.named_changes, self.action
        )


@dataclass(frozen=True)
class AuditFilter:
    search: str = ""  # part of who, the record type, the action or the changes
    who: str = ""
    record_type: str = ""
    since: date | None = None
    until: date | None = None  # inclusive
    person_id: int | None = None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and _ISO_DATE.match(value):
        return format_date(date.fromisoformat(value))
    if isinstance(value, str) and _ISO_TIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return format_datetime(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return str(value)


def describe_changes(changes: dict[str, Any] | None, action: str = "updated") -> str:
    """'job title: Nurse → Matron; phone: (blank) → 020 7946 0000' for the viewer and export;
    a new record lists what it was created with, dates as dd/mm/yyyy."""
    if not changes:
        return ""
    parts: list[str] = []
    for key, value in changes.items():
        label = key.replace("_", " ")
        if isinstance(value, list | tuple) and len(value) == 2:
            old, new = value
            if action == "created":
                parts.append(f"{label}: {_shown(new)}")
            elif action == "deleted":
                parts.append(f"{label}: {_shown(old)} removed")
            else:
                parts.append(f"{label}: {_shown(old)} → {_shown(new)}")
        else:
            parts.append(f"{label}: {_shown(value)}")
    return "; ".join(parts)


def _rows(session: Session, entries: list[AuditEntry]) -> list[AuditRow]:
    words = describe_entries(session, entries)
    return [
        _row(entry, words.about.get(entry.id, ""), words.changes.get(entry.id)) for entry in entries
    ]


def _row(
    entry: AuditEntry, about: str = "", named_changes: dict[str, Any] | None = None
) -> AuditRow:
    return AuditRow(
        id=entry.id,
        at=entry.at,
        who=entry.who,
        record_type=entry.record_type,
        record_id=entry.record_id,
        action=entry.action,
        changes=entry.changes,
        person_id=entry.person_id,
        about=about,
        named_changes=named_changes,
    )


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UK)


def _query(flt: AuditFilter) -> Select[AuditEntry]:
    query = select(AuditEntry)
    if flt.person_id is not None:
        query = query.where(AuditEntry.person_id == flt.person_id)
    if flt.who.strip():
        query = query.where(func.lower(AuditEntry.who) == flt.who.strip().lower())
    if flt.record_type.strip():
        wanted = flt.record_type.strip().lower()
        types = [k for k, v in RECORD_LABELS.items() if v == wanted or k.lower() == wanted]
        query = query.where(AuditEntry.record_type.in_(types or [flt.record_type.strip()]))
    if flt.since is not None:
        query = query.where(AuditEntry.at >= _local_midnight(flt.since))
    if flt.until is not None:
        query = query.where(AuditEntry.at < _local_midnight(flt.until + timedelta(days=1)))
    if flt.search.strip():
        # % and _ typed in the search are letters to find, not LIKE's wildcards.
        typed = flt.search.strip().lower()
        term = "%" + typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                func.lower(AuditEntry.who).like(term, escape="\\"),
                func.lower(AuditEntry.record_type).like(term, escape="\\"),
                func.lower(AuditEntry.action).like(term, escape="\\"),
            )
        )
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def person_history(db: Database, person_id: int) -> list[AuditRow]:
    """Every change recorded about one person (their record, enrolments, attendance,
    certificates, mentoring...), newest first."""
    with db.read() as session:
        return _rows(session, list(session.scalars(_query(AuditFilter(person_id=person_id)))))


def list_audit(
    db: Database, flt: AuditFilter | None = None, limit: int | None = VIEWER_LIMIT
) -> list[AuditRow]:
    """The trail, newest first, filtered; ``limit`` keeps the viewer quick on a long trail."""
    query = _query(flt or AuditFilter())
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        return _rows(session, list(session.scalars(query)))


def count_audit(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def export_rows(rows: list[AuditRow]) -> list[list[object]]:
    """Rows for a spreadsheet: times as UK wall-clock time, as the window shows them."""
    return [
        [
            r.at.astimezone(UK).replace(tzinfo=None),
            r.who,
            r.record_text,
            r.record_id,
            r.action,
            r.person_id,
            r.summary,
        ]
        for r in rows
    ]


def export_audit(db: Database, path: str | os.PathLike[str], flt: AuditFilter | None = None) -> int:
    """Write the whole (filtered) trail to .xlsx or .csv, oldest first; returns the count."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UserError(
            f"The audit trail can be exported as .xlsx or .csv, not {target.name}; "
            "give a file name ending in one of those."
        )
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} does not exist; create it or choose another.")
    rows = list_audit(db, flt, limit=None)
    rows.reverse()
    table = export_rows(rows)
    if suffix == ".xlsx":
        write_xlsx(target, [SheetOut("Audit trail", EXPORT_HEADERS, table)])
    else:
        write_csv(target, EXPORT_HEADERS, table)
    return len(rows)
