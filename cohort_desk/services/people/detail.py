"""Everything about one person for the People screen's detail pane, read in one go."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    AuditEntry,
    Certificate,
    Cohort,
    CohortSession,
    Enrolment,
    MentoringPair,
    MentorProfile,
    Person,
)
from cohort_desk.db.types import utcnow
from cohort_desk.rules.attendance import AttendanceRule, summarise
from cohort_desk.services.people.records import PersonRow, get_person_in
from cohort_desk.vocabulary import Role

RECENT_CHANGES = 12
# Column names as a reader of the history would say them.
FIELD_WORDS = {
    "given_name": "given name",
    "family_name": "family name",
    "preferred_name": "preferred name",
    "organisation_id": "organisation",
    "job_title": "job title",
    "archived_at": "archived",
    "status_on": "status date",
    "status_reason": "reason",
    "email": "e-mail",
}


@dataclass(frozen=True, slots=True)
class CohortLine:
    cohort: str
    role: str
    status: str
    status_on: date | None
    status_reason: str
    attended: int
    held: int
    percentage: float | None


@dataclass(frozen=True, slots=True)
class MentoringLine:
    relation: str  # "Mentor" (the other person mentors them) or "Mentee"
    person_id: int
    name: str
    status: str
    cohort: str
    started_on: date | None


@dataclass(frozen=True, slots=True)
class CertificateLine:
    number: str
    kind: str
    course: str
    issued_on: date
    revoked: bool


@dataclass(frozen=True, slots=True)
class ChangeLine:
    at: datetime
    who: str
    summary: str


@dataclass(frozen=True)
class PersonDetail:
    person: PersonRow
    cohorts: list[CohortLine]
    mentoring: list[MentoringLine]
    mentor_capacity: int | None  # None when they are not a mentor
    certificates: list[CertificateLine]
    changes: list[ChangeLine]


def person_detail(db: Database, person_id: int) -> PersonDetail:
    with db.read() as session:
        person = get_person_in(session, person_id)
        profile = session.scalar(select(MentorProfile).where(MentorProfile.person_id == person_id))
        return PersonDetail(
            person=person,
            cohorts=_cohorts(session, person_id),
            mentoring=_mentoring(session, person_id),
            mentor_capacity=profile.capacity if profile is not None else None,
            certificates=_certificates(session, person_id),
            changes=_changes(session, person_id),
        )


def _cohorts(session: Session, person_id: int) -> list[CohortLine]:
    now = utcnow()
    lines = []
    query = (
        select(Enrolment, Cohort)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Enrolment.person_id == person_id)
        .order_by(Cohort.starts_on.desc(), Cohort.name)
    )
    for enrolment, cohort in session.execute(query).all():
        starts = list(
            session.execute(
                select(CohortSession.id, CohortSession.starts_at).where(
                    CohortSession.cohort_id == cohort.id, CohortSession.cancelled_at.is_(None)
                )
            )
        )
        held = [sid for sid, starts_at in starts if starts_at <= now]
        marks = dict(
            session.execute(
                select(Attendance.session_id, Attendance.status).where(
                    Attendance.person_id == person_id, Attendance.session_id.in_(held)
                )
            ).all()
        )
        attended, percentage = 0, None
        if enrolment.role == Role.PARTICIPANT:
            rule = AttendanceRule(
                min_attendance_pct=cohort.min_attendance_pct,
                late_counts=cohort.late_counts,
                left_early_counts=cohort.left_early_counts,
            )
            summary = summarise([marks.get(sid) for sid in held], rule, len(starts), len(held))
            attended, percentage = summary.attended, summary.percentage
        lines.append(
            CohortLine(
                cohort=cohort.name,
                role=enrolment.role,
                status=enrolment.status,
                status_on=enrolment.status_on,
                status_reason=enrolment.status_reason,
                attended=attended,
                held=len(held),
                percentage=percentage,
            )
        )
    return lines


def _mentoring(session: Session, person_id: int) -> list[MentoringLine]:
    other = aliased(Person)
    lines = []
    for relation, mine, theirs in (
        ("Mentor", MentoringPair.mentee_id, MentoringPair.mentor_id),
        ("Mentee", MentoringPair.mentor_id, MentoringPair.mentee_id),
    ):
        query = (
            select(MentoringPair, other, Cohort.name)
            .join(other, other.id == theirs)
            .outerjoin(Cohort, Cohort.id == MentoringPair.cohort_id)
            .where(mine == person_id)
            .order_by(MentoringPair.status, other.family_name)
        )
        for pair, person, cohort in session.execute(query):
            name = "(erased)" if person.erased_at is not None else person.full_name
            lines.append(
                MentoringLine(relation, person.id, name, pair.status, cohort or "", pair.started_on)
            )
    return lines


def _certificates(session: Session, person_id: int) -> list[CertificateLine]:
    query = (
        select(Certificate)
        .where(Certificate.person_id == person_id)
        .order_by(Certificate.issued_on.desc(), Certificate.number)
    )
    return [
        CertificateLine(c.number, c.kind, c.course, c.issued_on, c.revoked_at is not None)
        for c in session.scalars(query)
    ]


def _changes(session: Session, person_id: int) -> list[ChangeLine]:
    query = (
        select(AuditEntry)
        .where(AuditEntry.person_id == person_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(RECENT_CHANGES)
    )
    return [ChangeLine(e.at, e.who, describe_change(e)) for e in session.scalars(query)]


ACTION_WORDS = {"created": "added", "updated": "changed", "deleted": "removed"}


def _record_words(record_type: str) -> str:
    """'LeadershipRole' -> 'Leadership role'; a Person row is their 'Details'."""
    if record_type == "Person":
        return "Details"
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", record_type).lower()
    return words[:1].upper() + words[1:]


def describe_change(entry: AuditEntry) -> str:
    """One line for the history: 'Details changed: job title, borough'."""
    changes: dict[str, Any] = entry.changes or {}
    if entry.record_type == "MessageSent" and entry.action == "created":
        template = (changes.get("template") or [None, ""])[1]
        attached = (changes.get("attachments") or [None, []])[1] or []
        with_files = f", with {', '.join(attached)}" if attached else ""
        return f"E-mail written: {template}{with_files}".rstrip(": ")
    text = f"{_record_words(entry.record_type)} {ACTION_WORDS.get(entry.action, entry.action)}"
    if entry.action == "updated" and changes:
        if entry.record_type == "Attendance" and "status" in changes:
            text += f": {changes['status'][1] or 'removed'}"
        elif entry.record_type == "Enrolment" and "status" in changes:
            text += f": now {changes['status'][1]}"
        else:
            names = [FIELD_WORDS.get(key, key.replace("_", " ")) for key in changes]
            text += ": " + ", ".join(names[:5]) + ("…" if len(names) > 5 else "")
    return text
