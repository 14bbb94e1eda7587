"""Mentor profiles, pairs by hand under the hard rules, meetings and reports, on a real database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cohort_desk.cli import lookup
from cohort_desk.db.models import MentoringPair
from cohort_desk.errors import NotFoundError, RefusedError, ValidationError
from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.mentoring import meetings as mentoring_meetings
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.mentoring import profiles as mentoring
from cohort_desk.services.mentoring.profiles import MentorInput
from cohort_desk.services.people.records import PersonInput, create_person

TODAY = date(2026, 11, 28)


def person(db, given: str, organisation: str, **extra: str) -> str:
    email = f"{given.lower()}@nhs.net"
    create_person(db, PersonInput(given, "Tester", email, organisation=organisation, **extra))
    return email


@pytest.fixture
def people(db):
    """Two mentors at different trusts and three mentees, one at the first mentor's trust."""
    emails = {
        "ada": person(db, "Ada", "Guy's and St Thomas'", profession="Nursing"),
        "bea": person(db, "Bea", "Oxleas"),
        "cat": person(db, "Cat", "King's", profession="Nursing", interests="coaching, QI"),
        "dan": person(db, "Dan", "Guy's and St Thomas'"),
        "eve": person(db, "Eve", "Bromley Healthcare"),
    }
    mentoring.create_mentor(
        db, lookup.person_id(db, emails["ada"]), MentorInput(capacity=1, expertise="QI")
    )
    mentoring.create_mentor(db, lookup.person_id(db, emails["bea"]), MentorInput(capacity=2))
    return emails


def pair_count(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(MentoringPair))


def test_a_mentor_profile_is_listed_with_a_tidy_expertise_list(db, people):
    row = mentoring.find_mentor(db, lookup.person_id(db, people["ada"].upper()))
    saved = mentoring.update_mentor(
        db, row.id, MentorInput(capacity=3, expertise="QI;  coaching , qi,"), row.version
    )
    assert saved.expertise == "QI, coaching" and saved.capacity == 3
    assert [m.name for m in mentoring.list_mentors(db)] == ["Ada Tester", "Bea Tester"]


@pytest.mark.parametrize("capacity", [-1, 21])
def test_capacity_outside_the_range_is_refused(db, people, capacity):
    with pytest.raises(ValidationError, match="capacity") as caught:
        mentoring.create_mentor(
            db, lookup.person_id(db, people["cat"]), MentorInput(capacity=capacity)
        )
    assert caught.value.field == "capacity"


def test_a_person_cannot_be_made_a_mentor_twice(db, people):
    with pytest.raises(ValidationError, match="already a mentor"):
        mentoring.create_mentor(db, lookup.person_id(db, people["ada"]), MentorInput())


def test_assigning_by_hand_stores_the_pair_with_reasons(db, people):
    row = mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["ada"]), lookup.person_id(db, people["cat"]), today=TODAY
    )
    assert (row.status, row.started_on, row.proposed_on) == ("active", TODAY, TODAY)
    assert "same profession" in row.reasons and "expertise: QI" in row.reasons
    assert mentoring.find_mentor(db, lookup.person_id(db, people["ada"])).mentees == 1


@pytest.mark.parametrize(
    ("setup", "mentor", "mentee", "sentence"),
    [
        (None, "ada", "dan", "both work at Guy's and St Thomas'"),
        (None, "ada", "ada", "mentor themselves"),
        (None, "cat", "eve", "not a mentor"),
        ("pause", "bea", "eve", "paused until 01/01/2027"),
        ("inactive", "bea", "eve", "not taking mentees"),
    ],
)
def test_hand_assignment_breaking_a_hard_rule_is_refused_in_one_sentence(
    db, people, setup, mentor, mentee, sentence
):
    if setup == "pause":
        mentoring.pause_mentor(db, lookup.person_id(db, people["bea"]), date(2027, 1, 1))
    if setup == "inactive":
        row = mentoring.find_mentor(db, lookup.person_id(db, people["bea"]))
        mentoring.update_mentor(db, row.id, MentorInput(capacity=2, active=False), row.version)
    with pytest.raises(RefusedError, match=sentence) as caught:
        mentoring_pairs.assign_mentor(
            db,
            lookup.person_id(db, people[mentor]),
            lookup.person_id(db, people[mentee]),
            today=TODAY,
        )
    assert caught.value.message.count(".") <= 1 and "\n" not in caught.value.message
    assert pair_count(db) == 0


def test_a_pause_ending_today_lets_the_mentor_take_mentees(db, people):
    mentoring.pause_mentor(db, lookup.person_id(db, people["bea"]), TODAY, today=TODAY)
    assert mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["bea"]), lookup.person_id(db, people["eve"]), today=TODAY
    ).id


def test_over_capacity_is_refused_unless_allowed_and_then_shows(db, people):
    mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["ada"]), lookup.person_id(db, people["cat"]), today=TODAY
    )
    with pytest.raises(mentoring_pairs.OverCapacityError, match="capacity of 1"):
        mentoring_pairs.assign_mentor(
            db,
            lookup.person_id(db, people["ada"]),
            lookup.person_id(db, people["eve"]),
            today=TODAY,
        )
    assert pair_count(db) == 1
    mentoring_pairs.assign_mentor(
        db,
        lookup.person_id(db, people["ada"]),
        lookup.person_id(db, people["eve"]),
        today=TODAY,
        allow_over_capacity=True,
    )
    over = mentoring.mentors_over_capacity(db)
    assert [(m.name, m.mentees, m.capacity) for m in over] == [("Ada Tester", 2, 1)]


def test_a_proposed_pair_holds_a_place(db, people):
    mentoring_pairs.assign_mentor(
        db,
        lookup.person_id(db, people["ada"]),
        lookup.person_id(db, people["cat"]),
        today=TODAY,
        status="proposed",
    )
    row = mentoring.find_mentor(db, lookup.person_id(db, people["ada"]))
    assert (row.mentees, row.proposed, row.free_places) == (0, 1, 0)
    with pytest.raises(mentoring_pairs.OverCapacityError):
        mentoring_pairs.assign_mentor(
            db,
            lookup.person_id(db, people["ada"]),
            lookup.person_id(db, people["eve"]),
            today=TODAY,
        )


def test_a_mentee_has_one_mentor_at_a_time(db, people):
    mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["bea"]), lookup.person_id(db, people["cat"]), today=TODAY
    )
    with pytest.raises(RefusedError, match="already has an active pair with Bea Tester"):
        mentoring_pairs.assign_mentor(
            db,
            lookup.person_id(db, people["ada"]),
            lookup.person_id(db, people["cat"]),
            today=TODAY,
        )


def test_pair_is_filed_under_the_mentees_cohort(db, people):
    create_cohort(db, CohortInput("SLA 9"))
    enrol_people(
        db, lookup.cohort_id(db, "SLA 9"), [lookup.person_id(db, people["eve"])], "participant"
    )
    row = mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["bea"]), lookup.person_id(db, people["eve"]), today=TODAY
    )
    assert row.cohort == "SLA 9"


def test_proposed_pair_starts_then_ends_with_date_and_reason(db, people):
    row = mentoring_pairs.assign_mentor(
        db,
        lookup.person_id(db, people["bea"]),
        lookup.person_id(db, people["eve"]),
        today=TODAY,
        status="proposed",
    )
    started = mentoring_pairs.activate_pair(db, row.id, TODAY + timedelta(days=2))
    assert (started.status, started.started_on) == ("active", TODAY + timedelta(days=2))
    with pytest.raises(RefusedError, match="Only a proposed pair"):
        mentoring_pairs.activate_pair(db, row.id)
    with pytest.raises(ValidationError, match="reason"):
        mentoring_pairs.end_pair(db, row.id, TODAY + timedelta(days=9), "  ")
    with pytest.raises(ValidationError, match="cannot end before it began"):
        mentoring_pairs.end_pair(db, row.id, TODAY, "Goals met")
    ended = mentoring_pairs.end_pair(db, row.id, TODAY + timedelta(days=90), "Goals  met")
    assert (ended.status, ended.end_reason) == ("ended", "Goals met")
    assert mentoring.find_mentor(db, lookup.person_id(db, people["bea"])).mentees == 0
    # Once ended, the mentee can be paired again.
    assert mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["bea"]), lookup.person_id(db, people["eve"]), today=TODAY
    ).id


def test_meetings_are_logged_with_notes_only_shown_on_request(db, people):
    pair = mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["bea"]), lookup.person_id(db, people["eve"]), today=TODAY
    )
    later = TODAY + timedelta(days=14)
    mentoring_meetings.log_meeting(db, pair.id, later, 90, "in person", "Career plans", later)
    mentoring_meetings.log_meeting(db, pair.id, later, 30, "online", "", later)
    hidden = mentoring_meetings.list_meetings(db, pair.id)
    assert [(m.minutes, m.has_notes, m.notes) for m in hidden] == [
        (30, False, None),
        (90, True, None),
    ]
    shown = mentoring_meetings.list_meetings(db, pair.id, with_notes=True)
    assert shown[1].notes == "Career plans"
    row = mentoring_pairs.get_pair(db, pair.id)
    assert (row.meetings, row.hours, row.last_meeting) == (2, 2.0, later)


@pytest.mark.parametrize(
    ("held_on", "minutes", "mode", "field"),
    [
        (TODAY + timedelta(days=1), 60, "online", "held_on"),
        (TODAY - timedelta(days=1), 60, "online", "held_on"),
        (TODAY, 0, "online", "minutes"),
        (TODAY, 60, "by carrier pigeon", "mode"),
    ],
)
def test_impossible_meetings_are_refused(db, people, held_on, minutes, mode, field):
    pair = mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["bea"]), lookup.person_id(db, people["eve"]), today=TODAY
    )
    with pytest.raises(ValidationError) as caught:
        mentoring_meetings.log_meeting(db, pair.id, held_on, minutes, mode, today=TODAY)
    assert caught.value.field == field
    assert mentoring_meetings.list_meetings(db, pair.id) == []


def test_meetings_cannot_be_logged_for_an_unknown_or_proposed_pair(db, people):
    with pytest.raises(NotFoundError):
        mentoring_meetings.log_meeting(db, 999, TODAY, 60, "online", today=TODAY)
    pair = mentoring_pairs.assign_mentor(
        db,
        lookup.person_id(db, people["bea"]),
        lookup.person_id(db, people["eve"]),
        today=TODAY,
        status="proposed",
    )
    with pytest.raises(RefusedError, match="only proposed"):
        mentoring_meetings.log_meeting(db, pair.id, TODAY, 60, "online", today=TODAY)


def test_quiet_pairs_and_hours_per_cohort(db, people):
    create_cohort(db, CohortInput("SLA 9"))
    enrol_people(
        db, lookup.cohort_id(db, "SLA 9"), [lookup.person_id(db, people["eve"])], "participant"
    )
    start = TODAY - timedelta(weeks=10)
    met = mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["bea"]), lookup.person_id(db, people["eve"]), today=start
    )
    never = mentoring_pairs.assign_mentor(
        db, lookup.person_id(db, people["ada"]), lookup.person_id(db, people["cat"]), today=start
    )
    mentoring_meetings.log_meeting(
        db, met.id, TODAY - timedelta(weeks=2), 45, "online", today=TODAY
    )
    quiet = mentoring_meetings.pairs_without_meeting(db, 6, TODAY)
    assert [(q.pair.id, q.since, q.days) for q in quiet] == [(never.id, start, 70)]
    assert [q.pair.id for q in mentoring_meetings.pairs_without_meeting(db, 1, TODAY)] == [
        never.id,
        met.id,
    ]
    hours = {
        h.cohort: (h.pairs, h.meetings, h.hours) for h in mentoring_meetings.hours_per_cohort(db)
    }
    assert hours == {"SLA 9": (1, 1, 0.75), "No cohort": (1, 0, 0.0)}
