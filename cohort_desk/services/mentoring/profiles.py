"""Mentor profiles: who mentors, how many at once, in what and where, and who is over capacity."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cohort_desk.db.engine import Database
from cohort_desk.db.models import MentoringPair, MentorProfile, Organisation, Person
from cohort_desk.errors import ConflictError, NotFoundError, ValidationError
from cohort_desk.rules.collation import name_order
from cohort_desk.rules.dates import format_date, today_in_uk
from cohort_desk.rules.matching import Mentee, Mentor
from cohort_desk.services.common import person_in
from cohort_desk.vocabulary import CURRENT_PAIR_STATUSES, MentoringPairStatus

MAX_CAPACITY = 20


@dataclass(frozen=True)
class MentorInput:
    """What the profile form or `mentor add` supplies; lists are comma-separated text."""

    capacity: int = 2
    expertise: str = ""
    professions: str = ""
    boroughs: str = ""
    active: bool = True
    paused_until: date | None = None
    notes: str = ""


@dataclass(slots=True)
class MentorRow:
    """A mentor as the window and the command line see them, with their current load."""

    id: int
    person_id: int
    name: str
    email: str
    organisation: str
    profession: str
    borough: str
    capacity: int
    expertise: str
    professions: str
    boroughs: str
    active: bool
    paused_until: date | None
    notes: str
    mentees: int  # active pairs
    proposed: int  # proposed pairs, which hold a place too
    version: int

    @property
    def over_capacity(self) -> bool:
        return self.mentees > self.capacity

    @property
    def free_places(self) -> int:
        return max(0, self.capacity - self.mentees - self.proposed)

    def available(self, today: date) -> bool:
        return self.active and (self.paused_until is None or self.paused_until <= today)

    def status_text(self, today: date) -> str:
        if not self.active:
            return "Not taking mentees"
        if self.paused_until is not None and self.paused_until > today:
            return f"Paused until {format_date(self.paused_until)}"
        return "Available"


def split_list(text: str) -> list[str]:
    """'Population health; coaching,  QI' -> ['Population health', 'coaching', 'QI'],
    without repeats (compared ignoring case)."""
    seen: set[str] = set()
    items: list[str] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        item = " ".join(part.split())
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            items.append(item)
    return items


def clean_mentor(data: MentorInput) -> MentorInput:
    if not 0 <= data.capacity <= MAX_CAPACITY:
        raise ValidationError(
            f"A mentor's capacity must be a whole number from 0 to {MAX_CAPACITY}.",
            field="capacity",
        )
    cleaned = replace(
        data,
        expertise=", ".join(split_list(data.expertise)),
        professions=", ".join(split_list(data.professions)),
        boroughs=", ".join(split_list(data.boroughs)),
        notes=data.notes.strip(),
    )
    for name in ("expertise", "professions", "boroughs"):
        if len(getattr(cleaned, name)) > 1000:
            raise ValidationError(f"The list of {name} is too long; keep it short.", field=name)
    return cleaned


def places_taken(session: Session) -> dict[int, tuple[int, int]]:
    """Mentor person id -> (active pairs, proposed pairs)."""
    query = (
        select(MentoringPair.mentor_id, MentoringPair.status, func.count())
        .where(MentoringPair.status.in_(CURRENT_PAIR_STATUSES))
        .group_by(MentoringPair.mentor_id, MentoringPair.status)
    )
    taken: dict[int, tuple[int, int]] = {}
    for mentor_id, status, count in session.execute(query):
        active, proposed = taken.get(mentor_id, (0, 0))
        taken[mentor_id] = (
            (active + count, proposed) if status == MentoringPairStatus.ACTIVE else (active, count)
        )
    return taken


def _rows(session: Session, *where: ColumnElement[bool]) -> list[MentorRow]:
    query = (
        select(MentorProfile, Person, Organisation.name)
        .join(Person, Person.id == MentorProfile.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Person.erased_at.is_(None), *where)
        .order_by(func.lower(Person.family_name), func.lower(Person.given_name), Person.id)
    )
    taken = places_taken(session)
    found = list(session.execute(query))
    # SQL's lower() folds only A-Z ("Ó Briain" came after "Zhang"): sorted again by name.
    found.sort(key=lambda f: (name_order(f[1].family_name, f[1].given_name), f[1].id))
    rows = []
    for profile, person, org in found:
        active, proposed = taken.get(person.id, (0, 0))
        rows.append(
            MentorRow(
                id=profile.id,
                person_id=person.id,
                name=person.full_name,
                email=person.email,
                organisation=org or "",
                profession=person.profession,
                borough=person.borough,
                capacity=profile.capacity,
                expertise=profile.expertise,
                professions=profile.professions,
                boroughs=profile.boroughs,
                active=profile.active,
                paused_until=profile.paused_until,
                notes=profile.notes,
                mentees=active,
                proposed=proposed,
                version=profile.version,
            )
        )
    return rows


def list_mentors(db: Database) -> list[MentorRow]:
    """Every mentor (archived people left out), by family name."""
    with db.read() as session:
        return _rows(session, Person.archived_at.is_(None))


def mentors_over_capacity(db: Database) -> list[MentorRow]:
    return [row for row in list_mentors(db) if row.over_capacity]


def find_mentor(db: Database, person_id: int) -> MentorRow:
    """A person's mentor profile, or NotFoundError when they are not a mentor."""
    with db.read() as session:
        person = person_in(session, person_id)
        rows = _rows(session, MentorProfile.person_id == person.id)
        if not rows:
            raise NotFoundError(f"{person.full_name} is not a mentor; add them with 'mentor add'.")
        return rows[0]


def _row_in(session: Session, profile_id: int) -> MentorRow:
    rows = _rows(session, MentorProfile.id == profile_id)
    if not rows:
        raise NotFoundError("That mentor is no longer in the database; refresh the list (F5).")
    return rows[0]


def _apply(profile: MentorProfile, data: MentorInput) -> None:
    profile.capacity = data.capacity
    profile.expertise = data.expertise
    profile.professions = data.professions
    profile.boroughs = data.boroughs
    profile.active = data.active
    profile.paused_until = data.paused_until
    profile.notes = data.notes


def create_mentor(db: Database, person_id: int, data: MentorInput) -> MentorRow:
    """Mark a person as a mentor."""
    data = clean_mentor(data)
    with db.write() as session:
        return _create_in(session, person_in(session, person_id), data)


def _create_in(session: Session, person: Person, data: MentorInput) -> MentorRow:
    existing = session.scalar(select(MentorProfile).where(MentorProfile.person_id == person.id))
    if existing is not None:
        raise ValidationError(
            f"{person.full_name} is already a mentor; edit their profile instead.", field="person"
        )
    profile = MentorProfile(person_id=person.id)
    _apply(profile, data)
    session.add(profile)
    session.flush()
    return _row_in(session, profile.id)


def update_mentor(db: Database, profile_id: int, data: MentorInput, version: int) -> MentorRow:
    """Save edits made to the version the user saw; refuse if someone saved in between."""
    data = clean_mentor(data)
    with db.write() as session:
        profile = _profile(session, profile_id)
        if profile.version != version:
            raise ConflictError(
                "This mentor's profile was changed by someone else while you were editing; "
                "reload it (F5) and make your change again."
            )
        _apply(profile, data)
        session.flush()
        return _row_in(session, profile.id)


def pause_mentor(
    db: Database, person_id: int, until: date | None, today: date | None = None
) -> MentorRow:
    """Pause a mentor until a date (no new mentees before it), or resume with None."""
    if until is not None and until < (today or today_in_uk()):
        raise ValidationError(
            f"A pause must end today or later, not on {format_date(until)}; to let the mentor "
            "take mentees now, resume them instead.",
            field="paused_until",
        )
    with db.write() as session:
        person = person_in(session, person_id)
        profile = session.scalar(select(MentorProfile).where(MentorProfile.person_id == person.id))
        if profile is None:
            raise NotFoundError(f"{person.full_name} is not a mentor; add a mentor profile first.")
        profile.paused_until = until
        session.flush()
        return _row_in(session, profile.id)


def _profile(session: Session, profile_id: int) -> MentorProfile:
    profile = session.get(MentorProfile, profile_id)
    if profile is None:
        raise NotFoundError("That mentor is no longer in the database; refresh the list (F5).")
    return profile


# Values for rules.matching ----------------------------------------------------------------
def mentee_value(person: Person, organisation: str) -> Mentee:
    return Mentee(
        key=str(person.id),
        organisation=organisation,
        profession=person.profession,
        borough=person.borough,
        interests=frozenset(split_list(person.interests)),
    )


def mentor_value(
    profile: MentorProfile, person: Person, organisation: str, places: tuple[int, int]
) -> Mentor:
    """A mentor's profile as the rules see it. Proposed pairs hold a place as surely as
    active ones, so both count against capacity. Blank profession or borough lists fall back
    to the mentor's own, which is what an administrator would assume."""
    professions = split_list(profile.professions) or [person.profession]
    boroughs = split_list(profile.boroughs) or [person.borough]
    return Mentor(
        key=str(person.id),
        organisation=organisation,
        professions=frozenset(p for p in professions if p),
        boroughs=frozenset(b for b in boroughs if b),
        expertise=frozenset(split_list(profile.expertise)),
        capacity=profile.capacity,
        current_mentees=places[0] + places[1],
        active=profile.active and person.archived_at is None,
        paused_until=profile.paused_until,
    )
