"""Attendance from Teams reports as Teams writes them, in every layout and language (issue 16).

Each report holds the same meeting: people matched by e-mail, by their account (UPN), by a
guest's #EXT# account, by a name only one person on the register has, a name two people
share, an external speaker with no e-mail and an organiser who is not enrolled.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from cohort_desk.errors import UserError
from cohort_desk.rules.dates import local_to_utc, parse_date, parse_time
from cohort_desk.services.attendance.from_file import apply_plan, plan_from_file
from cohort_desk.services.attendance.marking import register_lines
from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.sessions.records import SessionInput, add_session
from tests.teams_files import (
    LANGUAGES,
    Visitor,
    as_excel_csv,
    as_teams_csv,
    as_xlsx,
    old_log_rows,
    report_rows,
    write,
)

REGISTER = [
    ("Amara", "Okafor", "amara.okafor@nhs.net"),
    ("Ben", "Clarke", "ben.clarke@nhs.net"),
    ("Eve", "Example", "eve@example.org"),
    ("Zoë", "O'Neill", "zoe.oneill@nhs.net"),
    ("Sukarno", "", "sukarno@example.id"),
    ("Dev", "Patel", "dev.patel@nhs.net"),
    ("John", "Smith", "john.smith@nhs.net"),
    ("John", "Smith", "john.smith2@nhs.net"),
]


def at(clock: str) -> datetime:
    return datetime.fromisoformat(f"2026-02-02 {clock}")


GUEST = "eve_example.org#EXT#@academytenant.onmicrosoft.com"
VISITORS = [
    Visitor("Olu Adebayo", "olu.adebayo@nhs.net", [(at("09:20"), at("12:35"))], "organizer"),
    Visitor("Amara Okafor", "amara.okafor@nhs.net", [(at("09:25"), at("12:31"))]),
    # Joined from home with a personal account: only the name can match her.
    Visitor("Ben Clarke", "ben.clarke.home@gmail.com", [(at("09:45"), at("12:30"))]),
    Visitor(
        "Eve Example (Guest)",
        "",
        [(at("09:30"), at("10:15")), (at("10:20"), at("11:30"))],
        upn=GUEST,
    ),
    Visitor("Zoë O'Neill", "", [(at("09:30"), at("12:30"))], upn="zoe.oneill@nhs.net"),
    Visitor("SUKARNO (Guest)", "", [(at("09:31"), at("12:29"))], upn=""),
    Visitor("John Smith", "", [(at("09:30"), at("12:30"))], upn=""),
    Visitor("Visiting Speaker (External)", "", [(at("10:00"), at("11:00"))], "presenter", upn=""),
]
MARKS = {
    "amara.okafor@nhs.net": ("present", "e-mail"),
    "ben.clarke@nhs.net": ("late", "name"),
    "eve@example.org": ("left_early", "guest account (UPN)"),
    "zoe.oneill@nhs.net": ("present", "account (UPN)"),
    "sukarno@example.id": ("present", "name"),
    # Not in the report, and the two John Smiths cannot be told apart: absent.
    "dev.patel@nhs.net": ("absent", ""),
    "john.smith@nhs.net": ("absent", ""),
    "john.smith2@nhs.net": ("absent", ""),
}
NOT_MATCHED = [
    {
        "name": "Olu Adebayo",
        "email": "olu.adebayo@nhs.net",
        "why": "not in Cohort Desk, and no one on the register has this name",
    },
    {
        "name": "John Smith",
        "email": None,
        "why": "2 people on the register have this name, so it cannot say which; mark them by hand",
    },
    {
        "name": "Visiting Speaker (External)",
        "email": None,
        "why": "no e-mail address in the file, and no one on the register has this name",
    },
]


@pytest.fixture
def session_id(db) -> int:
    cohort = create_cohort(db, CohortInput(name="Cohort 6"))
    starts = local_to_utc(parse_date("2026-02-02"), parse_time("09:30"))
    ends = local_to_utc(parse_date("2026-02-02"), parse_time("12:30"))
    sid = add_session(db, cohort.id, SessionInput("Launch", starts, ends, cpd_hours=3)).id
    ids = [create_person(db, PersonInput(g, f, e)).id for g, f, e in REGISTER]
    enrol_people(db, cohort.id, ids, "participant")
    return sid


def marks(db, sid: int) -> dict[str, str | None]:
    return {line.email: line.status for line in register_lines(db, sid)}


def check(db, sid: int, path, matched_by: bool = True) -> None:
    plan = plan_from_file(db, sid, path)
    assert plan.kind == "Teams report"
    assert {m.email: m.after for m in plan.marks} == {e: s for e, (s, _h) in MARKS.items()}
    if matched_by:
        assert {m.email: m.matched_by for m in plan.marks} == {e: h for e, (_s, h) in MARKS.items()}
    assert plan.not_matched() == NOT_MATCHED
    apply_plan(db, plan)
    assert marks(db, sid) == {e: s for e, (s, _h) in MARKS.items()}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_current_report_in_each_language_as_teams_saves_it(db, session_id, tmp_path, language):
    rows = report_rows(VISITORS, language)
    check(db, session_id, write(tmp_path / "meetingAttendanceReport.csv", as_teams_csv(rows)))


@pytest.mark.parametrize("language", ["pl-PL", "pt-BR"])
def test_polish_and_portuguese_reports_re_saved_from_excel(db, session_id, tmp_path, language):
    rows = report_rows(VISITORS, language)
    check(db, session_id, as_xlsx(rows, tmp_path / "raport.xlsx"))
    check(db, session_id, write(tmp_path / "raport.csv", as_excel_csv(rows, ";")))


def test_the_2020_log_with_no_e_mail_matches_by_name(db, session_id, tmp_path):
    path = write(tmp_path / "meetingAttendanceList.csv", as_teams_csv(old_log_rows(VISITORS)))
    plan = plan_from_file(db, session_id, path)
    by_name = {e: (s, "name" if h else "") for e, (s, h) in MARKS.items()}
    assert {m.email: (m.after, m.matched_by) for m in plan.marks} == by_name
    # Without e-mails, the organiser is only a name no one on the register has.
    assert [(o["name"], o["email"]) for o in plan.not_matched()] == [
        ("Olu Adebayo", None),
        ("John Smith", None),
        ("Visiting Speaker (External)", None),
    ]


def test_the_2020_log_saved_during_the_meeting(db, session_id, tmp_path):
    """Teams let the organiser save the log only while the meeting ran: whoever never left
    was still there, so they are not 'left early'."""
    log = [
        ["Full Name", "User Action", "Timestamp"],
        ["Amara Okafor", "Joined before", "2/2/2026, 9:28:00 AM"],
        ["Ben Clarke", "Joined", "2/2/2026, 9:30:00 AM"],
        ["Ben Clarke", "Left", "2/2/2026, 10:30:00 AM"],
        ["Dev Patel", "Joined", "2/2/2026, 10:45:00 AM"],
    ]
    plan = plan_from_file(db, session_id, write(tmp_path / "list.csv", as_teams_csv(log)))
    got = {m.email: (m.after, m.reason) for m in plan.marks}
    assert got["amara.okafor@nhs.net"] == (
        "present",
        "joined 09:28, still there when the list was saved",
    )
    assert got["ben.clarke@nhs.net"] == ("left_early", "joined 09:30, last left 10:30")
    assert got["dev.patel@nhs.net"][0] == "late"


def test_a_people_list_is_refused_naming_the_import_command(db, session_id, tmp_path):
    path = tmp_path / "cohort 6.csv"
    path.write_text(
        "First name,Surname,Email,Organisation,Job title,Profession\n"
        "Amara,Okafor,amara.okafor@nhs.net,Lewisham and Greenwich,Matron,Nursing\n"
    )
    with pytest.raises(UserError, match=r"list of people's details .*\(cohort-desk import"):
        plan_from_file(db, session_id, path)
    assert set(marks(db, session_id).values()) == {None}


def test_cli_polish_report_lists_who_was_not_matched_and_exits_1(cli, db, session_id, tmp_path):
    path = write(tmp_path / "raport.csv", as_teams_csv(report_rows(VISITORS, "pl-PL")))
    result = cli("attend", str(session_id), "--from", str(path), "--json")
    assert result.code == 1, result.err
    document = result.json()
    assert document["not_matched"] == NOT_MATCHED
    assert (document["present"], document["late"], document["left_early"]) == (3, 1, 1)
    assert document["absent"] == 3
    words = cli("attend", str(session_id), "--from", str(path), "--dry-run")
    assert "guest account (UPN)" in words.out and "Visiting Speaker (External)" in words.out


def test_someone_seen_only_outside_the_session_is_not_marked_absent(db, session_id, tmp_path):
    """Absent is only for people no entry matched: an entry at the wrong time is left for a
    person to decide."""
    visitors = [
        Visitor("Amara Okafor", "amara.okafor@nhs.net", [(at("09:30"), at("12:30"))]),
        Visitor("Dev Patel", "dev.patel@nhs.net", [(at("12:40"), at("13:00"))]),
    ]
    path = write(tmp_path / "late.csv", as_teams_csv(report_rows(visitors, "en-GB")))
    plan = plan_from_file(db, session_id, path)
    dev = next(m for m in plan.marks if m.email == "dev.patel@nhs.net")
    assert (dev.after, dev.matched_by) == (None, "e-mail")
    assert dev.reason == (
        "joined 12:40, last left 13:00, only outside the session's times; left unmarked "
        "(check the session's times)"
    )
    apply_plan(db, plan)
    assert marks(db, session_id)["dev.patel@nhs.net"] is None
    assert marks(db, session_id)["ben.clarke@nhs.net"] == "absent"
