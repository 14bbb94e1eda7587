"""People: add, edit, archive, delete (only without history), look up and list."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    Certificate,
    CohortSession,
    CommunityMembership,
    Enrolment,
    LeadershipRole,
    MentoringPair,
    MentorProfile,
    MessageSent,
    Organisation,
    Person,
)
from cohort_desk.db.types import utcnow
from cohort_desk.errors import ConflictError, NotFoundError, RefusedError, ValidationError
from cohort_desk.rules.names import check_email, clean_text, email_key
from cohort_desk.services.people.known_names import known_name_for
from cohort_desk.services.people.listing import PeopleFilter as PeopleFilter
from cohort_desk.services.people.listing import PersonRow as PersonRow
from cohort_desk.services.people.listing import list_people as list_people
from cohort_desk.services.people.listing import person_search_text as person_search_text
from cohort_desk.services.people.organisations import organisation_named


@dataclass(frozen=True)
class PersonInput:
    """What a person's form or an import row supplies; blank strings mean 'not given'."""

    given_name: str
    family_name: str
    email: str
    title: str = ""
    preferred_name: str = ""
    name_as_printed: str = ""
    phone: str = ""
    organisation: str = ""
    job_title: str = ""
    profession: str = ""
    borough: str = ""
    interests: str = ""
    notes: str = ""


EDITABLE_FIELDS = tuple(f.name for f in fields(PersonInput))


def clean_person(data: PersonInput) -> PersonInput:
    """Trim and check a person's details; one ValidationError naming the field otherwise."""
    cleaned = replace(data, **{name: clean_text(getattr(data, name)) for name in EDITABLE_FIELDS})
    if not cleaned.given_name:
        raise ValidationError(
            "Given name cannot be empty; for someone with a single name, type it there and "
            "leave the family name blank.",
            field="given_name",
        )
    # Single names (common in South India and Indonesia) are kept with no family name.
    for name in ("given_name", "family_name", "preferred_name"):
        if len(getattr(cleaned, name)) > 120:
            raise ValidationError("Names must be under 120 characters.", field=name)
    if len(cleaned.name_as_printed) > 200:
        raise ValidationError(
            "The name as printed must be under 200 characters.", field="name_as_printed"
        )
    # Imported here: the fonts bring reportlab and HarfBuzz, which listing people never needs.
    from cohort_desk.documents.fonts import describe_missing, missing_characters

    missing = missing_characters(cleaned.name_as_printed)
    if missing:
        raise ValidationError(
            f"The name as printed contains {describe_missing(missing)}; use letters that "
            "print, or leave it empty.",
            field="name_as_printed",
        )
    return replace(cleaned, email=check_email(cleaned.email))


def _row_query() -> Select[Person, str | None]:
    return select(Person, Organisation.name).outerjoin(
        Organisation, Person.organisation_id == Organisation.id
    )


def _to_row(person: Person, organisation: str | None) -> PersonRow:
    return PersonRow(
        id=person.id,
        title=person.title,
        given_name=person.given_name,
        family_name=person.family_name,
        preferred_name=person.preferred_name,
        email=person.email,
        phone=person.phone,
        organisation=organisation or "",
        job_title=person.job_title,
        profession=person.profession,
        borough=person.borough,
        interests=person.interests,
        notes=person.notes,
        archived=person.archived_at is not None,
        version=person.version,
        name_as_printed=person.name_as_printed,
    )


def _apply(session: Session, person: Person, data: PersonInput) -> None:
    for name in EDITABLE_FIELDS:
        if name != "organisation":
            setattr(person, name, getattr(data, name))
    if data.profession:  # the known profession it is another way of writing, if any
        person.profession = known_name_for(session, "profession", data.profession)
    person.email_key = email_key(data.email)
    org = organisation_named(session, data.organisation, create=True) if data.organisation else None
    person.organisation_id = org.id if org else None


def _check_email_free(session: Session, email: str, person_id: int | None = None) -> None:
    other = session.scalar(select(Person).where(Person.email_key == email_key(email)))
    if other is not None and other.id != person_id:
        raise ValidationError(
            f"{other.full_name} ({other.ref}) already has the e-mail address {email}; "
            "open their record instead of adding them again.",
            field="email",
        )


def create_person(db: Database, data: PersonInput) -> PersonRow:
    data = clean_person(data)
    with db.write() as session:
        _check_email_free(session, data.email)
        person = Person(given_name="", family_name="", email="", email_key="")
        _apply(session, person, data)
        session.add(person)
        session.flush()
        return get_person_in(session, person.id)


def update_person(db: Database, person_id: int, data: PersonInput, version: int) -> PersonRow:
    """Save edits made to the version the user saw; refuse if someone saved in between."""
    data = clean_person(data)
    with db.write() as session:
        person = _person(session, person_id)
        if person.version != version:
            raise ConflictError(
                f"{person.full_name}'s record was changed by someone else while you were "
                "editing; reload it (F5) and make your change again."
            )
        _check_email_free(session, data.email, person_id)
        _apply(session, person, data)
        session.flush()
        return get_person_in(session, person.id)


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        raise NotFoundError("That person is no longer in the database; refresh the list (F5).")
    return person


def get_person_in(session: Session, person_id: int) -> PersonRow:
    row = session.execute(_row_query().where(Person.id == person_id)).one_or_none()
    if row is None:
        raise NotFoundError("That person is no longer in the database; refresh the list (F5).")
    return _to_row(*row)


def get_person(db: Database, person_id: int) -> PersonRow:
    with db.read() as session:
        return get_person_in(session, person_id)


def find_person(db: Database, email: str) -> PersonRow | None:
    with db.read() as session:
        row = session.execute(
            _row_query().where(Person.email_key == email_key(email), Person.erased_at.is_(None))
        ).one_or_none()
        return _to_row(*row) if row else None


def set_archived(db: Database, person_ids: list[int], archived: bool) -> int:
    """Archive (hide from everyday lists, keep history) or bring back; returns how many changed."""
    changed = 0
    with db.write() as session:
        for person_id in person_ids:
            person = _person(session, person_id)
            if (person.archived_at is not None) != archived:
                person.archived_at = utcnow() if archived else None
                changed += 1
    return changed


def has_history(session: Session, person_id: int) -> bool:
    checks = (
        exists().where(Enrolment.person_id == person_id),
        exists().where(Attendance.person_id == person_id),
        exists().where(Certificate.person_id == person_id),
        exists().where(
            or_(MentoringPair.mentor_id == person_id, MentoringPair.mentee_id == person_id)
        ),
        # These would vanish with the person (ON DELETE CASCADE), so they count as history too.
        exists().where(MentorProfile.person_id == person_id),
        exists().where(CommunityMembership.person_id == person_id),
        exists().where(LeadershipRole.person_id == person_id),
        exists().where(CohortSession.facilitator_id == person_id),
        exists().where(MessageSent.person_id == person_id),
    )
    return any(session.scalar(select(check)) for check in checks)


def delete_person(db: Database, person_id: int) -> None:
    """Delete someone added by mistake; anyone with history must be archived or erased instead."""
    with db.write() as session:
        person = _person(session, person_id)
        if has_history(session, person_id):
            raise RefusedError(
                f"{person.full_name} has enrolments, attendance, certificates, mentoring or "
                "roles on record, so they cannot be deleted; archive them instead."
            )
        session.delete(person)


def count_people(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Person)) or 0)
