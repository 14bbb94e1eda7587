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
from cohort_desk.services.cohorts.records import CohortRow
from cohort_desk.services.people.records import PeopleFilter, PersonRow, list_people
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.vocabulary import Role

PICKER_LIMIT = 200  # more than anyone scrolls through; typing narrows it
SEARCH_DELAY_MS = 200


def role_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem("Participant", Role.PARTICIPANT)
    combo.addItem("Facilitator", Role.FACILITATOR)
    combo.setAccessibleName("Role in the cohort")
    return combo


class ChooseCohortDialog(QDialog):
    """Which cohort, and in which role, to enrol the people selected in the People screen."""

    def __init__(self, cohorts: list[CohortRow], count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Enrol in a cohort")
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        for cohort in cohorts:
            self.cohort.addItem(cohort.name, cohort.id)
        self.role = role_combo()
        form = QFormLayout()
        form.addRow("&Cohort", self.cohort)
        form.addRow("&Role", self.role)
        people = "1 person" if count == 1 else f"{count:,} people"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        enrol = buttons.addButton(f"Enrol {people}", QDialogButtonBox.ButtonRole.AcceptRole)
        enrol.setDefault(True)
        enrol.setEnabled(bool(cohorts))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Enrol {people} in:"))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def cohort_id(self) -> int | None:
        return self.cohort.currentData()


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
        role: str = Role.PARTICIPANT,
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
