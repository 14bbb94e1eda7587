"""Names and e-mail addresses as people type them, turned into ids once, at the command line's
edge: every service below takes ids. Each lookup refuses an unknown name in one sentence."""

from __future__ import annotations

from collections.abc import Iterable

from cohort_desk.db.engine import Database
from cohort_desk.services.common import cohort_by_name, person_by_email
from cohort_desk.services.people.lookup import person_id_for


def cohort_id(db: Database, name: str) -> int:
    """The cohort called ``name`` (any case), or NotFoundError naming a few that exist."""
    with db.read() as session:
        return cohort_by_name(session, name).id


def person_id(db: Database, email: str) -> int:
    """The person with this e-mail address (any case), or NotFoundError."""
    return person_id_for(db, email)


def people_by_email(db: Database, emails: Iterable[str]) -> dict[int, str]:
    """People by e-mail, in the order given, once each: their ids, with each address as it is
    stored. Any unknown address refuses them all, naming it."""
    with db.read() as session:
        people = [person_by_email(session, email) for email in emails]
        return {person.id: person.email for person in people}
