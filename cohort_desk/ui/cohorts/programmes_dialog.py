"""Programmes and lists: add and rename programmes (Systems Leadership Academy, Community of
Practice...), and see and merge the known organisations and professions."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.services.cohorts.records import ProgrammeRow, list_programme_rows, save_programme
from cohort_desk.ui.cohorts.lists_tab import NamesPanel
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import error_label, never_default, show_inline
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable

COLUMNS: list[Column[ProgrammeRow]] = [
    Column("Programme", lambda r: r.name),
    Column("Cohorts", lambda r: r.cohorts, align_right=True),
    Column("Description", lambda r: r.description),
]


class ProgrammesDialog(QDialog):
    def __init__(
        self, db: Database, parent: QWidget | None = None, undo_stack: QUndoStack | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle("Programmes and lists")
        resize_to_fit(self, 760, 520)
        self.model: RowTableModel[ProgrammeRow] = RowTableModel(COLUMNS, self)
        self.table = RecordTable(self.model, "programmes", self)
        self.table.set_column_widths({0: 34, 1: 8})
        self.name = QLineEdit()
        self.name.setAccessibleName("Programme name")
        self.description = QLineEdit()
        self.description.setAccessibleName("Programme description")
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Description", self.description)
        self.new_button = QPushButton("&New programme")
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        never_default(self.new_button, close.button(QDialogButtonBox.StandardButton.Close))
        self.error = error_label()
        programmes = QWidget()
        page = QVBoxLayout(programmes)
        page.addWidget(self.table, 1)
        page.addLayout(form)
        page.addWidget(self.error)
        page.addLayout(buttons)
        # A merge goes on the undo stack of the screen the dialog was opened from.
        stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.organisations = NamesPanel(db, "organisation", stack, self._list_changed)
        self.professions = NamesPanel(db, "profession", stack, self._list_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(programmes, "&Programmes")
        self.tabs.addTab(self.organisations, "&Organisations")
        self.tabs.addTab(self.professions, "P&rofessions")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.editing: ProgrammeRow | None = None
        self.reload()

    def reload(self, select: int | None = None) -> None:
        self.model.set_rows(list_programme_rows(self.db))
        if select is not None:
            self.table.select_where(lambda row: row.id == select)

    def _chosen(self, *_args: object) -> None:
        row = self.table.current_row()
        self.editing = row
        self.name.setText(row.name if row else "")
        self.description.setText(row.description if row else "")

    def start_new(self) -> None:
        self.table.clearSelection()
        self.editing = None
        self.name.clear()
        self.description.clear()
        self.name.setFocus()

    def save(self) -> None:
        programme_id = self.editing.id if self.editing else None
        try:
            saved = save_programme(self.db, self.name.text(), self.description.text(), programme_id)
        except UserError as exc:
            show_inline(self.error, exc, {"name": self.name, "description": self.description})
            return
        self.error.setVisible(False)
        self.changed = True
        self.reload(saved.id)

    def _list_changed(self) -> None:
        self.changed = True
