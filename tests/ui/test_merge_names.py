"""Merging organisations and professions in Programmes and lists, driven by keys as a person
would, then Ctrl+Z on the Cohorts screen takes it back (issue 15 item 7)."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from cohort_desk.db.models import Organisation, Person
from cohort_desk.services.people.known_names import list_names
from cohort_desk.services.people.records import PersonInput, create_person, find_person
from cohort_desk.ui.cohorts.programmes_dialog import ProgrammesDialog
from cohort_desk.ui.cohorts.screen import CohortsScreen
from tests.ui.modal import answer_next_dialog
from tests.ui.workspace_helpers import answer_dialog, messages  # noqa: F401

LGT = "Lewisham and Greenwich NHS Trust"
DUPLICATE = "Lewisham & Greenwich NHS Trust"


@pytest.fixture
def duplicate(demo_db):
    """A second spelling made before known names existed, with one person in it."""
    person = create_person(demo_db, PersonInput("Ana", "Silva", "ana.silva@nhs.net"))
    with demo_db.write() as session:
        org = Organisation(name=DUPLICATE, kind="trust")
        session.add(org)
        session.flush()
        session.get(Person, person.id).organisation_id = org.id
    return demo_db


@pytest.fixture
def screen(qtbot, duplicate):
    widget = CohortsScreen(duplicate)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget


def names(db):
    with db.read() as session:
        return set(session.scalars(select(Organisation.name)))


def open_lists(monkeypatch, qtbot, screen, fill):
    answer_dialog(monkeypatch, qtbot, ProgrammesDialog, fill)
    qtbot.mouseClick(screen.programmes_button, Qt.MouseButton.LeftButton)


def test_merging_two_organisations_by_keys_and_undoing_it(screen, qtbot, monkeypatch, duplicate):
    before = find_person(duplicate, "ana.silva@nhs.net")
    assert before.organisation == DUPLICATE
    lgt_people = next(r.people for r in list_names(duplicate, "organisation") if r.name == LGT)

    def fill(dialog):
        qtbot.keyClick(dialog.tabs, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        panel = dialog.organisations
        assert dialog.tabs.currentWidget() is panel
        qtbot.keyClicks(panel.search, "lewisham &")
        assert [r.name for r in panel.model.rows()] == [DUPLICATE]
        panel.table.selectRow(0)

        def choose(merge_dialog):
            assert merge_dialog.target.currentText() == LGT  # the likeliest is offered
            qtbot.keyClick(merge_dialog.target, Qt.Key.Key_Return)

        answer_next_dialog(choose)
        qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
        merged = next(r for r in panel.model.all_rows() if r.name == LGT)
        assert merged.aliases == (DUPLICATE,) and merged.people == lgt_people + 1
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    open_lists(monkeypatch, qtbot, screen, fill)
    assert DUPLICATE not in names(duplicate)
    assert find_person(duplicate, "ana.silva@nhs.net").organisation == LGT
    stack = screen.undo_stack
    assert stack.undoText() == f"Merge organisation {DUPLICATE} into {LGT}"
    stack.undo()
    assert find_person(duplicate, "ana.silva@nhs.net").organisation == DUPLICATE
    assert DUPLICATE in names(duplicate)
    assert next(r for r in list_names(duplicate, "organisation") if r.name == LGT).aliases == ()
    stack.redo()
    assert find_person(duplicate, "ana.silva@nhs.net").organisation == LGT


def test_escape_in_the_merge_dialog_changes_nothing(screen, qtbot, monkeypatch, duplicate):
    def fill(dialog):
        dialog.tabs.setCurrentWidget(dialog.organisations)
        panel = dialog.organisations
        panel.table.select_where(lambda row: row.name == DUPLICATE)
        answer_next_dialog(lambda merge_dialog: qtbot.keyClick(merge_dialog, Qt.Key.Key_Escape))
        qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
        dialog.reject()

    open_lists(monkeypatch, qtbot, screen, fill)
    assert DUPLICATE in names(duplicate)
    assert screen.undo_stack.count() == 0


def test_an_unknown_target_is_one_sentence_in_the_dialog(screen, qtbot, monkeypatch, duplicate):
    seen = []

    def fill(dialog):
        dialog.tabs.setCurrentWidget(dialog.professions)
        panel = dialog.professions
        panel.table.select_where(lambda row: row.name == "Paramedic")

        def choose(merge_dialog):
            merge_dialog.target.setEditText("Astronaut")
            qtbot.keyClick(merge_dialog.target, Qt.Key.Key_Return)
            seen.append(merge_dialog.error.text())
            merge_dialog.reject()

        answer_next_dialog(choose)
        qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
        dialog.reject()

    open_lists(monkeypatch, qtbot, screen, fill)
    assert seen == ["'Astronaut' is not a known profession; choose one from the list."]
    assert "Paramedic" in {r.name for r in list_names(duplicate, "profession")}
