"""The Community of Practice: members, their consent to be contacted, and the contact list."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cohort_desk.db.audit import record_event
from cohort_desk.db.engine import Database
from cohort_desk.db.models import CommunityMembership, Enrolment, Organisation, Person
from cohort_desk.errors import NotFoundError, ValidationError
from cohort_desk.rules.collation import name_order
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.participants import COUNTED_STATUSES
from cohort_desk.services.common import cohort_in, person_in
from cohort_desk.sheets.writing import SheetOut, write_csv, write_xlsx
from cohort_desk.vocabulary import Role

CONTACT_HEADERS = [
    "Given name",
    "Family name",
    "E-mail",
    "Organisation",
    "Job title",
    "Profession",
    "Borough",
    "Interests",
    "Consent given on",
]


@dataclass(slots=True)
class MemberRow:
    id: int
    person_id: int
    name: str
    email: str
    organisation: str
    job_title: str
    profession: str
    borough: str
    joined_on: date
    interests: str
    consent_to_contact: bool
    consent_on: date | None
    source: str
    left_on: date | None
    version: int

    @property
    def consent_text(self) -> str:
        return f"Yes, {format_date(self.consent_on)}" if self.consent_to_contact else "No"


@dataclass(frozen=True)
class AddResult:
    added: int
    already: int


def _rows(session: Session, *where: ColumnElement[bool]) -> list[MemberRow]:
    query = (
        select(CommunityMembership, Person, Organisation.name)
        .join(Person, Person.id == CommunityMembership.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Person.erased_at.is_(None), *where)
        .order_by(func.lower(Person.family_name), func.lower(Person.given_name), Person.id)
    )
    found = list(session.execute(query))
    # SQL's lower() folds only A-Z ("Ó Briain" came after "Zhang"): sorted again by name.
    found.sort(key=lambda f: (name_order(f[1].family_name, f[1].given_name), f[1].id))
    return [
        MemberRow(
            id=m.id,
            person_id=p.id,
            name=p.full_name,
            email=p.email,
            organisation=org or "",
            job_title=p.job_title,
            profession=p.profession,
            borough=p.borough,
            joined_on=m.joined_on,
            interests=m.interests,
            consent_to_contact=m.consent_to_contact,
            consent_on=m.consent_on,
            source=m.source,
            left_on=m.left_on,
            version=m.version,
        )
        for m, p, org in found
    ]


def list_members(db: Database, include_left: bool = False) -> list[MemberRow]:
    with db.read() as session:
        where = [] if include_left else [CommunityMembership.left_on.is_(None)]
        return _rows(session, *where)


def _add(session: Session, people: Sequence[Person], joined_on: date, source: str) -> AddResult:
    """New members join without consent: it must be given, and recorded, on purpose."""
    existing = {
        m.person_id: m
        for m in session.scalars(
            select(CommunityMembership).where(
                CommunityMembership.person_id.in_([p.id for p in people])
            )
        )
    }
    added = already = 0
    for person in people:
        membership = existing.get(person.id)
        if membership is not None and membership.left_on is None:
            already += 1
            continue
        if membership is not None:  # rejoining after leaving
            membership.left_on = None
            membership.joined_on = joined_on
            membership.source = source
        else:
            session.add(
                CommunityMembership(
                    person_id=person.id,
                    joined_on=joined_on,
                    interests=person.interests,
                    consent_to_contact=False,
                    source=source,
                )
            )
        added += 1
    return AddResult(added, already)


def add_members(
    db: Database, person_ids: Sequence[int], joined_on: date | None = None, source: str = "added"
) -> AddResult:
    with db.write() as session:
        people = session.scalars(
            select(Person).where(Person.id.in_(person_ids), Person.erased_at.is_(None))
        ).all()
        if len(people) != len(set(person_ids)):
            raise NotFoundError("Someone chosen is no longer in the database; refresh the list.")
        return _add(session, people, joined_on or date.today(), source)


def cohort_alumni(session: Session, cohort_id: int) -> list[Person]:
    """A cohort's participants who did not withdraw or defer."""
    return list(
        session.scalars(
            select(Person)
            .join(Enrolment, Enrolment.person_id == Person.id)
            .where(
                Enrolment.cohort_id == cohort_id,
                Enrolment.role == Role.PARTICIPANT,
                Enrolment.status.in_(COUNTED_STATUSES),
                Person.erased_at.is_(None),
                Person.archived_at.is_(None),
            )
        )
    )


def add_cohort_alumni(db: Database, cohort_id: int, joined_on: date | None = None) -> AddResult:
    with db.write() as session:
        cohort = cohort_in(session, cohort_id)
        return _add(
            session, cohort_alumni(session, cohort.id), joined_on or date.today(), cohort.name
        )


def former_member_ids(db: Database) -> list[int]:
    """The memberships of those who left: the only ones adding members changes (it rejoins
    them), besides those it makes; what an undo of adding must read."""
    with db.read() as session:
        return list(
            session.scalars(
                select(CommunityMembership.id).where(CommunityMembership.left_on.is_not(None))
            )
        )


def _membership(session: Session, member_id: int) -> CommunityMembership:
    membership = session.get(CommunityMembership, member_id)
    if membership is None:
        raise NotFoundError("That member is no longer in the community; refresh the list.")
    return membership


def member_id_for(db: Database, person_id: int) -> int:
    """The membership of a person, or NotFoundError when they are not a member."""
    with db.read() as session:
        person = person_in(session, person_id)
        found = session.scalar(
            select(CommunityMembership.id).where(CommunityMembership.person_id == person.id)
        )
        if found is None:
            raise NotFoundError(f"{person.full_name} is not a member of the community.")
        return found


def set_consent(db: Database, member_id: int, consent: bool, on: date | None = None) -> MemberRow:
    """Record consent to be contacted with the day it was given, or its withdrawal."""
    on = on or date.today()
    if on > date.today():
        raise ValidationError("Consent cannot be dated in the future.", field="consent_on")
    with db.write() as session:
        membership = _membership(session, member_id)
        membership.consent_to_contact = consent
        membership.consent_on = on if consent else None
        session.flush()
        return _rows(session, CommunityMembership.id == member_id)[0]


def leave_community(db: Database, member_id: int, on: date | None = None) -> None:
    """Someone left: they drop off the contact list, and their consent lapses with it."""
    with db.write() as session:
        membership = _membership(session, member_id)
        membership.left_on = on or date.today()
        membership.consent_to_contact = False
        membership.consent_on = None


def consented_contacts(db: Database) -> list[MemberRow]:
    """Only current members who said yes to being contacted."""
    with db.read() as session:
        return _rows(
            session,
            CommunityMembership.left_on.is_(None),
            CommunityMembership.consent_to_contact.is_(True),
            Person.archived_at.is_(None),
        )


def export_contacts(db: Database, path: str | os.PathLike[str]) -> int:
    """Write the contact list (.xlsx or .csv) of consenting members; returns how many."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError(
            "Export the contact list to a file ending in .xlsx or .csv.", field="output"
        )
    rows = consented_contacts(db)
    with db.read() as session:
        people = {
            p.id: p
            for p in session.scalars(
                select(Person).where(Person.id.in_([r.person_id for r in rows]))
            )
        }
    table = [
        [
            people[r.person_id].given_name,
            people[r.person_id].family_name,
            r.email,
            r.organisation,
            r.job_title,
            r.profession,
            r.borough,
            r.interests,
            r.consent_on,
        ]
        for r in rows
    ]
    if suffix == ".csv":
        write_csv(target, CONTACT_HEADERS, table)
    else:
        write_xlsx(target, [SheetOut("Community contacts", CONTACT_HEADERS, table)])
    with db.write() as session:
        # An export of personal data is recorded, like any other disclosure.
        record_event(
            session,
            "CommunityMembership",
            None,
            "contact list exported",
            {"people": [None, len(rows)]},
        )
    return len(rows)
