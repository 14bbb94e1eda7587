"""Attendance from a file: Teams reports in their real shape, and plain lists of e-mails."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from cohort_desk.db.models import Person
from cohort_desk.errors import UserError
from cohort_desk.services.attendance.from_file import apply_plan, plan_from_file
from cohort_desk.services.attendance.marking import mark, register_lines
from tests.integration.attendance_files import (
    Attendee,
    add_outsider,
    at,
    make_cohort,
    write_teams_report,
)

# Session: Monday 2 February 2026, 09:30-12:30 (GMT); late after 10 min, left early 15 min.
NAMES = [
    ("Amara", "Okafor"),
    ("Ben", "Clarke"),
    ("Chloe", "Dubois"),
    ("Dev", "Patel"),
    ("Esi", "Mensah"),
    ("Femi", "Adeyemi"),
    ("Gita", "Rao"),
]
D = "2026-02-02"


def visit(join: str, leave: str, day: str = D) -> tuple:
    return (at(day, join), at(day, leave))


def statuses(db, session_id):
    return {line.email: line.status for line in register_lines(db, session_id)}


def people_count(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Person))


@pytest.fixture
def setup(db):
    return make_cohort(db, NAMES)


def report_for(setup, tmp_path, style="us", name="report.csv", extra=()):
    attendees = [
        Attendee("Amara Okafor", "amara.okafor@nhs.net", [visit("09:25", "12:31")]),
        # Exactly 10 minutes late is still present; a minute more is late.
        Attendee("Ben Clarke", "Ben.Clarke@NHS.net", [visit("09:40", "12:30")]),
        Attendee("Chloe Dubois", "chloe.dubois@nhs.net", [visit("09:41", "12:30")]),
        # Left 16 minutes before the end; joined twice (the activities repeat her).
        Attendee(
            "Dev Patel", "dev.patel@nhs.net", [visit("09:29", "10:00"), visit("10:05", "12:14")]
        ),
        # Esi is not in the report; Femi sent apologies and is not in it either.
        # Gita sent apologies but came after all.
        Attendee("Gita Rao", "gita.rao@nhs.net", [visit("09:30", "12:20")]),
        Attendee("Visiting Speaker (Guest)", "", [visit("10:00", "11:00")], "Presenter"),
        Attendee("Pat Outside", "pat.outside@example.org", [visit("09:30", "12:30")]),
        *extra,
    ]
    return write_teams_report(tmp_path / name, attendees, style=style)


@pytest.mark.parametrize("style", ["us", "uk"])
def test_teams_report_marks_every_participant_by_the_cohort_thresholds(db, setup, tmp_path, style):
    sid = setup.session_ids[0]
    organiser = add_outsider(db, "Olu", "Organiser")
    mark(db, sid, {"femi.adeyemi@nhs.net": "apologies", "gita.rao@nhs.net": "apologies"})
    before = people_count(db)
    extra = [Attendee("Olu Organiser", organiser, [visit("09:00", "12:45")], "Organizer")]
    plan = plan_from_file(db, sid, report_for(setup, tmp_path, style, extra=extra))

    expected = {
        "amara.okafor@nhs.net": "present",
        "ben.clarke@nhs.net": "present",
        "chloe.dubois@nhs.net": "late",
        "dev.patel@nhs.net": "left_early",
        "esi.mensah@nhs.net": "absent",
        "femi.adeyemi@nhs.net": "apologies",
        "gita.rao@nhs.net": "present",
    }
    assert {m.email: m.after for m in plan.marks} == expected
    assert plan.json_document() == {
        "present": 3,
        "late": 1,
        "left_early": 1,
        "absent": 1,
        "apologies": 1,
        "not_enrolled": ["pat.outside@example.org", organiser],
        "not_matched": [
            {
                "name": "Visiting Speaker (Guest)",
                "email": None,
                "why": "no e-mail address in the file, and no one on the register has this name",
            },
            {
                "name": "Pat Outside",
                "email": "pat.outside@example.org",
                "why": "not in Cohort Desk, and no one on the register has this name",
            },
            {
                "name": "Olu Organiser",
                "email": organiser,
                "why": "in Cohort Desk but not enrolled in this cohort",
            },
        ],
    }
    assert {m.matched_by for m in plan.marks} == {"e-mail", ""}
    # The plan is a preview: nothing is saved until it is applied.
    assert statuses(db, sid)["amara.okafor@nhs.net"] is None

    counts = apply_plan(db, plan)
    assert statuses(db, sid) == expected
    listed = ("not_enrolled", "not_matched")
    assert counts == {k: v for k, v in plan.json_document().items() if k not in listed}
    assert people_count(db) == before  # guests and organisers are listed, never added


def test_cohort_thresholds_are_the_cohorts_own(db, tmp_path):
    setup = make_cohort(
        db, NAMES[:2], late_after_minutes=5, left_early_minutes=30, cohort="Strict Cohort"
    )
    path = write_teams_report(
        tmp_path / "r.csv",
        [
            Attendee("Amara Okafor", "amara.okafor@nhs.net", [visit("09:36", "12:30")]),
            Attendee("Ben Clarke", "ben.clarke@nhs.net", [visit("09:30", "12:05")]),
        ],
    )
    plan = plan_from_file(db, setup.session_ids[0], path)
    assert {m.email: m.after for m in plan.marks} == {
        "amara.okafor@nhs.net": "late",
        "ben.clarke@nhs.net": "present",  # 25 minutes early is within the cohort's 30
    }


def test_summer_sessions_compare_the_report_in_uk_local_time(db, tmp_path):
    # 10:00 BST is 09:00 UTC; the report says 10:05, which is on time.
    setup = make_cohort(db, NAMES[:1], sessions=[("Summer", "2026-06-08 10:00", "12:00")])
    path = write_teams_report(
        tmp_path / "r.csv",
        [Attendee("Amara Okafor", "amara.okafor@nhs.net", [visit("10:05", "12:00", "2026-06-08")])],
        style="uk",
    )
    plan = plan_from_file(db, setup.session_ids[0], path)
    assert [m.after for m in plan.marks] == ["present"]


def test_a_report_from_another_day_is_refused_and_nothing_changes(db, setup, tmp_path):
    path = write_teams_report(
        tmp_path / "r.csv",
        [Attendee("Amara Okafor", "amara.okafor@nhs.net", [visit("09:30", "12:30", "2026-02-09")])],
    )
    with pytest.raises(UserError, match="09/02/2026.*02/02/2026"):
        plan_from_file(db, setup.session_ids[0], path)


def test_an_apology_made_after_the_preview_is_not_overwritten(db, setup, tmp_path):
    sid = setup.session_ids[0]
    plan = plan_from_file(db, sid, report_for(setup, tmp_path))
    mark(db, sid, {"esi.mensah@nhs.net": "apologies"})
    apply_plan(db, plan)
    assert statuses(db, sid)["esi.mensah@nhs.net"] == "apologies"


def test_applying_twice_changes_nothing_the_second_time(db, setup, tmp_path):
    sid = setup.session_ids[0]
    path = report_for(setup, tmp_path)
    apply_plan(db, plan_from_file(db, sid, path))
    again = plan_from_file(db, sid, path)
    assert again.changes == []


def write_xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_list_of_emails_marks_those_listed_present_and_the_rest_absent(db, setup, tmp_path):
    sid = setup.session_ids[0]
    mark(db, sid, {"femi.adeyemi@nhs.net": "apologies", "ben.clarke@nhs.net": "late"})
    path = write_xlsx(
        tmp_path / "came.xlsx",
        [
            ["Who came to the launch"],
            [],
            ["Name", "Email address", "Manager email"],
            ["Amara", " AMARA.okafor@nhs.net ", "boss@nhs.net"],
            ["Ben", "ben.clarke@nhs.net", "boss@nhs.net"],
            ["Pat", "pat.outside@example.org", ""],
            ["Typo", "dev.patel at nhs.net", ""],
        ],
    )
    plan = plan_from_file(db, sid, path)
    assert plan.kind == "list of who came"
    assert {m.email: m.after for m in plan.marks} == {
        "amara.okafor@nhs.net": "present",
        "ben.clarke@nhs.net": "late",  # a list has no times, so an earlier "late" stands
        "chloe.dubois@nhs.net": "absent",
        "dev.patel@nhs.net": "absent",
        "esi.mensah@nhs.net": "absent",
        "femi.adeyemi@nhs.net": "apologies",
        "gita.rao@nhs.net": "absent",
    }
    assert plan.json_document()["not_enrolled"] == [
        "pat.outside@example.org",
        "dev.patel at nhs.net",
    ]
    assert [(o["name"], o["why"]) for o in plan.not_matched()] == [
        ("Pat", "not in Cohort Desk, and no one on the register has this name"),
        ("Typo", "not a valid e-mail address, and no one on the register has this name"),
    ]
    apply_plan(db, plan)
    assert statuses(db, sid)["amara.okafor@nhs.net"] == "present"


def test_a_csv_of_bare_addresses_without_a_heading_works(db, setup, tmp_path):
    path = tmp_path / "came.csv"
    path.write_text("amara.okafor@nhs.net\nesi.mensah@nhs.net\n\n", encoding="utf-8")
    plan = plan_from_file(db, setup.session_ids[0], path)
    assert plan.counts()["present"] == 2 and plan.counts()["absent"] == 5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name,Organisation\nAmara,Trust\n", "No e-mail addresses"),
        (b"", "empty"),
        (b"%PDF-1.4 not a list", "not a spreadsheet"),
    ],
)
def test_files_without_addresses_are_refused_in_one_sentence(db, setup, tmp_path, content, message):
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        plan_from_file(db, setup.session_ids[0], path)
    assert all(status is None for status in statuses(db, setup.session_ids[0]).values())


def test_a_list_matching_no_one_on_the_register_is_refused_not_taken_as_all_absent(
    db, setup, tmp_path
):
    # Another session's list, or another course's: importing it would mark everyone absent
    # and overwrite marks already made.
    sid = setup.session_ids[0]
    mark(db, sid, {"amara.okafor@nhs.net": "late"})
    path = tmp_path / "came.csv"
    path.write_text("Email\nann.one@example.org\nbob.two@example.org\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"No one in came.csv \(2 people\) is on the register"):
        plan_from_file(db, sid, path)
    assert statuses(db, sid)["amara.okafor@nhs.net"] == "late"


def test_a_teams_report_of_the_day_matching_no_one_is_refused(db, setup, tmp_path):
    # A report of another meeting held the same day.
    path = tmp_path / "other.csv"
    stranger = Attendee("Zoe Stranger", "zoe@example.org", [visit("09:25", "12:31")])
    write_teams_report(path, [stranger], title="Other meeting")
    with pytest.raises(UserError, match=r"No one in other.csv \(1 person\)"):
        plan_from_file(db, setup.session_ids[0], path)
