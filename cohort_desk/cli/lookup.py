"""Names and e-mail addresses as people type them, turned into ids once, at the command line's
edge: every service below takes ids. Each lookup refuses an unknown name in one sentence."""

from __future__ import annotations

from collections.abc import Iterable

from cohort_desk.db.engine import Database
from cohort_desk.services.common import cohort_by_name, person_by_email


def cohort_id(db: Database, name: str) -> int:
    """The cohort called ``name`` (any case), or NotFoundError naming a few that exist."""
    with db.read() as session:
        return cohort_by_name(session, name).id


def person_id(db: Database, email: str) -> int:
    """The person with this e-mail address (any case), or NotFoundError."""
    with db.read() as session:
        return person_by_email(session, email).id


def person_ids(db: Database, emails: Iterable[str]) -> list[int]:
    """People by e-mail, in the order given, once each; any unknown address refuses them all."""
    with db.read() as session:
        found = [person_by_email(session, email).id for email in emails]
    return list(dict.fromkeys(found))
