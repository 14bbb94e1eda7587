"""Subject access (UK GDPR article 15): gathering everything held about one person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from cohort_desk.db.models import (
    Application,
    Attendance,
    AuditEntry,
    Certificate,
    Cohort,
    CohortSession,
    CommunityMembership,
    Enrolment,
    EqualityRecord,
    ImportBatch,
    ImportChange,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
    Organisation,
    Person,
    Score,
    SelectionCriterion,
)
from cohort_desk.db.types import utcnow
from cohort_desk.services.communications.history import written_rows
from cohort_desk.services.evaluation.privacy import feedback_given
from cohort_desk.services.privacy.audit import RECORD_LABELS, describe_changes

FORMAT = "Cohort Desk subject access export"


@dataclass
class Section:
    """One kind of record: a JSON key, a heading, and (field, label) columns for the PDF."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AccessExport:
    person_id: int
    person_name: str
    generated_at: datetime
    person: dict[str, Any]
    sections: list[Section]

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "format": FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "person": self.person,
        }
        for section in self.sections:
            document[section.key] = section.rows
        return document


PERSON_LABELS = [
    ("ref", "Reference"),
    ("title", "Title"),
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("preferred_name", "Preferred name"),
    ("name_as_printed", "Name as printed on certificates"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("organisation", "Organisation"),
    ("job_title", "Job title"),
    ("profession", "Profession"),
    ("borough", "Borough"),
    ("interests", "Development interests"),
    ("notes", "Notes"),
    ("created_at", "Record created"),
    ("updated_at", "Last changed"),
    ("archived_at", "Archived"),
]


def _cols(*pairs: str) -> list[tuple[str, str]]:
    return [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]


def _person(session: Session, person: Person) -> dict[str, Any]:
    org = session.get(Organisation, person.organisation_id) if person.organisation_id else None
    values = {key: getattr(person, key, None) for key, _ in PERSON_LABELS}
    values["ref"] = person.ref
    values["organisation"] = org.name if org else ""
    return values


def _enrolments(session: Session, pid: int) -> list[dict[str, Any]]:
    query = (
        select(Enrolment, Cohort.name)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Enrolment.person_id == pid)
        .order_by(Cohort.starts_on, Cohort.name)
    )
    return [
        {
            "cohort": name,
            "role": e.role,
            "status": e.status,
            "status_on": e.status_on,
            "status_reason": e.status_reason,
            "certificate_override": e.certificate_override,
            "override_reason": e.override_reason,
        }
        for e, name in session.execute(query)
    ]


def _attendance(session: Session, pid: int) -> list[dict[str, Any]]:
    query = (
        select(Attendance, CohortSession.title, CohortSession.starts_at, Cohort.name)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .join(Cohort, Cohort.id == CohortSession.cohort_id)
        .where(Attendance.person_id == pid)
        .order_by(CohortSession.starts_at)
    )
    return [
        {
            "cohort": cohort,
            "session": title,
            "starts_at": starts,
            "status": a.status.replace("_", " "),
            "note": a.note,
            "source": a.source,
            "recorded_at": a.recorded_at,
            "recorded_by": a.recorded_by,
        }
        for a, title, starts, cohort in session.execute(query)
    ]


def _certificates(session: Session, pid: int) -> list[dict[str, Any]]:
    query = select(Certificate).where(Certificate.person_id == pid).order_by(Certificate.issued_on)
    return [
        {
            "number": c.number,
            "code": c.code,
            "kind": c.kind,
            "holder_name": c.holder_name,
            "course": c.course,
            "cpd_hours": c.cpd_hours,
            "issued_on": c.issued_on,
            "issued_by": c.issued_by,
            "reissues": c.reissues,
            "revoked_at": c.revoked_at,
            "revoke_reason": c.revoke_reason,
        }
        for c in session.scalars(query)
    ]


def _facilitated(session: Session, pid: int) -> list[dict[str, Any]]:
    query = (
        select(CohortSession, Cohort.name)
        .join(Cohort, Cohort.id == CohortSession.cohort_id)
        .where(CohortSession.facilitator_id == pid)
        .order_by(CohortSession.starts_at)
    )
    return [
        {"cohort": name, "session": s.title, "starts_at": s.starts_at, "venue": s.venue}
        for s, name in session.execute(query)
    ]


def _mentoring(session: Session, pid: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    other = aliased(Person)
    query = (
        select(MentoringPair, other)
        .join(
            other,
            or_(
                (MentoringPair.mentor_id == pid) & (other.id == MentoringPair.mentee_id),
                (MentoringPair.mentee_id == pid) & (other.id == MentoringPair.mentor_id),
            ),
        )
        .where(or_(MentoringPair.mentor_id == pid, MentoringPair.mentee_id == pid))
        .order_by(MentoringPair.id)
    )
    pairs, pair_ids = [], []
    for pair, person in session.execute(query):
        pair_ids.append(pair.id)
        pairs.append(
            {
                "role": "mentor" if pair.mentor_id == pid else "mentee",
                "with": person.full_name,
                "status": pair.status,
                "started_on": pair.started_on,
                "ended_on": pair.ended_on,
                "end_reason": pair.end_reason,
                "reasons": "; ".join(pair.reasons or []),
            }
        )
    meetings = session.scalars(
        select(MentoringMeeting)
        .where(MentoringMeeting.pair_id.in_(pair_ids))
        .order_by(MentoringMeeting.held_on)
    )
    return pairs, [
        {"held_on": m.held_on, "minutes": m.minutes, "mode": m.mode, "notes": m.notes}
        for m in meetings
    ]


def _one(session: Session, model: Any, pid: int, keys: list[str]) -> list[dict[str, Any]]:
    found = session.scalar(select(model).where(model.person_id == pid))
    return [] if found is None else [{k: getattr(found, k) for k in keys}]


def _roles(session: Session, pid: int) -> list[dict[str, Any]]:
    query = select(LeadershipRole).where(LeadershipRole.person_id == pid)
    keys = ["title", "body", "days_per_week", "starts_on", "ends_on"]
    return [{k: getattr(r, k) for k in keys} for r in session.scalars(query)]


def _applications(session: Session, pid: int) -> list[dict[str, Any]]:
    query = (
        select(Application, Cohort.name)
        .join(Cohort, Cohort.id == Application.cohort_id)
        .where(Application.person_id == pid)
        .order_by(Application.applied_at)
    )
    return [
        {
            "cohort": cohort,
            "applied_at": a.applied_at,
            "status": a.status,
            "waiting_position": a.waiting_position,
            "answers": "\n\n".join(f"{q}\n{t}" for q, t in (a.answers or {}).items()),
        }
        for a, cohort in session.execute(query)
    ]


def _scores(session: Session, pid: int) -> list[dict[str, Any]]:
    query = (
        select(Score, SelectionCriterion.name, Cohort.name)
        .join(SelectionCriterion, SelectionCriterion.id == Score.criterion_id)
        .join(Cohort, Cohort.id == SelectionCriterion.cohort_id)
        .where(Score.person_id == pid)
        .order_by(Cohort.name, SelectionCriterion.position, Score.panel_member)
    )
    return [
        {
            "cohort": cohort,
            "criterion": criterion,
            "score": s.value,
            "note": s.note,
            "panel_member": s.panel_member,
        }
        for s, criterion, cohort in session.execute(query)
    ]


def _imports(session: Session, pid: int) -> list[dict[str, Any]]:
    query = (
        select(ImportChange.action, ImportBatch.file_name, ImportBatch.imported_at)
        .join(ImportBatch, ImportBatch.id == ImportChange.batch_id)
        .where(ImportChange.person_id == pid)
        .order_by(ImportBatch.imported_at)
    )
    return [{"file": f, "imported_at": at, "action": a} for a, f, at in session.execute(query)]


def _messages(session: Session, pid: int) -> list[dict[str, Any]]:
    return [
        {
            "written_at": row.written_at,
            "written_by": row.written_by,
            "template": row.template,
            "subject": row.subject,
            "about": about,
            "attachments": ", ".join(row.attachments or []),
        }
        for row, about in written_rows(session, pid)
    ]


def _audit(session: Session, pid: int) -> list[dict[str, Any]]:
    query = select(AuditEntry).where(AuditEntry.person_id == pid).order_by(AuditEntry.at)
    return [
        {
            "at": e.at,
            "who": e.who,
            "record": RECORD_LABELS.get(e.record_type, e.record_type),
            "action": e.action,
            "changes": e.changes,
            "summary": describe_changes(e.changes, e.action),
        }
        for e in session.scalars(query)
    ]


EQUALITY_KEYS = [
    "age_band",
    "sex",
    "gender_identity",
    "ethnicity",
    "disability",
    "sexual_orientation",
    "religion",
    "objected",
]


def collect(session: Session, person: Person) -> AccessExport:
    pid = person.id
    pairs, meetings = _mentoring(session, pid)
    mentor_keys = ["capacity", "expertise", "professions", "boroughs", "active", "notes"]
    community_keys = ["joined_on", "interests", "consent_to_contact", "consent_on", "left_on"]
    sections = [
        Section("enrolments", "Cohorts", _cols("cohort", "Cohort", "role", "Role", "status",
                "Status", "status_on", "Since", "status_reason", "Reason"),
                _enrolments(session, pid)),
        Section("attendance", "Attendance", _cols("session", "Session", "starts_at", "When",
                "status", "Status", "note", "Note", "recorded_by", "Recorded by"),
                _attendance(session, pid)),
        Section("certificates", "Certificates", _cols("number", "Number", "course", "Course",
                "holder_name", "Name printed", "issued_on", "Issued", "revoked_at", "Revoked"),
                _certificates(session, pid)),
        Section("facilitated_sessions", "Sessions facilitated", _cols("cohort", "Cohort",
                "session", "Session", "starts_at", "When"), _facilitated(session, pid)),
        Section("mentor_profile", "Mentor profile", _cols("capacity", "Capacity", "expertise",
                "Expertise", "active", "Active", "notes", "Notes"),
                _one(session, MentorProfile, pid, mentor_keys)),
        Section("mentoring", "Mentoring", _cols("role", "Role", "with", "With", "status",
                "Status", "started_on", "Started", "ended_on", "Ended"), pairs),
        Section("mentoring_meetings", "Mentoring meetings", _cols("held_on", "Date", "minutes",
                "Minutes", "mode", "Mode", "notes", "Notes"), meetings),
        Section("community_membership", "Community of Practice", _cols("joined_on", "Joined",
                "interests", "Interests", "consent_to_contact", "Consent to contact",
                "left_on", "Left"), _one(session, CommunityMembership, pid, community_keys)),
        Section("leadership_roles", "System leadership roles", _cols("title", "Role", "body",
                "Body", "days_per_week", "Days a week", "starts_on", "From", "ends_on", "To"),
                _roles(session, pid)),
        Section("equality_monitoring", "Equality monitoring (your own answers)",
                [(k, k.replace("_", " ").capitalize()) for k in EQUALITY_KEYS],
                _one(session, EqualityRecord, pid, EQUALITY_KEYS)),
        Section("feedback", "Feedback you gave", _cols("about", "About", "submitted_at",
                "When", "question", "Question", "answer", "Answer", "consent_to_quote",
                "May be quoted"), feedback_given(session, pid)),
        Section("applications", "Applications", _cols("cohort", "Cohort", "applied_at",
                "Applied", "status", "Status", "answers", "Your answers"),
                _applications(session, pid)),
        Section("selection_scores", "Selection panel's scores", _cols("cohort", "Cohort",
                "criterion", "Criterion", "score", "Score", "note", "Note", "panel_member",
                "Panel member"), _scores(session, pid)),
        Section("messages", "E-mails written to you", _cols("written_at", "When", "subject",
                "Subject", "about", "About", "attachments", "Attached"), _messages(session, pid)),
        Section("imports", "Spreadsheet imports", _cols("file", "File", "imported_at", "When",
                "action", "Action"), _imports(session, pid)),
        Section("audit_trail", "History of changes", _cols("at", "When", "who", "Who", "record",
                "Record", "action", "Action", "summary", "Changes"), _audit(session, pid)),
    ]  # fmt: skip
    return AccessExport(pid, person.full_name, utcnow(), _person(session, person), sections)
