"""Who may have a certificate: a cohort's completion rule or one session's attendance, plus
awards and withholdings by hand."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Attendance, Certificate, Cohort, CohortSession, Enrolment, Person
from cohort_desk.documents.text import sort_key
from cohort_desk.errors import NotFoundError
from cohort_desk.rules import names
from cohort_desk.rules.attendance import (
    STATUS_LABELS,
    counts_as_attended,
    cpd_hours_attended,
)
from cohort_desk.rules.eligibility import (
    attendance_certificate_eligible,
    completion_decision,
    validate_override,
)
from cohort_desk.services.common import cohort_in, cohort_rule, session_in
from cohort_desk.vocabulary import AttendanceStatus, CertificateKind, CertificateOverride, Role

# Titles worth printing on a certificate; "Mr" or "Ms" on a framed certificate reads oddly.
PRINTED_TITLES = names.PRINTED_TITLES


@dataclass(slots=True)
class EligibilityRow:
    """One person's standing for a certificate, as the eligibility table shows it."""

    person_id: int
    enrolment_id: int | None
    email: str
    given_name: str
    family_name: str
    printed_name: str
    enrolment_status: str
    attended: int
    sessions: int
    cpd_hours: float
    eligible: bool
    reason: str
    override: str | None
    override_reason: str
    certificate: str | None  # its number, when one was issued
    revoked: bool

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class IssueCounts:
    """What issuing would do with these candidates: the one count that issuing follows and
    that the window and the command line show."""

    candidates: int
    eligible: int
    new: int  # eligible with no certificate yet: issuing gives them one
    holders: int  # already hold one (revoked or not): issuing skips them
    again: int  # hold one that stands: printed again when reissuing
    not_eligible: int  # neither eligible nor holding one


def issue_counts(rows: list[EligibilityRow]) -> IssueCounts:
    return IssueCounts(
        candidates=len(rows),
        eligible=sum(1 for r in rows if r.eligible),
        new=sum(1 for r in rows if r.eligible and not r.certificate),
        holders=sum(1 for r in rows if r.certificate),
        again=sum(1 for r in rows if r.certificate and not r.revoked),
        not_eligible=sum(1 for r in rows if not r.eligible and not r.certificate),
    )


def printed_name(person: Person) -> str:
    return names.printed_name(
        person.title, person.given_name, person.family_name, person.name_as_printed
    )


def _in_name_order(rows: list[EligibilityRow]) -> list[EligibilityRow]:
    # Locale-free, accent-blind order (Šimková with the S names, de la Cruz with the Cs): the
    # order certificates are numbered and printed in, so a printed pile is easy to hand out.
    return sorted(
        rows, key=lambda r: (sort_key(r.family_name), sort_key(r.given_name), r.person_id)
    )


def _issued(session: Session, *conditions: object) -> dict[int, Certificate]:
    query = select(Certificate).where(*conditions).order_by(Certificate.id)  # type: ignore[arg-type]
    return {c.person_id: c for c in session.scalars(query)}


def _override(value: str | None) -> CertificateOverride | None:
    return CertificateOverride(value) if value in set(CertificateOverride) else None


def cohort_candidates(session: Session, cohort: Cohort) -> list[EligibilityRow]:
    """Every participant of the cohort (people erased from the database excepted), decided."""
    sessions = session.scalars(
        select(CohortSession)
        # A cancelled session was never held: it is not one a participant could attend.
        .where(CohortSession.cohort_id == cohort.id, CohortSession.cancelled_at.is_(None))
        .order_by(CohortSession.starts_at, CohortSession.id)
    ).all()
    all_ids = [s.id for s in sessions]
    required = {s.id for s in sessions if s.required}
    titles = {s.id: s.title for s in sessions}
    hours = {s.id: s.cpd_hours for s in sessions}
    rule = cohort_rule(cohort)
    length = {
        s.id: int((s.ends_at - s.starts_at).total_seconds() // 60) if s.ends_at else None
        for s in sessions
    }
    marks: dict[int, dict[int, str]] = {}
    minutes: dict[int, dict[int, int | None]] = {}
    if all_ids:
        query = select(
            Attendance.person_id,
            Attendance.session_id,
            Attendance.status,
            Attendance.minutes_attended,
        ).where(Attendance.session_id.in_(all_ids))
        for person_id, session_id, status, attended_minutes in session.execute(query):
            marks.setdefault(person_id, {})[session_id] = status
            minutes.setdefault(person_id, {})[session_id] = attended_minutes
    issued = _issued(
        session, Certificate.cohort_id == cohort.id, Certificate.kind == CertificateKind.COMPLETION
    )
    rows: list[EligibilityRow] = []
    enrolments = session.execute(
        select(Enrolment, Person)
        .join(Person, Person.id == Enrolment.person_id)
        .where(
            Enrolment.cohort_id == cohort.id,
            Enrolment.role == Role.PARTICIPANT,
            Person.erased_at.is_(None),
        )
        .order_by(Person.family_name, Person.given_name, Person.id)
    )
    for enrolment, person in enrolments:
        statuses = marks.get(person.id, {})
        attended = {sid for sid, status in statuses.items() if counts_as_attended(status, rule)}
        decision = completion_decision(
            attended,
            all_ids,
            required,
            cohort.min_attendance_pct,
            _override(enrolment.certificate_override),
            enrolment.override_reason,
            enrolment.status,
            titles,
        )
        spent = minutes.get(person.id, {})
        cpd = cpd_hours_attended(
            ((statuses.get(sid), hours[sid], spent.get(sid), length[sid]) for sid in all_ids), rule
        )
        cert = issued.get(person.id)
        rows.append(
            EligibilityRow(
                person_id=person.id,
                enrolment_id=enrolment.id,
                email=person.email,
                given_name=person.given_name,
                family_name=person.family_name,
                printed_name=printed_name(person),
                enrolment_status=enrolment.status,
                attended=len(attended & set(all_ids)),
                sessions=len(all_ids),
                cpd_hours=cpd,
                eligible=decision.eligible,
                reason=decision.reason,
                override=_override(enrolment.certificate_override),
                override_reason=enrolment.override_reason,
                certificate=cert.number if cert else None,
                revoked=bool(cert and cert.revoked_at),
            )
        )
    return _in_name_order(rows)


def _session_reason(status: str | None, eligible: bool) -> str:
    if status is None:
        return "Not marked for this session"
    label = STATUS_LABELS.get(status, status)
    if eligible:
        return f"Marked {label.lower()}"
    if status in (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY):
        return f"Marked {label.lower()}, which this cohort's rule does not count as attended"
    return f"Marked {label.lower()}"


def session_candidates(session: Session, meeting: CohortSession) -> list[EligibilityRow]:
    """The cohort's participants and anyone else marked at the session, decided on their mark."""
    cohort = meeting.cohort
    rule = cohort_rule(cohort)
    found = session.execute(
        select(Attendance.person_id, Attendance.status, Attendance.minutes_attended).where(
            Attendance.session_id == meeting.id
        )
    ).all()
    marks = {person_id: status for person_id, status, _ in found}
    spent = {person_id: attended_minutes for person_id, _, attended_minutes in found}
    length = (
        int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
        if meeting.ends_at
        else None
    )
    enrolments = {
        e.person_id: e
        for e in session.scalars(
            select(Enrolment).where(
                Enrolment.cohort_id == cohort.id, Enrolment.role == Role.PARTICIPANT
            )
        )
    }
    people = session.scalars(
        select(Person)
        .where(Person.id.in_(set(marks) | set(enrolments)), Person.erased_at.is_(None))
        .order_by(Person.family_name, Person.given_name, Person.id)
    ).all()
    issued = _issued(
        session,
        Certificate.session_id == meeting.id,
        Certificate.kind == CertificateKind.ATTENDANCE,
    )
    rows: list[EligibilityRow] = []
    for person in people:
        status = marks.get(person.id)
        eligible = attendance_certificate_eligible(status, rule)
        enrolment = enrolments.get(person.id)
        cert = issued.get(person.id)
        rows.append(
            EligibilityRow(
                person_id=person.id,
                enrolment_id=enrolment.id if enrolment else None,
                email=person.email,
                given_name=person.given_name,
                family_name=person.family_name,
                printed_name=printed_name(person),
                enrolment_status=enrolment.status if enrolment else "",
                attended=int(eligible),
                sessions=1,
                cpd_hours=cpd_hours_attended(
                    [(status, meeting.cpd_hours, spent.get(person.id), length)], rule
                )
                if eligible
                else 0.0,
                eligible=eligible,
                reason=_session_reason(status, eligible),
                override=None,
                override_reason="",
                certificate=cert.number if cert else None,
                revoked=bool(cert and cert.revoked_at),
            )
        )
    return _in_name_order(rows)


def cohort_eligibility(db: Database, cohort_id: int) -> list[EligibilityRow]:
    with db.read() as session:
        return cohort_candidates(session, cohort_in(session, cohort_id))


def session_eligibility(db: Database, session_id: int) -> list[EligibilityRow]:
    with db.read() as session:
        return session_candidates(session, session_in(session, session_id))


def set_override(
    db: Database,
    cohort_id: int,
    person_id: int,
    override: CertificateOverride | None,
    reason: str = "",
) -> EligibilityRow:
    """Award or withhold a participant's completion certificate by hand (None: let the rule
    decide again). A reason is required, because the audit trail and the eligibility table
    show it to whoever asks why later."""
    validate_override(override, reason)
    with db.write() as session:
        return _apply_override(session, cohort_in(session, cohort_id), person_id, override, reason)


def _apply_override(
    session: Session,
    cohort: Cohort,
    person_id: int,
    override: CertificateOverride | None,
    reason: str,
) -> EligibilityRow:
    enrolment = session.scalar(
        select(Enrolment).where(
            Enrolment.cohort_id == cohort.id,
            Enrolment.person_id == person_id,
            Enrolment.role == Role.PARTICIPANT,
        )
    )
    if enrolment is None:
        person = session.get(Person, person_id)
        who = person.email if person else "That person"
        raise NotFoundError(
            f"{who} is not a participant of {cohort.name}; enrol them first "
            f"('cohort-desk enrol --cohort \"{cohort.name}\" EMAIL')."
        )
    enrolment.certificate_override = override
    enrolment.override_reason = " ".join(reason.split()) if override else ""
    session.flush()
    return next(r for r in cohort_candidates(session, cohort) if r.person_id == person_id)
