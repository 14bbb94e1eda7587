"""The Attendance screen: keying in a register, the cohort grid, walk-ins, import, print, save."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from cohort_desk.rules.attendance import STATUS_KEYS
from cohort_desk.services.attendance.marking import mark, register_lines
from cohort_desk.ui.attendance.from_file_dialog import ImportPreviewDialog
from cohort_desk.ui.attendance.rows import NOTE_COLUMN
from cohort_desk.ui.attendance.screen import AttendanceScreen
from cohort_desk.ui.attendance.walk_in_dialog import WalkInDialog
from cohort_desk.ui.kit import files, printing
from tests.integration.attendance_files import Attendee, at, make_cohort, write_teams_report

GIVEN = "Amara Ben Chloe Dev Esi Femi Gita Hana Ivo Jun".split()
FAMILY = "Okafor Clarke Dubois".split()
NAMES = [(g, f) for f in FAMILY for g in GIVEN]  # 30 people
SESSIONS = [
    ("Launch", "2026-02-02 09:30", "12:30"),
    ("Action learning", "2026-03-02 09:30", "12:30"),
    ("Close", "2027-04-05 09:30", "12:30"),  # still to come
]


@pytest.fixture
def setup(db):
    return make_cohort(db, NAMES, sessions=SESSIONS)


@pytest.fixture
def screen(qtbot, db, setup):
    widget = AttendanceScreen(db)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.choose(setup.cohort_id, setup.session_ids[0])
    return widget


def statuses(db, session_id):
    return [line.status for line in register_lines(db, session_id)]


def test_keying_in_30_people_takes_one_keypress_each(screen, qtbot, db, setup):
    table = screen.register.table
    assert screen.register.model.rowCount() == 30
    assert table.currentIndex().row() == 0
    letters = "PPPLPPEPPAPPXPPPLPPPPAPPPEPPXP"
    assert len(letters) == 30
    table.setFocus()
    for letter in letters:
        qtbot.keyClick(table, letter.lower())  # one press per person, no Enter, no mouse
    assert statuses(db, setup.session_ids[0]) == [STATUS_KEYS[k] for k in letters]
    assert table.currentIndex().row() == 29
    assert "30 on the register" in screen.register.counts.text()
    assert "0 not marked" in screen.register.counts.text()


def test_backspace_clears_and_a_selection_is_marked_at_once(screen, qtbot, db, setup):
    table, sid = screen.register.table, setup.session_ids[0]
    table.setFocus()
    qtbot.keyClick(table, "a")
    table.setCurrentIndex(screen.register.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Backspace)
    assert statuses(db, sid)[0] is None
    table.selectRow(3)
    for _ in range(4):
        qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(table, "x")
    assert statuses(db, sid)[3:8] == ["apologies"] * 5
    assert statuses(db, sid)[8] is None and table.currentIndex().row() == 8


def test_a_note_is_saved_beside_a_mark(screen, db, setup):
    model, sid = screen.register.model, setup.session_ids[0]
    mark(db, sid, {model.row_at(2).person_id: "left_early"})
    screen.register.reload()
    assert model.setData(model.index(2, NOTE_COLUMN), "Left at 11 for clinic")
    line = register_lines(db, sid)[2]
    assert (line.status, line.note) == ("left_early", "Left at 11 for clinic")


def test_mark_all_present_fills_only_the_gaps(screen, qtbot, db, setup):
    sid = setup.session_ids[0]
    first = screen.register.model.row_at(0).person_id
    mark(db, sid, {first: "apologies"})
    qtbot.mouseClick(screen.register.all_present, Qt.MouseButton.LeftButton)
    assert statuses(db, sid) == ["apologies"] + ["present"] * 29
    assert screen.register.model.row_at(0).status == "apologies"


def test_a_walk_in_is_added_and_marked_from_the_dialog(screen, qtbot, db, setup, monkeypatch):
    def fill(dialog):
        dialog.tabs.setCurrentIndex(1)  # Someone new
        dialog.given.setText("Zofia")
        dialog.family.setText("Nowak")
        dialog.email.setText("zofia.nowak@nhs.net")
        dialog.organisation.setText("Bexley ICB")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(WalkInDialog, "exec", fill)
    qtbot.mouseClick(screen.register.walk_in, Qt.MouseButton.LeftButton)
    lines = register_lines(db, setup.session_ids[0])
    assert len(lines) == 31
    zofia = next(x for x in lines if x.family_name == "Nowak")
    assert (zofia.status, zofia.organisation) == ("present", "Bexley ICB")
    current = screen.register.table.currentIndex().row()
    assert screen.register.model.row_at(current).family_name == "Nowak"


def test_walk_ins_already_in_the_database_are_ticked_and_marked_together(
    screen, qtbot, db, setup, monkeypatch
):
    from cohort_desk.services.people.records import PersonInput, create_person

    for given, family in (("Sofía", "Kowalski"), ("Tom", "Ng")):
        create_person(db, PersonInput(given, family, f"{given[:3]}.{family}@nhs.net".lower()))

    def fill(dialog):
        dialog.show()
        picker = dialog.picker
        qtbot.keyClicks(picker.search, "okafor")
        assert picker.model.rowCount() == 0  # already on this register: not offered
        picker.search.clear()
        qtbot.keyClicks(picker.search, "sofia kow")
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        picker.search.clear()
        qtbot.keyClicks(picker.search, "tom ng")
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        assert dialog.add_button.text() == "Add 2 and mark"
        dialog.status.setCurrentIndex(dialog.status.findData("late"))
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # Enter: Add 2 and mark
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(WalkInDialog, "exec", fill)
    qtbot.mouseClick(screen.register.walk_in, Qt.MouseButton.LeftButton)
    lines = register_lines(db, setup.session_ids[0])
    assert len(lines) == 32
    late = sorted(x.family_name for x in lines if x.status == "late")
    assert late == ["Kowalski", "Ng"]


def test_the_grid_shows_colours_percentages_and_flags_and_cells_can_be_changed(
    screen, qtbot, db, setup, qtmodeltester
):
    one, two = setup.session_ids[:2]
    everyone = [line.person_id for line in register_lines(db, one)]
    mark(db, one, dict.fromkeys(everyone, "present"))
    mark(db, two, dict.fromkeys(everyone, "present"))
    screen.refresh()
    screen.tabs.setCurrentWidget(screen.grid)
    model, table = screen.grid.model, screen.grid.table
    qtmodeltester.check(model)
    assert model.columnCount() == 1 + 3 + 3
    assert model.index(0, 1).data() == "P"
    assert model.index(0, 5).data() == "100%"

    # Keys work in the grid too: absent for the first person at both sessions held.
    table.setFocus()
    table.setCurrentIndex(model.index(0, 1))
    qtbot.keyClick(table, "a")
    table.setCurrentIndex(model.index(0, 2))
    qtbot.keyClick(table, "a")
    assert statuses(db, one)[0] == "absent" and statuses(db, two)[0] == "absent"
    assert model.index(0, 5).data() == "0%"
    # 0 of 2 held; at best 1 of 3 = 33%: they can no longer reach 75%.
    assert model.index(0, 6).data() == "Cannot reach 75%"
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    # A cell changed through its editor (the list of statuses) is saved the same way.
    assert model.setData(model.index(1, 2), "late")
    assert statuses(db, two)[1] == "late"
    # And the Register tab follows.
    screen.tabs.setCurrentWidget(screen.register)
    assert screen.register.model.row_at(0).status == "absent"


def test_register_model_passes_the_model_tester(screen, qtmodeltester):
    qtmodeltester.check(screen.register.model)


def teams_file(tmp_path, setup):
    d = "2026-02-02"
    first, second = setup.emails[:2]
    return write_teams_report(
        tmp_path / "Launch attendance.csv",
        [
            Attendee("First", first, [(at(d, "09:28"), at(d, "12:30"))]),
            Attendee("Second", second, [(at(d, "09:50"), at(d, "12:30"))]),
            Attendee("Guest Speaker", "guest@example.org", [(at(d, "10:00"), at(d, "11:00"))]),
        ],
    )


def test_import_shows_a_preview_and_saves_only_on_apply(
    screen, qtbot, db, setup, tmp_path, monkeypatch
):
    seen = {}

    def answer(apply):
        def run(dialog):
            seen["rows"] = dialog.model.rowCount()
            seen["outsiders"] = [o.email for o in dialog.outsider_model.rows()]
            seen["apply"] = dialog.apply_button.isEnabled()
            return apply

        return run

    path, sid = teams_file(tmp_path, setup), setup.session_ids[0]
    monkeypatch.setattr(ImportPreviewDialog, "exec", answer(False))
    screen.register.import_attendance(path)
    qtbot.waitUntil(lambda: "rows" in seen)
    assert seen == {"rows": 30, "outsiders": ["guest@example.org"], "apply": True}
    assert set(statuses(db, sid)) == {None}  # cancelled: nothing saved

    seen.clear()
    monkeypatch.setattr(ImportPreviewDialog, "exec", answer(True))
    screen.register.import_attendance(path)
    qtbot.waitUntil(lambda: set(statuses(db, sid)) != {None})
    by_email = {x.email: x.status for x in register_lines(db, sid)}
    assert by_email[setup.emails[0]] == "present" and by_email[setup.emails[1]] == "late"
    assert sorted(by_email.values()).count("absent") == 28
    qtbot.waitUntil(lambda: screen.register.model.row_at(0).status is not None)


def test_print_register_hands_our_pdf_to_the_print_dialog(screen, monkeypatch):
    printed = {}
    monkeypatch.setattr(
        printing, "print_pdf", lambda parent, pdf, title: printed.update(pdf=pdf, title=title)
    )
    screen.print_current()  # Ctrl+P on the Register tab
    text = PdfReader(io.BytesIO(printed["pdf"])).pages[0].extract_text()
    assert printed["title"] == "Register: Launch"
    assert "Sign-in register" in text and "Clarke, Amara" in text
    screen.tabs.setCurrentWidget(screen.grid)
    screen.print_current()  # and the summary from the grid
    assert printed["title"] == "Attendance: Test Cohort"


def test_save_register_and_summary_write_files_and_say_where(screen, tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr(files, "saved", lambda _w, path, what="": said.append(path))
    answers = iter([tmp_path / "register.pdf", tmp_path / "summary.xlsx"])
    monkeypatch.setattr(files, "ask_save_path", lambda *a: next(answers))
    screen.register.save_button.click()
    screen.export_current()
    assert said == [tmp_path / "register.pdf", tmp_path / "summary.xlsx"]
    assert PdfReader(tmp_path / "register.pdf").pages
    assert (tmp_path / "summary.xlsx").stat().st_size > 0


def test_the_screen_is_in_the_side_bar_after_people_and_cohorts(main_window):
    titles = [screen.title for screen in main_window.screens]
    screen = main_window.screens[titles.index("Attendance")]
    assert screen.order == 40
    main_window.nav.setCurrentRow(titles.index("Attendance"))
    assert main_window.actions.print.isEnabled()
    # The demo's sessions are relative to today; one has been held, so its register shows.
    assert screen.cohort_combo.count() == 4 and screen.register.model.rowCount() > 0
