"""The Community screen driven as an administrator would, checking the database afterwards."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.community import leadership
from cohort_desk.services.community import members as community
from cohort_desk.services.people.records import PeopleFilter, list_people
from cohort_desk.ui.kit import ask, files
from cohort_desk.ui.kit import errors as ui_errors
from tests.ui.modal import answer_next_dialog, error_text, save, type_person


@pytest.fixture(autouse=True)
def errors_shown(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(ui_errors, "show_error", lambda _parent, error: shown.append(str(error)))
    return shown


@pytest.fixture
def answers(monkeypatch) -> list[str]:
    """Say yes to every question, remembering what was asked."""
    asked: list[str] = []

    def confirm(_parent, _title, text, _yes, **_kw):  # type: ignore[no-untyped-def]
        asked.append(text)
        return True

    monkeypatch.setattr(ask, "confirm", confirm)
    return asked


@pytest.fixture
def screen(qtbot, demo_db):
    from cohort_desk.ui.community.screen import CommunityScreen

    widget = CommunityScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def pick(table, keep):  # type: ignore[no-untyped-def]
    assert table.select_where(keep)
    return table.current_row()


def test_every_table_model_is_sound(screen, qtmodeltester):
    for model in (
        screen.members.model,
        screen.roles.model,
        screen.time.groups_model,
        screen.time.quarters_model,
    ):
        qtmodeltester.check(model, force_py=True)


def test_adding_a_cohorts_alumni_through_the_dialog(screen, demo_db, qtbot):
    before = {m.person_id for m in community.list_members(demo_db)}
    cohort = next(c for c in list_cohorts(demo_db) if c.name.startswith("SLA Cohort 2"))

    def fill(dialog):
        dialog.cohort.setCurrentIndex(dialog.cohort.findData(cohort.id))
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(screen.members.alumni_button, Qt.MouseButton.LeftButton)
    members = community.list_members(demo_db)
    alumni = {
        p.id for p in list_people(demo_db, PeopleFilter(cohort_id=cohort.id, role="participant"))
    }
    added = [m for m in members if m.person_id not in before]
    assert added and {m.person_id for m in added} <= alumni
    assert all(not m.consent_to_contact and m.source == cohort.name for m in added)
    assert screen.members.model.rowCount() == len(members)
    assert f"{len(members)} members" in screen.members.summary.text()


def test_adding_members_ticked_or_pasted_in_the_picker(screen, demo_db, qtbot):
    members = {m.person_id for m in community.list_members(demo_db)}
    outsiders = [p for p in list_people(demo_db) if p.id not in members][:2]
    member = next(p for p in list_people(demo_db) if p.id in members)
    shown: list[str] = []

    def fill(dialog):
        picker = dialog.picker
        picker.paste_list(
            f"{outsiders[0].full_name} <{outsiders[0].email}>; {member.full_name} <{member.email}>"
        )
        qtbot.keyClicks(picker.search, outsiders[1].email)
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # the one found is ticked
        shown.append(picker.misses.toPlainText())
        assert dialog.save_button.text() == "Add 2"
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # now Enter is Add 2

    answer_next_dialog(fill)
    qtbot.mouseClick(screen.members.add_button, Qt.MouseButton.LeftButton)
    now = {m.person_id for m in community.list_members(demo_db)}
    assert now - members == {outsiders[0].id, outsiders[1].id}
    assert f"{member.email}>: already a member" in shown[0]


def test_consent_is_recorded_and_only_consenting_members_are_exported(
    screen, demo_db, qtbot, tmp_path, monkeypatch
):
    member = pick(screen.members.table, lambda m: not m.consent_to_contact)

    def fill(dialog):
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(screen.members.consent_button, Qt.MouseButton.LeftButton)
    row = next(m for m in community.list_members(demo_db) if m.id == member.id)
    assert (row.consent_to_contact, row.consent_on) == (True, date.today())
    assert screen.members.table.current_row().consent_text.startswith("Yes, ")

    target = tmp_path / "contacts.xlsx"
    monkeypatch.setattr(files, "choose_save_file", lambda *_a: str(target))
    qtbot.mouseClick(screen.members.export_button, Qt.MouseButton.LeftButton)
    exported = {r[2] for r in load_workbook(target).active.iter_rows(min_row=2, values_only=True)}
    consenting = {m.email for m in community.list_members(demo_db) if m.consent_to_contact}
    assert exported == consenting and member.email in exported
    refusing = {m.email for m in community.list_members(demo_db) if not m.consent_to_contact}
    assert refusing and not exported & refusing


def test_withdrawing_consent_and_leaving_ask_first(screen, demo_db, qtbot, answers):
    member = pick(screen.members.table, lambda m: m.consent_to_contact)
    qtbot.mouseClick(screen.members.withdraw_button, Qt.MouseButton.LeftButton)
    assert member.name in answers[-1]
    row = next(m for m in community.list_members(demo_db) if m.id == member.id)
    assert (row.consent_to_contact, row.consent_on) == (False, None)
    qtbot.mouseClick(screen.members.leave_button, Qt.MouseButton.LeftButton)
    assert "left" in answers[-1]
    assert member.id not in {m.id for m in community.list_members(demo_db)}
    assert member.id not in {m.id for m in screen.members.model.rows()}
    screen.members.show_left.click()
    assert member.id in {m.id for m in screen.members.model.rows()}


def test_only_consenting_filter_and_search(screen):
    screen.members.only_consenting.click()
    assert all(m.consent_to_contact for m in screen.members.model.rows())
    first = screen.members.model.rows()[0]
    screen.set_search(first.email[:5])
    assert first in screen.members.model.rows()
    assert all(
        first.email[:5] in f"{m.name} {m.email}".casefold()
        or first.email[:5] in m.organisation.casefold()
        or first.email[:5] in m.interests.casefold()
        for m in screen.members.model.rows()
    )


def test_a_new_role_is_added_and_the_report_follows(screen, demo_db, qtbot):
    screen.tabs.setCurrentWidget(screen.roles)
    person = list_people(demo_db)[0]
    total = leadership.leadership_report(demo_db).total_days_per_week

    def fill(dialog):
        type_person(qtbot, dialog.person, person.email)
        save(dialog)  # no title yet
        assert "title" in error_text(dialog)
        qtbot.keyClicks(dialog.title, "Clinical lead, Bexley frailty")
        qtbot.keyClicks(dialog.body, "Bexley Wellbeing Partnership")
        dialog.days.setValue(1.5)
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(screen.roles.add_button, Qt.MouseButton.LeftButton)
    [role] = [
        r for r in leadership.list_roles(demo_db) if r.title == "Clinical lead, Bexley frailty"
    ]
    assert (role.email, role.days_per_week, role.body) == (
        person.email,
        1.5,
        "Bexley Wellbeing Partnership",
    )
    assert role.starts_on == date.today() and role.ends_on is None
    assert leadership.leadership_report(demo_db).total_days_per_week == total + 1.5
    assert screen.time.headline.text().startswith(f"{total + 1.5:g} days a week")


def test_editing_ending_and_deleting_roles(screen, demo_db, qtbot, answers):
    roles = screen.roles
    role = pick(roles.table, lambda r: r.ends_on is None)

    def fill(dialog):
        dialog.days.setValue(2.5)
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(roles.edit_button, Qt.MouseButton.LeftButton)
    assert next(r for r in leadership.list_roles(demo_db) if r.id == role.id).days_per_week == 2.5

    qtbot.mouseClick(roles.end_button, Qt.MouseButton.LeftButton)
    assert role.title in answers[-1]
    ended = next(r for r in leadership.list_roles(demo_db) if r.id == role.id)
    assert ended.ends_on == date.today()

    roles.show_ended.click()
    pick(roles.table, lambda r: r.id == role.id)
    qtbot.mouseClick(roles.delete_button, Qt.MouseButton.LeftButton)
    assert "entered by mistake" in answers[-1]
    assert role.id not in {r.id for r in leadership.list_roles(demo_db)}


def test_the_time_report_groups_as_chosen(screen, demo_db):
    time = screen.time
    for key in leadership.GROUPINGS:
        time.by.setCurrentIndex(time.by.findData(key))
        expected = leadership.leadership_report(demo_db, by=key)
        assert [g.name for g in time.groups_model.rows()] == [g.name for g in expected.groups]
    assert time.quarters_model.rowCount() == 8
    assert "days a week of system leadership" in time.headline.text()


def test_ctrl_e_in_the_window_exports_the_consented_contacts(
    main_window, demo_db, qtbot, tmp_path, monkeypatch
):
    index = next(
        i for i, s in enumerate(main_window.screens) if s.title == "Community and leadership"
    )
    main_window.nav.setCurrentRow(index)
    target = tmp_path / "contacts.csv"
    monkeypatch.setattr(files, "choose_save_file", lambda *_a: str(target))
    qtbot.keyClick(main_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    text = target.read_text(encoding="utf-8-sig")
    members = community.list_members(demo_db)
    assert all((m.email in text) == m.consent_to_contact for m in members)
