"""Marking a session's register: by e-mail or id, all present, notes, walk-ins, refusals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from cohort_desk.db.models import Attendance, AuditEntry, Person
from cohort_desk.errors import NotFoundError, ValidationError
from cohort_desk.services.attendance.marking import (
    clear_marks,
    mark,
    mark_all_present,
    register_data,
    register_lines,
    set_note,
)
from cohort_desk.services.attendance.walk_in import add_walk_in, add_walk_ins
from cohort_desk.services.cohorts.enrolments import list_enrolments, set_status
from cohort_desk.services.people.records import PersonInput, find_person
from tests.integration.attendance_files import add_outsider, make_cohort

NAMES = [("Amara", "Okafor"), ("Ben", "Clarke"), ("Chloé", "Dubois"), ("Dev", "Patel")]


@pytest.fixture
def setup(db):
    return make_cohort(db, NAMES)


def marks_in(db, session_id: int) -> dict[str, str]:
    return {line.email: line.status for line in register_lines(db, session_id) if line.status}


def test_register_lists_participants_by_family_name_unmarked(db, setup):
    lines = register_lines(db, setup.session_ids[0])
    assert [line.family_name for line in lines] == ["Clarke", "Dubois", "Okafor", "Patel"]
    assert all(line.status is None for line in lines)


def test_marks_by_email_any_case_and_by_id_are_saved_with_who_and_how(db, setup):
    sid = setup.session_ids[0]
    result = mark(
        db,
        sid,
        {"AMARA.OKAFOR@nhs.net": "present", setup.ids["ben.clarke@nhs.net"]: "late"},
        source="command line",
    )
    assert result.changed == 2
    assert result.counts == {
        "present": 1,
        "late": 1,
        "left_early": 0,
        "absent": 0,
        "apologies": 0,
    }
    with db.read() as session:
        rows = session.scalars(select(Attendance)).all()
    assert {(r.status, r.source, r.recorded_by) for r in rows} == {
        ("present", "command line", "tester"),
        ("late", "command line", "tester"),
    }


def test_marking_again_changes_the_status_and_the_same_status_changes_nothing(db, setup):
    sid = setup.session_ids[0]
    mark(db, sid, {"dev.patel@nhs.net": "absent"})
    assert mark(db, sid, {"dev.patel@nhs.net": "absent"}).changed == 0
    assert mark(db, sid, {"dev.patel@nhs.net": "apologies"}).changed == 1
    assert marks_in(db, sid) == {"dev.patel@nhs.net": "apologies"}
    with db.read() as session:
        audited = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.record_type == "Attendance")
        )
    assert audited == 2  # created, then updated; the repeat wrote nothing


def test_someone_not_enrolled_is_an_error_naming_them_and_nothing_is_marked(db, setup):
    outsider = add_outsider(db, "Olu", "Organiser")
    with pytest.raises(ValidationError) as raised:
        mark(db, setup.session_ids[0], {"amara.okafor@nhs.net": "present", outsider: "present"})
    assert "Olu Organiser" in raised.value.message and outsider in raised.value.message
    assert "not enrolled" in raised.value.message
    assert marks_in(db, setup.session_ids[0]) == {}
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 5  # nobody added


def test_an_unknown_email_is_not_found_and_nothing_is_marked(db, setup):
    with pytest.raises(NotFoundError, match="nobody@nhs.net"):
        mark(db, setup.session_ids[0], {"ben.clarke@nhs.net": "late", "nobody@nhs.net": "late"})
    assert marks_in(db, setup.session_ids[0]) == {}


def test_a_withdrawn_participant_cannot_be_marked_and_says_why(db, setup):
    enrolment = next(e for e in list_enrolments(db, setup.cohort_id) if e.family_name == "Patel")
    set_status(db, enrolment.id, "withdrawn", enrolment.status_on)
    assert [line.family_name for line in register_lines(db, setup.session_ids[0])] == [
        "Clarke",
        "Dubois",
        "Okafor",
    ]
    with pytest.raises(ValidationError, match="withdrawn"):
        mark(db, setup.session_ids[0], {"dev.patel@nhs.net": "present"})


@pytest.mark.parametrize(
    ("session_id", "status", "error"),
    [(999, "present", NotFoundError), (None, "here", ValidationError)],
)
def test_unknown_session_or_status_is_refused(db, setup, session_id, status, error):
    with pytest.raises(error):
        mark(db, session_id or setup.session_ids[0], {"ben.clarke@nhs.net": status})
    assert marks_in(db, setup.session_ids[0]) == {}


def test_mark_all_present_keeps_marks_already_made(db, setup):
    sid = setup.session_ids[0]
    mark(db, sid, {"chloé.dubois@nhs.net": "apologies", "ben.clarke@nhs.net": "late"})
    result = mark_all_present(db, sid)
    assert result.changed == 2
    assert marks_in(db, sid) == {
        "amara.okafor@nhs.net": "present",
        "ben.clarke@nhs.net": "late",
        "chloé.dubois@nhs.net": "apologies",
        "dev.patel@nhs.net": "present",
    }


def test_notes_need_a_mark_and_are_kept_when_the_status_changes(db, setup):
    sid, amara = setup.session_ids[0], setup.ids["amara.okafor@nhs.net"]
    with pytest.raises(ValidationError, match="first"):
        set_note(db, sid, amara, "Left at 11 for clinic")
    mark(db, sid, {amara: "present"})
    set_note(db, sid, amara, "  Left at 11   for clinic ")
    mark(db, sid, {amara: "left_early"})
    line = next(x for x in register_lines(db, sid) if x.person_id == amara)
    assert (line.status, line.note) == ("left_early", "Left at 11 for clinic")


def test_clearing_a_mark_makes_the_person_unmarked_again(db, setup):
    sid, ben = setup.session_ids[0], setup.ids["ben.clarke@nhs.net"]
    mark(db, sid, {ben: "absent"})
    assert clear_marks(db, sid, [ben]) == 1
    assert marks_in(db, sid) == {}


def test_a_walk_in_is_added_enrolled_and_marked_in_one_go(db, setup):
    sid = setup.session_ids[0]
    walk_in = add_walk_in(
        db, sid, PersonInput("Zofia", "Nowak", "Zofia.Nowak@nhs.net", organisation="Bexley ICB")
    )
    assert walk_in.created
    assert (walk_in.line.full_name, walk_in.line.status) == ("Zofia Nowak", "present")
    assert walk_in.line.organisation == "Bexley ICB"
    assert marks_in(db, sid)["Zofia.Nowak@nhs.net"] == "present"
    assert "Nowak" in [p.family_name for p in register_data(db, sid).people]


def test_a_walk_in_already_in_the_database_is_enrolled_not_duplicated(db, setup):
    email = add_outsider(db, "Olu", "Organiser")
    walk_in = add_walk_in(db, setup.session_ids[0], PersonInput("Olu", "Organiser", email), "late")
    assert not walk_in.created and walk_in.line.status == "late"
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 5


def test_walk_ins_picked_by_id_are_enrolled_and_marked_all_or_none(db, setup):
    sid = setup.session_ids[0]
    olu = find_person(db, add_outsider(db, "Olu", "Organiser")).id
    zee = find_person(db, add_outsider(db, "Zee", "Zed")).id
    withdrawn = setup.ids[setup.emails[0]]
    enrolment = next(e for e in list_enrolments(db, setup.cohort_id) if e.person_id == withdrawn)
    set_status(db, enrolment.id, "withdrawn", date(2026, 1, 1))
    with pytest.raises(ValidationError, match="withdrawn"):
        add_walk_ins(db, sid, [olu, withdrawn, zee], "late")
    assert marks_in(db, sid) == {}  # Olu was not marked before the refusal
    added = add_walk_ins(db, sid, [olu, zee], "late")
    assert [(w.line.full_name, w.line.status) for w in added] == [
        ("Olu Organiser", "late"),
        ("Zee Zed", "late"),
    ]


def test_a_walk_in_with_a_bad_email_changes_nothing(db, setup):
    with pytest.raises(ValidationError):
        add_walk_in(db, setup.session_ids[0], PersonInput("Zofia", "Nowak", "zofia at nhs"))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 4


def test_register_data_has_the_session_details_and_everyone_enrolled(db, setup):
    data = register_data(db, setup.session_ids[0])
    assert data.session_title == "Launch" and data.cohort == "Test Cohort"
    assert data.academy_name == "South East London Systems Leadership Academy"
    assert f"{data.starts_at:%H:%M}" == "09:30" and data.ends_at is not None
    assert sorted(p.family_name for p in data.people) == ["Clarke", "Dubois", "Okafor", "Patel"]
    assert {p.ref for p in data.people} == {f"P{i:04d}" for i in setup.ids.values()}
