"""The audit trail names people and records in words, and can be filtered by person, in the
service, the window and the command line (issue 15 item 8)."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

from datetime import date

import pytest

from cohort_desk.rules.dates import parse_datetime
from cohort_desk.services.attendance.marking import mark
from cohort_desk.services.cohorts.enrolments import (
    enrol_people,
    list_enrolments,
    remove_enrolments,
)
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.privacy.audit import AuditFilter, list_audit
from cohort_desk.services.privacy.rights import erase_person
from cohort_desk.services.sessions.records import SessionInput, add_session
from tests.ui.workspace_helpers import messages  # noqa: F401


@pytest.fixture
def story(db):
    sofia = create_person(db, PersonInput("Sofía", "Kowalski", "sofia.kowalski@nhs.net"))
    tom = create_person(db, PersonInput("Tom", "Ng", "tom.ng@nhs.net"))
    cohort = create_cohort(db, CohortInput(name="SLA Cohort 3"))
    start = parse_datetime("11/01/2027 09:30", date(2026, 12, 1))
    session = add_session(db, cohort.id, SessionInput("Launch", start))
    enrol_people(db, cohort.id, [sofia.id, tom.id], "participant")
    mark(db, session.id, {sofia.id: "present"})
    return sofia, tom, cohort, session


def texts(rows):
    return [r.record_text for r in rows]


def test_entries_name_the_people_and_records_they_are_about(db, story):
    sofia, *_ = story
    about_sofia = texts(list_audit(db, AuditFilter(person_id=sofia.id)))
    assert about_sofia == [
        "Attendance of Sofía Kowalski at Launch (11/01/2027)",
        "Enrolment of Sofía Kowalski in SLA Cohort 3",
        "The record of Sofía Kowalski",
    ]
    everything = texts(list_audit(db))
    assert "Session 'Launch' of SLA Cohort 3" in everything
    assert "Cohort SLA Cohort 3" in everything


def test_a_deleted_record_is_still_named_from_what_the_trail_kept(db, story):
    sofia, tom, cohort, _ = story
    enrolment = next(e for e in list_enrolments(db, cohort.id) if e.person_id == tom.id)
    remove_enrolments(db, [enrolment.id])
    rows = list_audit(db, AuditFilter(person_id=tom.id))
    assert [(r.action, r.record_text) for r in rows][:2] == [
        ("deleted", "Enrolment of Tom Ng in SLA Cohort 3"),
        ("created", "Enrolment of Tom Ng in SLA Cohort 3"),
    ]


def test_an_erased_person_is_not_named(db, story):
    sofia, *_ = story
    erase_person(db, sofia.id)
    named = " ".join(texts(list_audit(db)))
    assert "Sofía" not in named and "Kowalski" not in named
    assert "Enrolment of an erased person in SLA Cohort 3" in named


def test_the_command_line_filters_by_person_and_names_records(cli, db, story):
    rows = cli("audit", "list", "--person", "SOFIA.KOWALSKI@nhs.net", "--json").json()
    assert [r["about"] for r in rows] == [
        "Attendance of Sofía Kowalski at Launch (11/01/2027)",
        "Enrolment of Sofía Kowalski in SLA Cohort 3",
        "The record of Sofía Kowalski",
    ]
    text = cli("audit", "list", "--person", "tom.ng@nhs.net").out
    assert "Enrolment of Tom Ng in SLA Cohort 3" in text and "Sofía" not in text
    refused = cli("audit", "list", "--person", "nobody@nhs.net")
    assert refused.code == 2 and "nobody@nhs.net" in refused.err


def test_the_window_filters_by_person(qtbot, db, story, messages):
    from PySide6.QtCore import Qt

    from cohort_desk.ui.privacy.audit_tab import AuditPanel

    panel = AuditPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    qtbot.keyClicks(panel.person, "tom ng")
    panel.person.completer().popup().hide()
    qtbot.keyClick(panel.person, Qt.Key.Key_Return)
    shown = [panel.model.row_at(n).record_text for n in range(panel.model.rowCount())]
    assert shown == ["Enrolment of Tom Ng in SLA Cohort 3", "The record of Tom Ng"]
    panel.person.setText("nobody at all")
    panel.refresh()
    assert messages.shown and "does not name one person" in messages.shown[0]
