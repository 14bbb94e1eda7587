"""The main window: side bar, shortcuts, search, status bar, undo, remembered state, crashes."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import select

from cohort_desk.db.models import Person
from cohort_desk.services.people.records import PersonInput, count_people, create_person
from cohort_desk.ui.shell.main_window import MainWindow
from tests.ui.workspace_helpers import activate, answers, messages  # noqa: F401
from tests.wine_gaps import wine_gap


def _screen(window, title):
    return window.screen_titled(title)


def _go(window, qtbot, title):
    number = [s.title for s in window.screens].index(title) + 1
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen().title == title


def test_window_opens_on_the_overview_with_the_side_bar_in_order(main_window, demo_db):
    assert main_window.windowTitle() == "Cohort Desk"
    titles = [main_window.nav.item(n).text() for n in range(main_window.nav.count())]
    assert titles[:5] == ["Overview", "People", "Cohorts", "Applications", "Sessions"]
    assert main_window.current_screen().title == "Overview"
    assert main_window.heading.text() == "Overview"
    assert not main_window.search.isEnabled()  # nothing to search on the start page
    assert demo_db.describe() in main_window.db_label.text()
    assert _screen(main_window, "People").property("stale")  # not loaded until shown


def test_shortcuts_switch_screens_and_search_filters_as_you_type(main_window, qtbot, demo_db):
    activate(qtbot, main_window)
    _go(main_window, qtbot, "People")
    people = main_window.current_screen()
    assert people.model.rowCount() == count_people(demo_db) == 120
    assert main_window.count_label.text() == "120 people"
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is main_window.search
    family = people.model.row_at(0).family_name
    qtbot.keyClicks(main_window.search, family[:4])
    qtbot.waitUntil(lambda: people.model.rowCount() < 120)
    assert all(
        family[:4].casefold() in "\n".join((r.family_name, r.given_name, r.email)).casefold()
        or family[:4].casefold() in r.organisation.casefold()
        or family[:4].casefold() in r.job_title.casefold()
        for r in people.model.rows()
    )
    assert " of 120 people shown" in main_window.count_label.text()


def test_delete_key_and_ctrl_z_act_on_the_current_screen(main_window, qtbot, demo_db, answers):
    spare = create_person(demo_db, PersonInput("Temp", "Mistake", "temp@nhs.net"))
    activate(qtbot, main_window)
    _go(main_window, qtbot, "People")
    people = main_window.current_screen()
    qtbot.keyClick(main_window, Qt.Key.Key_F5)
    people.table.select_where(lambda r: r.id == spare.id)
    people.table.setFocus()
    people.archive_button.click()
    assert main_window.actions.undo.isEnabled()
    qtbot.keyClick(people.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with demo_db.read() as session:
        assert session.get(Person, spare.id).archived_at is None
    people.table.select_where(lambda r: r.id == spare.id)
    answers.append(True)
    qtbot.keyClick(people.table, Qt.Key.Key_Delete)
    assert "permanently" in answers.asked[0]
    with demo_db.read() as session:
        assert session.get(Person, spare.id) is None


def test_a_change_elsewhere_refreshes_a_screen_when_shown_again(main_window, qtbot, demo_db):
    activate(qtbot, main_window)
    _go(main_window, qtbot, "Cohorts")
    cohorts = main_window.current_screen()
    cohort = cohorts.current_cohort()
    before = cohort.participants
    _go(main_window, qtbot, "People")
    people = main_window.current_screen()
    with demo_db.read() as session:
        outsider = session.scalar(select(Person.id).order_by(Person.id.desc()))
    people.table.select_where(lambda r: r.id == outsider)
    from cohort_desk.services.cohorts.enrolments import enrol_people

    enrol_people(demo_db, cohort.id, [outsider], "participant")
    people.data_changed.emit()
    assert cohorts.property("stale")
    _go(main_window, qtbot, "Cohorts")
    assert cohorts.current_cohort().participants == before + 1


def test_overview_lines_open_the_record_on_its_screen(main_window):
    overview = main_window.current_screen()
    row = overview.unmentored.row_model.row_at(0)
    overview.open_record.emit("People", row.person_id)
    people = main_window.current_screen()
    assert people.title == "People"
    assert people.table.current_row().id == row.person_id


@wine_gap(
    "Wine has no Segoe UI; its substitute fonts make the window's minimum width (838 px) wider "
    "than the 800 px offscreen screen, so the restored window is fitted to the screen"
)
def test_window_size_screen_and_column_widths_are_remembered(qtbot, demo_db):
    first = MainWindow(demo_db)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)
    first.go_to("People", 1)
    people = first.current_screen()
    people.table.setColumnWidth(3, 333)
    people.table.setColumnHidden(7, True)
    first.close()
    second = MainWindow(demo_db)
    qtbot.addWidget(second)
    second.show()
    assert second.current_screen().title == "People"
    again = second.current_screen()
    assert again.table.columnWidth(3) == 333 and again.table.isColumnHidden(7)
    assert (second.width(), second.height()) == (760, 560)


def test_dark_theme_applies_to_the_whole_application(main_window):
    main_window.actions.dark.trigger()
    try:
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    finally:
        main_window.actions.dark.trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 128


def test_every_icon_free_control_has_a_name_for_screen_readers(main_window):
    for widget in main_window.findChildren(QLineEdit):
        if widget.isVisibleTo(main_window) and not widget.accessibleName():
            label_text = widget.placeholderText()
            assert label_text, f"unnamed field {widget.objectName()}"
    assert main_window.nav.accessibleName() == "Screens"
    assert main_window.search.accessibleName()


def test_a_bug_in_a_slot_shows_the_crash_dialog_and_is_logged(monkeypatch, qtbot, caplog):
    from cohort_desk.ui.kit import errors

    shown: list[str] = []
    monkeypatch.setattr(errors.CrashDialog, "exec", lambda self: shown.append(self.report))
    previous = sys.excepthook
    errors.install_excepthook()
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as exc:
            with caplog.at_level(logging.ERROR):
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert "RuntimeError: boom in a slot" in shown[0]
    assert "boom in a slot" in caplog.text


def test_a_known_error_in_a_slot_is_one_sentence(messages):
    from cohort_desk.errors import ValidationError
    from cohort_desk.ui.kit import errors

    previous = sys.excepthook
    errors.install_excepthook()
    try:
        error = ValidationError("Given name cannot be empty.")
        sys.excepthook(ValidationError, error, None)
    finally:
        sys.excepthook = previous
    assert messages.shown == ["Given name cannot be empty."]


def test_tab_moves_through_a_screen_in_reading_order(main_window, qtbot):
    activate(qtbot, main_window)
    main_window.go_to("Sessions", 0)
    sessions = main_window.current_screen()
    sessions.table.selectRow(0)
    main_window.focus_search()
    visited = []
    for _ in range(10):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [
        sessions.cohort,
        sessions.new_button,
        sessions.edit_button,
        sessions.duplicate_button,
        sessions.delete_button,
        sessions.cancel_button,
        sessions.calendar_button,
        sessions.mail_button,
        sessions.evaluation_button,
        sessions.table,
    ]
