"""A cancelled session stays on record but is not held: no marks, not counted towards
completion, and calendars carry it as cancelled."""

from __future__ import annotations

import pytest

from cohort_desk.errors import RefusedError
from cohort_desk.services.attendance.marking import mark
from cohort_desk.services.certificates.eligibility import cohort_eligibility
from cohort_desk.services.sessions.cancelling import cancel_session, reinstate_session
from cohort_desk.services.sessions.records import get_session
from tests.integration.certificate_data import build_cohort


def test_cancelling_takes_a_session_out_of_the_count(db):
    # Three of four sessions attended: 75%. With the one missed cancelled, 3 of 3.
    built = build_cohort(db, [("Ada", "Allen", "ada@example.org", ["present"] * 3 + [None])])
    before = cohort_eligibility(db, built.cohort_id)[0]
    assert (before.attended, before.sessions) == (3, 4)
    row = cancel_session(db, built.session_ids[3], "snow")
    assert row.cancelled and row.cancel_reason == "snow"
    after = cohort_eligibility(db, built.cohort_id)[0]
    assert (after.attended, after.sessions) == (3, 3)
    with pytest.raises(RefusedError, match="was cancelled"):
        mark(db, built.session_ids[3], {built.people["ada@example.org"]: "present"})
    reinstate_session(db, built.session_ids[3])
    assert not get_session(db, built.session_ids[3]).cancelled
    assert cohort_eligibility(db, built.cohort_id)[0].sessions == 4


def test_a_session_that_took_place_cannot_be_cancelled(db):
    built = build_cohort(db, [("Ada", "Allen", "ada@example.org", ["present"] * 4)])
    with pytest.raises(RefusedError, match="took place"):
        cancel_session(db, built.session_ids[0])
    with pytest.raises(RefusedError, match="is not cancelled"):
        reinstate_session(db, built.session_ids[0])


@pytest.mark.parametrize(
    ("statuses", "says"),
    [(["present"], "marked for 1 person,"), (["present", "late"], "marked for 2 people,")],
)
def test_the_refusal_counts_the_people_marked_in_words(db, statuses, says):
    # Issue 15: "marked for 1 people" read as a slip; the count agrees with its noun.
    people = [
        (given, "Allen", f"{given.lower()}@example.org", [status, None, None, None])
        for given, status in zip(["Ada", "Bo"], statuses, strict=False)
    ]
    built = build_cohort(db, people)
    with pytest.raises(RefusedError, match=says):
        cancel_session(db, built.session_ids[0])
