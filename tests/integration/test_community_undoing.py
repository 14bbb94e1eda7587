"""Putting Mentoring and Community rows back for Ctrl+Z (services.community.undoing): exact,
under the same ids, and refused in one sentence when someone changed them meanwhile."""

from __future__ import annotations

from datetime import date

import pytest

from cohort_desk.errors import ConflictError, RefusedError
from cohort_desk.services.community import members as community
from cohort_desk.services.community.undoing import changed, put_back, snapshot
from cohort_desk.services.mentoring import meetings, pairs
from cohort_desk.services.mentoring import profiles as mentoring
from cohort_desk.services.people.records import list_people


def test_leaving_is_put_back_and_done_again_under_the_same_id(demo_db):
    member = next(m for m in community.list_members(demo_db) if m.consent_to_contact)
    before = snapshot(demo_db, ["members"])
    community.leave_community(demo_db, member.id)
    after = snapshot(demo_db, ["members"])
    keys = changed(before, after)
    assert keys == [("members", member.id)]
    put_back(demo_db, before, after, keys)
    again = next(m for m in community.list_members(demo_db) if m.id == member.id)
    assert (again.left_on, again.consent_to_contact) == (None, True)
    put_back(demo_db, after, before, keys)
    assert member.id not in {m.id for m in community.list_members(demo_db)}


def test_a_row_changed_by_someone_else_is_not_overwritten(demo_db):
    member = next(m for m in community.list_members(demo_db) if not m.consent_to_contact)
    before = snapshot(demo_db, ["members"])
    community.set_consent(demo_db, member.id, True)
    after = snapshot(demo_db, ["members"])
    community.leave_community(demo_db, member.id)  # another administrator, meanwhile
    with pytest.raises(ConflictError, match="Someone changed these records"):
        put_back(demo_db, before, after, changed(before, after))


def test_a_pair_with_meetings_logged_since_is_not_taken_back(demo_db):
    mentor = next(m for m in mentoring.list_mentors(demo_db) if m.free_places > 0)
    taken = {p.mentee_id for p in pairs.list_pairs(demo_db)} | {mentor.person_id}
    mentee = next(
        p
        for p in list_people(demo_db)
        if p.id not in taken and p.organisation and p.organisation != mentor.organisation
    )
    before = snapshot(demo_db, ["pairs", "meetings"])
    pair = pairs.assign_mentor(demo_db, mentor.person_id, mentee.id, allow_over_capacity=True)
    after = snapshot(demo_db, ["pairs", "meetings"])
    meetings.log_meeting(demo_db, pair.id, date.today(), 60, "online")  # not on this change
    with pytest.raises(RefusedError, match="meetings logged since"):
        put_back(demo_db, before, after, changed(before, after))
    assert pairs.get_pair(demo_db, pair.id).status == "active"
