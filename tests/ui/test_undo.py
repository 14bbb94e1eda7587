"""Undo and redo: done actions are not repeated on push; refusals drop the command plainly."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

from PySide6.QtGui import QUndoStack

from cohort_desk.errors import ConflictError
from cohort_desk.services.people.records import (
    PersonInput,
    create_person,
    get_person,
    update_person,
)
from cohort_desk.ui.kit.undo import VersionedEdit, push_done
from tests.ui.workspace_helpers import messages  # noqa: F401


def test_push_does_not_repeat_the_action_and_undo_redo_call_the_services(qtbot):
    stack = QUndoStack()
    calls: list[str] = []
    push_done(
        stack,
        "Do it",
        lambda: calls.append("undo"),
        lambda: calls.append("redo"),
        lambda: calls.append("after"),
    )
    assert calls == [] and stack.canUndo() and stack.undoText() == "Do it"
    stack.undo()
    stack.redo()
    assert calls == ["undo", "after", "redo", "after"]


def test_versioned_edit_quotes_the_latest_version_each_time(qtbot, db):
    person = create_person(db, PersonInput("Ada", "Okafor", "ada@nhs.net", job_title="Nurse"))
    after = PersonInput("Ada", "Okafor", "ada@nhs.net", job_title="Matron")
    saved = update_person(db, person.id, after, person.version)
    edit = VersionedEdit(
        lambda data, version: update_person(db, person.id, data, version),
        PersonInput("Ada", "Okafor", "ada@nhs.net", job_title="Nurse"),
        after,
        saved.version,
    )
    stack = QUndoStack()
    push_done(stack, "Edit Ada", edit.undo, edit.redo)
    for expected in ("Nurse", "Matron", "Nurse"):
        stack.undo() if expected == "Nurse" else stack.redo()
        assert get_person(db, person.id).job_title == expected


def test_an_undo_the_database_refuses_is_shown_and_dropped(qtbot, messages):
    stack = QUndoStack()

    def refuse() -> None:
        raise ConflictError("Someone else changed this record; reload it (F5).")

    push_done(stack, "Edit", refuse, lambda: None)
    stack.undo()
    assert messages.shown == ["Someone else changed this record; reload it (F5)."]
    assert stack.count() == 0  # the obsolete command was removed, so it cannot fail again
