"""Walk-ins: someone who came without being on the list, added and marked on the spot."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Enrolment, Person
from cohort_desk.errors import ValidationError
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
        write_marks(session, cs.id, {person.id: status}, source, db.actor)
        line = next(x for x in lines_in(session, cs) if x.person_id == person.id)
        return WalkIn(line, created)
