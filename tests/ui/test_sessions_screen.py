"""The Sessions screen driven like a user: UK date pickers, a repeating series, duplicate, undo."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from cohort_desk.db.models import CohortSession
from cohort_desk.rules.dates import to_local
from cohort_desk.ui.sessions.screen import SessionsScreen
from cohort_desk.ui.sessions.session_dialog import SessionDialog
from tests.ui.modal import error_text
from tests.ui.workspace_helpers import answer_dialog, answers, messages  # noqa: F401


@pytest.fixture
def screen(qtbot, demo_db):
    widget = SessionsScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget


def _count(db) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(CohortSession)))


def test_sessions_model_passes_the_model_tester(screen, qtmodeltester):
    qtmodeltester.check(screen.model, force_py=True)
    assert screen.model.rowCount() == 18
    starts = [row.starts_at for row in screen.model.rows()]
    assert starts == sorted(starts)


def test_choosing_a_cohort_shows_only_its_sessions_and_is_remembered(screen, qtbot, demo_db):
    screen.cohort.setCurrentIndex(1)
    name = screen.cohort.currentText()
    assert screen.model.rowCount() == 6
    assert {row.cohort for row in screen.model.rows()} == {name}
    again = SessionsScreen(demo_db)
    qtbot.addWidget(again)
    again.refresh()
    assert again.cohort.currentText() == name


def test_a_weekly_series_is_made_in_one_go_and_undone_in_one_go(
    screen, qtbot, monkeypatch, demo_db
):
    screen.cohort.setCurrentIndex(1)
    before = _count(demo_db)

    def fill(dialog):
        qtbot.keyClicks(dialog.title, "Coaching circle")
        dialog.kind.setCurrentIndex(dialog.kind.findData("coaching"))
        dialog.starts.line.selectAll()
        qtbot.keyClicks(dialog.starts.line, "1/3/27 9.30")
        assert dialog.starts.understood.text() == "Mon 1 March 2027, 09:30"
        dialog.duration.setValue(90)
        assert dialog.ends_label.text() == "ends at 11:00"
        dialog.venue.setText("Lewisham Civic Suite")
        dialog.repeat.setChecked(True)
        dialog.every.setValue(2)
        dialog.until.line.selectAll()
        qtbot.keyClicks(dialog.until.line, "30 Apr 2027")
        qtbot.keyClick(dialog.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    answer_dialog(monkeypatch, qtbot, SessionDialog, fill)
    screen.new_record()
    made = [row for row in screen.model.rows() if row.title == "Coaching circle"]
    days = [to_local(row.starts_at).date() for row in made]
    assert days == [date(2027, 3, 1) + timedelta(weeks=2 * n) for n in range(5)]
    assert all(to_local(row.starts_at).strftime("%H:%M") == "09:30" for row in made)
    assert all(row.ends_at - row.starts_at == timedelta(minutes=90) for row in made)
    assert _count(demo_db) == before + 5
    assert screen.undo_stack.undoText() == "Add a series of 5"
    screen.undo_stack.undo()
    assert _count(demo_db) == before


def test_editing_a_session_keeps_uk_local_time(screen, qtbot, monkeypatch, demo_db):
    screen.table.selectRow(screen.model.rowCount() - 1)
    row = screen.table.current_row()

    def fill(dialog):
        day = to_local(row.starts_at).strftime("%d/%m/%Y")
        assert dialog.starts.text() == f"{day} {to_local(row.starts_at):%H:%M}"
        dialog.starts.line.selectAll()
        qtbot.keyClicks(dialog.starts.line, f"{day} 1pm")
        dialog.cpd.setValue(2.5)
        dialog.accept()

    answer_dialog(monkeypatch, qtbot, SessionDialog, fill)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    with demo_db.read() as session:
        saved = session.get(CohortSession, row.id)
    assert to_local(saved.starts_at).strftime("%d/%m/%Y %H:%M") == (
        to_local(row.starts_at).strftime("%d/%m/%Y") + " 13:00"
    )
    assert saved.cpd_hours == 2.5
    screen.undo_stack.undo()
    with demo_db.read() as session:
        assert session.get(CohortSession, row.id).starts_at == row.starts_at


def test_duplicate_makes_a_copy_a_week_later(screen, demo_db):
    screen.table.selectRow(0)
    original = screen.table.current_row()
    screen.duplicate_button.click()
    copy = screen.table.current_row()
    assert copy.id != original.id and copy.title == original.title
    assert to_local(copy.starts_at) - to_local(original.starts_at) == timedelta(days=7)


def test_delete_asks_first_and_refuses_sessions_with_marks(screen, demo_db, answers):
    screen.table.selectRow(0)
    marked = screen.table.current_row()
    assert marked.marked
    screen.delete_button.click()
    assert "stays as a record" in answers.asked[-1]
    screen.table.selectRow(screen.model.rowCount() - 1)
    future = screen.table.current_row()
    answers.append(True)
    screen.delete_button.click()
    assert _count(demo_db) == 17
    assert future.id not in {row.id for row in screen.model.rows()}
    screen.undo_stack.undo()
    assert _count(demo_db) == 18


def test_a_session_without_a_title_is_refused_in_one_sentence(
    screen, qtbot, monkeypatch, demo_db, messages
):
    said: list[str] = []

    def fill(dialog):
        dialog.title.setText("")
        dialog.accept()
        assert dialog.isVisible()
        said.append(error_text(dialog))

    answer_dialog(monkeypatch, qtbot, SessionDialog, fill)
    screen.new_record()
    assert said == ["The session's title cannot be empty."]
    assert messages.shown == []
    assert _count(demo_db) == 18
