"""One set of numbers (issue 15 item 6): someone at 2 of 3 sessions is 66.6% in the cohort grid,
on the cohort page, in the eligibility reason, the summary spreadsheet and PDF, and the
withdrawn are counted nowhere."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
from pypdf import PdfReader

from cohort_desk.rules.attendance import percentage_text
from cohort_desk.services.attendance.marking import mark
from cohort_desk.services.attendance.reports import cohort_grid, summary_pdf, summary_sheets
from cohort_desk.services.certificates.eligibility import cohort_eligibility
from cohort_desk.services.cohorts.enrolments import list_enrolments, set_status
from cohort_desk.services.cohorts.page import cohort_page
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.sheets.writing import write_xlsx
from cohort_desk.ui.attendance.rows import GridModel
from cohort_desk.ui.cohorts.cohort_page import CohortPageView
from tests.integration.attendance_files import make_cohort

SESSIONS = [
    ("Launch", "2026-02-02 09:30", "12:30"),
    ("Middle", "2026-03-02 09:30", "12:30"),
    ("Close", "2026-04-06 09:30", "12:30"),
]


def test_two_of_three_is_the_same_figure_everywhere(qtbot, db, tmp_path):
    setup = make_cohort(
        db, [("Amara", "Okafor"), ("Ben", "Clarke"), ("Cai", "Lin")], sessions=SESSIONS
    )
    amara, ben, cai = (setup.ids[e] for e in setup.emails)
    for session_id, status in zip(setup.session_ids, ("present", "present", "absent"), strict=True):
        mark(db, session_id, {amara: status, ben: "present"})
    withdrawn = next(e for e in list_enrolments(db, setup.cohort_id) if e.person_id == cai)
    set_status(db, withdrawn.id, "withdrawn", date(2026, 2, 3))

    grid = cohort_grid(db, setup.cohort_id)
    model = GridModel()
    model.set_grid(grid)
    percent_column = model.columnCount() - 2
    shown = {
        model.index(r, 0).data(): model.index(r, percent_column).data()
        for r in range(model.rowCount())
    }
    assert sorted(shown.values()) == ["100%", "66.6%"]  # Cai withdrew: not on the grid

    page = cohort_page(db, setup.cohort_id)
    view = CohortPageView()
    qtbot.addWidget(view)
    view.show_page(page)
    amara_line = next(m for m in page.participants if m.person_id == amara)
    assert amara_line.percentage is not None
    assert percentage_text(amara_line.percentage) == "66.6%"
    assert view.tabs.tabText(0) == "Participants (2)"  # Cai withdrew: listed, not counted
    assert [c.participants for c in list_cohorts(db) if c.id == setup.cohort_id] == [2]

    reason = next(r.reason for r in cohort_eligibility(db, setup.cohort_id) if r.person_id == amara)
    assert "Attended 2 of 3 sessions (66.6%), below the 75% minimum" in reason

    path = tmp_path / "summary.xlsx"
    write_xlsx(path, summary_sheets(grid))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.number_format == "0.0%"]
    assert any(abs(c.value - 0.666) < 1e-9 for c in cells)  # Excel shows it as 66.6%

    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(summary_pdf(db, grid))).pages
    )
    assert "66.6%" in text and "66.7%" not in text and "67%" not in text
