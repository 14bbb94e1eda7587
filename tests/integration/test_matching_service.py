"""Mentor suggestions from the database: every hard rule holds on the demo data and under
randomised mentor profiles; accepting, swapping and accept-all write the pairs they should."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cohort_desk.cli import lookup
from cohort_desk.db.models import MentoringPair, MentorProfile, Organisation, Person
from cohort_desk.errors import NotFoundError, RefusedError
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.mentoring import matching
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.mentoring import profiles as mentoring

TODAY = date(2026, 11, 28)


def facts(db) -> tuple[dict[str, str], dict[str, MentorProfile], Counter[str], set[str]]:
    """Organisation by e-mail, profiles by e-mail, places held and paired mentees."""
    with db.read() as session:
        org_of = {
            email: org or ""
            for email, org in session.execute(
                select(Person.email, Organisation.name).outerjoin(
                    Organisation, Organisation.id == Person.organisation_id
                )
            )
        }
        profiles = {
            email: profile
            for profile, email in session.execute(
                select(MentorProfile, Person.email).join(
                    Person, Person.id == MentorProfile.person_id
                )
            )
        }
        held: Counter[str] = Counter()
        paired: set[str] = set()
        for status, mentor, mentee in session.execute(
            select(MentoringPair.status, MentoringPair.mentor_id, MentoringPair.mentee_id)
        ):
            if status in ("active", "proposed"):
                held[session.get(Person, mentor).email] += 1
                paired.add(session.get(Person, mentee).email)
    return org_of, profiles, held, paired


def assert_hard_rules(db, report: matching.MatchReport, today: date = TODAY) -> None:
    org_of, profiles, held, paired = facts(db)
    given_now = Counter(s.choice.mentor for s in report.suggestions)
    for s in report.suggestions:
        profile = profiles[s.choice.mentor]
        assert org_of[s.participant] != org_of[s.choice.mentor], "own organisation"
        assert profile.active, "inactive mentor"
        assert profile.paused_until is None or profile.paused_until <= today, "paused mentor"
        assert s.participant not in paired, "already has a mentor"
        assert s.choice.mentor != s.participant
        assert s.choice.reasons and s.choice.reasons[0] == "different organisation"
        for alternative in s.alternatives:
            assert org_of[alternative.mentor] != org_of[s.participant]
            assert profiles[alternative.mentor].active
    for mentor, count in given_now.items():
        assert held[mentor] + count <= profiles[mentor].capacity, f"{mentor} beyond capacity"


@pytest.mark.parametrize("cohort_index", [0, 1, 2])
def test_demo_suggestions_obey_every_hard_rule_and_give_reasons(demo_db, cohort_index):
    cohort = list_cohorts(demo_db)[cohort_index]
    report = matching.suggest_for_cohort(demo_db, cohort.id, TODAY)
    assert report.suggestions, "the demo should give something to suggest"
    assert_hard_rules(demo_db, report)
    # Mentors' expertise meets participants' interests often enough to be worth showing.
    with_expertise = [
        s for s in report.suggestions if any("expertise:" in r for r in s.choice.reasons)
    ]
    assert len(with_expertise) >= len(report.suggestions) // 2


def test_accept_all_writes_active_pairs_within_every_capacity(demo_db):
    before = {m.email: m for m in mentoring.list_mentors(demo_db)}
    accepted = 0
    for cohort in list_cohorts(demo_db):
        report = matching.accept_all(demo_db, cohort.id, TODAY)
        accepted += len(report.suggestions)
        # Whoever was suggested now has a mentor, so nobody is left to suggest for.
        assert matching.suggest_for_cohort(demo_db, cohort.id, TODAY).suggestions == []
    places = sum(m.free_places for m in before.values() if m.available(TODAY))
    assert accepted == places  # more participants than places: every free place is used
    after = mentoring.list_mentors(demo_db)
    for m in after:
        old = before[m.email]
        if m.mentees > old.mentees:  # only mentors with room were given new mentees
            assert m.mentees + m.proposed <= m.capacity
    pairs = mentoring_pairs.list_pairs(demo_db, status="active")
    new = [p for p in pairs if p.started_on == TODAY]
    assert new and all(p.score is not None and p.reasons for p in new)


def test_unknown_cohort_is_named_in_the_error(demo_db):
    with pytest.raises(NotFoundError, match="no cohort called 'Nope'"):
        matching.suggest_for_cohort(demo_db, lookup.cohort_id(demo_db, "Nope"), TODAY)


def test_swapping_to_an_alternative_saves_that_mentor(demo_db):
    cohort = list_cohorts(demo_db)[2]
    report = matching.suggest_for_cohort(demo_db, cohort.id, TODAY)
    first = next(s for s in report.suggestions if s.alternatives)
    other = first.alternatives[0]
    [row] = matching.accept_matches(
        demo_db, cohort.id, [(first.participant_id, other.mentor_id)], TODAY
    )
    assert (row.mentee_email, row.mentor_email, row.status) == (
        first.participant,
        other.mentor,
        "active",
    )
    assert row.reasons == other.reasons and row.score == other.score


def test_a_swap_that_overfills_a_mentor_saves_nothing(demo_db):
    cohort = list_cohorts(demo_db)[2]
    report = matching.suggest_for_cohort(demo_db, cohort.id, TODAY)
    mentor = min(
        (m for m in mentoring.list_mentors(demo_db) if m.free_places and m.available(TODAY)),
        key=lambda m: m.free_places,
    )
    org_of = facts(demo_db)[0]
    choices = [
        (s.participant_id, mentor.person_id)
        for s in report.suggestions
        if org_of[s.participant] != mentor.organisation
    ][: mentor.free_places + 1]
    with pytest.raises(RefusedError, match="Nothing was saved") as caught:
        matching.accept_matches(demo_db, cohort.id, choices, TODAY)
    assert "capacity" in caught.value.message
    assert (
        mentoring.find_mentor(demo_db, lookup.person_id(demo_db, mentor.email)).mentees
        == mentor.mentees
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),  # capacity
            st.booleans(),  # active
            st.sampled_from([None, -3, 0, 3]),  # paused until today + days
            st.integers(0, 5),  # organisation: one of the first six, shared with mentees
        ),
        min_size=15,
        max_size=15,
    ),
    st.integers(0, 2),
)
def test_no_hard_rule_is_ever_broken_whatever_the_profiles(demo_db, profiles, cohort_index):
    with demo_db.write() as session:
        orgs = session.scalars(select(Organisation.id).order_by(Organisation.id)).all()
        rows = session.execute(
            select(MentorProfile, Person).join(Person).order_by(MentorProfile.id)
        ).all()
        for (profile, person), (capacity, active, paused, org) in zip(rows, profiles, strict=True):
            profile.capacity, profile.active = capacity, active
            profile.paused_until = None if paused is None else TODAY + timedelta(days=paused)
            person.organisation_id = orgs[org]
    cohort = list_cohorts(demo_db)[cohort_index]
    report = matching.suggest_for_cohort(demo_db, cohort.id, TODAY)
    assert_hard_rules(demo_db, report)
    assert len(report.suggestions) + len(report.unmatched) == len(
        {s.participant for s in report.suggestions} | {u.participant for u in report.unmatched}
    )
