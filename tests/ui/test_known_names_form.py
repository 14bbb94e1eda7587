"""The person form says what an organisation or profession will be saved as, before saving
(issue 15 item 7): a known one written another way, or a new one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from cohort_desk.services.people.lookup import filter_choices
from cohort_desk.services.people.organisations import save_organisation
from cohort_desk.services.people.records import find_person
from cohort_desk.ui.people.person_dialog import PersonDialog

LGT = "Lewisham and Greenwich NHS Trust"


def test_the_form_shows_and_saves_the_known_name(qtbot, db):
    save_organisation(db, LGT, "trust")
    dialog = PersonDialog(db, None, filter_choices(db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.edits["given_name"], "Ana")
    qtbot.keyClicks(dialog.edits["family_name"], "Silva")
    qtbot.keyClicks(dialog.edits["email"], "ana@nhs.net")
    qtbot.keyClicks(dialog.organisation.lineEdit(), "LEWISHAM & GREENWICH NHS TRUST")
    assert dialog.organisation_note.isVisible()
    assert dialog.organisation_note.text().startswith(f"Saved as {LGT}:")
    qtbot.keyClicks(dialog.profession.lineEdit(), "Astronaut")
    assert dialog.profession_note.text().startswith("A new profession")
    dialog.profession.lineEdit().clear()
    qtbot.keyClicks(dialog.profession.lineEdit(), "paramedic")
    assert dialog.profession_note.text().startswith("Saved as Paramedic")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    ana = find_person(db, "ana@nhs.net")
    assert (ana.organisation, ana.profession) == (LGT, "Paramedic")
