"""Issue 22's follow-up: every dialog is deleted once closed, so nothing done after it closes
(Ctrl+Z, Ctrl+Shift+Z, F5, opening it again, another screen) may reach into it. Each test
opens a dialog through its screen's own command in the main window, lets Qt delete it, then
does what a user does next, and checks the database and that nothing crashed."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from cohort_desk.db.models import Cohort, CohortSession, Enrolment, Person, Programme
from cohort_desk.services.people.known_names import list_names
from cohort_desk.services.people.records import PersonInput, create_person, find_person
from cohort_desk.ui.cohorts.cohort_dialog import CohortDialog
from cohort_desk.ui.cohorts.enrol_dialog import ChooseCohortDialog, PickPeopleDialog
from cohort_desk.ui.cohorts.enrolment_status_dialog import EnrolmentStatusDialog
from cohort_desk.ui.cohorts.programmes_dialog import ProgrammesDialog
from cohort_desk.ui.people.person_dialog import PersonDialog
from cohort_desk.ui.sessions.session_dialog import SessionDialog
from tests.ui.dialog_aftermath import deleted, no_dialog_left, show_screen, then_as_a_user
from tests.ui.modal import answer_next_dialog
from tests.ui.workspace_helpers import activate, answer_dialog, answers, messages  # noqa: F401

SAVE = (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _person(db, email):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalar(select(Person).where(Person.email_key == email.lower()))


def _cohort(db, name):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalar(select(Cohort).where(Cohort.name == name))


def _count(db, model, *where) -> int:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)))


def cancel(dialog: QDialog) -> None:
    QDialog.reject(dialog)


# People ----------------------------------------------------------------------------------------


def test_a_person_added_in_the_dialog_is_undone_and_redone_once_it_is_gone(
    main_window, qtbot, demo_db, monkeypatch
):
    screen = show_screen(qtbot, main_window, "People")

    def fill(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.edits["given_name"], "Amara")
        qtbot.keyClicks(dialog.edits["family_name"], "Mensah")
        dialog.edits["email"].setText("amara.mensah@nhs.net")
        qtbot.keyClick(dialog, *SAVE)

    opened = answer_dialog(monkeypatch, qtbot, PersonDialog, fill)
    screen.add_button.click()
    assert len(opened) == 1
    deleted(qtbot)
    no_dialog_left(main_window, PersonDialog)

    def again() -> None:
        answer_dialog(monkeypatch, qtbot, PersonDialog, cancel)
        screen.add_button.click()

    then_as_a_user(
        qtbot,
        main_window,
        "People",
        lambda: _person(demo_db, "amara.mensah@nhs.net") is not None,
        lambda: _person(demo_db, "amara.mensah@nhs.net") is None,
        again,
    )


def test_a_person_edited_in_the_dialog_is_undone_and_redone_once_it_is_gone(
    main_window, qtbot, demo_db, monkeypatch
):
    person = create_person(demo_db, PersonInput("Ife", "Adeyemi", "ife.adeyemi@nhs.net"))
    screen = show_screen(qtbot, main_window, "People")
    screen.refresh()
    screen.show_record(person.id)

    def fill(dialog):  # type: ignore[no-untyped-def]
        dialog.edits["job_title"].setText("Ward manager")
        qtbot.keyClick(dialog, *SAVE)

    answer_dialog(monkeypatch, qtbot, PersonDialog, fill)
    screen.edit_button.click()

    def again() -> None:
        answer_dialog(monkeypatch, qtbot, PersonDialog, cancel)
        screen.show_record(person.id)
        screen.edit_button.click()

    def title() -> str | None:
        return _person(demo_db, "ife.adeyemi@nhs.net").job_title

    then_as_a_user(
        qtbot,
        main_window,
        "People",
        lambda: title() == "Ward manager",
        lambda: title() != "Ward manager",
        again,
    )


def test_people_enrolled_from_the_people_screen_are_undone_once_the_dialog_is_gone(
    main_window, qtbot, demo_db, monkeypatch, messages
):
    person = create_person(demo_db, PersonInput("Noor", "Haddad", "noor.haddad@nhs.net"))
    screen = show_screen(qtbot, main_window, "People")
    screen.refresh()
    screen.show_record(person.id)

    def fill(dialog):  # type: ignore[no-untyped-def]
        dialog.cohort.setCurrentIndex(0)
        dialog.accept()

    answer_dialog(monkeypatch, qtbot, ChooseCohortDialog, fill)
    screen.enrol_button.click()

    def enrolled() -> int:
        return _count(demo_db, Enrolment, Enrolment.person_id == person.id)

    then_as_a_user(qtbot, main_window, "People", lambda: enrolled() == 1, lambda: enrolled() == 0)


# Cohorts ---------------------------------------------------------------------------------------


def test_a_new_and_an_edited_cohort_are_undone_once_their_dialogs_are_gone(
    main_window, qtbot, demo_db, monkeypatch
):
    screen = show_screen(qtbot, main_window, "Cohorts")
    name = "SLA Cohort 9 (2029-30)"

    def fill(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.name, name)
        dialog.programme.setCurrentText("Systems Leadership Academy")
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)

    answer_dialog(monkeypatch, qtbot, CohortDialog, fill)
    screen.new_record()
    then_as_a_user(
        qtbot,
        main_window,
        "Cohorts",
        lambda: _cohort(demo_db, name) is not None,
        lambda: _cohort(demo_db, name) is None,
    )

    def rename(dialog):  # type: ignore[no-untyped-def]
        dialog.name.setText(name + " renamed")
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)

    screen.show_record(_cohort(demo_db, name).id)
    answer_dialog(monkeypatch, qtbot, CohortDialog, rename)
    screen.edit_selected()
    then_as_a_user(
        qtbot,
        main_window,
        "Cohorts",
        lambda: _cohort(demo_db, name + " renamed") is not None,
        lambda: _cohort(demo_db, name) is not None,
    )
    no_dialog_left(main_window, CohortDialog)


def test_enrolling_and_a_status_change_are_undone_once_their_dialogs_are_gone(
    main_window, qtbot, demo_db, monkeypatch, messages
):
    screen = show_screen(qtbot, main_window, "Cohorts")
    cohort = screen.current_cohort()

    def participants() -> int:
        return _count(demo_db, Enrolment, Enrolment.cohort_id == cohort.id)

    before = participants()

    def pick(dialog):  # type: ignore[no-untyped-def]
        picker = dialog.picker
        qtbot.keyClicks(picker.search, "council")
        qtbot.keyClick(picker.search, Qt.Key.Key_Down)
        qtbot.keyClick(picker.table, Qt.Key.Key_Space)
        qtbot.keyClick(picker.table, Qt.Key.Key_Return)

    answer_dialog(monkeypatch, qtbot, PickPeopleDialog, pick)
    screen.enrol_button.click()
    then_as_a_user(
        qtbot,
        main_window,
        "Cohorts",
        lambda: participants() == before + 1,
        lambda: participants() == before,
    )

    table = screen.page.participants
    table.selectRow(0)
    member = table.current_row()

    def status() -> str:
        with demo_db.read() as session:
            return session.get(Enrolment, member.enrolment_id).status

    was = status()

    def defer(dialog):  # type: ignore[no-untyped-def]
        dialog.status.setCurrentIndex(dialog.status.findData("deferred"))
        qtbot.keyClicks(dialog.reason, "Parental leave")
        qtbot.keyClick(dialog.reason, *SAVE)

    answer_dialog(monkeypatch, qtbot, EnrolmentStatusDialog, defer)
    screen.status_button.click()
    then_as_a_user(
        qtbot, main_window, "Cohorts", lambda: status() == "deferred", lambda: status() == was
    )
    no_dialog_left(main_window, EnrolmentStatusDialog)


def test_a_merge_and_a_programme_saved_in_programmes_and_lists_outlive_the_dialog(
    main_window, qtbot, demo_db, monkeypatch
):
    from cohort_desk.db.models import Organisation

    person = create_person(demo_db, PersonInput("Ana", "Silva", "ana.silva@nhs.net"))
    duplicate, known = "Lewisham & Greenwich NHS Trust", "Lewisham and Greenwich NHS Trust"
    with demo_db.write() as session:
        org = Organisation(name=duplicate, kind="trust")
        session.add(org)
        session.flush()
        session.get(Person, person.id).organisation_id = org.id
    screen = show_screen(qtbot, main_window, "Cohorts")

    def fill(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.name, "Community of Practice North")
        dialog.save_button.click()
        qtbot.keyClick(dialog.tabs, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        panel = dialog.organisations
        qtbot.keyClicks(panel.search, "lewisham &")
        panel.table.selectRow(0)
        answer_next_dialog(lambda merge: qtbot.keyClick(merge.target, Qt.Key.Key_Return))
        qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer_dialog(monkeypatch, qtbot, ProgrammesDialog, fill)
    screen.programmes_button.click()
    assert _count(demo_db, Programme, Programme.name == "Community of Practice North") == 1

    def organisation() -> str | None:
        return find_person(demo_db, "ana.silva@nhs.net").organisation

    def again() -> None:
        answer_dialog(monkeypatch, qtbot, ProgrammesDialog, cancel)
        screen.programmes_button.click()

    then_as_a_user(
        qtbot,
        main_window,
        "Cohorts",
        lambda: organisation() == known,
        lambda: organisation() == duplicate,
        again,
    )
    merged = next(r for r in list_names(demo_db, "organisation") if r.name == known)
    assert duplicate in merged.aliases
    no_dialog_left(main_window, ProgrammesDialog)


# Sessions --------------------------------------------------------------------------------------


def test_a_new_an_edited_and_a_cancelled_session_outlive_their_dialogs(
    main_window, qtbot, demo_db, monkeypatch, messages
):
    screen = show_screen(qtbot, main_window, "Sessions")
    screen.cohort.setCurrentIndex(1)
    deleted(qtbot)

    def titled(title: str) -> int:
        return _count(demo_db, CohortSession, CohortSession.title == title)

    def fill(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.title, "Coaching circle")
        dialog.starts.line.selectAll()
        qtbot.keyClicks(dialog.starts.line, "1/3/27 9.30")
        dialog.venue.setText("Lewisham Civic Suite")
        qtbot.keyClick(dialog.title, *SAVE)

    answer_dialog(monkeypatch, qtbot, SessionDialog, fill)
    screen.new_button.click()
    then_as_a_user(
        qtbot,
        main_window,
        "Sessions",
        lambda: titled("Coaching circle") == 1,
        lambda: titled("Coaching circle") == 0,
    )

    assert screen.table.select_where(lambda r: r.title == "Coaching circle")

    def retitle(dialog):  # type: ignore[no-untyped-def]
        dialog.title.setText("Coaching circle two")
        qtbot.keyClick(dialog.title, *SAVE)

    answer_dialog(monkeypatch, qtbot, SessionDialog, retitle)
    screen.edit_button.click()

    def again() -> None:
        answer_dialog(monkeypatch, qtbot, SessionDialog, cancel)
        screen.table.select_where(lambda r: r.title.startswith("Coaching circle"))
        screen.edit_button.click()

    then_as_a_user(
        qtbot,
        main_window,
        "Sessions",
        lambda: titled("Coaching circle two") == 1,
        lambda: titled("Coaching circle") == 1,
        again,
    )

    from tests.ui.modal import answer

    assert screen.table.select_where(lambda r: r.title == "Coaching circle two")
    answer_next_dialog(answer("The venue flooded"))
    screen.cancel_button.click()

    def cancelled() -> bool:
        with demo_db.read() as session:
            return (
                session.scalar(
                    select(CohortSession.cancelled_at).where(
                        CohortSession.title == "Coaching circle two"
                    )
                )
                is not None
            )

    then_as_a_user(qtbot, main_window, "Sessions", cancelled, lambda: not cancelled())
    no_dialog_left(main_window, SessionDialog)
