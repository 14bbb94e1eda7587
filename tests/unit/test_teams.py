"""Teams attendance reports in the layouts and locales Teams has written them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from cohort_desk.errors import UserError
from cohort_desk.sheets.teams import (
    TeamsAttendee,
    TeamsReport,
    is_teams_report,
    read_teams_report,
)

US_REPORT = """1. Summary
Meeting title\tCohort 5 – Session 2: Systems leadership
Attended participants\t4
Start time\t2/2/26, 9:55:00 AM
End time\t2/2/26, 12:02:13 PM
Meeting duration\t2h 7m 13s
Average attendance time\t1h 24m 5s

2. Participants
Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole
Jane Smith\t2/2/26, 9:55:00 AM\t2/2/26, 12:02:13 PM\t2h 7m 13s\tJane.Smith@nhs.net\tjane.smith@nhs.net\tOrganizer
SMITH, John (KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST)\t2/2/26, 10:01:00 AM\t2/2/26, 11:30:00 AM\t1h 19m\tjohn.smith2@nhs.net\tjohn.smith2@nhs.net\tPresenter
Pat Jones (Guest)\t2/2/26, 10:05:00 AM\t2/2/26, 10:45:00 AM\t40m\t\t\tAttendee
Sam Lee\t2/2/26, 12:00:00 PM\t2/2/26, 12:01:00 PM\t1m\t\tsam.lee@nhs.net\tAttendee

3. In-Meeting Activities
Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole
Jane Smith\t2/2/26, 9:55:00 AM\t2/2/26, 12:02:13 PM\t2h 7m 13s\tjane.smith@nhs.net\tOrganizer
John Smith\t2/2/26, 10:01:00 AM\t2/2/26, 10:30:00 AM\t29m\tJOHN.SMITH2@NHS.NET\tPresenter
John Smith\t2/2/26, 10:40:00 AM\t2/2/26, 11:30:00 AM\t50m\tjohn.smith2@nhs.net\tPresenter
Pat Jones (Guest)\t2/2/26, 10:05:00 AM\t2/2/26, 10:45:00 AM\t40m\t\tAttendee
Sam Lee\t2/2/26, 12:00:00 PM\t2/2/26, 12:01:00 PM\t1m\t\tAttendee
"""  # noqa: E501


def save(path: Path, text: str, encoding: str = "utf-16") -> Path:
    """Teams writes UTF-16 with a BOM and Windows line endings."""
    path.write_text(text.replace("\n", "\r\n"), encoding=encoding, newline="")
    return path


def at(hour: int, minute: int, second: int = 0, day: int = 2, month: int = 2) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, second)


def test_current_us_report(tmp_path: Path) -> None:
    report = read_teams_report(save(tmp_path / "meetingAttendanceReport.csv", US_REPORT))
    assert report == TeamsReport(
        title="Cohort 5 – Session 2: Systems leadership",
        start=at(9, 55),
        end=at(12, 2, 13),
        attendees=[
            TeamsAttendee(
                "Jane Smith",
                "Jane.Smith@nhs.net",
                at(9, 55),
                at(12, 2, 13),
                "Organizer",
                "jane.smith@nhs.net",
            ),
            TeamsAttendee(
                "SMITH, John (KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST)",
                "john.smith2@nhs.net",
                at(10, 1),
                at(11, 30),
                "Presenter",
                "john.smith2@nhs.net",
            ),
            TeamsAttendee("Pat Jones (Guest)", "", at(10, 5), at(10, 45), "Attendee"),
            # No e-mail column value: the account (UPN) is kept for matching by it.
            TeamsAttendee("Sam Lee", "", at(12, 0), at(12, 1), "Attendee", "sam.lee@nhs.net"),
        ],
    )


def test_activities_widen_the_participants_times(tmp_path: Path) -> None:
    text = US_REPORT.replace(
        "John Smith\t2/2/26, 10:01:00 AM\t2/2/26, 10:30:00 AM",
        "John Smith\t2/2/26, 9:58:00 AM\t2/2/26, 10:30:00 AM",
    ).replace(
        "Sam Lee\t2/2/26, 12:00:00 PM\t2/2/26, 12:01:00 PM\t1m\t\tAttendee\n",
        "Sam Lee\t2/2/26, 12:00:00 PM\t2/2/26, 12:01:00 PM\t1m\t\tAttendee\n"
        "Late Comer\t2/2/26, 11:00:00 AM\t2/2/26, 11:10:00 AM\t10m\tlate@nhs.net\t"
        "Attendee\n",
    )
    report = read_teams_report(save(tmp_path / "r.csv", text))
    john = report.attendees[1]
    assert john.name.startswith("SMITH, John") and john.first_join == at(9, 58)
    assert report.attendees[-1] == TeamsAttendee(
        "Late Comer", "late@nhs.net", at(11, 0), at(11, 10), "Attendee"
    )


UK_REPORT = """1. Summary
Meeting title\tAction learning set
Attended participants\t2
Start time\t03/02/2026, 09:55:00
End time\t03/02/2026, 12:02:13
Meeting duration\t2h 7m 13s

2. Participants
Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole
Zoë O'Neill\t03/02/2026, 09:55:00\t03/02/2026, 12:02:13\t2h 7m\tzoe@nhs.net\tzoe@nhs.net\tOrganiser
Al Khan\t03/02/2026, 13:05:00\t03/02/2026, 14:00:00\t55m\tal@nhs.net\tal@nhs.net\tAttendee
"""  # noqa: E501


def test_uk_report_is_day_first_on_a_24_hour_clock(tmp_path: Path) -> None:
    report = read_teams_report(save(tmp_path / "r.csv", UK_REPORT))
    assert report.start == at(9, 55, day=3)
    assert report.attendees[1].first_join == at(13, 5, day=3)
    assert report.attendees[0].name == "Zoë O'Neill"


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2/3/26, 9:55:00 AM", at(9, 55, day=3)),  # AM/PM: US order
        ("2/3/26, 9:55:00\u202fPM", at(21, 55, day=3)),  # narrow no-break space (Windows 11)
        ("2/3/2026, 12:05:00 AM", at(0, 5, day=3)),
        ("02/03/2026, 09:55:00", at(9, 55, month=3)),  # 24-hour: UK order
        ("2/3/2026, 09:55:00", at(9, 55, month=3)),
        ("2026-02-03 09:55:00", at(9, 55, day=3)),
        ("13/2/26, 9:55:00 AM", at(9, 55, day=13)),  # 13 can only be a day (en-AU)
        ("2/13/2026, 14:00:00", at(14, 0, day=13)),  # 13 can only be a day (US 24-hour)
    ],
)
def test_timestamp_orders(tmp_path: Path, stamp: str, expected: dt.datetime) -> None:
    text = f"Full Name\tUser Action\tTimestamp\nJane Smith\tJoined\t{stamp}\n"
    report = read_teams_report(save(tmp_path / "r.csv", text))
    assert report.attendees[0].first_join == expected


def test_one_unambiguous_stamp_decides_for_the_whole_file(tmp_path: Path) -> None:
    text = (
        "Full Name\tUser Action\tTimestamp\nJane Smith\tJoined\t3/2/26, 9:55:00 AM\n"
        "Jane Smith\tLeft\t13/2/26, 10:00:00 AM\n"
    )
    attendee = read_teams_report(save(tmp_path / "r.csv", text)).attendees[0]
    assert attendee.first_join == at(9, 55, day=3)
    assert attendee.last_leave == at(10, 0, day=13)


def test_mixed_orders_are_refused(tmp_path: Path) -> None:
    text = (
        "Full Name\tUser Action\tTimestamp\nA\tJoined\t13/2/2026, 09:55:00\n"
        "A\tLeft\t2/13/2026, 10:00:00\n"
    )
    with pytest.raises(UserError, match="mix day/month and month/day"):
        read_teams_report(save(tmp_path / "r.csv", text))


def test_oldest_join_leave_log(tmp_path: Path) -> None:
    text = """Full Name\tUser Action\tTimestamp
Jane Smith\tJoined before\t2/2/2026, 9:55:00 AM
John Smith\tJoined\t2/2/2026, 10:01:00 AM
John Smith\tLeft\t2/2/2026, 10:30:00 AM
John Smith\tJoined\t2/2/2026, 10:40:00 AM
John Smith\tLeft\t2/2/2026, 11:30:00 AM
Pat Jones\tJoined\t2/2/2026, 11:45:00 AM
"""
    report = read_teams_report(save(tmp_path / "r.csv", text))
    assert report.title is None and report.start is None
    assert report.attendees == [
        # Never left: still there when the list was saved, which is all the log knows.
        TeamsAttendee("Jane Smith", "", at(9, 55), at(11, 45), "", stayed=True),
        TeamsAttendee("John Smith", "", at(10, 1), at(11, 30), ""),
        TeamsAttendee("Pat Jones", "", at(11, 45), at(11, 45), "", stayed=True),
    ]


def test_2021_layout_with_meeting_summary(tmp_path: Path) -> None:
    text = """Meeting Summary
Total Number of Participants\t2
Meeting Title\tCoaching skills
Meeting Start Time\t02/02/2026, 09:00:00
Meeting End Time\t02/02/2026, 11:00:00

Full Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\tParticipant ID (UPN)
Jane Smith\t02/02/2026, 09:00:00\t02/02/2026, 10:00:00\t1h\tjane@nhs.net\tOrganizer\tjane@nhs.net
Jane Smith\t02/02/2026, 10:10:00\t02/02/2026, 11:00:00\t50m\tjane@nhs.net\tOrganizer\tjane@nhs.net
"""
    report = read_teams_report(save(tmp_path / "r.csv", text))
    assert report.title == "Coaching skills" and report.end == at(11, 0)
    assert report.attendees == [
        TeamsAttendee(
            "Jane Smith", "jane@nhs.net", at(9, 0), at(11, 0), "Organizer", "jane@nhs.net"
        )
    ]


def test_report_resaved_by_excel_as_utf8_csv_still_reads(tmp_path: Path) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(line.split("\t") for line in US_REPORT.splitlines())
    path = tmp_path / "r.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    report = read_teams_report(path)
    assert len(report.attendees) == 4 and report.attendees[1].email == "john.smith2@nhs.net"


def test_same_table_in_a_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "First Join", "Last Leave", "Email", "Role"])
    sheet.append(["Jane Smith", at(9, 55), at(11, 0), "jane@nhs.net", "Organizer"])
    path = tmp_path / "report.xlsx"
    book.save(path)
    assert is_teams_report(path)
    assert read_teams_report(path).attendees == [
        TeamsAttendee("Jane Smith", "jane@nhs.net", at(9, 55), at(11, 0), "Organizer")
    ]


def test_is_teams_report_tells_reports_from_lists_of_people(tmp_path: Path) -> None:
    assert is_teams_report(save(tmp_path / "report.csv", US_REPORT))
    assert is_teams_report(save(tmp_path / "uk.csv", UK_REPORT, "utf-8"))
    assert is_teams_report(save(tmp_path / "old.csv", "Full Name\tUser Action\tTimestamp\n"))
    people = tmp_path / "people.csv"
    people.write_text("Name,Email,Role\nJane Smith,jane@nhs.net,Nurse\n")
    assert not is_teams_report(people)
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert not is_teams_report(junk)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert not is_teams_report(empty)
    assert not is_teams_report(tmp_path / "missing.csv")


def test_list_of_people_is_not_read_as_a_report(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nJane Smith,jane@nhs.net\n")
    with pytest.raises(UserError, match="does not look like a Teams attendance report"):
        read_teams_report(path)


def test_unreadable_time_is_a_user_error(tmp_path: Path) -> None:
    text = "Full Name\tUser Action\tTimestamp\nJane Smith\tJoined\tyesterday morning\n"
    with pytest.raises(UserError, match="'yesterday morning'"):
        read_teams_report(save(tmp_path / "r.csv", text))
