"""List, add and rename programmes (Systems Leadership Academy, Community of Practice...)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.services.cohorts.records import ProgrammeRow, list_programme_rows, save_programme
from cohort_desk.ui.kit.form import error_label, never_default, show_inline
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable

COLUMNS: list[Column[ProgrammeRow]] = [
    Column("Programme", lambda r: r.name),
    Column("Cohorts", lambda r: r.cohorts, align_right=True),
    Column("Description", lambda r: r.description),
]


class ProgrammesDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle("Programmes")
        self.resize(680, 420)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
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
