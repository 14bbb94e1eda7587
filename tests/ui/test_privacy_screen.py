"""The Data and privacy screen, driven as an administrator would: back up, restore, read and
export the audit trail, erase someone, review retention, and report on equality."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from cohort_desk.db.models import Person
from cohort_desk.services import settings
from cohort_desk.services.people.records import PersonInput, create_person, find_person, list_people
from cohort_desk.services.privacy import equality
from cohort_desk.services.privacy.equality import EqualityAnswers
from cohort_desk.ui.kit import files
from cohort_desk.ui.privacy.equality_dialog import EqualityDialog, edit_equality_answers
from cohort_desk.ui.privacy.screen import PrivacyScreen
from tests.ui.workspace_helpers import answers, messages  # noqa: F401


@pytest.fixture
def screen(qtbot, demo_db):
    widget = PrivacyScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    return widget


def test_the_screen_is_in_the_side_bar(main_window):
    titles = [screen.title for screen in main_window.screens]
    assert "Data and privacy" in titles


def test_every_table_model_behaves(screen, qtmodeltester, messages):
    screen.backups.back_up_now()  # on PostgreSQL: one sentence about pg_dump, recorded
    for index in range(screen.tabs.count()):
        screen.tabs.setCurrentIndex(index)
    screen.retention.years.setValue(1)
    for panel in (screen.backups, screen.audit, screen.retention, screen.equality):
        qtmodeltester.check(panel.model)


def test_back_up_now_lists_the_new_backup(screen, demo_db):
    if not demo_db.is_sqlite:
        pytest.skip("file backups are for SQLite")
    before = screen.backups.model.rowCount()
    screen.backups.backup_button.click()
    assert screen.backups.model.rowCount() == before + 1
    assert screen.backups.model.row_at(0).kind == "Backup now"


def test_restore_asks_first_and_cancel_changes_nothing(screen, demo_db, qtbot, answers):
    if not demo_db.is_sqlite:
        pytest.skip("file restores are for SQLite")
    screen.backups.back_up_now()
    create_person(demo_db, PersonInput("Late", "Addition", "late@nhs.net"))
    screen.backups.table.selectRow(0)
    answers.append(False)
    screen.backups.restore_button.click()
    assert "Replace everything" in answers.asked[0]
    assert screen.backups.job is None
    assert find_person(demo_db, "late@nhs.net") is not None


def test_restore_selected_brings_the_backup_back(screen, demo_db, qtbot, answers):
    if not demo_db.is_sqlite:
        pytest.skip("file restores are for SQLite")
    screen.backups.back_up_now()
    create_person(demo_db, PersonInput("Late", "Addition", "late@nhs.net"))
    screen.backups.table.selectRow(0)
    answers.append(True)
    with qtbot.waitSignal(screen.data_changed, timeout=20000):
        screen.backups.restore_button.click()
    assert find_person(demo_db, "late@nhs.net") is None
    assert "Restored" in answers.asked[-1]
    assert {r.kind for r in screen.backups.model.rows()} >= {"Before a restore"}


def test_the_integrity_check_reports_a_sound_database(screen):
    screen.backups.check_button.click()
    assert screen.backups.check_result.text().startswith("The database is sound")


def test_the_audit_trail_is_shown_searched_and_exported(screen, demo_db, tmp_path, monkeypatch):
    create_person(demo_db, PersonInput("Zebedee", "Quill", "zq@nhs.net"))
    screen.tabs.setCurrentWidget(screen.audit)
    screen.audit.refresh()
    assert screen.audit.model.rowCount() > 10
    screen.set_search("Zebedee")
    assert screen.audit.model.rowCount() == 1
    assert "Zebedee" in screen.audit.model.row_at(0).summary
    target = tmp_path / "trail.csv"
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: str(target))
    screen.export_current()
    assert "Zebedee" in target.read_text(encoding="utf-8-sig")


def test_choosing_a_person_shows_their_history_and_erase_needs_confirmation(
    screen, demo_db, answers
):
    someone = list_people(demo_db)[0]
    panel = screen.person
    screen.tabs.setCurrentWidget(panel)
    panel.picker.setText(f"{someone.full_name} <{someone.email}>")
    panel.show_button.click()
    assert someone.email in panel.heading.text()
    assert panel.model.rowCount() >= 1
    answers.append(False)
    panel.erase_button.click()
    assert find_person(demo_db, someone.email) is not None
    answers.append(True)
    panel.erase_button.click()
    assert "cannot be undone" in answers.asked[-1]
    assert find_person(demo_db, someone.email) is None
    assert not panel.erase_button.isEnabled()


def test_an_unknown_address_is_one_sentence(screen, messages):
    screen.person.picker.setText("nobody@nowhere.org")
    screen.person.choose()
    assert messages.shown == [
        "No one with the e-mail address nobody@nowhere.org is in the database; "
        "pick a name from the suggestions."
    ]


def test_subject_access_export_from_the_window(screen, demo_db, tmp_path, monkeypatch):
    from cohort_desk.ui.privacy import person_tab as privacy_person

    someone = list_people(demo_db)[0]
    screen.person.show_person(someone)
    target = tmp_path / "sar.pdf"
    monkeypatch.setattr(privacy_person, "ask_subject_access_path", lambda *_a: target)
    screen.person.export_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    assert (tmp_path / "sar.json").exists()


def test_retention_review_and_bulk_anonymise(screen, demo_db, qtbot, answers):
    old = datetime(2015, 1, 1, tzinfo=UTC)
    quiet = create_person(demo_db, PersonInput("Quiet", "Person", "quiet@nhs.net"))
    with demo_db.write() as session:
        session.execute(
            update(Person).where(Person.id == quiet.id).values(created_at=old, updated_at=old)
        )
    panel = screen.retention
    screen.tabs.setCurrentWidget(panel)
    panel.years.setValue(6)
    panel.review_button.click()
    assert [r.email for r in panel.model.rows()] == ["quiet@nhs.net"]
    assert not panel.anonymise_button.isEnabled()
    panel.select_all_button.click()
    assert panel.anonymise_button.text() == "&Anonymise 1 selected…"
    answers.append(True)
    with qtbot.waitSignal(screen.data_changed, timeout=20000):
        panel.anonymise_button.click()
    assert find_person(demo_db, "quiet@nhs.net") is None
    assert panel.model.rowCount() == 0


def test_equality_report_needs_the_switch_and_suppresses_small_numbers(screen, demo_db, answers):
    panel = screen.equality
    screen.tabs.setCurrentWidget(panel)
    assert panel.heading.text() == equality.SWITCHED_OFF
    answers.append(False)
    panel.switch.setChecked(True)
    assert not panel.switch.isChecked() and not equality.monitoring_enabled(demo_db)
    answers.append(True)
    panel.switch.setChecked(True)
    assert equality.monitoring_enabled(demo_db)
    shown = {line.shown for line in panel.model.rows()}
    assert shown and all(s in ("<5", "5+") or int(s) >= 5 for s in shown)
    emails = {p.email for p in list_people(demo_db)}
    cells = {
        panel.model.index(r, c).data() for r in range(panel.model.rowCount()) for c in range(3)
    }
    assert not cells & emails


def test_the_equality_dialog_saves_one_persons_answers(qtbot, db):
    settings.save(db, {"equality_monitoring": "1"})
    jo = create_person(db, PersonInput("Jo", "Bloggs", "jo@nhs.net"))
    dialog = EqualityDialog(db, jo.id, jo.full_name)
    qtbot.addWidget(dialog)
    sex = dialog.combos["sex"]
    sex.setCurrentIndex(sex.findData("Female"))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert equality.get_answers(db, jo.id) == EqualityAnswers(sex="Female")


def test_the_equality_dialog_does_not_open_while_switched_off(qtbot, db, answers):
    jo = create_person(db, PersonInput("Jo", "Bloggs", "jo@nhs.net"))
    assert edit_equality_answers(None, db, jo.id, jo.full_name) is False
    assert answers.asked == [equality.SWITCHED_OFF]


def test_the_integrity_check_says_when_the_signing_key_has_no_backup(screen, demo_db, tmp_path):
    """Issue 12, item 9: the window says what `check` says until the key has a backup."""
    from cohort_desk.cli import lookup
    from cohort_desk.services.certificates.issuing import issue
    from cohort_desk.services.certificates.signing import export_key

    issue(
        demo_db, tmp_path / "certs", cohort_id=lookup.cohort_id(demo_db, "SLA Cohort 1 (2025-26)")
    )
    screen.backups.check_button.click()
    text = screen.backups.check_result.text()
    assert text.startswith("The database is sound") and "has no backup" in text
    export_key(demo_db, tmp_path / "academy-key.pem", "correct horse battery")
    screen.backups.check_button.click()
    assert "has no backup" not in screen.backups.check_result.text()
