"""Organisations: trusts, councils, primary care networks and the rest."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Organisation, Person
from cohort_desk.errors import NotFoundError, ValidationError
from cohort_desk.rules.known_names import Match, match_name
from cohort_desk.services.common import require_text
from cohort_desk.services.people.known_names import known_organisations
from cohort_desk.vocabulary import OrganisationKind


@dataclass(slots=True)
class OrganisationRow:
    id: int
    name: str
    kind: str
    borough: str
    people: int
    version: int


def organisation_named(session: Session, name: str, *, create: bool = False) -> Organisation | None:
    """The organisation a form names: the known one it matches (rules/known_names.py: case,
    '&', punctuation, NHS FT, acronyms, aliases), creating a new one, as written, when asked."""
    clean = " ".join(name.split())
    if not clean:
        return None
    org = session.scalar(select(Organisation).where(Organisation.name == clean))
    if org is None:
        found = match_name(clean, known_organisations(session))
        if isinstance(found, Match):
            org = session.get(Organisation, found.known.id)
    if org is None and create:
        org = Organisation(name=clean, kind=guess_kind(clean))
        session.add(org)
        session.flush()
    return org


def guess_kind(name: str) -> str:
    lowered = name.lower()
    if "nhs" in lowered and ("trust" in lowered or "foundation" in lowered):
        return OrganisationKind.TRUST
    if "council" in lowered or "borough" in lowered:
        return OrganisationKind.COUNCIL
    if "icb" in lowered or "integrated care board" in lowered:
        return OrganisationKind.ICB
    if any(word in lowered for word in ("pcn", "surgery", "practice", "medical centre", "gp")):
        return OrganisationKind.PRIMARY_CARE
    if any(word in lowered for word in ("charity", "voluntary", "trust for", "foundation for")):
        return OrganisationKind.VOLUNTARY
    return OrganisationKind.OTHER


def list_organisations(db: Database) -> list[OrganisationRow]:
    query = (
        select(Organisation, func.count(Person.id))
        .outerjoin(Person, Person.organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(func.lower(Organisation.name))
    )
    with db.read() as session:
        return [
            OrganisationRow(org.id, org.name, org.kind, org.borough, count, org.version)
            for org, count in session.execute(query)
        ]


def save_organisation(
    db: Database, name: str, kind: str, borough: str = "", organisation_id: int | None = None
) -> OrganisationRow:
    name = require_text(name, "name", "The organisation's name")
    if kind not in set(OrganisationKind):
        raise ValidationError(
            f"'{kind}' is not a kind of organisation; choose one of {', '.join(OrganisationKind)}.",
            field="kind",
        )
    with db.write() as session:
        same = organisation_named(session, name)
        if same is not None and same.id != organisation_id:
            raise ValidationError(f"There is already an organisation called {same.name}.", "name")
        if organisation_id is None:
            org = Organisation(name=name, kind=kind, borough=borough)
            session.add(org)
        else:
            found = session.get(Organisation, organisation_id)
            if found is None:
                raise NotFoundError("That organisation is no longer in the database.")
            org = found
            org.name, org.kind, org.borough = name, kind, borough
        session.flush()
        return OrganisationRow(org.id, org.name, org.kind, org.borough, 0, org.version)
