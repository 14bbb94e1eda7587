"""The person dialog's "name as printed" field and its live preview of the certificate line."""

from __future__ import annotations

from cohort_desk.services.people.records import PersonInput, create_person, get_person
from cohort_desk.ui.people.person_dialog import PersonDialog


def test_the_preview_follows_what_is_typed_and_warns_when_it_cannot_print(qtbot, db):
    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    dialog.edits["given_name"].setText("Thị Minh Khai")
    dialog.edits["family_name"].setText("Nguyễn")
    assert "Thị Minh Khai Nguyễn" in dialog.certificate_line.text()
    dialog.edits["name_as_printed"].setText("NGUYỄN Thị Minh Khai")
    assert "NGUYỄN Thị Minh Khai" in dialog.certificate_line.text()
    dialog.edits["name_as_printed"].setText("ᏣᎳᎩ")
    assert "Cannot be printed" in dialog.certificate_line.text()
    assert "Cherokee" in dialog.certificate_line.text()


def test_the_name_as_printed_is_saved_and_kept_by_a_later_edit(qtbot, db):
    row = create_person(db, PersonInput("Ama", "Mensah", "ama@example.org", title="Dr"))
    dialog = PersonDialog(db, get_person(db, row.id))
    qtbot.addWidget(dialog)
    assert "Dr Ama Mensah" in dialog.certificate_line.text()
    dialog.edits["name_as_printed"].setText("Dr Ama Serwaa Mensah")
    dialog.accept()
    assert get_person(db, row.id).name_as_printed == "Dr Ama Serwaa Mensah"
    again = PersonDialog(db, get_person(db, row.id))
    qtbot.addWidget(again)
    again.edits["phone"].setText("020 7946 0000")
    again.accept()
    assert get_person(db, row.id).name_as_printed == "Dr Ama Serwaa Mensah"
