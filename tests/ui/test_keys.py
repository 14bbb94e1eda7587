"""Keys that cannot lose work (issue 15 item 3): Enter is the forward button of every dialog
and wizard step, Esc on a changed form or an unfinished wizard asks first, and no dialog
opens with Cancel as the button Enter would press."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from cohort_desk.services.imports.history import list_batches
from cohort_desk.services.people.records import find_person
from cohort_desk.ui.imports.wizard import COLUMNS, DONE, FILE, PREVIEW, ImportWizard
from cohort_desk.ui.people.person_dialog import PersonDialog
from tests.integration.import_files import plain_workbook
from tests.ui.modal import answer_next_dialog
from tests.ui.workspace_helpers import activate

HEADER = ["First name", "Surname", "Email", "Organisation"]
ROWS = [
    ["Ada", "Lovelace", "ada@nhs.net", "Oxleas NHS Foundation Trust"],
    ["Mary", "Seacole", "mary@nhs.net", "Lewisham Council"],
]


def _enter(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget() or widget, Qt.Key.Key_Return)


def _default_button(dialog) -> QPushButton | None:  # type: ignore[no-untyped-def]
    found = [b for b in dialog.findChildren(QPushButton) if b.isDefault() and b.isVisible()]
    return found[0] if found else None


def test_enter_goes_forward_through_every_step_of_the_import_wizard(qtbot, db, tmp_path):
    """The bug in the issue: Enter on step 2 discarded the whole wizard."""
    wizard = ImportWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    activate(qtbot, wizard)
    path = plain_workbook(tmp_path / "people.xlsx", HEADER, ROWS, title="People")
    qtbot.keyClicks(wizard.file_edit, str(path))
    for page in (COLUMNS, PREVIEW, DONE):
        assert _default_button(wizard) is wizard.next_button
        assert QApplication.focusWidget() is not wizard.close_button
        _enter(qtbot, wizard)
        qtbot.waitUntil(lambda p=page: wizard.stack.currentIndex() == p, timeout=15_000)
        assert wizard.isVisible()
    assert find_person(db, "ada@nhs.net") is not None and len(list_batches(db)) == 1
    assert _default_button(wizard) is wizard.close_button  # at the end Enter closes
    _enter(qtbot, wizard)
    assert not wizard.isVisible()


@pytest.mark.real_questions
def test_esc_on_an_unfinished_wizard_asks_and_enter_keeps_it(qtbot, db, tmp_path):
    wizard = ImportWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    activate(qtbot, wizard)
    qtbot.keyClick(wizard.file_edit, Qt.Key.Key_Escape)
    assert not wizard.isVisible()  # nothing chosen yet: Esc just closes

    wizard = ImportWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    activate(qtbot, wizard)
    path = plain_workbook(tmp_path / "people.xlsx", HEADER, ROWS, title="People")
    wizard.set_file(str(path))
    _enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == COLUMNS, timeout=15_000)
    asked: list[str] = []

    def keep_going(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        assert box.defaultButton().text() == "Keep editing"
        qtbot.keyClick(box, Qt.Key.Key_Return)

    answer_next_dialog(keep_going)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(asked))
    assert "Nothing has been imported yet" in asked[0]
    assert wizard.isVisible() and wizard.stack.currentIndex() == COLUMNS

    answer_next_dialog(lambda box: next(b for b in box.buttons() if b.text() == "Discard").click())
    wizard.close()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert list_batches(db) == []


@pytest.mark.real_questions
def test_esc_on_a_changed_form_asks_and_on_an_untouched_one_closes(qtbot, db):
    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    assert _default_button(dialog) is dialog.save_button
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert not cancel.isDefault() and not cancel.autoDefault()
    qtbot.keyClick(dialog.edits["given_name"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.edits["given_name"], "Grace")
    answer_next_dialog(lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))  # keep editing
    qtbot.keyClick(dialog.edits["given_name"], Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.edits["given_name"].text() == "Grace"
    qtbot.keyClicks(dialog.edits["family_name"], "Hopper")
    qtbot.keyClicks(dialog.edits["email"], "grace@nhs.net")
    qtbot.keyClick(dialog.edits["email"], Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible() and find_person(db, "grace@nhs.net") is not None


def test_no_dialog_opens_with_cancel_as_the_enter_button(main_window, qtbot, demo_db):
    """Every dialog the screens' New and Edit open: the default button is never Cancel."""
    opened: list[str] = []

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        button = _default_button(dialog)
        opened.append(dialog.windowTitle())
        assert button is not None, dialog.windowTitle()
        assert button.text().replace("&", "") not in ("Cancel", "Close"), dialog.windowTitle()
        assert QApplication.focusWidget() is not dialog.findChild(QDialogButtonBox)

    for screen in main_window.screens:
        if not screen.can_new or screen.title in ("Imports and history",):
            continue
        main_window.nav.setCurrentRow(main_window.stack.titles.index(screen.title))
        answer_next_dialog(check)
        main_window.new_record()
    assert len(opened) >= 5, opened


def test_the_wizard_file_step_enter_with_no_file_stays_and_says_why(qtbot, db, monkeypatch):
    from cohort_desk.ui.imports import wizard as wizard_module

    said: list[str] = []
    monkeypatch.setattr(wizard_module, "show_error", lambda _p, e, *_a: said.append(str(e)))
    wizard = ImportWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    activate(qtbot, wizard)
    _enter(qtbot, wizard)
    assert wizard.isVisible() and wizard.stack.currentIndex() == FILE
    assert said == ["Choose the file to import first."]
    assert not Path(str(wizard.file_edit.text())).name
