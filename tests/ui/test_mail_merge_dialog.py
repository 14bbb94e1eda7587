"""The Mail merge dialog and the template editor: what a person sees before writing, the
question before writing twice, the live preview, and template edits that Ctrl+Z undoes."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from cohort_desk.services.communications.history import written_to
from cohort_desk.services.communications.templates import get_template
from cohort_desk.ui.communications import mail_merge_dialog as M
from cohort_desk.ui.communications.mail_merge_dialog import MailMergeDialog
from cohort_desk.ui.communications.template_editor import TemplateEditor
from cohort_desk.ui.kit import ask
from tests.integration.mail_data import build, read_eml


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
