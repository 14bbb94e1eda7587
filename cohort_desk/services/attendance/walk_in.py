"""Walk-ins: someone who came without being on the list, added and marked on the spot."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import CohortSession, Enrolment, Person, person_ref
from cohort_desk.errors import NotFoundError, ValidationError
from cohort_desk.rules.names import email_key
from cohort_desk.rules.participants import COUNTED_STATUSES
from cohort_desk.services.attendance.marking import (
    RegisterLine,
    check_source,
    check_status,
    lines_in,
    write_marks,
)
from cohort_desk.services.cohorts.enrolments import enrol_in
from cohort_desk.services.common import session_in
from cohort_desk.services.people.organisations import organisation_named
from cohort_desk.services.people.records import PersonInput, clean_person
from cohort_desk.vocabulary import AttendanceSource, AttendanceStatus, Role

WALK_IN_FIELDS = ("title", "given_name", "family_name", "email", "phone", "job_title", "profession")


@dataclass(frozen=True)
class WalkIn:
    line: RegisterLine
    created: bool  # a new person, rather than someone already in the database


def add_walk_in(
    db: Database,
    session_id: int,
    data: PersonInput,
    status: str = AttendanceStatus.PRESENT,
    source: str = AttendanceSource.WINDOW,
) -> WalkIn:
    """Someone who came without being on the list: add them (or find them by e-mail), enrol
    them in the session's cohort and mark them, all in one transaction."""
    data = clean_person(data)
    check_status(status)
    check_source(source)
    with db.write() as session:
        cs = session_in(session, session_id)
        person = session.scalar(select(Person).where(Person.email_key == email_key(data.email)))
        created = person is None
        if person is None:
            org = organisation_named(session, data.organisation, create=True)
            person = Person(
                email_key=email_key(data.email),
                organisation_id=org.id if org else None,
                **{name: getattr(data, name) for name in WALK_IN_FIELDS},
            )
            session.add(person)
            session.flush()
        elif person.erased_at is not None:
            raise ValidationError("That e-mail address belongs to an erased record.", "email")
        marked = _enrol_and_mark(session, cs, person, status, source, db.actor)
        return WalkIn(marked.line, created)


def add_walk_ins(
    db: Database,
    session_id: int,
    person_ids: list[int],
    status: str = AttendanceStatus.PRESENT,
    source: str = AttendanceSource.WINDOW,
) -> list[WalkIn]:
    """People already in the database who came without being on the list: each enrolled in
    the session's cohort and marked, all or none (one refusal changes nothing)."""
    check_status(status)
    check_source(source)
    with db.write() as session:
        cs = session_in(session, session_id)
        people = [session.get(Person, person_id) for person_id in person_ids]
        for person_id, person in zip(person_ids, people, strict=True):
            if person is None or person.erased_at is not None:
                raise NotFoundError(f"Person {person_ref(person_id)} is not in the database.")
        return [
            _enrol_and_mark(session, cs, person, status, source, db.actor)
            for person in people
            if person is not None
        ]


def _enrol_and_mark(
    session: Session, cs: CohortSession, person: Person, status: str, source: str, actor: str
) -> WalkIn:
    enrolment = session.scalar(
        select(Enrolment).where(
            Enrolment.cohort_id == cs.cohort_id,
            Enrolment.person_id == person.id,
            Enrolment.role == Role.PARTICIPANT,
        )
    )
    if enrolment is None:
        enrol_in(session, cs.cohort_id, person.id, Role.PARTICIPANT)
    elif enrolment.status not in COUNTED_STATUSES:
        raise ValidationError(
            f"{person.full_name}'s enrolment in this cohort is {enrolment.status}; "
            "change it back to enrolled on the Cohorts screen first.",
            "email",
        )
    write_marks(session, cs.id, {person.id: status}, source, actor)
    line = next(x for x in lines_in(session, cs) if x.person_id == person.id)
    return WalkIn(line, created=False)
