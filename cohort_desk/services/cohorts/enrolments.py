"""Enrolments: who is in which cohort, in which role, and their status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    Person,
)
from cohort_desk.errors import NotFoundError, RefusedError, ValidationError
from cohort_desk.services.common import cohort_in, person_in
from cohort_desk.vocabulary import EnrolmentStatus, Role


@dataclass(frozen=True)
class EnrolResult:
    created: list[int]  # the new enrolments' ids, which is what undoing the action needs
    already: list[int]  # people (ids) already enrolled in that role, left as they were


@dataclass(slots=True)
class EnrolmentRow:
    id: int
    person_id: int
    cohort_id: int
    cohort: str
    given_name: str
    family_name: str
    email: str
    role: str
    status: str
    status_on: date | None
    status_reason: str
    version: int


def check_role(role: str) -> str:
    if role not in set(Role):
        raise ValidationError(
            f"'{role}' is not a role in a cohort; use participant or facilitator.", field="role"
        )
    return role


def enrol_in(session: Session, cohort_id: int, person_id: int, role: str) -> Enrolment | None:
    """Enrol one person; None when they already are (in that role)."""
    existing = session.scalar(
        select(Enrolment).where(
            Enrolment.cohort_id == cohort_id,
            Enrolment.person_id == person_id,
            Enrolment.role == role,
        )
    )
    if existing is not None:
        return None
    enrolment = Enrolment(
        cohort_id=cohort_id,
        person_id=person_id,
        role=role,
        status=EnrolmentStatus.ENROLLED,
        status_on=date.today(),
    )
    session.add(enrolment)
    session.flush()
    return enrolment


def enrol_people(db: Database, cohort_id: int, person_ids: list[int], role: str) -> EnrolResult:
    """Enrol people in a cohort in one role, all or none; anyone already enrolled in that
    role is left as they were."""
    check_role(role)
    created: list[int] = []
    already: list[int] = []
    with db.write() as session:
        cohort_in(session, cohort_id)
        for person_id in person_ids:
            person_in(session, person_id)
            enrolment = enrol_in(session, cohort_id, person_id, role)
            if enrolment is None:
                already.append(person_id)
            else:
                created.append(enrolment.id)
    return EnrolResult(created, already)


def remove_enrolments(db: Database, enrolment_ids: list[int]) -> int:
    """Take people out of a cohort they were put in by mistake; anyone with attendance marked
    in the cohort must be withdrawn instead, so their history stays true."""
    with db.write() as session:
        found = [e for e in (session.get(Enrolment, i) for i in enrolment_ids) if e is not None]
        for enrolment in found:
            marked = session.scalar(
                select(func.count())
                .select_from(Attendance)
                .join(CohortSession, CohortSession.id == Attendance.session_id)
                .where(
                    Attendance.person_id == enrolment.person_id,
                    CohortSession.cohort_id == enrolment.cohort_id,
                )
            )
            if marked:
                person = session.get(Person, enrolment.person_id)
                name = person.full_name if person else "Someone"
                raise RefusedError(
                    f"{name} already has attendance marked in this cohort, so cannot be "
                    "removed; change their status to withdrawn instead."
                )
        for enrolment in found:
            session.delete(enrolment)
        return len(found)


def set_status(db: Database, enrolment_id: int, status: str, on: date, reason: str = "") -> None:
    if status not in set(EnrolmentStatus):
        raise ValidationError(
            f"'{status}' is not an enrolment status; use {', '.join(EnrolmentStatus)}.",
            field="status",
        )
    with db.write() as session:
        enrolment = session.get(Enrolment, enrolment_id)
        if enrolment is None:
            raise NotFoundError("That enrolment is no longer in the database; refresh (F5).")
        enrolment.status, enrolment.status_on, enrolment.status_reason = status, on, reason.strip()


@dataclass(frozen=True)
class StatusChange:
    enrolment_id: int
    status: str
    on: date | None
    reason: str = ""


def set_statuses(db: Database, changes: list[StatusChange]) -> None:
    """Change several enrolments' status at once (withdrawn, deferred...), all or none; undo
    uses the same call with the old values."""
    for change in changes:
        if change.status not in set(EnrolmentStatus):
            raise ValidationError(
                f"'{change.status}' is not an enrolment status; use {', '.join(EnrolmentStatus)}.",
                field="status",
            )
    with db.write() as session:
        for change in changes:
            enrolment = session.get(Enrolment, change.enrolment_id)
            if enrolment is None:
                raise NotFoundError("That enrolment is no longer in the database; refresh (F5).")
            enrolment.status = change.status
            enrolment.status_on = change.on
            enrolment.status_reason = change.reason.strip()


def list_enrolments(
    db: Database, cohort_id: int | None = None, person_id: int | None = None
) -> list[EnrolmentRow]:
    query = (
        select(Enrolment, Cohort.name, Person.given_name, Person.family_name, Person.email)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Person.erased_at.is_(None))
        .order_by(Enrolment.role.desc(), Person.family_name, Person.given_name)
    )
    if cohort_id is not None:
        query = query.where(Enrolment.cohort_id == cohort_id)
    if person_id is not None:
        query = query.where(Enrolment.person_id == person_id)
    with db.read() as session:
        return [
            EnrolmentRow(
                e.id,
                e.person_id,
                e.cohort_id,
                cohort,
                given,
                family,
                email,
                e.role,
                e.status,
                e.status_on,
                e.status_reason,
                e.version,
            )
            for e, cohort, given, family, email in session.execute(query)
        ]
