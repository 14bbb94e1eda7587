"""A cohort's page: its participants and facilitators with attendance, its sessions, the total."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Attendance, Cohort, CohortSession, Enrolment, Organisation, Person
from cohort_desk.db.types import utcnow
from cohort_desk.errors import NotFoundError
from cohort_desk.rules.attendance import counts_as_attended
from cohort_desk.rules.names import listed_name
from cohort_desk.rules.participants import COUNTED_STATUSES, counts_as_participant
from cohort_desk.services.cohorts.records import CohortRow, get_cohort
from cohort_desk.services.common import cohort_rule
from cohort_desk.services.sessions.records import SessionRow, list_sessions
from cohort_desk.vocabulary import Role


@dataclass(frozen=True, slots=True)
class MemberLine:
    """One enrolment on the cohort page."""

    enrolment_id: int
    person_id: int
    name: str
    sort_name: str  # "Family, Given": lists are in family-name order
    email: str
    organisation: str
    role: str
    status: str
    status_on: date | None
    status_reason: str
    attended: int
    held: int
    version: int

    @property
    def percentage(self) -> float | None:
        return None if self.held == 0 else self.attended * 100 / self.held


@dataclass(frozen=True)
class CohortPage:
    cohort: CohortRow
    participants: list[MemberLine]
    facilitators: list[MemberLine]
    sessions: list[SessionRow]
    held: int
    overall_pct: float | None  # attended marks / (expected participants x sessions held)

    @property
    def counted(self) -> int:
        """How many of the listed participants count (rules.participants): withdrawn and
        deferred people stay listed, greyed, but are not counted."""
        return sum(1 for m in self.participants if counts_as_participant(m.role, m.status))


def attended_by_person(session: Session, cohort: Cohort) -> tuple[list[int], dict[int, int]]:
    """The cohort's sessions held so far, and how many of them each person attended."""
    now = utcnow()
    held = list(
        session.scalars(
            select(CohortSession.id).where(
                CohortSession.cohort_id == cohort.id,
                CohortSession.starts_at <= now,
                CohortSession.cancelled_at.is_(None),
            )
        )
    )
    rule = cohort_rule(cohort)
    counts: dict[int, int] = {}
    marks = select(Attendance.person_id, Attendance.status).where(Attendance.session_id.in_(held))
    for person_id, status in session.execute(marks):
        if counts_as_attended(status, rule):
            counts[person_id] = counts.get(person_id, 0) + 1
    return held, counts


def overall_attendance(
    members: list[tuple[int, str]], held: int, counts: dict[int, int]
) -> float | None:
    """Share of expected attendances that happened, from (person id, enrolment status) pairs
    of the participants; None before any session is held."""
    expected = [person_id for person_id, status in members if status in COUNTED_STATUSES]
    if not expected or held == 0:
        return None
    return sum(counts.get(pid, 0) for pid in expected) * 100 / (len(expected) * held)


def cohort_page(db: Database, cohort_id: int) -> CohortPage:
    cohort_row = get_cohort(db, cohort_id)
    with db.read() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
        held, counts = attended_by_person(session, cohort)
        query = (
            select(Enrolment, Person, Organisation.name)
            .join(Person, Person.id == Enrolment.person_id)
            .outerjoin(Organisation, Organisation.id == Person.organisation_id)
            .where(Enrolment.cohort_id == cohort_id, Person.erased_at.is_(None))
            .order_by(Person.family_name, Person.given_name)
        )
        lines = [
            MemberLine(
                enrolment_id=e.id,
                person_id=p.id,
                name=p.full_name,
                sort_name=listed_name(p.given_name, p.family_name),
                email=p.email,
                organisation=org or "",
                role=e.role,
                status=e.status,
                status_on=e.status_on,
                status_reason=e.status_reason,
                attended=counts.get(p.id, 0),
                held=len(held),
                version=e.version,
            )
            for e, p, org in session.execute(query)
        ]
    participants = [line for line in lines if line.role == Role.PARTICIPANT]
    return CohortPage(
        cohort=cohort_row,
        participants=participants,
        facilitators=[line for line in lines if line.role == Role.FACILITATOR],
        sessions=list_sessions(db, cohort_id=cohort_id),
        held=len(held),
        overall_pct=overall_attendance(
            [(m.person_id, m.status) for m in participants], len(held), counts
        ),
    )
