"""The import wizard and the Imports and history screen: pick a file, fix a column, preview,
apply, undo; with the database checked at each step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from cohort_desk.services.imports.history import list_batches
from cohort_desk.services.people.records import find_person
from cohort_desk.ui.imports import screen as imports_view
from cohort_desk.ui.imports import wizard as import_wizard
from cohort_desk.ui.imports.screen import ImportsScreen
from cohort_desk.ui.imports.wizard import COLUMNS, DONE, FILE, PREVIEW, ImportWizard
from cohort_desk.ui.imports.wizard_pages import ERROR_BACKGROUND
from cohort_desk.ui.kit.workers import BackgroundJob
from tests.integration.import_files import plain_workbook, snapshot

HEADER = ["Delegate", "Contact", "Trust", "Job title"]
ROWS = [
    ["Ada Lovelace", "ada@nhs.net", "Oxleas NHS Foundation Trust", "Analyst"],
    ["Mary Seacole", "mary@nhs.net", "Lewisham Council", "Nurse"],
    ["No Address", "not an address", "", ""],
]


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes would wait for a click; the tests read what would have been shown."""
    shown: list[str] = []
    monkeypatch.setattr(
        import_wizard, "show_error", lambda _parent, error, *_a: shown.append(str(error))
    )
    return shown


@pytest.fixture
def people_file(tmp_path: Path) -> Path:
    return plain_workbook(tmp_path / "delegates.xlsx", HEADER, ROWS, title="Delegates")


def open_wizard(qtbot: Any, db: Any) -> ImportWizard:
    wizard = ImportWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def next_page(qtbot: Any, wizard: ImportWizard, page: int) -> None:
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == page, timeout=10_000)


def test_pick_fix_preview_apply_and_undo(qtbot, db, people_file, errors, monkeypatch) -> None:
    wizard = open_wizard(qtbot, db)
    wizard.set_file(str(people_file))
    assert wizard.sheet_combo.currentText() == "Delegates"
    next_page(qtbot, wizard, COLUMNS)

    # "Delegate" and "Contact" are not headings Cohort Desk knows: the person says what they are.
    assert "No headings were recognised" in wizard.columns.note.text()
    assert [wizard.columns.combo(i).currentData() for i in range(4)] == [
        "ignore",
        "ignore",
        "organisation",
        "job_title",
    ]
    assert "ada@nhs.net" in wizard.columns.table.item(1, 1).text()
    wizard.columns.choose(0, "full_name")
    wizard.columns.choose(1, "email")
    wizard.columns.choose(3, "ignore")
    next_page(qtbot, wizard, PREVIEW)

    plan = wizard.plan
    assert plan is not None and (plan.created, len(plan.errors)) == (2, 1)
    assert "2 new" in wizard.preview.counts.text()
    assert "1 row with errors" in wizard.preview.counts.text()
    model = wizard.preview.model
    assert model.rowCount() == 1  # errors are shown first when there are any
    assert model.data(model.index(0, 0)) == "4"
    assert model.data(model.index(0, 4), Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    wizard.preview.show_combo.setCurrentIndex(0)
    assert model.rowCount() == 3
    assert find_person(db, "ada@nhs.net") is None  # nothing written by the preview

    with qtbot.waitSignal(wizard.imported, timeout=10_000) as imported:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    batch_id = imported.args[0]
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == DONE)
    assert "2 people added" in wizard.summary.text()
    ada = find_person(db, "ada@nhs.net")
    assert ada is not None and (ada.given_name, ada.family_name) == ("Ada", "Lovelace")
    assert ada.organisation == "Oxleas NHS Foundation Trust" and ada.job_title == ""
    assert errors == []

    screen = ImportsScreen(db)
    qtbot.addWidget(screen)
    assert [r.id for r in screen.model.rows()] == [batch_id]
    assert screen.undo_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(
        imports_view.ask, "confirm", lambda _p, _t, text, _y, **_k: asked.append(text) or True
    )
    qtbot.mouseClick(screen.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rows()[0].undone, timeout=10_000)
    assert "2 people it added will be removed" in asked[0]
    assert find_person(db, "ada@nhs.net") is None
    assert not screen.undo_button.isEnabled()
    assert list_batches(db)[0].undone


def test_column_choices_are_remembered_for_files_with_the_same_headings(
    qtbot, db, people_file, tmp_path, errors
) -> None:
    wizard = open_wizard(qtbot, db)
    wizard.set_file(str(people_file))
    next_page(qtbot, wizard, COLUMNS)
    wizard.columns.choose(0, "full_name")
    wizard.columns.choose(1, "email")
    next_page(qtbot, wizard, PREVIEW)

    later = plain_workbook(tmp_path / "next month.xlsx", HEADER, [ROWS[0]])
    again = open_wizard(qtbot, db)
    again.set_file(str(later))
    next_page(qtbot, again, COLUMNS)
    assert [again.columns.combo(i).currentData() for i in range(2)] == ["full_name", "email"]
    assert "from last time" in again.columns.note.text()
    assert errors == []


def test_cancelling_the_import_leaves_the_database_as_it_was(
    qtbot, db, people_file, errors, monkeypatch
) -> None:
    wizard = open_wizard(qtbot, db)
    wizard.set_file(str(people_file))
    next_page(qtbot, wizard, COLUMNS)
    wizard.columns.choose(0, "full_name")
    wizard.columns.choose(1, "email")
    next_page(qtbot, wizard, PREVIEW)
    before = snapshot(db)
    start = BackgroundJob.start

    def pressed_cancel_at_once(job: BackgroundJob) -> BackgroundJob:
        job.cancel()
        return start(job)

    monkeypatch.setattr(BackgroundJob, "start", pressed_cancel_at_once)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert errors == ["The import was cancelled; nothing was changed."]
    assert wizard.stack.currentIndex() == PREVIEW and wizard.next_button.isEnabled()
    assert snapshot(db) == before


def test_an_unusable_file_is_reported_and_the_wizard_stays_put(qtbot, db, tmp_path, errors) -> None:
    junk = tmp_path / "photo.xlsx"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    wizard = open_wizard(qtbot, db)
    wizard.set_file(str(junk))
    assert errors and "not a spreadsheet" in errors[0]
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.stack.currentIndex() == FILE


def test_a_file_with_nothing_new_cannot_be_imported_again(qtbot, db, tmp_path, errors) -> None:
    path = plain_workbook(
        tmp_path / "one.xlsx",
        ["Email", "First name", "Surname"],
        [["solo@nhs.net", "Solo", "Person"]],
    )
    first = open_wizard(qtbot, db)
    first.set_file(str(path))
    next_page(qtbot, first, COLUMNS)
    next_page(qtbot, first, PREVIEW)
    next_page(qtbot, first, DONE)
    second = open_wizard(qtbot, db)
    second.set_file(str(path))
    next_page(qtbot, second, COLUMNS)
    next_page(qtbot, second, PREVIEW)
    assert "Nothing needs changing" in second.preview.counts.text()
    assert not second.next_button.isEnabled()


def test_models_pass_the_model_tester(qtbot, qtmodeltester, db, people_file, errors) -> None:
    wizard = open_wizard(qtbot, db)
    wizard.set_file(str(people_file))
    next_page(qtbot, wizard, COLUMNS)
    wizard.columns.choose(0, "full_name")
    wizard.columns.choose(1, "email")
    next_page(qtbot, wizard, PREVIEW)
    qtmodeltester.check(wizard.preview.model)
    screen = ImportsScreen(db)
    qtbot.addWidget(screen)
    qtmodeltester.check(screen.model)


def test_imports_screen_is_in_the_side_bar(main_window) -> None:
    titles = [screen.title for screen in main_window.screens]
    assert "Imports and history" in titles
    screen = main_window.screens[titles.index("Imports and history")]
    assert isinstance(screen, ImportsScreen) and screen.can_new


def test_a_hand_edit_after_the_preview_is_refused_and_a_new_preview_offered(
    qtbot, db, tmp_path, errors, monkeypatch
) -> None:
    """Issue 12 item 2: minutes pass between Preview and Import; someone edits a person."""
    from cohort_desk.services.people.records import PersonInput, create_person, update_person

    create_person(db, PersonInput("Ada", "Lovelace", "ada@nhs.net", job_title="Analyst"))
    path = plain_workbook(
        tmp_path / "list.xlsx",
        ["First name", "Surname", "Email", "Job title"],
        [
            ["Ada", "Lovelace", "ada@nhs.net", "Chief analyst"],
            ["Ada", "Byron", "byron@nhs.net", ""],
        ],
    )
    wizard = open_wizard(qtbot, db)
    wizard.set_file(str(path))
    next_page(qtbot, wizard, COLUMNS)
    next_page(qtbot, wizard, PREVIEW)
    ada = find_person(db, "ada@nhs.net")
    edit = PersonInput("Ada", "Lovelace", "ada@nhs.net", job_title="Head of analysis")
    update_person(db, ada.id, edit, ada.version)

    asked: list[str] = []
    monkeypatch.setattr(
        import_wizard, "ask_preview_again", lambda _parent, reason: asked.append(reason) or True
    )
    old_plan = wizard.plan
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.plan is not old_plan, timeout=10_000)
    assert asked == [
        "Ada Lovelace (ada@nhs.net) was changed after this import was previewed (their job "
        "title is now 'Head of analysis'); nothing was imported; preview the import again and "
        "apply the new preview."
    ]
    assert errors == []
    assert find_person(db, "ada@nhs.net").job_title == "Head of analysis"
    assert find_person(db, "byron@nhs.net") is None
    # The new preview shows the file against the hand edit.
    assert wizard.stack.currentIndex() == PREVIEW
    [ada_row] = [r for r in wizard.plan.rows if r.email == "ada@nhs.net"]
    assert [(c.before, c.after) for c in ada_row.changes] == [("Head of analysis", "Chief analyst")]


def test_merged_rows_are_shown_in_the_preview(qtbot, db, tmp_path, errors) -> None:
    path = plain_workbook(
        tmp_path / "twice.xlsx",
        ["First name", "Surname", "Email"],
        [["Kim", "Lee", "kim@nhs.net"], ["Kim", "Lee", "KIM@nhs.net"]],
    )
    wizard = open_wizard(qtbot, db)
    wizard.set_file(str(path))
    next_page(qtbot, wizard, COLUMNS)
    next_page(qtbot, wizard, PREVIEW)
    assert "1 row merged into a later row with the same e-mail address" in (
        wizard.preview.counts.text()
    )
    model = wizard.preview.model
    assert model.data(model.index(0, 1), Qt.ItemDataRole.DisplayRole) == "Merged"
