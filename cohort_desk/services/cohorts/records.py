"""Programmes and cohorts: create, edit and list, with the completion rule each cohort keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, CohortSession, Enrolment, FeedbackResponse, Programme
from cohort_desk.errors import ConflictError, NotFoundError, RefusedError, ValidationError
from cohort_desk.rules.attendance import PARTIAL_CPD
from cohort_desk.rules.participants import COUNTED_STATUSES
from cohort_desk.services.common import named, programme_by_name, require_text
from cohort_desk.vocabulary import Role

DEFAULT_PROGRAMME = "Systems Leadership Academy"


@dataclass(frozen=True)
class CohortInput:
    name: str
    programme: str = DEFAULT_PROGRAMME
    starts_on: date | None = None
    ends_on: date | None = None
    min_attendance_pct: float = 75.0
    late_after_minutes: int = 10
    left_early_minutes: int = 15
    late_counts: bool = True
    left_early_counts: bool = True
    notes: str = ""
    partial_cpd: str = "full"  # CPD hours when late or leaving early: rules.attendance.PARTIAL_CPD
    # Selection (services/applications): places to offer, when applications are taken, and
    # whether the panel scores without seeing who applied.
    places: int | None = None
    applications_open_on: date | None = None
    applications_close_on: date | None = None
    blind_review: bool = False


@dataclass(slots=True)
class CohortRow:
    id: int
    name: str
    programme: str
    starts_on: date | None
    ends_on: date | None
    min_attendance_pct: float
    late_after_minutes: int
    left_early_minutes: int
    late_counts: bool
    left_early_counts: bool
    notes: str
    partial_cpd: str
    participants: int
    facilitators: int
    sessions: int
    version: int
    places: int | None = None
    applications_open_on: date | None = None
    applications_close_on: date | None = None
    blind_review: bool = False


def _check(data: CohortInput) -> CohortInput:
    require_text(data.name, "name", "The cohort's name")
    if not 0 <= data.min_attendance_pct <= 100:
        raise ValidationError(
            "The minimum attendance must be a percentage between 0 and 100.",
            field="min_attendance_pct",
        )
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise ValidationError("The cohort cannot end before it starts.", field="ends_on")
    if data.late_after_minutes < 0 or data.left_early_minutes < 0:
        raise ValidationError("Minutes late or early cannot be negative.", "late_after_minutes")
    if data.partial_cpd not in PARTIAL_CPD:
        raise ValidationError(
            f"CPD hours for late arrivals and early leavers must be one of "
            f"{', '.join(PARTIAL_CPD)}, not '{data.partial_cpd}'.",
            "partial_cpd",
        )
    if data.places is not None and not 1 <= data.places <= 10_000:
        raise ValidationError(
            "A cohort's places must be a whole number from 1 to 10,000.", "places"
        )
    opens, closes = data.applications_open_on, data.applications_close_on
    if opens and closes and closes < opens:
        raise ValidationError(
            "Applications cannot close before they open; check the two dates.",
            "applications_close_on",
        )
    return data


def _name_taken(session: object, name: str, cohort_id: int | None) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    other = named(session, Cohort, name)
    if other is not None and other.id != cohort_id:
        raise ValidationError(f"There is already a cohort called {other.name}.", field="name")


def create_cohort(db: Database, data: CohortInput) -> CohortRow:
    data = _check(data)
    with db.write() as session:
        _name_taken(session, data.name, None)
        programme = programme_by_name(session, data.programme or DEFAULT_PROGRAMME, create=True)
        cohort = Cohort(programme_id=programme.id, name=" ".join(data.name.split()))
        _apply(cohort, data)
        session.add(cohort)
        session.flush()
        cohort_id = cohort.id
    return get_cohort(db, cohort_id)


def _apply(cohort: Cohort, data: CohortInput) -> None:
    cohort.name = " ".join(data.name.split())
    cohort.starts_on = data.starts_on
    cohort.ends_on = data.ends_on
    cohort.min_attendance_pct = data.min_attendance_pct
    cohort.late_after_minutes = data.late_after_minutes
    cohort.left_early_minutes = data.left_early_minutes
    cohort.late_counts = data.late_counts
    cohort.left_early_counts = data.left_early_counts
    cohort.partial_cpd = data.partial_cpd
    cohort.notes = data.notes
    cohort.places = data.places
    cohort.applications_open_on = data.applications_open_on
    cohort.applications_close_on = data.applications_close_on
    cohort.blind_review = data.blind_review


def update_cohort(db: Database, cohort_id: int, data: CohortInput, version: int) -> CohortRow:
    data = _check(data)
    with db.write() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
        if cohort.version != version:
            raise ConflictError(
                "Someone else changed this cohort while you were editing; reload it (F5)."
            )
        _name_taken(session, data.name, cohort_id)
        cohort.programme_id = programme_by_name(session, data.programme, create=True).id
        _apply(cohort, data)
    return get_cohort(db, cohort_id)


def list_cohorts(db: Database, cohort_id: int | None = None) -> list[CohortRow]:
    participants = func.sum(case((Enrolment.role == Role.PARTICIPANT, 1), else_=0))
    facilitators = func.sum(case((Enrolment.role == Role.FACILITATOR, 1), else_=0))
    enrol_counts = (
        select(Enrolment.cohort_id, participants.label("p"), facilitators.label("f"))
        .where(Enrolment.status.in_(COUNTED_STATUSES))  # the one rule: rules/participants.py
        .group_by(Enrolment.cohort_id)
        .subquery()
    )
    session_counts = (
        select(CohortSession.cohort_id, func.count().label("n"))
        .group_by(CohortSession.cohort_id)
        .subquery()
    )
    query = (
        select(Cohort, Programme.name, enrol_counts.c.p, enrol_counts.c.f, session_counts.c.n)
        .join(Programme, Programme.id == Cohort.programme_id)
        .outerjoin(enrol_counts, enrol_counts.c.cohort_id == Cohort.id)
        .outerjoin(session_counts, session_counts.c.cohort_id == Cohort.id)
        .order_by(Cohort.starts_on.desc(), Cohort.name)
    )
    if cohort_id is not None:
        query = query.where(Cohort.id == cohort_id)
    with db.read() as session:
        return [
            CohortRow(
                id=c.id,
                name=c.name,
                programme=programme,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                min_attendance_pct=c.min_attendance_pct,
                late_after_minutes=c.late_after_minutes,
                left_early_minutes=c.left_early_minutes,
                late_counts=c.late_counts,
                left_early_counts=c.left_early_counts,
                notes=c.notes,
                partial_cpd=c.partial_cpd,
                participants=int(p or 0),
                facilitators=int(f or 0),
                sessions=int(n or 0),
                version=c.version,
                places=c.places,
                applications_open_on=c.applications_open_on,
                applications_close_on=c.applications_close_on,
                blind_review=c.blind_review,
            )
            for c, programme, p, f, n in session.execute(query)
        ]


def get_cohort(db: Database, cohort_id: int) -> CohortRow:
    rows = list_cohorts(db, cohort_id)
    if not rows:
        raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
    return rows[0]


def list_programmes(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Programme.name).order_by(Programme.name)))


def delete_cohort(db: Database, cohort_id: int) -> None:
    """Delete a cohort made by mistake; one with sessions or people must stay as history."""
    with db.write() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
        used = (
            session.scalar(
                select(func.count()).select_from(Enrolment).where(Enrolment.cohort_id == cohort_id)
            )
            or session.scalar(
                select(func.count())
                .select_from(CohortSession)
                .where(CohortSession.cohort_id == cohort_id)
            )
            or session.scalar(
                select(func.count())
                .select_from(FeedbackResponse)
                .where(FeedbackResponse.cohort_id == cohort_id)
            )
        )
        if used:
            raise RefusedError(
                f"{cohort.name} has people, sessions or feedback, so it cannot be deleted; "
                "remove them first or keep the cohort as a record."
            )
        session.delete(cohort)


@dataclass(slots=True)
class ProgrammeRow:
    id: int
    name: str
    description: str
    cohorts: int
    version: int


def list_programme_rows(db: Database) -> list[ProgrammeRow]:
    query = (
        select(Programme, func.count(Cohort.id))
        .outerjoin(Cohort, Cohort.programme_id == Programme.id)
        .group_by(Programme.id)
        .order_by(Programme.name)
    )
    with db.read() as session:
        return [
            ProgrammeRow(p.id, p.name, p.description, int(n), p.version)
            for p, n in session.execute(query)
        ]


def save_programme(
    db: Database, name: str, description: str = "", programme_id: int | None = None
) -> ProgrammeRow:
    """Add a programme, or rename and describe one (its cohorts follow it)."""
    clean = require_text(name, "name", "The programme's name")
    with db.write() as session:
        same = named(session, Programme, clean)
        if same is not None and same.id != programme_id:
            raise ValidationError(f"There is already a programme called {same.name}.", "name")
        if programme_id is None:
            programme = Programme(name=clean, description=description.strip())
            session.add(programme)
        else:
            found = session.get(Programme, programme_id)
            if found is None:
                raise NotFoundError("That programme is no longer in the database; refresh (F5).")
            programme = found
            programme.name, programme.description = clean, description.strip()
        session.flush()
        count = session.scalar(
            select(func.count()).select_from(Cohort).where(Cohort.programme_id == programme.id)
        )
        return ProgrammeRow(
            programme.id, programme.name, programme.description, int(count or 0), programme.version
        )


def cohort_input_of(row: CohortRow) -> CohortInput:
    """A cohort's values as an input, for changing some of them."""
    return CohortInput(
        name=row.name,
        programme=row.programme,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        min_attendance_pct=row.min_attendance_pct,
        late_after_minutes=row.late_after_minutes,
        left_early_minutes=row.left_early_minutes,
        late_counts=row.late_counts,
        left_early_counts=row.left_early_counts,
        notes=row.notes,
        partial_cpd=row.partial_cpd,
        places=row.places,
        applications_open_on=row.applications_open_on,
        applications_close_on=row.applications_close_on,
        blind_review=row.blind_review,
    )
