"""People, cohorts, sessions and enrolments through the services, on a real database."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from cohort_desk.cli import lookup
from cohort_desk.db.models import Enrolment, Person
from cohort_desk.errors import NotFoundError, RefusedError, ValidationError
from cohort_desk.rules.dates import UK, local_to_utc, to_local
from cohort_desk.services.cohorts import enrolments
from cohort_desk.services.cohorts.records import (
    CohortInput,
    create_cohort,
    list_cohorts,
    update_cohort,
)
from cohort_desk.services.demo.data import load_demo
from cohort_desk.services.people.records import (
    PeopleFilter,
    PersonInput,
    create_person,
    delete_person,
    find_person,
    list_people,
    set_archived,
)
from cohort_desk.services.sessions.records import (
    SessionInput,
    add_session,
    create_series,
    duplicate_session,
    list_sessions,
)


def _person(db, email="jo.bloggs@nhs.net", **extra):
    return create_person(db, PersonInput("Jo", "Bloggs", email, **extra))


def test_a_person_is_saved_trimmed_with_their_organisation(db):
    row = create_person(
        db,
        PersonInput(
            "  Siobhán ",
            "Ó  Dónaill",
            " Siobhan.ODonaill@NHS.net ",
            organisation="Oxleas NHS Foundation Trust",
        ),
    )
    assert (row.given_name, row.family_name) == ("Siobhán", "Ó Dónaill")
    assert row.email == "Siobhan.ODonaill@nhs.net"  # the domain is normalised, the name kept
    assert row.organisation == "Oxleas NHS Foundation Trust"
    assert find_person(db, "siobhan.odonaill@nhs.net").id == row.id


def test_a_single_name_is_kept_with_no_family_name(db):
    row = create_person(db, PersonInput("Sukarno", " ", "sukarno@example.id"))
    assert (row.given_name, row.family_name, row.full_name) == ("Sukarno", "", "Sukarno")
    assert row.sort_name == "Sukarno"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PersonInput("", "Bloggs", "jo@nhs.net"), "given_name"),
        (PersonInput(" ", "Bloggs", "jo@nhs.net"), "given_name"),
        (PersonInput("Jo", "Bloggs", "not an email"), "email"),
        (PersonInput("Jo", "Bloggs", ""), "email"),
    ],
)
def test_invalid_people_are_refused_naming_the_field(db, data, field):
    with pytest.raises(ValidationError) as caught:
        create_person(db, data)
    assert caught.value.field == field
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_the_same_email_in_another_case_is_the_same_person(db):
    _person(db)
    with pytest.raises(ValidationError, match="already has the e-mail address"):
        _person(db, email="JO.BLOGGS@nhs.net ")


def test_archived_people_leave_the_everyday_list_but_are_kept(db):
    row = _person(db)
    assert set_archived(db, [row.id], True) == 1
    assert list_people(db) == []
    assert [p.id for p in list_people(db, PeopleFilter(include_archived=True))] == [row.id]


def test_only_people_without_history_can_be_deleted(db):
    keep = _person(db)
    cohort = create_cohort(db, CohortInput("Cohort A"))
    enrolments.enrol_people(db, cohort.id, [keep.id], "participant")
    with pytest.raises(RefusedError, match="archive them instead"):
        delete_person(db, keep.id)
    mistake = _person(db, email="typo@nhs.net")
    delete_person(db, mistake.id)
    assert [p.email for p in list_people(db)] == ["jo.bloggs@nhs.net"]


def test_people_filters_by_cohort_role_and_search(demo_db):
    cohort = list_cohorts(demo_db)[0]
    members = list_people(demo_db, PeopleFilter(cohort_id=cohort.id, role="participant"))
    assert len(members) == cohort.participants + 1  # withdrawn people are still enrolled
    mentors = list_people(demo_db, PeopleFilter(role="mentor"))
    assert len(mentors) == 15
    some = members[0]
    found = list_people(demo_db, PeopleFilter(search=some.email.upper()))
    assert [p.id for p in found] == [some.id]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (CohortInput(""), "name"),
        (CohortInput("C", min_attendance_pct=120), "min_attendance_pct"),
        (CohortInput("C", starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1)), "ends_on"),
    ],
)
def test_invalid_cohorts_are_refused(db, data, field):
    with pytest.raises(ValidationError) as caught:
        create_cohort(db, data)
    assert caught.value.field == field


def test_cohort_names_are_unique_ignoring_case(db):
    first = create_cohort(db, CohortInput("SLA Cohort 3"))
    with pytest.raises(ValidationError, match="already a cohort"):
        create_cohort(db, CohortInput("sla cohort 3"))
    renamed = update_cohort(
        db, first.id, CohortInput("SLA Cohort Three", min_attendance_pct=80), first.version
    )
    assert (renamed.name, renamed.min_attendance_pct) == ("SLA Cohort Three", 80)


def test_a_session_must_end_after_it_starts(db):
    create_cohort(db, CohortInput("C"))
    start = local_to_utc(date(2026, 3, 2), time(9, 30))
    with pytest.raises(ValidationError, match="end after it starts"):
        add_session(db, lookup.cohort_id(db, "C"), SessionInput("Launch", start, ends_at=start))


def test_a_duplicate_keeps_the_local_clock_time_across_the_clock_change(db):
    create_cohort(db, CohortInput("C"))
    before_bst = local_to_utc(date(2026, 3, 23), time(9, 30))
    row = add_session(db, lookup.cohort_id(db, "C"), SessionInput("Launch", before_bst))
    copy = duplicate_session(db, row.id)
    local = to_local(copy.starts_at)
    assert (local.date(), local.time()) == (date(2026, 3, 30), time(9, 30))


def test_a_series_repeats_every_n_weeks_until_the_end_date(db):
    cohort = create_cohort(db, CohortInput("C"))
    first = SessionInput(
        "Action learning set", datetime(2026, 1, 5, 14, 0, tzinfo=UK).astimezone(), cpd_hours=3.0
    )
    rows = create_series(db, cohort.id, first, every_weeks=2, until=date(2026, 3, 2))
    days = [to_local(r.starts_at).date() for r in rows]
    assert days == [
        date(2026, 1, 5),
        date(2026, 1, 19),
        date(2026, 2, 2),
        date(2026, 2, 16),
        date(2026, 3, 2),
    ]
    assert len(list_sessions(db, cohort_id=lookup.cohort_id(db, "C"))) == 5


def test_enrolling_an_unknown_email_enrols_nobody(db):
    _person(db)
    create_cohort(db, CohortInput("C"))
    with pytest.raises(NotFoundError, match="nobody@nhs.net"):
        lookup.people_by_email(db, ["jo.bloggs@nhs.net", "nobody@nhs.net"])
    jo = lookup.person_id(db, "jo.bloggs@nhs.net")
    with pytest.raises(NotFoundError, match="no longer in the database"):
        enrolments.enrol_people(db, lookup.cohort_id(db, "C"), [jo, jo + 1000], "participant")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Enrolment)) == 0


def test_enrolling_twice_is_harmless(db):
    _person(db)
    create_cohort(db, CohortInput("C"))
    cohort_id, people = lookup.cohort_id(db, "C"), lookup.people_by_email(db, ["JO.BLOGGS@nhs.net"])
    first = enrolments.enrol_people(db, cohort_id, list(people), "participant")
    second = enrolments.enrol_people(db, cohort_id, list(people), "participant")
    assert (len(first.created), len(second.already)) == (1, 1)
    assert list(people.values()) == ["jo.bloggs@nhs.net"]  # as stored, for the message


def test_demo_data_is_realistic_and_repeatable(db, tmp_path):
    from cohort_desk.db.opening import open_database

    summary = load_demo(db, people=150, seed=11, today=date(2026, 11, 28))
    assert (summary.people, summary.cohorts, summary.sessions, summary.mentors) == (150, 3, 18, 15)
    other = open_database(str(tmp_path / "again.db"))
    load_demo(other, people=150, seed=11, today=date(2026, 11, 28))
    assert [p.email for p in list_people(db)] == [p.email for p in list_people(other)]
    names = " ".join(p.family_name + p.given_name for p in list_people(db))
    assert any(ch in names for ch in "'-áéöễ")
    other.dispose()


def test_demo_refuses_a_database_that_already_has_people(demo_db):
    with pytest.raises(RefusedError, match="already holds people"):
        load_demo(demo_db)
