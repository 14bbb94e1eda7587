"""The kit's date and date-time fields, typed into as a person would (issue 15 item 2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from cohort_desk.db.models import CohortSession
from cohort_desk.rules.dates import to_local
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.ui.cohorts.cohort_dialog import CohortDialog
from cohort_desk.ui.kit.dates import DateField, DateTimeField, understood_day
from cohort_desk.ui.sessions.screen import SessionsScreen
from cohort_desk.ui.sessions.session_dialog import SessionDialog
from tests.ui.modal import error_text
from tests.ui.workspace_helpers import activate, answer_dialog

TODAY = date.today()


def _type(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select what the field holds and type over it, as a person does."""
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("11/01/2027", date(2027, 1, 11)),
        ("11/1/27", date(2027, 1, 11)),
        ("11 Jan 2027", date(2027, 1, 11)),
        ("2027-01-11", date(2027, 1, 11)),
        ("today", TODAY),
        ("tomorrow", TODAY + timedelta(days=1)),
        ("+7", TODAY + timedelta(days=7)),
    ],
)
def test_a_date_typed_as_people_type_it_is_understood_before_saving(qtbot, typed, expected):
    field = DateField(date(2020, 5, 5))
    qtbot.addWidget(field)
    _type(qtbot, field, typed)
    assert field.understood.text() == understood_day(expected)
    assert not field.problem.isVisible() and field.day() == expected


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2027", "February 2027 has 28 days"),
        ("11/13/2027", "months go from 1 to 12"),
        ("11/01", "has no year"),
        ("soon", "is not a date"),
    ],
)
def test_an_impossible_or_ambiguous_date_is_said_under_the_field(qtbot, typed, said):
    field = DateField(date(2020, 5, 5), field="starts_on")
    qtbot.addWidget(field)
    field.show()
    _type(qtbot, field, typed)
    assert said in field.problem.text() and field.problem.isVisible()
    assert field.understood.text() == ""
    with pytest.raises(Exception, match=said):
        field.day()


@pytest.mark.parametrize(
    ("typed", "clock"),
    [
        ("11/01/2027 09:30", "09:30"),
        ("11/01/2027 9.30", "09:30"),
        ("11/01/2027 9:30am", "09:30"),
        ("11 Jan 2027 2pm", "14:00"),
        ("2027-01-11T14:05", "14:05"),
    ],
)
def test_a_date_and_time_typed_in_one_box_is_kept_exactly(qtbot, typed, clock):
    field = DateTimeField()
    qtbot.addWidget(field)
    _type(qtbot, field, typed)
    assert field.understood.text() == f"Mon 11 January 2027, {clock}"
    assert to_local(field.moment()).strftime("%d/%m/%Y %H:%M") == f"11/01/2027 {clock}"


def test_up_and_down_move_a_day_and_the_calendar_picks_one(qtbot):
    field = DateField(date(2027, 1, 11))
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClick(field.line, Qt.Key.Key_Up)
    assert field.day() == date(2027, 1, 12)
    qtbot.keyClick(field.line, Qt.Key.Key_Down)
    qtbot.keyClick(field.line, Qt.Key.Key_Down)
    assert field.day() == date(2027, 1, 10)
    field.calendar_button.click()
    field.calendar.clicked.emit(QDate(2027, 2, 14))
    assert field.text() == "14/02/2027" and field.day() == date(2027, 2, 14)


def test_an_optional_date_left_empty_means_not_set(qtbot):
    field = DateField(None, optional=True)
    qtbot.addWidget(field)
    assert field.day() is None and field.understood.text() == "not set"
    _type(qtbot, field, "1/9/27")
    assert field.day() == date(2027, 9, 1)


def test_a_new_session_typed_as_11_01_2027_0930_is_stored_as_that(qtbot, monkeypatch, demo_db):
    """The bug in the issue: this gave 11/12/2026 20:27."""
    screen = SessionsScreen(demo_db)
    qtbot.addWidget(screen)
    screen.refresh()
    screen.cohort.setCurrentIndex(1)

    def fill(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.title, "Board away day")
        _type(qtbot, dialog.starts, "11/01/2027 09:30")
        assert dialog.ends_label.text() == "ends at 12:30"
        qtbot.keyClick(dialog.starts.line, Qt.Key.Key_Return)  # Enter saves

    answer_dialog(monkeypatch, qtbot, SessionDialog, fill)
    screen.new_record()
    with demo_db.read() as session:
        made = session.query(CohortSession).filter_by(title="Board away day").one()
    assert to_local(made.starts_at).strftime("%d/%m/%Y %H:%M") == "11/01/2027 09:30"


def test_31_february_keeps_the_dialog_open_and_saves_nothing(qtbot, monkeypatch, demo_db):
    screen = SessionsScreen(demo_db)
    qtbot.addWidget(screen)
    screen.refresh()
    screen.cohort.setCurrentIndex(1)
    said: list[str] = []

    def fill(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.title, "Never held")
        _type(qtbot, dialog.starts, "31/02/2027 09:30")
        qtbot.keyClick(dialog.starts.line, Qt.Key.Key_Return)
        assert dialog.isVisible()
        said.append(error_text(dialog))
        assert dialog.focusWidget() is dialog.starts.line

    answer_dialog(monkeypatch, qtbot, SessionDialog, fill)
    screen.new_record()
    assert "February 2027 has 28 days" in said[0]
    with demo_db.read() as session:
        assert session.query(CohortSession).filter_by(title="Never held").count() == 0


def test_typing_over_a_selected_cohort_date_replaces_the_whole_day(qtbot, demo_db):
    """The other bug in the issue: typing over a selected date kept the old day."""
    cohort = list_cohorts(demo_db)[0]
    dialog = CohortDialog(demo_db, cohort)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    _type(qtbot, dialog.starts, "3/2/27")
    qtbot.keyClick(dialog.starts.line, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert next(c for c in list_cohorts(demo_db) if c.id == cohort.id).starts_on == date(2027, 2, 3)
