"""Retention review: who has had no activity for N years, and bulk anonymising after review."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from cohort_desk.cli import lookup
from cohort_desk.db.models import Attendance, MentoringPair, Person
from cohort_desk.errors import Cancelled, ValidationError
from cohort_desk.services import settings
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.people.records import PersonInput, create_person, find_person
from cohort_desk.services.privacy.retention import anonymise_people, retention_candidates
from cohort_desk.services.privacy.rights import erase_person
from cohort_desk.services.progress import Progress
from cohort_desk.services.sessions.records import SessionInput, add_session

TODAY = date(2026, 11, 28)
LONG_AGO = datetime(2018, 3, 1, 10, tzinfo=UTC)


def _person(db, given: str, *, created: datetime = LONG_AGO) -> int:
    row = create_person(db, PersonInput(given, "Tester", f"{given.lower()}@nhs.net"))
    with db.write() as session:
        session.execute(
            update(Person).where(Person.id == row.id).values(created_at=created, updated_at=created)
        )
    return row.id


def _attended(db, person_id: int, when: datetime) -> None:
    session_row = add_session(
        db, lookup.cohort_id(db, "Cohort 1"), SessionInput(f"Workshop {when:%Y%m%d}", when)
    )
    with db.write() as session:
        session.add(Attendance(session_id=session_row.id, person_id=person_id, status="present"))


@pytest.fixture
def people(db):
    create_cohort(db, CohortInput("Cohort 1", starts_on=date(2018, 1, 1)))
    ids = {
        "quiet": _person(db, "Quiet"),
        "attended": _person(db, "Attended"),
        "mentored": _person(db, "Mentored"),
        "new": _person(db, "New", created=datetime(2026, 1, 5, tzinfo=UTC)),
        "mentor": _person(db, "Mentor"),
    }
    _attended(db, ids["attended"], datetime(2024, 5, 1, 9, tzinfo=UTC))
    with db.write() as session:
        session.add(
            MentoringPair(mentor_id=ids["mentor"], mentee_id=ids["mentored"], status="active")
        )
    return ids


def _listed(db, **kwargs) -> set[int]:
    return {r.person_id for r in retention_candidates(db, today=TODAY, **kwargs)}


def test_only_people_with_no_activity_for_the_period_are_listed(db, people):
    assert _listed(db, years=6) == {people["quiet"]}
    assert _listed(db, years=2) == {people["quiet"], people["attended"]}


def test_the_review_period_comes_from_preferences(db, people):
    settings.save(db, {"retention_years": "2"})
    assert _listed(db) == {people["quiet"], people["attended"]}


def test_a_row_says_when_someone_was_last_active(db, people):
    rows = {r.person_id: r for r in retention_candidates(db, years=2, today=TODAY)}
    assert rows[people["attended"]].last_activity == date(2024, 5, 1)
    assert rows[people["quiet"]].last_activity == date(2018, 3, 1)
    assert rows[people["quiet"]].email == "quiet@nhs.net"


def test_erased_people_are_not_listed_again(db, people):
    erase_person(db, lookup.person_id(db, "quiet@nhs.net"))
    assert people["quiet"] not in _listed(db, years=2)


def test_a_silly_period_is_refused(db):
    with pytest.raises(ValidationError, match="between 1 and 100"):
        retention_candidates(db, years=0)


def test_bulk_anonymise_erases_the_chosen_people_only(db, people):
    result = anonymise_people(db, [people["quiet"], people["attended"]], years=2, today=TODAY)
    assert (result.anonymised, result.skipped) == (2, 0)
    assert find_person(db, "quiet@nhs.net") is None
    assert find_person(db, "attended@nhs.net") is None
    assert find_person(db, "new@nhs.net") is not None
    assert _listed(db, years=2) == set()


def test_someone_active_since_the_list_was_shown_is_skipped(db, people):
    shown = _listed(db, years=2)
    _attended(db, people["attended"], datetime(2026, 11, 1, 9, tzinfo=UTC))
    result = anonymise_people(db, sorted(shown), years=2, today=TODAY)
    assert (result.anonymised, result.skipped) == (1, 1)
    assert find_person(db, "attended@nhs.net") is not None


def test_cancel_part_way_anonymises_no_one(db, people):
    progress = Progress(lambda done, _total, _text: progress.cancel() if done == 1 else None)
    with pytest.raises(Cancelled):
        anonymise_people(
            db, [people["quiet"], people["attended"]], years=2, today=TODAY, progress=progress
        )
    assert find_person(db, "quiet@nhs.net") is not None
    assert find_person(db, "attended@nhs.net") is not None
