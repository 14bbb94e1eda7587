"""Finding people the same way everywhere (issue 15 item 8): the People screen, People's
rights, the mentee field and the command line all find Sofía Kowalski from "sofia kow"."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.people.search import find_people
from cohort_desk.ui.mentoring.pair_dialogs import AssignDialog
from cohort_desk.ui.people.screen import PeopleScreen
from cohort_desk.ui.privacy.screen import PrivacyScreen
from tests.ui.workspace_helpers import messages  # noqa: F401

SEARCHES = ["sofia kow", "Kowalski Sofía", "SOFIA.KOWALSKI@", "o'brien-kow"]


@pytest.fixture
def sofia(demo_db):
    return create_person(
        demo_db,
        PersonInput(
            "Sofía",
            "O’Brien-Kowalski",
            "Sofia.Kowalski@nhs.net",
            organisation="Guy's and St Thomas' NHS Foundation Trust",
        ),
    )


@pytest.mark.parametrize("typed", SEARCHES)
def test_the_service_finds_her(demo_db, sofia, typed):
    assert [p.id for p in find_people(demo_db, typed)] == [sofia.id]


@pytest.mark.parametrize("typed", SEARCHES)
def test_the_people_screen_finds_her(qtbot, demo_db, sofia, typed):
    screen = PeopleScreen(demo_db)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 100, timeout=10000)
    screen.set_search(typed)
    assert [r.id for r in screen.model.rows()] == [sofia.id]


def test_peoples_rights_finds_her_from_part_of_her_name(qtbot, demo_db, sofia, messages):
    screen = PrivacyScreen(demo_db)
    qtbot.addWidget(screen)
    screen.show()
    panel = screen.person
    screen.tabs.setCurrentWidget(panel)
    panel.refresh()
    qtbot.keyClicks(panel.picker, "sofia kow")
    assert panel.picker.suggestions("sofia kow") == [
        "Sofía O'Brien-Kowalski <Sofia.Kowalski@nhs.net>"  # the apostrophe as stored
    ]
    panel.picker.completer().popup().hide()
    qtbot.keyClick(panel.picker, Qt.Key.Key_Return)
    assert "Sofia.Kowalski@nhs.net" in panel.heading.text()
    assert messages.shown == []


def test_peoples_rights_says_when_a_name_finds_several(qtbot, demo_db, messages):
    screen = PrivacyScreen(demo_db)
    qtbot.addWidget(screen)
    screen.person.refresh()
    screen.person.picker.setText("nhs")
    screen.person.choose()
    assert messages.shown and "people match 'nhs'; pick one" in messages.shown[0]
    assert screen.person.person is None


def test_the_mentee_field_suggests_by_the_same_rule(qtbot, demo_db, sofia):
    from cohort_desk.services.cohorts.enrolments import enrol_people
    from cohort_desk.services.cohorts.records import list_cohorts

    enrol_people(demo_db, list_cohorts(demo_db)[0].id, [sofia.id], "participant")
    dialog = AssignDialog(demo_db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.mentee.search, "obrien kowal")
    shown = [dialog.mentee.model.row_at(i).full_name for i in range(dialog.mentee.model.rowCount())]
    assert shown == ["Sofía O'Brien-Kowalski"]  # the apostrophe as stored
    dialog.mentee.search.clear()
    qtbot.keyClicks(dialog.mentee.search, "sofia o'brien")
    qtbot.keyClick(dialog.mentee.search, Qt.Key.Key_Return)
    assert [p.email for p in dialog.mentee.chosen_rows()] == ["Sofia.Kowalski@nhs.net"]


def test_the_command_line_finds_her(cli, db):
    create_person(db, PersonInput("Sofía", "Kowalski", "sofia.kowalski@nhs.net"))
    create_person(db, PersonInput("Sophie", "Kowal", "sophie.kowal@nhs.net"))
    found = cli("people", "--search", "sofia kow", "--json").json()
    assert [p["email"] for p in found] == ["sofia.kowalski@nhs.net"]
