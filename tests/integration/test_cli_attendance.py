"""The `attend` and `register` commands as the README's "Command line" promises them."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cohort_desk.services.attendance.marking import register_lines
from tests.integration.attendance_files import Attendee, add_outsider, at, make_cohort
from tests.integration.attendance_files import write_teams_report as write_report

NAMES = [("Amara", "Okafor"), ("Ben", "Clarke"), ("Chloe", "Dubois"), ("Dev", "Patel")]
D = "2026-02-02"


@pytest.fixture
def setup(db):
    return make_cohort(db, NAMES)


def statuses(db, sid):
    return {line.email: line.status for line in register_lines(db, sid)}


def test_attend_marks_each_status_by_email(cli, db, setup):
    sid = str(setup.session_ids[0])
    result = cli(
        "attend",
        sid,
        "--present",
        "AMARA.OKAFOR@nhs.net",
        "ben.clarke@nhs.net",
        "--late",
        "chloe.dubois@nhs.net",
        "--apologies",
        "dev.patel@nhs.net",
    )
    assert result.code == 0, result.err
    assert "2 present, 1 late and 1 apologies" in result.out
    assert statuses(db, setup.session_ids[0]) == {
        "amara.okafor@nhs.net": "present",
        "ben.clarke@nhs.net": "present",
        "chloe.dubois@nhs.net": "late",
        "dev.patel@nhs.net": "apologies",
    }
    result = cli(
        "attend", sid, "--left-early", "ben.clarke@nhs.net", "--absent", "dev.patel@nhs.net"
    )
    assert result.code == 0
    assert statuses(db, setup.session_ids[0])["ben.clarke@nhs.net"] == "left_early"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["999", "--present", "ben.clarke@nhs.net"], "no session number 999"),
        (["two", "--present", "ben.clarke@nhs.net"], "not a session number"),
        (["{sid}", "--present", "nobody@nhs.net"], "nobody@nhs.net"),
        (["{sid}", "--present", "ben.clarke@nhs.net", "--late", "Ben.Clarke@nhs.net"], "both"),
        (["{sid}"], "Say whom to mark"),
        (["{sid}", "--present", "ben.clarke@nhs.net", "--status", "x"], "Unrecognized"),
    ],
)
def test_bad_input_is_one_sentence_exit_2_and_changes_nothing(cli, db, setup, args, words):
    sid = setup.session_ids[0]
    result = cli("attend", *[a.format(sid=sid) for a in args])
    assert result.code == 2
    assert words in result.err and "Traceback" not in result.err
    assert result.err.count("\n") == 1
    assert all(status is None for status in statuses(db, sid).values())


def test_marking_someone_not_enrolled_is_an_error_not_a_silent_add(cli, db, setup):
    outsider = add_outsider(db, "Olu", "Organiser")
    sid = setup.session_ids[0]
    result = cli("attend", str(sid), "--present", "ben.clarke@nhs.net", outsider)
    assert result.code == 2
    assert "Olu Organiser" in result.err and "not enrolled" in result.err
    assert statuses(db, sid)["ben.clarke@nhs.net"] is None
    people = cli("people", "--cohort", setup.cohort, "--json").json()
    assert outsider not in [p["email"] for p in people]


def report(tmp_path, style="us"):
    return write_report(
        tmp_path / "Launch - Attendance report 2-2-26.csv",
        [
            Attendee("Amara Okafor", "amara.okafor@nhs.net", [(at(D, "09:28"), at(D, "12:30"))]),
            Attendee("Ben Clarke", "ben.clarke@nhs.net", [(at(D, "09:52"), at(D, "12:30"))]),
            Attendee("Chloe Dubois", "chloe.dubois@nhs.net", [(at(D, "09:30"), at(D, "11:45"))]),
            Attendee("Pat Guest", "pat.guest@example.org", [(at(D, "09:30"), at(D, "12:30"))]),
        ],
        style=style,
    )


def test_attend_from_a_teams_report_prints_the_promised_json(cli, db, setup, tmp_path):
    sid = setup.session_ids[0]
    path = report(tmp_path)
    dry = cli("attend", str(sid), "--from", str(path), "--dry-run", "--json")
    # Someone in the file was matched to nobody: exit 1, and the list says who and why.
    assert dry.code == 1, dry.err
    expected = {
        "present": 1,
        "late": 1,
        "left_early": 1,
        "absent": 1,
        "apologies": 0,
        "not_enrolled": ["pat.guest@example.org"],
        "not_matched": [
            {
                "name": "Pat Guest",
                "email": "pat.guest@example.org",
                "why": "not in Cohort Desk, and no one on the register has this name",
            }
        ],
    }
    assert dry.json() == expected
    assert all(status is None for status in statuses(db, sid).values())

    done = cli("attend", str(sid), "--from", str(path), "--json")
    assert done.code == 1 and done.json() == expected
    assert statuses(db, sid) == {
        "amara.okafor@nhs.net": "present",
        "ben.clarke@nhs.net": "late",
        "chloe.dubois@nhs.net": "left_early",
        "dev.patel@nhs.net": "absent",
    }


def test_attend_from_a_file_in_words_lists_changes_and_outsiders(cli, setup, tmp_path):
    result = cli(
        "attend", str(setup.session_ids[0]), "--from", str(report(tmp_path, "uk")), "--dry-run"
    )
    assert result.code == 1
    assert "Teams report" in result.out and "Pat Guest <pat.guest@example.org>" in result.out
    assert "Matched by" in result.out
    assert "Nothing was saved (--dry-run)" in result.out


def test_attend_from_a_missing_or_empty_file_is_exit_2(cli, setup, tmp_path):
    sid = str(setup.session_ids[0])
    missing = cli("attend", sid, "--from", str(tmp_path / "nope.csv"))
    assert missing.code == 2 and "nope.csv" in missing.err
    (tmp_path / "empty.csv").write_bytes(b"")
    empty = cli("attend", sid, "--from", str(tmp_path / "empty.csv"), "--json")
    assert empty.code == 2 and empty.out == "" and "empty" in empty.err


def test_register_writes_a_pdf_with_everyone_and_blank_rows(cli, setup, tmp_path):
    out = tmp_path / "register.pdf"
    result = cli("register", str(setup.session_ids[0]), "-o", str(out), "--blank-rows", "12")
    assert result.code == 0, result.err
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    for family in ("Okafor", "Clarke", "Dubois", "Patel"):
        assert family in text
    assert "Launch" in text and "16" in text  # four people, then walk-in rows 5 to 16


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["999", "-o", "{dir}/r.pdf"], "no session number 999"),
        (["{sid}", "-o", "{dir}/r.docx"], ".pdf"),
        (["{sid}", "-o", "{dir}/missing/r.pdf"], "does not exist"),
        (["{sid}", "-o", "{dir}/r.pdf", "--blank-rows", "-1"], "between 0 and"),
        (["--cohort", "Nope", "--summary", "-o", "{dir}/s.pdf"], "no cohort called 'Nope'"),
        (["--cohort", "Test Cohort", "--summary", "-o", "{dir}/s.csv"], ".xlsx"),
        (["-o", "{dir}/r.pdf"], "session's number"),
    ],
)
def test_register_bad_input_is_exit_2(cli, setup, tmp_path, args, words):
    sid = setup.session_ids[0]
    result = cli("register", *[a.format(sid=sid, dir=tmp_path) for a in args])
    assert result.code == 2 and words in result.err
    assert not any(tmp_path.rglob("*.pdf")) and not any(tmp_path.rglob("*.csv"))


def test_register_summary_as_pdf_and_xlsx(cli, setup, tmp_path):
    cli("attend", str(setup.session_ids[0]), "--present", "amara.okafor@nhs.net")
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    assert cli("register", "--cohort", "test cohort", "--summary", "-o", str(pdf)).code == 0
    assert "Okafor, Amara" in PdfReader(pdf).pages[0].extract_text()
    assert cli("register", "--cohort", "Test Cohort", "--summary", "-o", str(xlsx)).code == 0
    sheet = load_workbook(xlsx)["Attendance"]
    amara = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == "Amara")
    assert amara[5] == "P" and amara[8] == 1  # held 1, attended 1: 100%
