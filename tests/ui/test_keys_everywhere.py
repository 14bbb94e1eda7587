"""Keys that cannot lose work, in every dialog (issue 15 item 3): Esc closes each dialog of
the window without changing anything stored, no dialog opens with the focus on Cancel, and
Enter never presses a destructive button. Undo by the key a person presses: Ctrl+Z on the
Cohorts screen takes back a merge of two organisations and an enrolment, and nothing done on
another screen.

The dialogs are the ones tests/ui/laptop_dialogs.py finds and opens (every QDialog subclass
under cohort_desk.ui).
"""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

import hashlib
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QDialogButtonBox, QPushButton
from sqlalchemy import select

from cohort_desk.db.models import Enrolment, Organisation, Person
from cohort_desk.db.models.base import Base
from cohort_desk.services.people.known_names import list_names
from cohort_desk.services.people.records import PersonInput, create_person, find_person
from cohort_desk.ui.cohorts.enrol_dialog import PickPeopleDialog
from cohort_desk.ui.cohorts.programmes_dialog import ProgrammesDialog
from tests.ui.laptop_dialogs import OPENERS, QT_DIALOGS
from tests.ui.modal import answer_next_dialog
from tests.ui.workspace_helpers import activate, answer_dialog, go_to_screen, messages  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
# Merging names and undoing back to a change are the forward actions of their dialogs, and
# both can be undone; these cannot, or throw work away.
DESTRUCTIVE = re.compile(
    r"\b(delete|remove|erase|discard|revoke|withdraw|clear|reset|end|leave)\b", re.IGNORECASE
)
LGT = "Lewisham and Greenwich NHS Trust"
DUPLICATE = "Lewisham & Greenwich NHS Trust"


def stored(db) -> str:  # type: ignore[no-untyped-def]
    """A fingerprint of every row of every table."""
    digest = hashlib.sha256()
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).all():
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def shared_window(qapp, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One main window on the demo data for all forty dialogs (a window each took minutes)."""
    from cohort_desk.db.opening import open_database
    from cohort_desk.services.demo.data import load_demo
    from cohort_desk.ui.shell.main_window import MainWindow

    folder = tmp_path_factory.mktemp("keys")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COHORT_DESK_HOME", str(folder / "home"))
        db = open_database(str(folder / "demo.db"))
        db.actor = "tester"
        load_demo(db, people=120, seed=7)
        window = MainWindow(db)
        window.show()
        yield db, window
        window.close()
        window.deleteLater()
        db.dispose()


def _default_button(dialog: QDialog) -> QPushButton | None:
    for button in dialog.findChildren(QPushButton):
        if button.isVisibleTo(dialog) and button.isDefault():
            return button
    focus = QApplication.focusWidget()
    if isinstance(focus, QPushButton) and focus.window() is dialog and focus.autoDefault():
        return focus
    return None


def _is_a_way_out(button: QAbstractButton, dialog: QDialog) -> bool:
    for box in dialog.findChildren(QDialogButtonBox):
        role = box.buttonRole(button)
        if role in (QDialogButtonBox.ButtonRole.RejectRole, QDialogButtonBox.ButtonRole.NoRole):
            return True
    return button.text().replace("&", "") in ("Cancel", "Close")


@pytest.mark.parametrize(
    "name", sorted(OPENERS) + sorted(QT_DIALOGS), ids=lambda n: n.rpartition(".")[2]
)
def test_esc_closes_the_dialog_and_changes_nothing(qtbot, shared_window, name) -> None:  # type: ignore[no-untyped-def]
    db, window = shared_window
    opener = OPENERS.get(name) or QT_DIALOGS[name]
    dialog = opener(db, window)
    qtbot.addWidget(dialog)
    before = stored(db)
    dialog.show()
    activate(qtbot, dialog)
    for _ in range(3):  # delayed loads (previews, plans) run as they would
        QApplication.processEvents()

    focus = QApplication.focusWidget()
    if isinstance(focus, QAbstractButton) and focus.window() is dialog:
        assert not _is_a_way_out(focus, dialog), f"the focus starts on {focus.text()!r}"
    default = _default_button(dialog)
    if default is not None:
        assert not DESTRUCTIVE.search(default.text().replace("&", "")), (
            f"Enter would press {default.text()!r}"
        )

    qtbot.keyClick(
        focus if focus is not None and focus.window() is dialog else dialog, Qt.Key.Key_Escape
    )
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    # QDialog.result: some dialogs keep what they did in an attribute of that name.
    assert QDialog.result(dialog) == QDialog.DialogCode.Rejected
    assert stored(db) == before


# Undo by Ctrl+Z, pressed on the screen -----------------------------------------------------------


def _action_text(action) -> str:  # type: ignore[no-untyped-def]
    """The menu text as shown: "&&" is a real ampersand, a lone "&" marks the shortcut."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def _archived(db, person_id) -> bool:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.get(Person, person_id).archived_at is not None


def test_ctrl_z_on_the_cohorts_screen_takes_back_a_merge_and_nothing_else(
    main_window, qtbot, demo_db, monkeypatch
):
    person = create_person(demo_db, PersonInput("Ana", "Silva", "ana.silva@nhs.net"))
    with demo_db.write() as session:
        org = Organisation(name=DUPLICATE, kind="trust")
        session.add(org)
        session.flush()
        session.get(Person, person.id).organisation_id = org.id
    spare = create_person(demo_db, PersonInput("Temp", "Mistake", "temp@nhs.net"))
    activate(qtbot, main_window)
    people = go_to_screen(main_window, qtbot, "People")
    qtbot.keyClick(main_window, Qt.Key.Key_F5)
    people.table.select_where(lambda r: r.id == spare.id)
    people.archive_button.click()  # a change on another screen, which must stay

    cohorts = go_to_screen(main_window, qtbot, "Cohorts")

    def fill(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClick(dialog.tabs, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        panel = dialog.organisations
        qtbot.keyClicks(panel.search, "lewisham &")
        panel.table.selectRow(0)
        answer_next_dialog(lambda merge: qtbot.keyClick(merge.target, Qt.Key.Key_Return))
        qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer_dialog(monkeypatch, qtbot, ProgrammesDialog, fill)
    qtbot.mouseClick(cohorts.programmes_button, Qt.MouseButton.LeftButton)
    assert find_person(demo_db, "ana.silva@nhs.net").organisation == LGT
    activate(qtbot, main_window)
    assert _action_text(main_window.actions.undo) == (
        f"Undo Merge organisation {DUPLICATE} into {LGT}"
    )

    qtbot.keyClick(cohorts.table, Qt.Key.Key_Z, CTRL)
    assert find_person(demo_db, "ana.silva@nhs.net").organisation == DUPLICATE
    assert next(r for r in list_names(demo_db, "organisation") if r.name == LGT).aliases == ()
    assert _archived(demo_db, spare.id)  # the People screen's change stayed


def test_ctrl_z_on_the_cohorts_screen_takes_back_an_enrolment(
    main_window, qtbot, demo_db, monkeypatch
):
    activate(qtbot, main_window)
    cohorts = go_to_screen(main_window, qtbot, "Cohorts")
    cohort = cohorts.current_cohort()

    def enrolled() -> int:
        with demo_db.read() as session:
            return len(
                session.scalars(
                    select(Enrolment.id).where(
                        Enrolment.cohort_id == cohort.id, Enrolment.role == "participant"
                    )
                ).all()
            )

    before = enrolled()

    def fill(dialog):  # type: ignore[no-untyped-def]
        picker = dialog.picker
        qtbot.keyClicks(picker.search, "council")
        qtbot.keyClick(picker.search, Qt.Key.Key_Down)
        qtbot.keyClick(picker.table, Qt.Key.Key_Space)
        assert picker.count.text() == "1 chosen"
        qtbot.keyClick(picker.table, Qt.Key.Key_Return)  # Enter: Enrol 1

    answer_dialog(monkeypatch, qtbot, PickPeopleDialog, fill)
    qtbot.mouseClick(cohorts.enrol_button, Qt.MouseButton.LeftButton)
    assert enrolled() == before + 1
    activate(qtbot, main_window)
    assert _action_text(main_window.actions.undo).startswith("Undo Enrol")

    qtbot.keyClick(cohorts.table, Qt.Key.Key_Z, CTRL)
    assert enrolled() == before
    qtbot.keyClick(
        cohorts.table, Qt.Key.Key_Z, Qt.KeyboardModifier(CTRL | Qt.KeyboardModifier.ShiftModifier)
    )
    assert enrolled() == before + 1  # Ctrl+Shift+Z redoes it


def test_ctrl_z_on_attendance_takes_back_a_whole_mark_all_present(main_window, qtbot, demo_db):
    from cohort_desk.services.attendance.marking import register_lines
    from cohort_desk.services.sessions.records import list_sessions

    activate(qtbot, main_window)
    attendance = go_to_screen(main_window, qtbot, "Attendance")
    register = attendance.register
    # The session the screen opens on depends on the time of day (today's, else the latest
    # started, whose register the demo may have filled): choose one with people still to mark.
    sid, cohort_id = next(
        (row.id, row.cohort_id)
        for row in list_sessions(demo_db)
        if None in [line.status for line in register_lines(demo_db, row.id)]
    )
    attendance.choose(cohort_id, sid)
    assert register.session_id == sid
    before = [line.status for line in register_lines(demo_db, sid)]
    qtbot.mouseClick(register.all_present, Qt.MouseButton.LeftButton)
    # Everyone not yet marked is now present; marks already made stay (the button says so).
    after = [line.status for line in register_lines(demo_db, sid)]
    assert after == [status or "present" for status in before]
    assert _action_text(main_window.actions.undo).startswith("Undo Mark all present at ")

    qtbot.keyClick(register.table, Qt.Key.Key_Z, CTRL)  # one key press, the whole register
    assert [line.status for line in register_lines(demo_db, sid)] == before
