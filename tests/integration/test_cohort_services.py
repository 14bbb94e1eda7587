"""Cohort page, programmes, enrolment undo support and the overview, on a real database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cohort_desk.db.models import Attendance, MentoringPair
from cohort_desk.errors import RefusedError, ValidationError
from cohort_desk.services.cohorts.enrolments import (
    enrol_people,
    list_enrolments,
    remove_enrolments,
    set_status,
)
from cohort_desk.services.cohorts.page import cohort_page
from cohort_desk.services.cohorts.records import (
    CohortInput,
    create_cohort,
    delete_cohort,
    list_cohorts,
    list_programme_rows,
    save_programme,
)
from cohort_desk.services.overview.figures import overview
from cohort_desk.services.people.detail import person_detail
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.sessions.records import SessionInput, add_session

NOW = datetime.now(UTC)


@pytest.fixture
def small_cohort(db):
    """A running cohort: three participants, one facilitator, two sessions held, one to come."""
    today = date.today()
    cohort = create_cohort(
        db,
        CohortInput(
            "Cohort A", starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=60)
        ),
    )
    people = [
        create_person(db, PersonInput(g, "Smith", f"{g.lower()}@nhs.net"))
        for g in ("Ann", "Ben", "Cat", "Dee")
    ]
    enrol_people(db, cohort.id, [p.id for p in people[:3]], "participant")
    enrol_people(db, cohort.id, [people[3].id], "facilitator")
    sessions = [
        add_session(db, cohort.id, SessionInput(f"S{n}", NOW + timedelta(days=d)))
        for n, d in ((1, -20), (2, -10), (3, 10))
    ]
    marks = {(0, 0): "present", (0, 1): "late", (1, 0): "absent", (1, 1): "present"}
    with db.write() as session:
        for (person, sess), status in marks.items():
            session.add(
                Attendance(session_id=sessions[sess].id, person_id=people[person].id, status=status)
            )
    return cohort, people, sessions


def test_cohort_page_counts_attendance_of_those_still_taking_part(db, small_cohort):
    cohort, people, _sessions = small_cohort
    page = cohort_page(db, cohort.id)
    assert [m.name for m in page.participants] == ["Ann Smith", "Ben Smith", "Cat Smith"]
    assert [m.name for m in page.facilitators] == ["Dee Smith"]
    assert len(page.sessions) == 3 and page.held == 2
    assert [(m.attended, m.held) for m in page.participants] == [(2, 2), (1, 2), (0, 2)]
    assert page.overall_pct == pytest.approx(3 * 100 / 6)
    cat = page.participants[2]
    set_status(db, cat.enrolment_id, "withdrawn", date.today(), "Moved away")
    page = cohort_page(db, cohort.id)
    assert page.overall_pct == pytest.approx(3 * 100 / 4)
    assert page.participants[2].status_reason == "Moved away"
    ann = person_detail(db, people[0].id).cohorts[0]
    assert (ann.attended, ann.held, ann.percentage) == (2, 2, 100.0)


def test_removing_an_enrolment_with_marks_is_refused(db, small_cohort):
    cohort, people, _ = small_cohort
    ann = next(e for e in list_enrolments(db, cohort.id) if e.person_id == people[0].id)
    cat = next(e for e in list_enrolments(db, cohort.id) if e.person_id == people[2].id)
    with pytest.raises(RefusedError, match="withdrawn instead"):
        remove_enrolments(db, [cat.id, ann.id])
    assert len(list_enrolments(db, cohort.id)) == 4
    assert remove_enrolments(db, [cat.id]) == 1
    assert len(list_enrolments(db, cohort.id)) == 3


def test_enrolling_returns_only_the_new_enrolments(db, small_cohort):
    cohort, people, _ = small_cohort
    extra = create_person(db, PersonInput("Eve", "Jones", "eve@nhs.net"))
    created = enrol_people(db, cohort.id, [people[0].id, extra.id], "participant").created
    assert len(created) == 1
    remove_enrolments(db, created)
    assert extra.id not in {e.person_id for e in list_enrolments(db, cohort.id)}


def test_programmes_can_be_renamed_and_cohorts_deleted_only_when_empty(db, small_cohort):
    cohort, _, _ = small_cohort
    (programme,) = list_programme_rows(db)
    assert programme.cohorts == 1
    renamed = save_programme(db, "Leading Together", "Two-day course", programme.id)
    assert list_cohorts(db)[0].programme == "Leading Together" == renamed.name
    with pytest.raises(ValidationError, match="already a programme"):
        save_programme(db, "leading together")
    with pytest.raises(RefusedError):
        delete_cohort(db, cohort.id)
    empty = create_cohort(db, CohortInput("Empty"))
    delete_cohort(db, empty.id)
    assert [c.name for c in list_cohorts(db)] == ["Cohort A"]


def test_overview_lists_what_needs_doing(db, small_cohort):
    cohort, people, sessions = small_cohort
    view = overview(db)
    assert [s.title for s in view.upcoming] == ["S3"]
    (running,) = view.cohorts
    assert (running.participants, running.held, running.sessions) == (3, 2, 3)
    assert running.started and running.attendance_pct == pytest.approx(50.0)
    # Cat has no marks at all, so both held sessions miss one mark.
    assert [(m.title, m.marked, m.expected) for m in view.missing_marks] == [
        ("S2", 2, 3),
        ("S1", 2, 3),
    ]
    assert {u.name for u in view.unmentored} == {"Ann Smith", "Ben Smith", "Cat Smith"}
    with db.write() as session:
        session.add(MentoringPair(mentor_id=people[3].id, mentee_id=people[0].id, status="active"))
    view = overview(db)
    assert view.unmentored_total == 2 and view.people == 4


def test_overview_on_demo_data_has_something_in_every_list(demo_db):
    view = overview(demo_db)
    assert view.upcoming and view.cohorts and view.unmentored
    starts = [s.starts_at for s in view.upcoming]
    assert starts == sorted(starts)
