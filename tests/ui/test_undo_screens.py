"""Undo that means what it says (issue 15 item 1): one undo stack per screen, Ctrl+Z on the
screen in front, attendance marks, a Teams report and an import undoable, and Edit > Undo
history across the screens. Driven with keys, checked in the database."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

from PySide6.QtCore import Qt

from cohort_desk.db.models import Person
from cohort_desk.services.attendance.marking import mark, register_lines
from cohort_desk.services.imports.history import list_batches
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.ui.attendance.screen import AttendanceScreen
from cohort_desk.ui.shell.undo_history import UndoHistoryDialog, recent_changes
from tests.integration.attendance_files import make_cohort
from tests.ui.modal import answer_next_dialog
from tests.ui.test_attendance_screen import NAMES, SESSIONS, teams_file
from tests.ui.workspace_helpers import activate, answers, go_to_screen, messages  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def _archived(db, person_id):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.get(Person, person_id).archived_at is not None


def _statuses(db, session_id):  # type: ignore[no-untyped-def]
    return [line.status for line in register_lines(db, session_id)]


def test_ctrl_z_undoes_only_the_change_made_on_the_screen_in_front(main_window, qtbot, demo_db):
    spare = create_person(demo_db, PersonInput("Temp", "Mistake", "temp@nhs.net"))
    activate(qtbot, main_window)
    people = go_to_screen(main_window, qtbot, "People")
    qtbot.keyClick(main_window, Qt.Key.Key_F5)
    people.table.select_where(lambda r: r.id == spare.id)
    people.archive_button.click()
    assert _archived(demo_db, spare.id)

    attendance = go_to_screen(main_window, qtbot, "Attendance")
    register = attendance.register
    line = register.model.row_at(0)
    sid = register.session_id
    before = next(x.status for x in register_lines(demo_db, sid) if x.person_id == line.person_id)
    register.table.setFocus()
    register.table.setCurrentIndex(register.model.index(0, 4))
    wanted = "late" if before != "late" else "absent"
    qtbot.keyClick(register.table, "l" if wanted == "late" else "a")
    assert main_window.actions.undo.text().replace("&", "") == (
        f"Undo Mark {line.full_name} {wanted}"
    )
    assert f"Mark {line.full_name} {wanted}" in main_window.actions.undo.toolTip()

    qtbot.keyClick(register.table, Qt.Key.Key_Z, CTRL)
    after = next(x.status for x in register_lines(demo_db, sid) if x.person_id == line.person_id)
    assert after == before  # the mark went back...
    assert _archived(demo_db, spare.id)  # ...and the other screen's change stayed

    people = go_to_screen(main_window, qtbot, "People")
    assert main_window.actions.undo.text().replace("&", "") == "Undo Archive Temp Mistake"
    qtbot.keyClick(people.table, Qt.Key.Key_Z, CTRL)
    assert not _archived(demo_db, spare.id)


def test_mark_all_present_and_a_teams_report_are_each_one_undo(qtbot, db, tmp_path, monkeypatch):
    from cohort_desk.ui.attendance.from_file_dialog import ImportPreviewDialog

    setup = make_cohort(db, NAMES, sessions=SESSIONS)
    screen = AttendanceScreen(db)
    qtbot.addWidget(screen)
    screen.show()
    screen.choose(setup.cohort_id, setup.session_ids[0])
    sid, stack = setup.session_ids[0], screen.undo_stack
    first = screen.register.model.row_at(0).person_id
    mark(db, sid, {first: "apologies"})
    screen.register.reload()

    qtbot.mouseClick(screen.register.all_present, Qt.MouseButton.LeftButton)
    assert _statuses(db, sid) == ["apologies"] + ["present"] * 29
    assert stack.undoText() == "Mark all present at Launch"
    stack.undo()
    assert _statuses(db, sid) == ["apologies"] + [None] * 29  # the apology made before stays
    assert screen.register.model.row_at(1).status is None  # the register shows it
    stack.redo()
    assert _statuses(db, sid) == ["apologies"] + ["present"] * 29
    stack.undo()

    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda _dialog: True)
    screen.register.import_attendance(teams_file(tmp_path, setup))
    qtbot.waitUntil(lambda: stack.undoText().startswith("Apply "), timeout=10_000)
    assert stack.undoText() == "Apply Launch attendance.csv to Launch"
    assert _statuses(db, sid).count("absent") >= 27
    stack.undo()
    assert _statuses(db, sid) == ["apologies"] + [None] * 29


def test_an_import_is_undone_with_ctrl_z_by_the_exact_undo_import(
    main_window, qtbot, demo_db, tmp_path
):
    from cohort_desk.ui.imports.wizard import COLUMNS, DONE, PREVIEW

    activate(qtbot, main_window)
    screen = go_to_screen(main_window, qtbot, "Imports and history")
    path = tmp_path / "people.csv"  # beside no database file: PostgreSQL has none
    path.write_text("First name,Surname,Email\nZed,Imported,zed@nhs.net\n", encoding="utf-8")
    # Through the screen's own Import button and the wizard, as a person imports.
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    wizard = screen.wizard
    assert wizard is not None
    wizard.set_file(str(path))
    for page in (COLUMNS, PREVIEW):  # the columns are known ones: Next, Next
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda page=page: wizard.stack.currentIndex() == page, timeout=10_000)
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as imported:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # Import
    batch = imported.args[0]
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == DONE)
    wizard.close()
    activate(qtbot, main_window)
    assert main_window.actions.undo.text().replace("&", "") == "Undo Import people.csv"
    qtbot.keyClick(screen.table, Qt.Key.Key_Z, CTRL)
    assert next(b for b in list_batches(demo_db) if b.id == batch).undone
    with demo_db.read() as session:
        assert session.query(Person).filter_by(email_key="zed@nhs.net").count() == 0
    assert not screen.undo_stack.canRedo()  # undone imports are imported again, not redone


def test_undo_history_lists_every_screen_and_says_what_undoing_back_takes(
    main_window, qtbot, demo_db, answers
):
    a = create_person(demo_db, PersonInput("Ada", "First", "ada.first@nhs.net"))
    b = create_person(demo_db, PersonInput("Bo", "Second", "bo.second@nhs.net"))
    activate(qtbot, main_window)
    people = go_to_screen(main_window, qtbot, "People")
    qtbot.keyClick(main_window, Qt.Key.Key_F5)
    for person in (a, b):
        people.table.clearSelection()
        people.table.select_where(lambda r, p=person: r.id == p.id)
        people.archive_button.click()
    attendance = go_to_screen(main_window, qtbot, "Attendance")
    attendance.register.table.setFocus()
    attendance.register.table.setCurrentIndex(attendance.register.model.index(0, 4))
    qtbot.keyClick(attendance.register.table, "x")

    stacks = [(s.title, s.undo_stack) for s in main_window.stack.built_screens()]
    changes = recent_changes(stacks)
    assert [(c.screen, c.text.split(" ")[0]) for c in changes[:3]] == [
        ("Attendance", "Mark"),
        ("People", "Archive"),
        ("People", "Archive"),
    ]

    def undo_back_to_the_first_archive(dialog: UndoHistoryDialog) -> None:
        dialog.table.selectRow(2)
        assert "Bo Second" in dialog.question(dialog.table.current_row())
        answers.append(True)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        assert "also undoes the later changes on People" in answers.asked[-1]
        assert [c.screen for c in dialog.model.rows()][:1] == ["Attendance"]

    answer_next_dialog(undo_back_to_the_first_archive)
    qtbot.keyClick(main_window, Qt.Key.Key_H, CTRL)
    assert not _archived(demo_db, a.id) and not _archived(demo_db, b.id)
    assert attendance.undo_stack.canUndo()  # the mark on the other screen stayed


def test_a_teams_report_applied_in_the_window_is_taken_back_by_ctrl_z(
    main_window, qtbot, demo_db, tmp_path, monkeypatch
):
    # As a person would: the register in front, a Teams report applied, Ctrl+Z pressed on it.
    from cohort_desk.db.models import CohortSession
    from cohort_desk.rules.dates import to_local
    from cohort_desk.ui.attendance.from_file_dialog import ImportPreviewDialog
    from tests.integration.attendance_files import Attendee, write_teams_report

    activate(qtbot, main_window)
    attendance = go_to_screen(main_window, qtbot, "Attendance")
    register = attendance.register
    sid = register.session_id
    before = _statuses(demo_db, sid)
    with demo_db.read() as session:
        starts = to_local(session.get(CohortSession, sid).starts_at).replace(tzinfo=None)
    lines = register_lines(demo_db, sid)[:2]
    report = write_teams_report(
        tmp_path / "Session attendance.csv",
        [
            Attendee(line.full_name, line.email, [(starts, starts.replace(hour=starts.hour + 2))])
            for line in lines
        ],
    )
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda _dialog: True)
    register.import_attendance(report)
    qtbot.waitUntil(lambda: attendance.undo_stack.undoText().startswith("Apply "), timeout=10_000)
    applied = _statuses(demo_db, sid)
    assert applied != before  # the report changed the register...
    assert main_window.actions.undo.text().replace("&", "").startswith("Undo Apply ")

    register.table.setFocus()
    qtbot.keyClick(register.table, Qt.Key.Key_Z, CTRL)
    assert _statuses(demo_db, sid) == before  # ...and one Ctrl+Z took all of it back
    assert [r.status for r in register.model.rows()] == before  # as the register shows
