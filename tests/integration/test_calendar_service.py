"""Calendar files for a session, a cohort and a person: London times either side of the
clock changes, stable UIDs so a re-export updates, and cancelled sessions as cancelled."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest

from cohort_desk.errors import RefusedError, UserError
from cohort_desk.services.communications import calendar_file, write_calendar
from cohort_desk.services.sessions.cancelling import cancel_session, reinstate_session
from cohort_desk.services.sessions.records import SessionInput, get_session, update_session
from tests.integration.mail_data import COHORT, SESSIONS, build


def events(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def test_a_cohorts_programme_in_london_time_across_both_clock_changes(db):
    built = build(db)
    found = calendar_file(db, cohort_id=built.cohort_id)
    assert found.sessions == 4 and found.file_name == f"{COHORT} sessions.ics"
    calendar = icalendar.Calendar.from_ical(found.data)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    for event, (title, start, hours, offset) in zip(events(found.data), SESSIONS, strict=True):
        begins = event.decoded("dtstart")
        assert begins == start and begins.utcoffset() == timedelta(hours=offset)
        assert begins.hour == start.hour and begins.minute == start.minute
        assert event.decoded("dtend") - begins == timedelta(hours=hours)
        assert str(event["SUMMARY"]) == title and event["STATUS"] == "CONFIRMED"
        assert "Facilitator: Grace Okafor" in str(event["DESCRIPTION"])
        assert "What to bring: Your reflective log" in str(event["DESCRIPTION"])
    masterclass = events(found.data)[2]
    assert str(masterclass["URL"]) == "https://teams.microsoft.com/l/meetup-join/x"
    assert str(masterclass["LOCATION"]) == "https://teams.microsoft.com/l/meetup-join/x"
    assert str(events(found.data)[0]["LOCATION"]) == "Guy's Hospital, Education Centre"
    assert len({str(e["UID"]) for e in events(found.data)}) == 4
    assert built.session_ids


def test_re_exporting_updates_the_same_entries_and_cancelling_marks_them(db):
    built = build(db)
    first = {str(e["UID"]): e for e in events(calendar_file(db, cohort_id=built.cohort_id).data)}
    target = built.session_ids[1]
    row = get_session(db, target)
    moved = SessionInput(
        title=row.title,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        venue="Woolwich Centre, Room 3",
        facilitator_id=row.facilitator_id,
    )
    update_session(db, target, moved, row.version)
    cancel_session(db, built.session_ids[3], "Room unavailable")
    second = {str(e["UID"]): e for e in events(calendar_file(db, cohort_id=built.cohort_id).data)}
    assert second.keys() == first.keys(), "the same UIDs: a calendar updates, never duplicates"
    by_title = {str(e["SUMMARY"]): e for e in second.values()}
    changed = by_title["Action learning set 1"]
    uid = str(changed["UID"])
    assert changed["SEQUENCE"] > first[uid]["SEQUENCE"]
    assert str(changed["LOCATION"]) == "Woolwich Centre, Room 3"
    cancelled = by_title["Cancelled: Closing workshop"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] > first[str(cancelled["UID"])]["SEQUENCE"]
    assert "cancelled (Room unavailable)" in str(cancelled["DESCRIPTION"])
    reinstate_session(db, built.session_ids[3])
    again = {str(e["UID"]): e for e in events(calendar_file(db, cohort_id=built.cohort_id).data)}
    back = again[str(cancelled["UID"])]
    assert back["STATUS"] == "CONFIRMED" and back["SEQUENCE"] > cancelled["SEQUENCE"]


def test_one_session_and_one_persons_sessions(db):
    built = build(db)
    one = calendar_file(db, session_id=built.session_ids[0])
    assert one.sessions == 1 and one.file_name == "Launch 25-03-2027.ics"
    person = calendar_file(db, person_id=built.people["khai.nguyen@nhs.net"])
    assert person.sessions == 4
    assert {str(e["UID"]) for e in events(person.data)} == {
        str(e["UID"]) for e in events(calendar_file(db, cohort_id=built.cohort_id).data)
    }
    facilitator = built.people["grace.okafor@nhs.net"]
    assert calendar_file(db, person_id=facilitator).sessions == 4
    with pytest.raises(RefusedError, match="no cohort with sessions"):
        calendar_file(db, person_id=built.people["tom.baker@nhs.net"])
    with pytest.raises(UserError, match="no session number 999"):
        calendar_file(db, session_id=999)


def test_written_through_the_safe_output_path(db, tmp_path):
    built = build(db)
    found = calendar_file(db, cohort_id=built.cohort_id)
    path = write_calendar(found, tmp_path / "c.ics", overwrite=False)
    assert path.read_bytes() == found.data
    with pytest.raises(UserError, match="already exists"):
        write_calendar(found, tmp_path / "c.ics", overwrite=False)
    write_calendar(found, tmp_path / "c.ics", overwrite=True)
