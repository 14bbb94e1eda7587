"""Putting Mentoring and Community rows back for Ctrl+Z (services.community.undoing): exact,
under the same ids, and refused in one sentence when someone changed them meanwhile."""

from __future__ import annotations

from datetime import date

import pytest

from cohort_desk.errors import ConflictError, RefusedError
from cohort_desk.services.community import members as community
from cohort_desk.services.community.undoing import changed, put_back, snapshot, snapshot_after
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


def test_a_scoped_change_is_undone_and_redone_exactly_and_other_rows_are_left_alone(demo_db):
    """Only the rows a change can touch are read (issue 22: every membership, read twice,
    made recording consent take 0.9 s with 10,000 members), and the rows it makes."""
    members = community.list_members(demo_db)
    chosen, other = [m for m in members if not m.consent_to_contact][:2]
    joining = next(p for p in list_people(demo_db) if p.id not in {m.person_id for m in members})
    before = snapshot(demo_db, ["members"], {"members": [chosen.id]})
    assert set(before.rows) == {("members", chosen.id)}  # nobody else is read
    community.set_consent(demo_db, chosen.id, True)
    community.add_members(demo_db, [joining.id])
    after = snapshot_after(demo_db, before)
    made = community.member_id_for(demo_db, joining.id)
    keys = changed(before, after)
    assert keys == [("members", chosen.id), ("members", made)]
    community.set_consent(demo_db, other.id, True)  # outside the scope, meanwhile
    everyone = snapshot(demo_db, ["members"])

    put_back(demo_db, before, after, keys)  # undo
    now = snapshot(demo_db, ["members"])
    assert now.rows[("members", chosen.id)] == before.rows[("members", chosen.id)]
    assert ("members", made) not in now.rows
    assert {k: v for k, v in now.rows.items() if k not in keys} == {
        k: v for k, v in everyone.rows.items() if k not in keys
    }  # the member outside the scope keeps their consent, as does everyone else

    put_back(demo_db, after, before, keys)  # redo, under the same ids
    assert snapshot(demo_db, ["members"]).rows == everyone.rows


def test_adding_members_reads_those_who_left_so_a_rejoining_is_undone(demo_db):
    member = community.list_members(demo_db)[0]
    community.leave_community(demo_db, member.id)
    before = snapshot(demo_db, ["members"], {"members": community.former_member_ids(demo_db)})
    community.add_members(demo_db, [member.person_id])  # they rejoin, under the same id
    after = snapshot_after(demo_db, before)
    keys = changed(before, after)
    assert keys == [("members", member.id)]
    put_back(demo_db, before, after, keys)
    assert member.id not in {m.id for m in community.list_members(demo_db)}  # left again
    put_back(demo_db, after, before, keys)
    assert member.id in {m.id for m in community.list_members(demo_db)}
