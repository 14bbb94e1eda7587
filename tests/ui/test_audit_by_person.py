"""The audit trail, filtered by person as a person would (issue 15 item 8): a name's e-mail
typed into "About a person" and Enter shows only the changes about them, each named in words
("Enrolment of Zebedee Quill in ..."), never as a bare record id."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.ui.privacy.screen import PrivacyScreen


def test_typing_a_person_and_enter_shows_only_their_changes_in_words(qtbot, demo_db):
    zeb = create_person(demo_db, PersonInput("Zebedee", "Quill", "zq@nhs.net"))
    cohort = list_cohorts(demo_db)[0]
    enrol_people(demo_db, cohort.id, [zeb.id], "participant")
    screen = PrivacyScreen(demo_db)
    qtbot.addWidget(screen)
    screen.resize(1200, 650)
    screen.show()
    screen.tabs.setCurrentWidget(screen.audit)
    screen.audit.refresh()
    everyone = screen.audit.model.rowCount()

    field = screen.audit.person
    field.setFocus()
    qtbot.keyClicks(field, "zq@nhs.net")
    if field.completer() is not None:
        field.completer().popup().hide()
    qtbot.keyClick(field, Qt.Key.Key_Return)

    rows = screen.audit.model.rows()
    assert 0 < len(rows) < everyone
    assert all(row.person_id == zeb.id for row in rows)
    words = {row.about for row in rows}
    assert f"Enrolment of Zebedee Quill in {cohort.name}" in words
    assert not any(about.startswith(("enrolment, Id", "Enrolment, Id")) for about in words)
