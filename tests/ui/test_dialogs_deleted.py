"""Issue 22's follow-up: a dialog is deleted once it has been used, not kept hidden under its
parent for the rest of the day, and what the caller reads from it is still read."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget
from shiboken6 import isValid
from sqlalchemy import select

from cohort_desk.db.models import Person
from cohort_desk.ui.kit import ask, dialogs
from cohort_desk.ui.kit.dialogs import BUSY
from cohort_desk.ui.kit.undo import push_done, while_alive
from cohort_desk.ui.kit.workers import BackgroundJob
from cohort_desk.ui.people.person_dialog import PersonDialog
from cohort_desk.ui.people.screen import PeopleScreen
from tests.ui.modal import answer_next_dialog


def deleted_later() -> None:
    """What the event loop does once control is back in it: delete what was handed over."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class NameDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        QVBoxLayout(self).addWidget(self.name)


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def click(box: QDialog, text: str) -> None:
    next(button for button in box.buttons() if button.text() == text).click()


def type_and_accept(dialog: QDialog) -> None:
    dialog.findChild(QLineEdit).setText("Ada Okafor")
    dialog.accept()


def test_a_dialog_is_read_inside_the_block_and_deleted_after_it(parent):
    answer_next_dialog(type_and_accept)
    with dialogs.opened(NameDialog(parent)) as (dialog, accepted):
        typed = dialog.name.text()  # the dialog and its fields are all there until the end
    assert (accepted, typed) == (QDialog.DialogCode.Accepted, "Ada Okafor")
    deleted_later()
    assert parent.findChildren(QDialog) == []
    assert not isValid(dialog)


def test_a_cancelled_dialog_is_deleted_too(parent):
    answer_next_dialog(lambda dialog: dialog.reject())
    assert dialogs.run(NameDialog(parent)) == QDialog.DialogCode.Rejected
    deleted_later()
    assert parent.findChildren(QDialog) == []


def test_a_day_of_questions_leaves_nothing_under_the_window(parent):
    for _ in range(5):
        answer_next_dialog(lambda box: box.defaultButton().click())
        assert ask.confirm(parent, "Delete", "Delete it?", "Delete") is True
        answer_next_dialog(lambda box: click(box, "Start empty"))
        assert ask.choose(parent, "Start", "Load the demo data?", "Load", "Start empty") is False
        answer_next_dialog(lambda question: question.reject())
        assert ask.ask_text(parent, "Reason", "Why?") is None
    deleted_later()
    assert parent.findChildren(QDialog) == []


def test_a_dialog_closed_while_its_background_work_runs_waits_for_it(parent, qtbot):
    # Deleting it then would take the job's thread down mid-run, and the job still reports
    # to the dialog when it is done.
    release = threading.Event()
    dialog = NameDialog(parent)
    reported: list[str] = []
    job = BackgroundJob(dialog, "Reading", lambda _progress: release.wait(10) and "read",
                        reported.append, show_dialog=False).start()  # fmt: skip
    answer_next_dialog(lambda shown: shown.reject())  # closed before the work is over
    dialogs.run(dialog)
    deleted_later()
    assert isValid(dialog) and job.property(BUSY)
    release.set()
    qtbot.waitUntil(lambda: reported == ["read"], timeout=5000)
    qtbot.waitUntil(lambda: not isValid(dialog), timeout=5000)
    assert parent.findChildren(QDialog) == []


def test_editing_a_person_still_saves_and_leaves_no_dialog_behind(qtbot, demo_db):
    screen = PeopleScreen(demo_db)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    screen.table.selectRow(0)
    person = screen.table.current_row()

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, PersonDialog)
        dialog.edits["job_title"].setText("Director of Nursing")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_next_dialog(fill)
    screen.edit_selected()  # the real exec(): a person saves with the dialog's own buttons
    with demo_db.read() as session:
        saved = session.scalar(select(Person).where(Person.id == person.id))
        assert saved is not None and saved.job_title == "Director of Nursing"
    assert screen.undo_stack.undoText() == f"Edit {person.full_name}"
    deleted_later()
    assert screen.findChildren(PersonDialog) == []
    screen.undo_stack.undo()  # the edit read from the dialog is still whole
    with demo_db.read() as session:
        assert session.get(Person, person.id).job_title == person.job_title


def test_a_change_made_in_a_closed_dialog_is_undone_without_reaching_into_it(parent):
    # The Programmes dialog's merges stay on the Cohorts screen's undo stack after it is
    # closed and deleted; Ctrl+Z then crashed the app while the undo refreshed the dialog.
    stack = QUndoStack(parent)
    undone: list[str] = []
    refreshed: list[str] = []

    def merge_in(dialog: QDialog) -> None:
        after = while_alive(dialog, lambda: refreshed.append(dialog.windowTitle()))
        push_done(stack, "Merge", lambda: undone.append("merge"), None, after)
        dialog.accept()

    answer_next_dialog(merge_in)
    dialogs.run(NameDialog(parent))
    deleted_later()
    stack.undo()
    assert (undone, refreshed) == (["merge"], [])


def test_a_dialog_closed_early_waits_for_the_work_its_finished_work_starts(parent, qtbot):
    # A feedback file read, then its import started from what was read (the evaluation
    # window, the import wizard): closed while the reading ran, the window was deleted once
    # it was over, with the import's thread still running under it, and Qt aborted.
    release = threading.Event()
    dialog = NameDialog(parent)
    reported: list[str] = []
    importing: list[BackgroundJob] = []

    def read(_result: object) -> None:
        importing.append(BackgroundJob(dialog, "Importing",
                                       lambda _progress: release.wait(10) and "imported",
                                       reported.append, show_dialog=False).start())  # fmt: skip

    BackgroundJob(dialog, "Reading", lambda _progress: "read", read, show_dialog=False).start()
    answer_next_dialog(lambda shown: shown.reject())  # closed before the reading is over
    dialogs.run(dialog)
    qtbot.waitUntil(lambda: bool(importing), timeout=5000)
    deleted_later()
    assert isValid(dialog)
    release.set()
    qtbot.waitUntil(lambda: reported == ["imported"], timeout=5000)
    qtbot.waitUntil(lambda: not isValid(dialog), timeout=5000)
    assert parent.findChildren(QDialog) == []
