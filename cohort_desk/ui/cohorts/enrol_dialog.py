"""Enrolling people: choose a cohort for a selection in People, or pick people for a cohort."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.services.cohorts.enrolments import enrol_people_ids
from cohort_desk.services.cohorts.records import CohortRow
from cohort_desk.services.people.records import PeopleFilter, PersonRow, list_people
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable

PICKER_LIMIT = 200  # more than anyone scrolls through; typing narrows it
SEARCH_DELAY_MS = 200


def role_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem("Participant", "participant")
    combo.addItem("Facilitator", "facilitator")
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
        people = "1 person" if count == 1 else f"{count:,} people"
        super().__init__("Enrol in a cohort", parent, save_text=f"Enrol {people}")
        self.setMinimumWidth(420)
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
        self.created = enrol_people_ids(self.db, cohort_id, self.person_ids, role)


PICKER_COLUMNS: list[Column[PersonRow]] = [
    Column("Name", lambda r: r.sort_name),
    Column("E-mail", lambda r: r.email),
    Column("Organisation", lambda r: r.organisation),
    Column("Profession", lambda r: r.profession),
]


class PickPeopleDialog(QDialog):
    """A searchable list of people to enrol in one cohort; those already in it are left out."""

    def __init__(
        self,
        db: Database,
        cohort: CohortRow,
        already: set[int],
        parent: QWidget | None = None,
        role: str = "participant",
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.already = already
        self.setWindowTitle(f"Enrol people in {cohort.name}")
        self.resize(760, 520)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type part of a name, e-mail or organisation")
        self.search.setAccessibleName("Search for people to enrol")
        self.search.setClearButtonEnabled(True)
        self.model: RowTableModel[PersonRow] = RowTableModel(PICKER_COLUMNS, self)
        self.table = RecordTable(self.model, "pick_people", self, multi_select=True)
        self.table.set_column_widths({0: 26, 1: 30, 2: 30})
        self.table.restore_state()
        self.role = role_combo()
        self.role.setCurrentIndex(max(self.role.findData(role), 0))
        self.count = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.enrol_button = self.buttons.addButton("Enrol", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)
        form = QFormLayout()
        form.addRow("&Search", self.search)
        form.addRow("&Role", self.role)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.row_activated.connect(lambda _row: self.accept())
        self.reload()
        self.search.setFocus()

    def reload(self) -> None:
        rows = list_people(self.db, PeopleFilter(search=self.search.text()), limit=PICKER_LIMIT)
        self.model.set_rows([r for r in rows if r.id not in self.already])
        shown = self.model.rowCount()
        more = " (type to narrow the list)" if len(rows) == PICKER_LIMIT else ""
        self.count.setText(
            f"{shown:,} people shown{more} · Ctrl-click or Shift-click to choose several"
        )
        self._selection_changed()

    def _selection_changed(self) -> None:
        chosen = len(self.table.selected_rows())
        self.enrol_button.setEnabled(chosen > 0)
        self.enrol_button.setText(f"Enrol {chosen}" if chosen else "Enrol")

    def chosen_ids(self) -> list[int]:
        return [row.id for row in self.table.selected_rows()]

    def chosen_role(self) -> str:
        return str(self.role.currentData())

    def accept(self) -> None:
        if self.chosen_ids():
            self.table.save_state()
            super().accept()
