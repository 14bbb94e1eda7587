"""The Sessions screen's buttons for Outlook: cancel and reinstate (undoable), the calendar
file, and what to bring in the session form."""

from __future__ import annotations

import icalendar
import pytest

from cohort_desk.services.sessions.records import get_session
from cohort_desk.ui.communications import calendar_export
from cohort_desk.ui.sessions.screen import SessionsScreen
from cohort_desk.ui.sessions.session_dialog import SessionDialog
from tests.ui.modal import answer, answer_next_dialog


@pytest.fixture
def screen(qtbot, demo_db):
    widget = SessionsScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget


def _select_unmarked(screen):  # type: ignore[no-untyped-def]
    assert screen.table.select_where(lambda row: row.marked == 0)
    return screen.table.current_row()


def test_cancel_and_reinstate_with_undo(screen, demo_db):
    row = _select_unmarked(screen)
    answer_next_dialog(answer("Room flooded"))
    assert screen.cancel_button.text() == "Cancel sessi&on…"
    screen.cancel_button.click()
    done = get_session(demo_db, row.id)
    assert done.cancelled and done.cancel_reason == "Room flooded"
    assert screen.table.current_row().id == row.id
    assert screen.cancel_button.text() == "Re&instate"
    shown = screen.model.data(screen.model.index(screen.table.currentIndex().row(), 2))
    assert shown.endswith("(cancelled)")
    screen.undo_stack.undo()
    assert not get_session(demo_db, row.id).cancelled
    screen.undo_stack.redo()
    assert get_session(demo_db, row.id).cancelled
    screen.table.select_where(lambda r: r.id == row.id)
    screen.cancel_button.click()  # Reinstate
    assert not get_session(demo_db, row.id).cancelled


def test_the_calendar_button_saves_an_ics(screen, tmp_path, monkeypatch):
    row = _select_unmarked(screen)
    target = tmp_path / "one.ics"
    monkeypatch.setattr(calendar_export.files, "ask_save_path", lambda *_a, **_k: target)
    screen.calendar_button.click()
    [event] = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == row.title


def test_what_to_bring_is_saved_from_the_form(qtbot, demo_db, screen):
    row = _select_unmarked(screen)
    dialog = SessionDialog(demo_db, screen.cohorts, row)
    qtbot.addWidget(dialog)
    dialog.bring.setText("A laptop and your reflective log")
    dialog.accept()
    assert get_session(demo_db, row.id).what_to_bring == "A laptop and your reflective log"
