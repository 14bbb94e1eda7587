"""Looking people up: by a typed e-mail, possible duplicates, filter choices, role sets."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, Enrolment, MentorProfile, Organisation, Person, person_ref
from cohort_desk.errors import RefusedError
from cohort_desk.rules.names import clean_text, email_key
from cohort_desk.services.common import person_by_email
from cohort_desk.services.people.known_names import known_professions
from cohort_desk.services.people.records import has_history

SAME_EMAIL = "has the same e-mail address"
SAME_NAME = "has the same name"


@dataclass(frozen=True, slots=True)
class SimilarPerson:
    """Someone already in the database who may be the person being typed in."""

    id: int
    name: str
    email: str
    reason: str
    archived: bool

    @property
    def ref(self) -> str:
        return person_ref(self.id)


@dataclass(frozen=True)
class FilterChoices:
    """What the People screen's filter lists offer, read once from the database."""

    cohorts: list[tuple[int, str]]
    organisations: list[str]
    professions: list[str]
    boroughs: list[str]


def person_id_for(db: Database, email: str) -> int:
    """The person with an e-mail address someone typed (any case), or NotFoundError saying so.

    Where a person is named by a typed address (the command line, a typed-in field), this
    turns it into the id every service takes.
    """
    with db.read() as session:
        return person_by_email(session, email).id


def similar_people(
    db: Database,
    email: str = "",
    given_name: str = "",
    family_name: str = "",
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[SimilarPerson]:
    """People with the same e-mail address (case-insensitive) or the same full name."""
    key = email_key(email)
    given, family = clean_text(given_name).lower(), clean_text(family_name).lower()
    conditions = []
    if "@" in key:
        conditions.append(Person.email_key == key)
    if given and family:
        conditions.append(
            (func.lower(Person.given_name) == given) & (func.lower(Person.family_name) == family)
        )
    if not conditions:
        return []
    query = select(Person).where(or_(*conditions), Person.erased_at.is_(None))
    if exclude_id is not None:
        query = query.where(Person.id != exclude_id)
    with db.read() as session:
        found = session.scalars(query.order_by(Person.id).limit(limit)).all()
        return [
            SimilarPerson(
                id=p.id,
                name=p.full_name,
                email=p.email,
                reason=SAME_EMAIL if p.email_key == key else SAME_NAME,
                archived=p.archived_at is not None,
            )
            for p in sorted(found, key=lambda p: p.email_key != key)
        ]


def filter_choices(db: Database) -> FilterChoices:
    def values(column: object) -> list[str]:
        query = select(column).where(column != "").distinct()  # type: ignore[call-overload]
        return sorted((v for v in session.scalars(query) if v), key=str.casefold)

    with db.read() as session:
        cohorts = [
            (c.id, c.name)
            for c in session.scalars(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.name))
        ]
        return FilterChoices(
            cohorts=cohorts,
            organisations=values(Organisation.name),
            professions=sorted({k.name for k in known_professions(session)}, key=str.casefold),
            boroughs=values(Person.borough),
        )


def person_ids_with(db: Database, cohort_id: int | None = None, role: str = "") -> set[int]:
    """Ids of the people in a cohort and/or holding a role, for filtering rows in memory.

    ``role`` is participant or facilitator (an enrolment, in the cohort when one is given) or
    mentor (has a mentor profile). With a cohort and no role: everyone enrolled in it.
    """
    with db.read() as session:
        if role == "mentor":
            mentors = set(session.scalars(select(MentorProfile.person_id)))
            if cohort_id is None:
                return mentors
            enrolled = set(
                session.scalars(select(Enrolment.person_id).where(Enrolment.cohort_id == cohort_id))
            )
            return mentors & enrolled
        query = select(Enrolment.person_id)
        if cohort_id is not None:
            query = query.where(Enrolment.cohort_id == cohort_id)
        if role:
            query = query.where(Enrolment.role == role)
        return set(session.scalars(query))


def people_with_history(db: Database, person_ids: list[int]) -> list[int]:
    """Which of these people have enrolments, attendance, certificates or mentoring."""
    with db.read() as session:
        return [pid for pid in person_ids if has_history(session, pid)]


def delete_people(db: Database, person_ids: list[int]) -> int:
    """Delete people added by mistake, all or none: anyone with history stops the whole delete."""
    with db.write() as session:
        people = [session.get(Person, pid) for pid in person_ids]
        for person in people:
            if person is not None and has_history(session, person.id):
                raise RefusedError(
                    f"{person.full_name} has enrolments, attendance, certificates, mentoring "
                    "or roles on record, so cannot be deleted; archive them instead."
                )
        gone = [p for p in people if p is not None]
        for person in gone:
            session.delete(person)
        return len(gone)
