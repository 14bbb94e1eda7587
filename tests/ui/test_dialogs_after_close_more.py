"""Issue 22's follow-up, the other screens: the Mentoring, Community, Certificates, Sessions
(e-mail and evaluation), Attendance (print) and Imports dialogs, and Preferences, each opened
through the window, deleted once closed, then Ctrl+Z, Ctrl+Shift+Z, F5, opened again and
another screen, as a user goes on."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

import gc
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from cohort_desk.db.models import (
    CommunityMembership,
    LeadershipRole,
    MentoringPair,
    MentorProfile,
    Person,
)
from cohort_desk.services import settings
from cohort_desk.services.communications.templates import get_template
from cohort_desk.services.evaluation.summary import session_evaluation
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.people.records import list_people
from cohort_desk.ui.certificates.design_dialog import CertificateDesignDialog
from cohort_desk.ui.certificates.key_dialog import SigningKeyDialog
from cohort_desk.ui.communications.mail_merge_dialog import MailMergeDialog
from cohort_desk.ui.communications.template_editor import TemplateEditor
from cohort_desk.ui.evaluation.dialog import SessionEvaluationDialog
from cohort_desk.ui.shell.preferences import PreferencesDialog
from tests.ui.dialog_aftermath import deleted, no_dialog_left, show_screen, then_as_a_user
from tests.ui.modal import answer_next_dialog, save, tick_person, type_person
from tests.ui.workspace_helpers import activate, answer_dialog, answers, messages  # noqa: F401


def cancel(dialog: QDialog) -> None:
    QDialog.reject(dialog)


def _count(db, model, *where) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func

    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)))


# Mentoring -------------------------------------------------------------------------------------


def test_a_pair_assigned_ended_and_a_meeting_logged_outlive_their_dialogs(
    main_window, qtbot, demo_db, messages
):
    screen = show_screen(qtbot, main_window, "Mentoring")
    mentors = screen.mentors
    assert mentors.table.select_where(
        lambda m: m.free_places > 0 and m.status_text(date.today()) == "Available"
    )
    mentor = mentors.table.current_row()
    with demo_db.read() as session:
        busy = select(MentoringPair.mentee_id).union(select(MentorProfile.person_id))
        org = session.scalar(select(Person.organisation_id).where(Person.email == mentor.email))
        mentee = session.scalars(
            select(Person.email)
            .where(Person.id.not_in(busy), Person.organisation_id != org)
            .order_by(Person.id)
        ).first()

    def assign(dialog):  # type: ignore[no-untyped-def]
        tick_person(qtbot, dialog.mentee, mentee)
        save(dialog)

    def paired() -> int:
        return sum(p.mentee_email == mentee for p in mentoring_pairs.list_pairs(demo_db))

    answer_next_dialog(assign)
    mentors.assign_button.click()
    then_as_a_user(qtbot, main_window, "Mentoring", lambda: paired() == 1, lambda: paired() == 0)

    screen.tabs.setCurrentWidget(screen.pairs)
    pairs = screen.pairs
    pairs.status.setCurrentIndex(pairs.status.count() - 1)  # all pairs
    assert pairs.table.select_where(lambda p: p.status == "active")
    pair = pairs.table.current_row()

    def end(dialog):  # type: ignore[no-untyped-def]
        dialog.reason.setCurrentIndex(dialog.reason.findText("Goals met"))
        save(dialog)

    def status() -> str:
        return mentoring_pairs.get_pair(demo_db, pair.id).status

    answer_next_dialog(end)
    pairs.end_button.click()
    then_as_a_user(
        qtbot, main_window, "Mentoring", lambda: status() == "ended", lambda: status() == "active"
    )

    pairs.status.setCurrentIndex(pairs.status.count() - 1)
    assert pairs.table.select_where(lambda p: p.status == "active")
    pair = pairs.table.current_row()

    def log(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.notes, "Talked about the place board.")
        save(dialog)

    def meetings() -> int:
        return mentoring_pairs.get_pair(demo_db, pair.id).meetings

    held = meetings()
    answer_next_dialog(log)
    pairs.log_button.click()
    then_as_a_user(
        qtbot, main_window, "Mentoring", lambda: meetings() == held + 1, lambda: meetings() == held
    )


# Community -------------------------------------------------------------------------------------


def test_members_consent_and_a_role_outlive_their_dialogs(main_window, qtbot, demo_db, messages):
    screen = show_screen(qtbot, main_window, "Community and leadership")
    members = screen.members
    with demo_db.read() as session:
        inside = select(CommunityMembership.person_id)
        outsider = session.scalars(
            select(Person.email).where(Person.id.not_in(inside)).order_by(Person.id)
        ).first()

    def add(dialog):  # type: ignore[no-untyped-def]
        tick_person(qtbot, dialog.picker, outsider)
        save(dialog)

    def member() -> int:
        return _count(
            demo_db,
            CommunityMembership,
            CommunityMembership.person_id.in_(select(Person.id).where(Person.email == outsider)),
        )

    answer_next_dialog(add)
    members.add_button.click()
    title = "Community and leadership"
    then_as_a_user(qtbot, main_window, title, lambda: member() == 1, lambda: member() == 0)

    assert members.table.select_where(lambda m: m.left_on is None and not m.consent_to_contact)
    row = members.table.current_row()

    def consent() -> bool:
        with demo_db.read() as session:
            return bool(session.get(CommunityMembership, row.id).consent_to_contact)

    answer_next_dialog(save)
    members.consent_button.click()
    then_as_a_user(qtbot, main_window, title, consent, lambda: not consent())

    screen.tabs.setCurrentWidget(screen.roles)
    roles = screen.roles

    def fill(dialog):  # type: ignore[no-untyped-def]
        type_person(qtbot, dialog.person, list_people(demo_db)[0].email)
        qtbot.keyClicks(dialog.title, "Clinical lead, Bexley frailty")
        dialog.days.setValue(0.5)
        save(dialog)

    def role() -> int:
        return _count(
            demo_db, LeadershipRole, LeadershipRole.title == "Clinical lead, Bexley frailty"
        )

    answer_next_dialog(fill)
    roles.add_button.click()
    then_as_a_user(qtbot, main_window, title, lambda: role() == 1, lambda: role() == 0)


# Certificates and preferences ------------------------------------------------------------------


def test_certificate_design_signing_key_and_preferences_open_again_once_gone(
    main_window, qtbot, demo_db, monkeypatch
):
    screen = show_screen(qtbot, main_window, "Certificates")

    def design(dialog):  # type: ignore[no-untyped-def]
        dialog.academy.setText("South East London Academy")  # starts the preview's timer
        dialog.save()

    answer_dialog(monkeypatch, qtbot, CertificateDesignDialog, design)
    screen.design_button.click()
    deleted(qtbot)
    qtbot.wait(400)  # past the preview's delay: its timer went with the dialog
    no_dialog_left(main_window, CertificateDesignDialog)
    answer_dialog(monkeypatch, qtbot, SigningKeyDialog, cancel)
    screen.key_button.click()
    screen.key_button.click()
    then_as_a_user(
        qtbot,
        main_window,
        "Certificates",
        lambda: not main_window.findChildren(SigningKeyDialog),
    )

    def prefer(dialog):  # type: ignore[no-untyped-def]
        dialog.academy.setText("Lewisham Leadership Academy")
        qtbot.keyClick(dialog.academy, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    answer_dialog(monkeypatch, qtbot, PreferencesDialog, prefer)
    main_window.open_preferences()
    then_as_a_user(
        qtbot,
        main_window,
        "Certificates",
        lambda: settings.get_all(demo_db)["academy_name"] == "Lewisham Leadership Academy",
        again=main_window.open_preferences,
    )
    no_dialog_left(main_window, PreferencesDialog)


# Sessions: e-mail and evaluation ---------------------------------------------------------------


def test_a_template_edited_from_the_mail_merge_is_undone_once_both_are_gone(
    main_window, qtbot, demo_db, monkeypatch
):
    screen = show_screen(qtbot, main_window, "Sessions")
    assert screen.model.rowCount()
    screen.table.selectRow(0)
    wording = "Coming up: {{ session.title }}"

    def edit(editor):  # type: ignore[no-untyped-def]
        editor.subject.setText(wording)
        editor.save_button.click()

    def mail(dialog):  # type: ignore[no-untyped-def]
        answer_dialog(monkeypatch, qtbot, TemplateEditor, edit)
        dialog.edit_templates.click()
        deleted(qtbot)  # the editor, while the mail merge is still open
        assert not dialog.findChildren(TemplateEditor)

    answer_dialog(monkeypatch, qtbot, MailMergeDialog, mail)
    screen.mail_button.click()
    deleted(qtbot)
    no_dialog_left(main_window, MailMergeDialog)
    then_as_a_user(
        qtbot,
        main_window,
        "Sessions",
        lambda: get_template(demo_db, "reminder").subject == wording,
        lambda: get_template(demo_db, "reminder").subject != wording,
    )


def test_feedback_imported_from_the_evaluation_window_is_undone_once_it_is_gone(
    main_window, qtbot, demo_db, monkeypatch, tmp_path
):
    from cohort_desk.ui.evaluation.importing import FeedbackPreview
    from cohort_desk.ui.kit import files
    from tests.integration.feedback_files import forms_xlsx

    screen = show_screen(qtbot, main_window, "Sessions")
    screen.table.selectRow(0)
    session_id = screen.table.current_row().id
    responses = session_evaluation(demo_db, session_id).responses
    path = forms_xlsx(tmp_path / "Session feedback.xlsx", ["Overall (1-5)"],
                      [{"answers": [5]}, {"answers": [4]}])  # fmt: skip
    monkeypatch.setattr(files, "ask_open_path", lambda *_args: path)
    monkeypatch.setattr(FeedbackPreview, "exec", lambda _self: 1)

    def use(dialog):  # type: ignore[no-untyped-def]
        dialog.view.import_button.click()
        qtbot.waitUntil(lambda: dialog.imported, timeout=20_000)

    answer_dialog(monkeypatch, qtbot, SessionEvaluationDialog, use)
    screen.evaluation_button.click()
    deleted(qtbot)
    no_dialog_left(main_window, SessionEvaluationDialog)
    assert session_evaluation(demo_db, session_id).responses == responses + 2
    from tests.ui.dialog_aftermath import ctrl_z

    ctrl_z(qtbot, main_window)  # the exact undo-import, never redone
    assert session_evaluation(demo_db, session_id).responses == responses
    then_as_a_user(
        qtbot,
        main_window,
        "Sessions",
        lambda: session_evaluation(demo_db, session_id).responses == responses,
    )


# Attendance: print preview ---------------------------------------------------------------------


def test_the_print_preview_is_deleted_without_reaching_for_its_printer(
    main_window, qtbot, demo_db, monkeypatch
):
    shown: list[int] = []

    def look(dialog):  # type: ignore[no-untyped-def]
        dialog.show()
        qtbot.waitExposed(dialog)
        shown.append(dialog.findChildren(QDialog).__len__())
        dialog.reject()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", look)
    screen = show_screen(qtbot, main_window, "Attendance")
    screen.register.print_button.click()
    assert shown
    gc.collect()  # the printer the preview drew on is Python's to free
    deleted(qtbot)
    no_dialog_left(main_window, QPrintPreviewDialog)
    screen.register.print_button.click()
    gc.collect()
    then_as_a_user(qtbot, main_window, "Attendance", lambda: len(shown) == 2)


def test_the_evaluation_window_closed_while_its_file_is_read_still_imports_and_undoes(
    main_window, qtbot, demo_db, monkeypatch, tmp_path
):
    # Closed with Esc before the progress showed: the reading ended, the preview was
    # answered and the import started under a window about to be deleted, and Qt aborted.
    from cohort_desk.ui.evaluation.importing import FeedbackPreview
    from cohort_desk.ui.kit import files
    from tests.integration.feedback_files import forms_xlsx
    from tests.ui.dialog_aftermath import ctrl_z

    screen = show_screen(qtbot, main_window, "Sessions")
    screen.table.selectRow(0)
    session_id = screen.table.current_row().id
    responses = session_evaluation(demo_db, session_id).responses
    path = forms_xlsx(tmp_path / "Session feedback.xlsx", ["Overall (1-5)"],
                      [{"answers": [5]}, {"answers": [4]}, {"answers": [3]}])  # fmt: skip
    monkeypatch.setattr(files, "ask_open_path", lambda *_args: path)
    monkeypatch.setattr(FeedbackPreview, "exec", lambda _self: 1)

    def close_at_once(dialog):  # type: ignore[no-untyped-def]
        dialog.view.import_button.click()
        QDialog.reject(dialog)

    answer_dialog(monkeypatch, qtbot, SessionEvaluationDialog, close_at_once)
    screen.evaluation_button.click()
    qtbot.waitUntil(
        lambda: session_evaluation(demo_db, session_id).responses == responses + 3, timeout=20_000
    )
    qtbot.waitUntil(lambda: not main_window.findChildren(SessionEvaluationDialog), timeout=5000)
    ctrl_z(qtbot, main_window)
    assert session_evaluation(demo_db, session_id).responses == responses
    then_as_a_user(
        qtbot,
        main_window,
        "Sessions",
        lambda: session_evaluation(demo_db, session_id).responses == responses,
    )


# Imports: the wizard opened without waiting ----------------------------------------------------


def test_an_import_from_the_wizard_is_undone_and_the_wizard_deleted_when_the_next_opens(
    main_window, qtbot, demo_db, tmp_path
):
    from cohort_desk.services.people.records import find_person
    from cohort_desk.ui.imports.wizard import DONE, ImportWizard
    from tests.integration.import_files import plain_workbook
    from tests.ui.dialog_aftermath import ctrl_z

    path = plain_workbook(
        tmp_path / "delegates.xlsx",
        ["Full name", "Email", "Organisation"],
        [["Ada Lovelace", "ada@nhs.net", "Oxleas NHS Foundation Trust"]],
        title="Delegates",
    )
    screen = show_screen(qtbot, main_window, "Imports and history")
    screen.new_record()
    wizard = screen.wizard
    wizard.set_file(str(path))
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # columns
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() > 0, timeout=10_000)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # preview
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=10_000)
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == DONE, timeout=10_000)
    QDialog.accept(wizard)
    deleted(qtbot)
    assert find_person(demo_db, "ada@nhs.net") is not None
    ctrl_z(qtbot, main_window)  # the exact undo-import
    assert find_person(demo_db, "ada@nhs.net") is None

    screen.new_record()  # the last wizard, closed, is deleted now
    deleted(qtbot)
    assert main_window.findChildren(ImportWizard) == [screen.wizard]
    QDialog.reject(screen.wizard)
    then_as_a_user(
        qtbot,
        main_window,
        "Imports and history",
        lambda: find_person(demo_db, "ada@nhs.net") is None,
    )


# Applications ----------------------------------------------------------------------------------


def test_an_application_added_and_one_scored_outlive_their_dialogs(
    main_window, qtbot, demo_db, messages
):
    from PySide6.QtWidgets import QSpinBox

    from cohort_desk.db.models import Application
    from cohort_desk.db.models import Score as ApplicationScore
    from cohort_desk.services.people.records import PersonInput, create_person

    create_person(demo_db, PersonInput("Grace", "Okafor", "grace.okafor@nhs.net"))
    screen = show_screen(qtbot, main_window, "Applications")
    assert screen.cohort_combo.count()

    def by_letter(dialog):  # type: ignore[no-untyped-def]
        type_person(qtbot, dialog.person, "grace.okafor@nhs.net")
        save(dialog)

    def applied() -> int:
        return _count(
            demo_db,
            Application,
            Application.person_id.in_(
                select(Person.id).where(Person.email == "grace.okafor@nhs.net")
            ),
        )

    answer_next_dialog(by_letter)
    screen.commands.add_application()
    title = "Applications"
    then_as_a_user(qtbot, main_window, title, lambda: applied() == 1, lambda: applied() == 0)

    scores = _count(demo_db, ApplicationScore)

    def score(dialog):  # type: ignore[no-untyped-def]
        for box in dialog.findChildren(QSpinBox):
            box.setValue(box.maximum())
        save(dialog)

    screen.table.selectRow(0)
    answer_next_dialog(score)
    screen.commands.score_current()
    then_as_a_user(
        qtbot,
        main_window,
        "Applications",
        lambda: _count(demo_db, ApplicationScore) > scores,
        lambda: _count(demo_db, ApplicationScore) <= scores,
    )
