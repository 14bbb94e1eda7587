"""The cohort grid and summary: percentages, CPD hours and flags on hand-computed cases."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pypdf
import pytest
from openpyxl import load_workbook

from cohort_desk.cli import lookup
from cohort_desk.documents.summary import percent_text
from cohort_desk.errors import UserError
from cohort_desk.services.attendance.marking import mark
from cohort_desk.services.attendance.reports import cohort_grid, write_cohort_summary
from cohort_desk.services.sessions.records import SessionInput, get_session, update_session
from tests.integration.attendance_files import make_cohort

NAMES = [("Amara", "Okafor"), ("Ben", "Clarke"), ("Chloe", "Dubois"), ("Dev", "Patel")]
SESSIONS = [
    ("One", "2026-01-05 09:30", "12:30"),
    ("Two", "2026-02-02 09:30", "12:30"),
    ("Three", "2026-03-02 09:30", "12:30"),
    ("Four", "2026-04-06 09:30", "12:30"),
]
NOW = datetime(2026, 3, 15, tzinfo=UTC)  # three sessions held, one to come
CPD = [3.0, 2.5, 1.5, 6.0]


@pytest.fixture
def setup(db):
    setup = make_cohort(db, NAMES, sessions=SESSIONS)
    for sid, hours in zip(setup.session_ids, CPD, strict=True):
        row = get_session(db, sid)
        data = SessionInput(row.title, row.starts_at, row.ends_at, cpd_hours=hours)
        update_session(db, sid, data, row.version)
    # Hand-computed, with late and left early counting (the default) and a 75% minimum:
    #   Amara  P L A   2 of 3 = 66.7%: below; 3 of 4 still reachable    CPD 3 + 2.5 = 5.5
    #   Ben    P P P   3 of 3 = 100%                                    CPD 7
    #   Chloe  A X A   0 of 3 = 0%: cannot reach (1 of 4 at best)       CPD 0
    #   Dev    E - P   2 of 3 = 66.7% (unmarked counts as not attended) CPD 3 + 1.5 = 4.5
    plan = {
        "amara.okafor@nhs.net": ["present", "late", "absent"],
        "ben.clarke@nhs.net": ["present", "present", "present"],
        "chloe.dubois@nhs.net": ["absent", "apologies", "absent"],
        "dev.patel@nhs.net": ["left_early", None, "present"],
    }
    for index, sid in enumerate(setup.session_ids[:3]):
        marks = {e: s[index] for e, s in plan.items() if s[index]}
        mark(db, sid, marks)
    return setup


def by_name(grid):
    return {row.given_name: row for row in grid.rows}


def test_grid_percentages_flags_and_cpd_match_the_rules(db, setup):
    grid = cohort_grid(db, setup.cohort_id, now=NOW)
    assert [s.held for s in grid.sessions] == [True, True, True, False]
    rows = by_name(grid)
    assert [r.given_name for r in grid.rows] == ["Ben", "Chloe", "Amara", "Dev"]
    table = {
        name: (
            r.summary.attended,
            r.summary.held,
            round(r.summary.percentage, 1),
            r.flag,
            r.cpd_hours,
        )
        for name, r in rows.items()
    }
    assert table == {
        "Amara": (2, 3, 66.7, "Below 75%", 5.5),
        "Ben": (3, 3, 100.0, "", 7.0),
        "Chloe": (0, 3, 0.0, "Cannot reach 75%", 0.0),
        "Dev": (2, 3, 66.7, "Below 75%", 4.5),
    }
    assert rows["Dev"].statuses == ["left_early", None, "present", None]


def test_when_late_does_not_count_the_percentages_follow(db, setup):
    from cohort_desk.services.cohorts.records import CohortInput, get_cohort, update_cohort

    cohort = get_cohort(db, setup.cohort_id)
    update_cohort(
        db,
        cohort.id,
        CohortInput(cohort.name, late_counts=False, left_early_counts=False),
        cohort.version,
    )
    rows = by_name(cohort_grid(db, setup.cohort_id, now=NOW))
    # Amara: only the first session counts, 1 of 3; at best 2 of 4 = 50%: cannot reach 75%.
    assert (rows["Amara"].summary.attended, rows["Amara"].flag) == (1, "Cannot reach 75%")
    assert rows["Amara"].cpd_hours == 3.0
    assert (rows["Dev"].summary.attended, rows["Dev"].cpd_hours) == (1, 1.5)


def test_a_future_session_already_marked_counts_as_held_but_apologies_alone_do_not(db, setup):
    fourth = setup.session_ids[3]
    mark(db, fourth, {"ben.clarke@nhs.net": "apologies"})
    assert cohort_grid(db, setup.cohort_id, now=NOW).sessions[3].held is False
    mark(db, fourth, {"amara.okafor@nhs.net": "present"})
    grid = cohort_grid(db, setup.cohort_id, now=NOW)
    assert grid.sessions[3].held is True
    assert by_name(grid)["Amara"].summary.percentage == 75.0
    assert by_name(grid)["Ben"].summary.percentage == 75.0


def test_summary_xlsx_holds_real_numbers_and_percentages(db, setup, tmp_path):
    path = write_cohort_summary(db, tmp_path / "summary.xlsx", cohort_id=setup.cohort_id, now=NOW)
    sheet = load_workbook(path)["Attendance"]
    assert sheet["A1"].value.startswith("Attendance summary: Test Cohort")
    header = [c.value for c in sheet[2]]
    assert header[:5] == ["Ref", "Family name", "Given name", "E-mail", "Organisation"]
    assert header[5:9] == ["05/01 One", "02/02 Two", "02/03 Three", "06/04 Four"]
    rows = {r[2].value: r for r in sheet.iter_rows(min_row=3)}
    amara = rows["Amara"]
    assert [c.value for c in amara[5:9]] == ["P", "L", "A", None]
    attended, held, share, cpd, flag = amara[9:14]
    # Three sessions held of four: while one remains, 2 of 3 can still reach 75% overall.
    assert (attended.value, held.value, cpd.value, flag.value) == (2, 3, 5.5, "Below 75%")
    # The same rounding as the PDF and the window: 66.6%, never 66.7%.
    assert share.value == pytest.approx(0.666) and share.number_format == "0.0%"
    assert rows["Ben"][11].value == 1
    # Laid out to read and print: names frozen, narrow coloured marks, landscape, one page wide.
    assert sheet.freeze_panes == "D3"
    assert sheet.column_dimensions["F"].width < 6 and amara[5].fill.start_color.rgb.endswith(
        "D7EFDC"
    )
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$2"


def test_summary_pdf_shows_each_person_and_their_percentage(db, setup, tmp_path):
    cohort_id = lookup.cohort_id(db, "test cohort")  # any case, as the command line takes it
    path = write_cohort_summary(db, tmp_path / "summary.pdf", cohort_id=cohort_id, now=NOW)
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages
    )
    # The printed rounding is the document's own (it never rounds up to the minimum).
    two_thirds = percent_text(200 / 3)
    for expected in ("Okafor, Amara", "Clarke, Ben", two_thirds, "100%", "Cannot reach 75%"):
        assert expected in text


def test_summary_refuses_other_file_types_and_unknown_cohorts(db, setup, tmp_path):
    with pytest.raises(UserError, match=r"\.pdf or \.xlsx"):
        write_cohort_summary(db, tmp_path / "s.docx", cohort_id=setup.cohort_id)
    with pytest.raises(UserError, match="no cohort called"):
        lookup.cohort_id(db, "Nope")
    with pytest.raises(UserError, match="no longer in the database"):
        write_cohort_summary(db, tmp_path / "s.pdf", cohort_id=setup.cohort_id + 1000)
    assert list(tmp_path.glob("s.*")) == []


def test_a_finished_cohort_says_below_not_cannot_reach():
    from cohort_desk.rules.attendance import AttendanceRule, summarise
    from cohort_desk.services.attendance.reports import flag_text

    rule = AttendanceRule(min_attendance_pct=75)
    running = summarise(["absent", "absent"], rule, sessions_total=4, sessions_held=2)
    finished = summarise(["absent", "absent", "present", "present"], rule, 4, 4)
    assert flag_text(running, rule) == "Cannot reach 75%"
    assert flag_text(finished, rule) == "Below 75%"
