"""Listing people names its tables without the models (db/light.py, issue 22): each row must
still be the one the models give, under every filter."""

from __future__ import annotations

from sqlalchemy import func, select

from cohort_desk.db.models import Enrolment, MentorProfile, Organisation, Person
from cohort_desk.services.people.records import (
    PeopleFilter,
    get_person,
    list_people,
    set_archived,
)


def _ids_by_the_models(db, flt: PeopleFilter) -> set[int]:  # type: ignore[no-untyped-def]
    query = (
        select(Person.id)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .where(Person.erased_at.is_(None))
    )
    if not flt.include_archived:
        query = query.where(Person.archived_at.is_(None))
    if flt.cohort_id is not None:
        query = query.where(
            Person.id.in_(select(Enrolment.person_id).where(Enrolment.cohort_id == flt.cohort_id))
        )
    if flt.role == "facilitator":
        query = query.where(
            Person.id.in_(select(Enrolment.person_id).where(Enrolment.role == flt.role))
        )
    if flt.role == "mentor":
        query = query.where(Person.id.in_(select(MentorProfile.person_id)))
    if flt.organisation:
        query = query.where(func.lower(Organisation.name) == flt.organisation.lower())
    if flt.profession:
        query = query.where(func.lower(Person.profession) == flt.profession.lower())
    with db.read() as session:
        return set(session.scalars(query))


def test_every_row_is_the_models_row_under_every_filter(demo_db) -> None:  # type: ignore[no-untyped-def]
    everyone = list_people(demo_db)
    set_archived(demo_db, [everyone[0].id], True)
    archived = get_person(demo_db, everyone[0].id)
    assert archived.archived
    all_rows = list_people(demo_db, PeopleFilter(include_archived=True))
    assert all_rows == [get_person(demo_db, row.id) for row in all_rows]
    assert archived in all_rows and archived not in list_people(demo_db)
    someone = next(r for r in all_rows if r.organisation and r.profession and r.borough)
    with demo_db.read() as session:
        cohort_id = session.scalar(select(Enrolment.cohort_id).order_by(Enrolment.id))
    filters = [
        PeopleFilter(),
        PeopleFilter(include_archived=True),
        PeopleFilter(cohort_id=cohort_id),
        PeopleFilter(role="facilitator"),
        PeopleFilter(role="mentor"),
        PeopleFilter(organisation=someone.organisation.upper()),
        PeopleFilter(profession=someone.profession.lower()),
    ]
    for flt in filters:
        listed = list_people(demo_db, flt)
        assert listed, flt
        assert {row.id for row in listed} == _ids_by_the_models(demo_db, flt), flt
    alike = list_people(demo_db, PeopleFilter(borough=someone.borough.upper()))
    assert {row.id for row in alike} == {
        row.id for row in list_people(demo_db) if row.borough.lower() == someone.borough.lower()
    }
