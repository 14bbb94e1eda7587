"""People services behind the People screen: listing, duplicates, filters, deleting, detail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohort_desk.db.models import AuditEntry, Person
from cohort_desk.errors import RefusedError
from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.people.detail import person_detail
from cohort_desk.services.people.lookup import (
    SAME_EMAIL,
    SAME_NAME,
    delete_people,
    filter_choices,
    people_with_history,
    person_ids_with,
    similar_people,
)
from cohort_desk.services.people.records import (
    PeopleFilter,
    PersonInput,
    create_person,
    list_people,
    set_archived,
    update_person,
)


def _person(db, given="Ada", family="Okafor", email="ada.okafor@nhs.net", **more):
    return create_person(db, PersonInput(given, family, email, **more))


def test_list_people_gives_plain_rows_and_hides_the_archived(db):
    ada = _person(db, organisation="Lewisham and Greenwich NHS Trust")
    bo = _person(db, "Bo", "Adeyemi", "bo@nhs.net")
    set_archived(db, [bo.id], True)
    rows = list_people(db)
    assert [r.email for r in rows] == ["ada.okafor@nhs.net"]
    assert rows[0].organisation == "Lewisham and Greenwich NHS Trust"
    assert rows[0].archived is False and rows[0].version == ada.version
    everyone = list_people(db, PeopleFilter(include_archived=True))
    assert [(r.family_name, r.archived) for r in everyone] == [("Adeyemi", True), ("Okafor", False)]
    assert everyone[0].organisation == ""


def test_similar_people_finds_the_same_email_or_the_same_name(db):
    ada = _person(db)
    found = similar_people(db, email="  ADA.Okafor@NHS.net ")
    assert [(p.id, p.reason) for p in found] == [(ada.id, SAME_EMAIL)]
    found = similar_people(db, email="other@nhs.net", given_name="ada", family_name="OKAFOR")
    assert [(p.id, p.reason) for p in found] == [(ada.id, SAME_NAME)]
    assert similar_people(db, email="ada.okafor@nhs.net", exclude_id=ada.id) == []
    assert similar_people(db, email="ada.okafor", given_name="Ada") == []


def test_filter_choices_and_role_sets_come_from_the_demo_records(demo_db):
    choices = filter_choices(demo_db)
    assert len(choices.cohorts) == 3
    assert "Lewisham" in choices.boroughs
    assert choices.professions == sorted(choices.professions, key=str.casefold)
    cohort_id = choices.cohorts[0][0]
    participants = person_ids_with(demo_db, cohort_id, "participant")
    facilitators = person_ids_with(demo_db, cohort_id, "facilitator")
    assert participants and len(facilitators) == 1 and not participants & facilitators
    assert person_ids_with(demo_db, cohort_id) == participants | facilitators
    assert len(person_ids_with(demo_db, role="mentor")) == 15


def test_delete_people_refuses_all_when_anyone_has_history(db):
    cohort = create_cohort(db, CohortInput("Cohort A"))
    keeper = _person(db)
    spare = _person(db, "Bo", "Adeyemi", "bo@nhs.net")
    enrol_people(db, cohort.id, [keeper.id], "participant")
    assert people_with_history(db, [keeper.id, spare.id]) == [keeper.id]
    with pytest.raises(RefusedError, match="archive them instead"):
        delete_people(db, [spare.id, keeper.id])
    assert len(list_people(db)) == 2  # nothing deleted
    assert delete_people(db, [spare.id]) == 1
    assert [r.id for r in list_people(db)] == [keeper.id]


def test_person_detail_shows_cohorts_mentoring_and_recent_changes(demo_db):
    with demo_db.read() as session:
        mentee_id = session.scalar(
            select(Person.id).where(Person.id.in_(select_mentees())).order_by(Person.id)
        )
    detail = person_detail(demo_db, mentee_id)
    assert detail.cohorts and detail.cohorts[0].role == "participant"
    assert [m.relation for m in detail.mentoring] == ["Mentor"]
    row = detail.person
    data = PersonInput(row.given_name, row.family_name, row.email, job_title="Clinical Director")
    update_person(demo_db, row.id, data, row.version)
    detail = person_detail(demo_db, mentee_id)
    assert detail.changes[0].summary.startswith("Details changed: ")
    assert "job title" in detail.changes[0].summary
    assert detail.changes[0].who == "tester"


def select_mentees():
    from cohort_desk.db.models import MentoringPair

    return select(MentoringPair.mentee_id)


def test_attendance_rate_per_cohort_follows_the_marks(demo_db):
    with demo_db.read() as session:
        entry_count = session.query(AuditEntry).count()
    assert entry_count >= 1
    detail_rows = [person_detail(demo_db, pid).cohorts for pid in range(1, 6)]
    first = detail_rows[0][0]
    assert first.held >= 1
    assert 0 <= first.attended <= first.held
    assert first.percentage == pytest.approx(first.attended * 100 / first.held)
