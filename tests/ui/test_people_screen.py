"""The People screen driven like a user: filters, the add/edit dialog, archive, delete, undo."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from cohort_desk.db.models import AuditEntry, Enrolment, Person
from cohort_desk.services.people.records import (
    PeopleFilter,
    PersonInput,
    create_person,
    list_people,
)
from cohort_desk.ui.cohorts.enrol_dialog import ChooseCohortDialog
from cohort_desk.ui.people.person_dialog import PersonDialog
from cohort_desk.ui.people.screen import PeopleScreen
from tests.ui.workspace_helpers import answer_dialog, answers, messages  # noqa: F401


@pytest.fixture
def screen(qtbot, demo_db):
    widget = PeopleScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget


def _person(db, email):
    with db.read() as session:
        return session.scalar(select(Person).where(Person.email_key == email.lower()))


def test_the_people_model_passes_the_model_tester(screen, qtmodeltester):
    qtmodeltester.check(screen.model, force_py=True)
    assert screen.model.rowCount() == 120
    assert screen.status_text() == "120 people"


def test_search_filters_as_you_type_and_sorting_keeps_the_filter(screen):
    screen.set_search("ADEYEMI")
    shown = screen.model.rows()
    assert shown and all(r.family_name == "Adeyemi" for r in shown)
    screen.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    names = [r.given_name.casefold() for r in screen.model.rows()]
    assert names == sorted(names, reverse=True) and len(names) == len(shown)
    assert screen.status_text().startswith(f"{len(shown)} of 120 people shown")


def test_filters_by_role_cohort_and_borough(screen, demo_db):
    filters = screen.filters
    filters.role.setCurrentIndex(filters.role.findData("mentor"))
    assert screen.model.rowCount() == 15
    filters.clear()
    filters.cohort.setCurrentIndex(1)
    cohort_id = filters.cohort.currentData()
    expected = {p.id for p in list_people(demo_db, PeopleFilter(cohort_id=cohort_id))}
    assert {r.id for r in screen.model.rows()} == expected
    filters.clear()
    filters.borough.setCurrentIndex(filters.borough.findData("Lewisham"))
    assert screen.model.rowCount() and all(r.borough == "Lewisham" for r in screen.model.rows())
    assert filters.clear_button.isEnabled()
    filters.clear_button.click()
    assert screen.model.rowCount() == 120


def test_adding_a_person_checks_the_email_as_you_type_and_can_be_undone(
    screen, qtbot, monkeypatch, demo_db
):
    def fill(dialog):
        qtbot.keyClicks(dialog.edits["given_name"], "Amara")
        qtbot.keyClicks(dialog.edits["family_name"], "Mensah")
        qtbot.keyClicks(dialog.edits["email"], "amara.mensah@nhs")
        assert not dialog.save_button.isEnabled()
        qtbot.keyClicks(dialog.edits["email"], "net")  # "…@nhsnet": no dot in the domain
        assert dialog.email_error.isVisible() and not dialog.save_button.isEnabled()
        dialog.edits["email"].setText("amara.mensah@nhs.net")
        assert dialog.email_error.isHidden() and dialog.save_button.isEnabled()
        dialog.organisation.setCurrentText("Bromley Healthcare")
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    answer_dialog(monkeypatch, qtbot, PersonDialog, fill)
    screen.new_record()
    added = _person(demo_db, "amara.mensah@nhs.net")
    assert added is not None and added.family_name == "Mensah"
    assert screen.table.current_row().id == added.id
    stack = screen.undo_stack
    assert stack.undoText() == "Add Amara Mensah"
    stack.undo()
    assert _person(demo_db, "amara.mensah@nhs.net") is None
    assert screen.model.rowCount() == 120
    stack.redo()
    assert _person(demo_db, "amara.mensah@nhs.net") is not None


def test_a_duplicate_email_is_flagged_with_a_link_to_the_person(screen, qtbot, monkeypatch):
    existing = screen.model.row_at(5)

    def fill(dialog):
        qtbot.keyClicks(dialog.edits["email"], existing.email.upper())
        dialog.check_duplicates()  # what the pause in typing triggers
        assert dialog.duplicate_warning.isVisible()
        assert existing.full_name in dialog.duplicate_warning.text()
        assert not dialog.save_button.isEnabled()  # saving would only be refused
        dialog.duplicate_warning.linkActivated.emit(f"person:{existing.id}")

    answer_dialog(monkeypatch, qtbot, PersonDialog, fill)
    screen.set_search("zzz-nobody")
    screen.new_record()
    assert screen.table.current_row().id == existing.id


def test_editing_saves_and_undo_restores_the_old_values(screen, qtbot, monkeypatch, demo_db):
    screen.table.selectRow(0)
    person = screen.table.current_row()

    def fill(dialog):
        dialog.edits["job_title"].clear()
        qtbot.keyClicks(dialog.edits["job_title"], "Director of Nursing")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_dialog(monkeypatch, qtbot, PersonDialog, fill)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert _person(demo_db, person.email).job_title == "Director of Nursing"
    screen.undo_stack.undo()
    assert _person(demo_db, person.email).job_title == person.job_title
    screen.undo_stack.redo()
    assert _person(demo_db, person.email).job_title == "Director of Nursing"


def test_archiving_hides_people_and_undo_brings_them_back(screen, demo_db):
    screen.table.selectRow(0)
    first = screen.table.current_row()
    screen.archive_button.click()
    assert _person(demo_db, first.email).archived_at is not None
    assert first.id not in {r.id for r in screen.model.rows()}
    screen.filters.archived.setChecked(True)
    assert first.id in {r.id for r in screen.model.rows()}
    screen.undo_stack.undo()
    assert _person(demo_db, first.email).archived_at is None
    with demo_db.read() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.person_id == first.id)
        ).all()
    assert actions.count("updated") >= 2  # archived, then brought back, both on record


def test_delete_removes_only_people_without_history_after_asking(
    screen,
    demo_db,
    answers,
):
    spare = create_person(demo_db, PersonInput("Temp", "Mistake", "temp.mistake@nhs.net"))
    screen.refresh()
    screen.table.select_where(lambda r: r.id == spare.id)
    answers.append(False)
    screen.delete_selected()
    assert _person(demo_db, "temp.mistake@nhs.net") is not None  # Cancel changed nothing
    answers.append(True)
    screen.delete_button.click()
    assert _person(demo_db, "temp.mistake@nhs.net") is None
    assert "permanently" in answers.asked[0]


def test_deleting_someone_with_history_offers_to_archive(screen, demo_db, answers):
    with demo_db.read() as session:
        enrolled = session.scalar(select(Enrolment.person_id).limit(1))
    screen.table.select_where(lambda r: r.id == enrolled)
    answers.append(True)
    screen.delete_selected()
    assert "cannot be deleted" in answers.asked[0]
    with demo_db.read() as session:
        person = session.get(Person, enrolled)
    assert person is not None and person.archived_at is not None


def test_enrolling_a_selection_in_a_cohort(screen, qtbot, monkeypatch, demo_db):
    spare = [
        create_person(demo_db, PersonInput("New", f"Starter{n}", f"new{n}@nhs.net"))
        for n in range(2)
    ]
    screen.refresh()
    screen.set_search("new")
    screen.table.selectAll()
    chosen = {r.id for r in screen.table.selected_rows()}
    assert chosen >= {p.id for p in spare}

    def fill(dialog):
        dialog.cohort.setCurrentIndex(0)
        dialog.role.setCurrentIndex(dialog.role.findData("facilitator"))
        dialog.accept()

    answer_dialog(monkeypatch, qtbot, ChooseCohortDialog, fill)
    screen.enrol_button.click()
    with demo_db.read() as session:
        roles = {
            e.person_id: e.role
            for e in session.scalars(select(Enrolment).where(Enrolment.person_id.in_(chosen)))
            if e.role == "facilitator"
        }
    assert set(roles) >= {p.id for p in spare}
    screen.undo_stack.undo()
    with demo_db.read() as session:
        left = session.scalars(
            select(Enrolment).where(Enrolment.person_id.in_([p.id for p in spare]))
        ).all()
    assert left == []


def test_detail_pane_shows_the_selected_person(screen, qtbot):
    screen.table.selectRow(3)
    person = screen.table.current_row()
    qtbot.waitUntil(lambda: person.family_name in screen.detail.toPlainText())
    text = screen.detail.toPlainText()
    assert "Cohorts and attendance" in text and "Recent changes" in text
    assert person.email in text


def test_a_big_list_loads_off_the_ui_thread(screen, qtbot, monkeypatch):
    from cohort_desk.ui.people import screen as people_view

    monkeypatch.setattr(people_view, "BACKGROUND_LOAD_AT", 0)
    screen.model.set_rows([])
    screen.refresh()
    assert screen.loading and screen.status_text() == "Loading people…"
    qtbot.waitUntil(lambda: not screen.loading, timeout=10_000)
    assert screen.model.rowCount() == 120 and screen.status_text() == "120 people"


def test_a_big_list_is_shown_before_its_search_text_is_made(screen, qtbot, monkeypatch):
    from cohort_desk.ui.people import screen as people_view

    monkeypatch.setattr(people_view, "BACKGROUND_LOAD_AT", 0)
    screen.refresh()
    qtbot.waitUntil(lambda: not screen.is_loading(), timeout=10_000)
    someone = screen.model.all_rows()[5]
    screen.set_search(someone.email)
    assert [r.id for r in screen.model.rows()] == [someone.id]
    # Typed while the search text is still being made: it is made on the spot.
    screen.set_search("")
    screen.refresh()
    qtbot.waitUntil(lambda: not screen.loading, timeout=10_000)
    screen._texts_for = screen.model.all_rows()  # as if its background job were still running
    screen.set_search(someone.email)
    assert [r.id for r in screen.model.rows()] == [someone.id]
    assert not screen.is_loading()
    screen.wait_for_work()


def test_columns_are_chosen_from_the_header_menu(screen):
    assert screen.table.isColumnHidden(8)  # Phone starts hidden
    screen.table._choose_columns(QPoint(10, 5))
    phone = next(a for a in screen.table._menu.actions() if a.text() == "Phone")
    phone.trigger()
    assert not screen.table.isColumnHidden(8)
    screen.table._menu.close()


def test_the_detail_pane_says_when_someone_else_removed_the_person(screen, qtbot, demo_db):
    from cohort_desk.services.people.records import PersonInput, create_person, delete_person

    added = create_person(demo_db, PersonInput("Temporary", "Aardvark", "temp.aardvark@nhs.net"))
    screen.refresh()
    row = next(n for n in range(screen.model.rowCount()) if screen.model.row_at(n).id == added.id)
    delete_person(demo_db, added.id)  # another administrator, a moment earlier
    screen.table.selectRow(row)
    qtbot.waitUntil(lambda: "no longer in the database" in screen.detail.toPlainText())


def test_the_selection_stays_on_the_same_people_as_the_search_narrows(screen):
    screen.set_search("ad")
    adeyemis = [r for r in screen.model.rows() if r.family_name == "Adeyemi"]
    assert len(adeyemis) >= 2 and screen.model.rowCount() > len(adeyemis)
    screen.table.select_row(adeyemis[0])
    screen.set_search("adeyemi")  # fewer people: the one looked at stays selected
    assert screen.table.selected_rows() == [adeyemis[0]]
    assert screen.edit_button.isEnabled()
    screen.table.selectAll()
    assert screen.status_text() == f"{len(adeyemis)} of 120 people shown · {len(adeyemis)} selected"
    screen.set_search("adeyemi ")  # the same people shown: everyone chosen stays chosen
    assert screen.table.selected_rows() == adeyemis
    assert screen.status_text().endswith(f"· {len(adeyemis)} selected")
    assert not screen.edit_button.isEnabled() and screen.delete_button.isEnabled()
