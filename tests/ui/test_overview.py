"""The Overview start page: the morning's numbers, and double-clicks that open the record."""

from __future__ import annotations

import pytest

from cohort_desk.services.overview.figures import overview
from cohort_desk.ui.overview.screen import OverviewScreen


@pytest.fixture
def screen(qtbot, demo_db):
    widget = OverviewScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget


def test_overview_shows_what_the_services_count(screen, demo_db, qtmodeltester):
    expected = overview(demo_db)
    assert screen.people_figure.figure.text() == "120"
    assert screen.unmentored_figure.figure.text() == f"{expected.unmentored_total:,}"
    assert screen.cohorts.row_model.rowCount() == len(expected.cohorts) == 3
    assert [r.title for r in screen.upcoming.row_model.rows()] == [
        s.title for s in expected.upcoming
    ]
    for table in (screen.upcoming, screen.cohorts, screen.missing, screen.unmentored):
        qtmodeltester.check(table.row_model, force_py=True)
    assert screen.missing_card.empty.text().startswith("Every session held so far")
    assert screen.missing.isHidden() and not screen.upcoming.isHidden()


def test_double_clicking_a_line_asks_to_open_that_record(screen, qtbot):
    row = screen.unmentored.row_model.row_at(0)
    screen.unmentored.selectRow(0)
    with qtbot.waitSignal(screen.open_record) as opened:
        screen.unmentored.row_activated.emit(screen.unmentored.current_row())
    assert opened.args == ["People", row.person_id]
    screen.cohorts.selectRow(0)
    with qtbot.waitSignal(screen.open_record) as opened:
        screen.cohorts.doubleClicked.emit(screen.cohorts.row_model.index(0, 0))
    assert opened.args == ["Cohorts", screen.cohorts.row_model.row_at(0).id]
