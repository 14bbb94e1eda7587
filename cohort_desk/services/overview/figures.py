"""The start page's numbers: next sessions, cohorts running, missing marks, who lacks a mentor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    MentoringPair,
    Person,
    Programme,
)
from cohort_desk.db.types import utcnow
from cohort_desk.rules.dates import to_local
from cohort_desk.rules.names import spoken_name
from cohort_desk.rules.participants import COUNTED_STATUSES
from cohort_desk.services.cohorts.page import attended_by_person
from cohort_desk.services.cohorts.page import overall_attendance as overall
from cohort_desk.vocabulary import CURRENT_PAIR_STATUSES, EnrolmentStatus, Role

NEXT_SESSIONS = 8
MISSING_MARKS = 20
UNMENTORED = 200


@dataclass(frozen=True, slots=True)
class UpcomingSession:
    id: int
    cohort: str
    title: str
    starts_at: datetime
    where: str


@dataclass(frozen=True, slots=True)
class RunningCohort:
    id: int
    name: str
    programme: str
    starts_on: date | None
    ends_on: date | None
    participants: int
    held: int
    sessions: int
    attendance_pct: float | None
    started: bool


@dataclass(frozen=True, slots=True)
class MissingMarks:
    session_id: int
    cohort: str
    title: str
    starts_at: datetime
    marked: int
    expected: int


@dataclass(frozen=True, slots=True)
class Unmentored:
    person_id: int
    name: str
    email: str
    cohort: str


@dataclass(frozen=True)
class Overview:
    upcoming: list[UpcomingSession]
    cohorts: list[RunningCohort]
    missing_marks: list[MissingMarks]
    unmentored: list[Unmentored]
    unmentored_total: int
    people: int


def overview(db: Database, today: date | None = None) -> Overview:
    now = utcnow()
    today = today or to_local(now).date()
    with db.read() as session:
        unmentored, total = _unmentored(session, today)
        return Overview(
            upcoming=_upcoming(session, now),
            cohorts=_cohorts(session, today),
            missing_marks=_missing_marks(session, now),
            unmentored=unmentored,
            unmentored_total=total,
            people=int(
                session.scalar(
                    select(func.count())
                    .select_from(Person)
                    .where(Person.archived_at.is_(None), Person.erased_at.is_(None))
                )
                or 0
            ),
        )


def _upcoming(session: Session, now: datetime) -> list[UpcomingSession]:
    query = (
        select(CohortSession, Cohort.name)
        .join(Cohort, Cohort.id == CohortSession.cohort_id)
        .where(CohortSession.starts_at >= now, CohortSession.cancelled_at.is_(None))
        .order_by(CohortSession.starts_at, CohortSession.id)
        .limit(NEXT_SESSIONS)
    )
    return [
        UpcomingSession(
            s.id, cohort, s.title, s.starts_at, s.venue or ("Online" if s.online_link else "")
        )
        for s, cohort in session.execute(query)
    ]


def _not_ended(today: date) -> object:
    return and_(
        Cohort.archived_at.is_(None), or_(Cohort.ends_on.is_(None), Cohort.ends_on >= today)
    )


def _cohorts(session: Session, today: date) -> list[RunningCohort]:
    """Cohorts running today, then those still to start, soonest first."""
    query = (
        select(Cohort, Programme.name)
        .join(Programme, Programme.id == Cohort.programme_id)
        .where(_not_ended(today))  # type: ignore[arg-type]
        .order_by(Cohort.starts_on, Cohort.name)
    )
    rows = []
    for cohort, programme in session.execute(query).all():
        held, counts = attended_by_person(session, cohort)
        members = [
            (int(pid), str(status))
            for pid, status in session.execute(
                select(Enrolment.person_id, Enrolment.status).where(
                    Enrolment.cohort_id == cohort.id, Enrolment.role == Role.PARTICIPANT
                )
            )
        ]
        total = session.scalar(
            select(func.count())
            .select_from(CohortSession)
            .where(CohortSession.cohort_id == cohort.id, CohortSession.cancelled_at.is_(None))
        )
        rows.append(
            RunningCohort(
                id=cohort.id,
                name=cohort.name,
                programme=programme,
                starts_on=cohort.starts_on,
                ends_on=cohort.ends_on,
                participants=sum(1 for _pid, status in members if status in COUNTED_STATUSES),
                held=len(held),
                sessions=int(total or 0),
                attendance_pct=overall(members, len(held), counts),
                started=cohort.starts_on is None or cohort.starts_on <= today,
            )
        )
    return sorted(rows, key=lambda r: not r.started)


def _missing_marks(session: Session, now: datetime) -> list[MissingMarks]:
    """Sessions already held where some expected participant has no mark yet."""
    expected = (
        select(Enrolment.cohort_id, func.count().label("n"))
        .where(Enrolment.role == Role.PARTICIPANT, Enrolment.status.in_(COUNTED_STATUSES))
        .group_by(Enrolment.cohort_id)
        .subquery()
    )
    marked = (
        select(Attendance.session_id, func.count().label("n"))
        .join(
            Enrolment,
            and_(
                Enrolment.person_id == Attendance.person_id,
                Enrolment.role == Role.PARTICIPANT,
                Enrolment.status.in_(COUNTED_STATUSES),
            ),
        )
        .join(
            CohortSession,
            and_(
                CohortSession.id == Attendance.session_id,
                CohortSession.cohort_id == Enrolment.cohort_id,
            ),
        )
        .group_by(Attendance.session_id)
        .subquery()
    )
    done = func.coalesce(marked.c.n, 0)
    query = (
        select(CohortSession, Cohort.name, done, expected.c.n)
        .join(Cohort, Cohort.id == CohortSession.cohort_id)
        .join(expected, expected.c.cohort_id == CohortSession.cohort_id)
        .outerjoin(marked, marked.c.session_id == CohortSession.id)
        .where(
            CohortSession.starts_at <= now,
            CohortSession.cancelled_at.is_(None),
            done < expected.c.n,
        )
        .order_by(CohortSession.starts_at.desc(), CohortSession.id)
        .limit(MISSING_MARKS)
    )
    return [
        MissingMarks(s.id, cohort, s.title, s.starts_at, int(n_marked), int(n_expected))
        for s, cohort, n_marked, n_expected in session.execute(query)
    ]


def _unmentored(session: Session, today: date) -> tuple[list[Unmentored], int]:
    """Participants of cohorts not yet ended with no proposed or active mentor."""
    mentored = select(MentoringPair.mentee_id).where(
        MentoringPair.status.in_(CURRENT_PAIR_STATUSES)
    )
    query = (
        select(Person.id, Person.given_name, Person.family_name, Person.email, Cohort.name)
        .join(Enrolment, Enrolment.person_id == Person.id)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(
            _not_ended(today),  # type: ignore[arg-type]
            Enrolment.role == Role.PARTICIPANT,
            Enrolment.status == EnrolmentStatus.ENROLLED,
            Person.archived_at.is_(None),
            Person.erased_at.is_(None),
            Person.id.not_in(mentored),
        )
        .order_by(Cohort.starts_on, Person.family_name, Person.given_name)
    )
    rows = session.execute(query).all()
    return [
        Unmentored(pid, spoken_name(given, family), email, cohort)
        for pid, given, family, email, cohort in rows[:UNMENTORED]
    ], len(rows)
