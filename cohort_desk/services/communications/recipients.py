"""Who a mail merge writes to: the people of a cohort or session chosen by role or by what
happened (not yet marked, absent, eligible), or exactly the people a caller names.

Each recipient is a group of person ids: one person, or for a mentor introduction the mentee
and their mentor, who share one e-mail.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Application,
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    MentoringPair,
    Person,
)
from cohort_desk.errors import ValidationError
from cohort_desk.services.certificates.eligibility import cohort_candidates, session_candidates
from cohort_desk.vocabulary import CURRENT_PAIR_STATUSES, AttendanceStatus, EnrolmentStatus, Role

PARTICIPANTS = "participants"
AUDIENCES: dict[str, str] = {
    PARTICIPANTS: "participants",
    "facilitators": "facilitators",
    "mentors": "mentors of its participants",
    "pairs": "mentoring pairs (each mentee and their mentor, in one e-mail)",
    "not-yet-marked": "participants with no attendance mark yet",
    "absent": "participants marked absent",
    "eligible": "participants eligible for a certificate",
}
SESSION_ONLY = ("not-yet-marked", "absent")
# Enrolment statuses that make someone one of a cohort's people today.
CURRENT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)

Group = tuple[int, ...]


def check_audience(audience: str, session_id: int | None) -> str:
    if audience not in AUDIENCES:
        raise ValidationError(
            f"'{audience}' is not a group Cohort Desk writes to; choose one of "
            f"{', '.join(AUDIENCES)}.",
            field="to",
        )
    if audience in SESSION_ONLY and session_id is None:
        raise ValidationError(
            f"Who is {audience} depends on one session; choose that session (--session ID).",
            field="to",
        )
    return audience


def _enrolled(session: Session, cohort_id: int, role: str) -> list[int]:
    return list(
        session.scalars(
            select(Enrolment.person_id)
            .where(
                Enrolment.cohort_id == cohort_id,
                Enrolment.role == role,
                Enrolment.status.in_(CURRENT),
            )
            .order_by(Enrolment.id)
        )
    )


def _pairs(session: Session, cohort_id: int) -> list[tuple[int, int]]:
    query = (
        select(MentoringPair.mentee_id, MentoringPair.mentor_id)
        .where(
            MentoringPair.cohort_id == cohort_id, MentoringPair.status.in_(CURRENT_PAIR_STATUSES)
        )
        .order_by(MentoringPair.id)
    )
    return [(mentee, mentor) for mentee, mentor in session.execute(query)]


def _marks(session: Session, session_id: int) -> dict[int, str]:
    query = select(Attendance.person_id, Attendance.status).where(
        Attendance.session_id == session_id
    )
    return {person_id: status for person_id, status in session.execute(query)}


def audience_groups(
    session: Session, audience: str, cohort: Cohort, meeting: CohortSession | None
) -> list[Group]:
    """The recipients of ``audience`` in the cohort (or at the session), in a steady order."""
    participants = _enrolled(session, cohort.id, Role.PARTICIPANT)
    if audience == PARTICIPANTS:
        ids = participants
    elif audience == "facilitators":
        ids = _enrolled(session, cohort.id, Role.FACILITATOR)
        leads = [meeting] if meeting is not None else list(cohort.sessions)
        ids += [s.facilitator_id for s in leads if s.facilitator_id is not None]
    elif audience == "mentors":
        ids = [mentor for _mentee, mentor in _pairs(session, cohort.id)]
    elif audience == "pairs":
        return list(dict.fromkeys(_pairs(session, cohort.id)))
    elif audience == "not-yet-marked":
        assert meeting is not None
        marks = _marks(session, meeting.id)
        ids = [pid for pid in participants if pid not in marks]
    elif audience == "absent":
        assert meeting is not None
        marks = _marks(session, meeting.id)
        ids = [pid for pid in participants if marks.get(pid) == AttendanceStatus.ABSENT]
    else:  # eligible
        rows = (
            session_candidates(session, meeting)
            if meeting is not None
            else cohort_candidates(session, cohort)
        )
        ids = [row.person_id for row in rows if row.eligible]
    return [(pid,) for pid in dict.fromkeys(ids)]


def named_groups(person_ids: Sequence[int]) -> list[Group]:
    """Exactly the people a caller names, once each, in the caller's order."""
    return [(pid,) for pid in dict.fromkeys(person_ids)]


def preview_people(db: Database, cohort_id: int) -> list[tuple[int, str]]:
    """Whom the template editor can preview an e-mail for: the cohort's people ("Ama Mensah
    (participant)"), then those who applied to it and are not in it ("(applicant)"), whose
    decision letters are templates too."""
    found: dict[int, str] = {}
    with db.read() as session:
        enrolled = (
            select(Person.id, Person.given_name, Person.family_name, Enrolment.role)
            .join(Enrolment, Enrolment.person_id == Person.id)
            .where(Enrolment.cohort_id == cohort_id, Enrolment.status.in_(CURRENT))
            .where(Person.erased_at.is_(None))
            .order_by(Enrolment.id)
        )
        applied = (
            select(Person.id, Person.given_name, Person.family_name)
            .join(Application, Application.person_id == Person.id)
            .where(Application.cohort_id == cohort_id, Person.erased_at.is_(None))
            .order_by(Person.family_name, Person.given_name, Person.id)
        )
        for pid, given, family, role in session.execute(enrolled):
            found.setdefault(pid, f"{given} {family} ({role})")
        for pid, given, family in session.execute(applied):
            found.setdefault(pid, f"{given} {family} (applicant)")
    return list(found.items())
