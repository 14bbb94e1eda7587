"""Community members, leadership roles, mentors and mentoring pairs are listed by name with
accented and special capitals among their letters: "Ó Briain" among the O's, not after
"Zhang" (SQLite's lower() folds only A-Z)."""

from __future__ import annotations

from datetime import date

import pytest

from cohort_desk.services.community import leadership
from cohort_desk.services.community import members as community
from cohort_desk.services.community.leadership import RoleInput
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.mentoring import profiles as mentoring
from cohort_desk.services.mentoring.profiles import MentorInput
from cohort_desk.services.people.records import PersonInput, create_person

NAMES = [
    ("Wei", "Zhang"),
    ("Siân", "Ó Briain"),
    ("Zoltán", "Ábel"),
    ("Chidi", "Obi"),
    ("Piotr", "Łukasz"),
    ("Tom", "Lee"),
    ("Jana", "Šimková"),
    ("Ravi", "Shah"),
]
LISTED = ["Zoltán Ábel", "Tom Lee", "Piotr Łukasz", "Siân Ó Briain", "Chidi Obi"]
LISTED += ["Ravi Shah", "Jana Šimková", "Wei Zhang"]


@pytest.fixture
def ids(db) -> list[int]:  # type: ignore[no-untyped-def]
    return [
        create_person(db, PersonInput(given, family, f"p{n}@nhs.net")).id
        for n, (given, family) in enumerate(NAMES)
    ]


def test_community_members(db, ids):
    community.add_members(db, ids, date(2026, 1, 5))
    assert [row.name for row in community.list_members(db)] == LISTED


def test_leadership_roles(db, ids):
    for person_id in ids:
        leadership.add_role(
            db, person_id, RoleInput("Clinical lead", 1.0, starts_on=date(2025, 1, 1))
        )
    assert [row.name for row in leadership.list_roles(db)] == LISTED


def test_mentors(db, ids):
    for person_id in ids:
        mentoring.create_mentor(db, person_id, MentorInput(capacity=2))
    assert [row.name for row in mentoring.list_mentors(db)] == LISTED


def test_mentoring_pairs_by_mentee_within_each_status(db, ids):
    mentor = create_person(db, PersonInput("Ada", "Mentor", "ada@nhs.net", organisation="Oxleas"))
    mentoring.create_mentor(db, mentor.id, MentorInput(capacity=20))
    today = date(2026, 11, 28)
    abel = ids[2]  # proposed: listed after every active pair, though first by name
    for person_id in ids:
        if person_id != abel:
            mentoring_pairs.assign_mentor(db, mentor.id, person_id, today=today)
    mentoring_pairs.assign_mentor(db, mentor.id, abel, today=today, status="proposed")
    rows = mentoring_pairs.list_pairs(db)
    assert [row.mentee_name for row in rows] == LISTED[1:] + ["Zoltán Ábel"]
