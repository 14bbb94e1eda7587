"""The Mail merge dialog and the template editor: what a person sees before writing, the
question before writing twice, the live preview, and template edits that Ctrl+Z undoes."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from cohort_desk.services.communications.history import written_to
from cohort_desk.services.communications.templates import get_template
from cohort_desk.services.people.records import PersonInput
from cohort_desk.ui.communications import mail_merge_dialog as M
from cohort_desk.ui.communications.mail_merge_dialog import MailMergeDialog
from cohort_desk.ui.communications.template_editor import TemplateEditor
from cohort_desk.ui.kit import ask
from tests.integration.mail_data import add_applicant, build, feature_letters, read_eml
from tests.ui.modal import answer, answer_next_dialog


def _answers(monkeypatch, confirm: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def answer(_parent, _title, text, _yes, **_kw):  # type: ignore[no-untyped-def]
        asked.append(text)
        return confirm

    monkeypatch.setattr(ask, "confirm", answer)
    monkeypatch.setattr(ask, "inform", lambda *_a: None)
    return asked


def test_the_dialog_previews_each_persons_email_and_writes_the_drafts(
    qtbot, db, tmp_path, monkeypatch
):
    built = build(db)
    asked = _answers(monkeypatch)
    dialog = MailMergeDialog(db, session_id=built.session_ids[1], template="reminder")
    qtbot.addWidget(dialog)
    dialog.folder = tmp_path
    dialog._replan()
    assert dialog.model.rowCount() == 4
    assert dialog.write_button.isEnabled() and dialog.write_button.text() == "&Write 4 drafts"
    assert "Reminder: Action learning set 1, Tuesday 30 March 2027 at 09:30" in (
        dialog.subject.text()
    )
    assert dialog.body.toPlainText().startswith("Dear Siobhán,")
    assert "Action learning set 1 30-03-2027.ics" in dialog.attached.text()
    dialog.write_button.click()
    folder = tmp_path / "reminder - Action learning set 1 on 30-03-2027"
    assert sorted(p.name for p in folder.iterdir())[0] == "Ama Mensah - reminder.eml"
    assert read_eml(folder / "Ama Mensah - reminder.eml")["X-Unsent"] == "1"
    assert asked == []  # nothing to ask the first time

    again = MailMergeDialog(db, session_id=built.session_ids[1], template="reminder")
    qtbot.addWidget(again)
    again.folder = tmp_path / "second"
    again._replan()
    assert again.repeat.isVisibleTo(again) and "already had" in again.repeat.text()
    _answers(monkeypatch, confirm=False)
    again.write_button.click()
    assert not (tmp_path / "second").exists()
    assert len(written_to(db, built.people["ama.mensah@nhs.net"])) == 1


def test_a_template_that_cannot_be_filled_says_why_and_writes_nothing(qtbot, db):
    build(db)
    dialog = MailMergeDialog(db, template="missed-you")
    qtbot.addWidget(dialog)
    assert dialog.to.currentData() == "absent"  # the template's own audience
    assert not dialog.write_button.isEnabled()
    assert "session" in dialog.error.text()


def test_one_persons_email_opens_in_the_mail_program(qtbot, db, monkeypatch, tmp_path):
    build(db)
    _answers(monkeypatch)
    opened = []
    monkeypatch.setattr(M.files, "open_file", lambda _w, path: opened.append(path) or True)
    dialog = MailMergeDialog(db, template="joining-instructions")
    qtbot.addWidget(dialog)
    dialog.table.selectRow(3)
    dialog.open_button.click()
    [path] = opened
    assert path.suffix == ".eml" and path.name.startswith("Ama Mensah")
    message = read_eml(path)
    assert message["X-Unsent"] == "1" and len(list(message.iter_attachments())) == 1


def test_editing_a_template_previews_live_saves_and_undoes(qtbot, db, monkeypatch):
    build(db)
    _answers(monkeypatch)
    stack = QUndoStack()
    editor = TemplateEditor(db, template="reminder", undo_stack=stack)
    qtbot.addWidget(editor)
    editor.person.setCurrentIndex(editor.person.findText("Ama Mensah (participant)"))
    editor.subject.setText("Coming up: {{ session.title }} for {{ given_name }}")
    editor.update_preview()
    assert "Coming up: Launch for Ama" in editor.preview_subject.text()
    editor.subject.setText("Coming up: {{ sesion.title }}")
    editor.update_preview()
    assert "{{ sesion }}" in editor.preview_error.text()
    editor.save_button.click()
    assert editor.error.isVisibleTo(editor) and "{{ sesion }}" in editor.error.text()
    assert not get_template(db, "reminder").edited
    editor.subject.setText("Coming up: {{ session.title }}")
    editor.save_button.click()
    assert get_template(db, "reminder").subject == "Coming up: {{ session.title }}"
    stack.undo()
    assert not get_template(db, "reminder").edited
    stack.redo()
    assert get_template(db, "reminder").edited
    editor._reload("reminder")
    editor.reset_button.click()
    assert not get_template(db, "reminder").edited
    stack.undo()
    assert get_template(db, "reminder").subject == "Coming up: {{ session.title }}"


def test_new_template_asks_its_name_and_cancel_adds_nothing(qtbot, db):
    build(db)
    editor = TemplateEditor(db, template="reminder")
    qtbot.addWidget(editor)
    before = editor.names.count()
    answer_next_dialog(lambda question: question.reject())
    editor.new_button.click()
    assert editor.names.count() == before
    answer_next_dialog(answer(" welcome-back "))
    editor.new_button.click()
    assert get_template(db, "welcome-back").subject == "{{ cohort.programme }}"
    assert editor.names.currentItem().text() == "welcome-back (added)"


def test_a_features_template_previews_for_an_applicant_and_is_refused_in_the_merge(
    qtbot, db, monkeypatch
):
    """Intake's letters: edited with their own placeholders listed and sample values in the
    preview, for someone who applied; the Mail merge dialog says where they are written."""
    feature_letters(monkeypatch)
    built = build(db)
    add_applicant(db, built.cohort_id, PersonInput("Priya", "Shah", "p.shah@nhs.net"))
    editor = TemplateEditor(db, template="offer-test", cohort_id=built.cohort_id)
    qtbot.addWidget(editor)
    listed = [editor.placeholders.item(i).text() for i in range(editor.placeholders.count())]
    assert listed[0].startswith("{{ offer.rank }}  filled in by the Applications screen")
    assert listed[1].startswith("{{ reply_by }}")
    assert any(text.startswith("{{ given_name }}") for text in listed)
    editor.person.setCurrentIndex(editor.person.findText("Priya Shah (applicant)"))
    editor.update_preview()
    assert not editor.preview_error.isVisibleTo(editor)
    assert editor.preview.toPlainText() == (
        "Dear Priya, you are number 1. Reply by 1 March 2027.\n"
    )

    dialog = MailMergeDialog(db, template="offer-test")
    qtbot.addWidget(dialog)
    assert not dialog.write_button.isEnabled()
    assert "written from the Applications screen" in dialog.error.text()
