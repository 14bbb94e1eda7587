"""Enrolling people: choose a cohort for a selection in People, or pick people for a cohort."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import CohortRow
from cohort_desk.services.people.search import load_people_index
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.people_picker import PeoplePicker
from cohort_desk.vocabulary import Role


def role_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem("Participant", Role.PARTICIPANT)
    combo.addItem("Facilitator", Role.FACILITATOR)
    combo.setAccessibleName("Role in the cohort")
    return combo


class ChooseCohortDialog(FormDialog):
    """Which cohort, and in which role, to enrol the people selected in the People screen;
    Enrol does it, and ``created`` holds the new enrolments' ids (for undo)."""

    def __init__(
        self,
        db: Database,
        cohorts: list[CohortRow],
        person_ids: list[int],
        parent: QWidget | None = None,
    ) -> None:
        count = len(person_ids)
        people = plural(count, "person")
        super().__init__("Enrol in a cohort", parent, save_text=f"Enrol {people}")
        self.set_minimum_width(420)
        self.db = db
        self.person_ids = person_ids
        self.created: list[int] = []
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        for cohort in cohorts:
            self.cohort.addItem(cohort.name, cohort.id)
        self.role = role_combo()
        self.form.addRow(QLabel(f"Enrol {people} in:"))
        self.form.addRow("&Cohort", self.cohort)
        self.form.addRow("&Role", self.role)
        self.save_button.setEnabled(bool(cohorts))
        self.fields = {"cohort": self.cohort, "role": self.role}

    def cohort_id(self) -> int | None:
        return self.cohort.currentData()

    def save(self) -> None:
        cohort_id = self.cohort_id()
        if cohort_id is None:
            raise UserError("Add a cohort first.", field="cohort")
        role = str(self.role.currentData())
        self.created = enrol_people(self.db, cohort_id, self.person_ids, role).created


class PickPeopleDialog(QDialog):
    """Tick the people to enrol in one cohort; those already in it are left out."""

    def __init__(
        self,
        db: Database,
        cohort: CohortRow,
        already: set[int],
        parent: QWidget | None = None,
        role: str = Role.PARTICIPANT,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Enrol people in {cohort.name}")
        resize_to_fit(self, 820, 560)
        unavailable = dict.fromkeys(already, f"already in {cohort.name}")
        self.picker = PeoplePicker(load_people_index(db), self, unavailable=unavailable)
        self.role = role_combo()
        self.role.setCurrentIndex(max(self.role.findData(role), 0))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.enrol_button = self.buttons.addButton("Enrol", QDialogButtonBox.ButtonRole.AcceptRole)
        # Qt makes the first enabled button the default when the dialog shows (Enrol is
        # disabled until someone is ticked): no button but Enrol may take Enter.
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        self.enrol_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)
        role_row = QFormLayout()
        role_row.addRow("&Role", self.role)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addLayout(role_row)
        layout.addWidget(self.buttons)
        self.picker.chosen_changed.connect(self._chosen_changed)
        self._chosen_changed(0)
        self.picker.setFocus()

    def _chosen_changed(self, chosen: int) -> None:
        self.enrol_button.setEnabled(chosen > 0)
        self.enrol_button.setText(f"Enrol {chosen:,}" if chosen else "Enrol")

    def chosen_ids(self) -> list[int]:
        return self.picker.chosen_ids()

    def chosen_role(self) -> str:
        return str(self.role.currentData())

    def accept(self) -> None:
        if self.chosen_ids():
            super().accept()
