"""The Imports and history screen: every import so far, a way to undo one, and a new import."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.dates import format_datetime
from cohort_desk.rules.wording import plural
from cohort_desk.services import imports
from cohort_desk.services.imports.history import BatchRow, list_batches
from cohort_desk.ui.imports.wizard import ImportWizard
from cohort_desk.ui.kit import ask, dialogs
from cohort_desk.ui.kit.export import export_table
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.theme import muted_colour
from cohort_desk.ui.kit.undo import ServiceCommand, push_done
from cohort_desk.ui.kit.workers import BackgroundJob
from cohort_desk.ui.shell.screen import Screen


def batch_columns(muted: Any) -> list[Column[BatchRow]]:
    grey = lambda r: muted if r.undone else None  # noqa: E731
    specs: list[tuple[str, Any, Any, bool]] = [
        ("Import", lambda r: r.id, None, True),
        ("When", lambda r: format_datetime(r.when), lambda r: r.when, False),
        ("File", lambda r: r.file_name, None, False),
        ("Sheet", lambda r: r.sheet, None, False),
        ("Added", lambda r: r.created, None, True),
        ("Updated", lambda r: r.updated, None, True),
        ("Enrolled", lambda r: r.enrolled if r.cohort else "", None, True),
        ("Cohort", lambda r: r.cohort, None, False),
        ("By", lambda r: r.who, None, False),
        ("Undone", lambda r: format_datetime(r.undone_at), lambda r: r.undone_at, False),
    ]
    return [
        Column(title, show, sort_key=key, align_right=right, foreground=grey)
        for title, show, key, right in specs
    ]


def batch_matches(text: str) -> Any:
    needle = text.strip().casefold()
    if not needle:
        return None
    return lambda row: needle in f"{row.file_name}\n{row.sheet}\n{row.cohort}\n{row.who}".casefold()


class ImportsScreen(Screen):
    title = "Imports and history"
    order = 70
    can_new = True
    can_export = True
    can_import = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.wizard: ImportWizard | None = None
        self.job: BackgroundJob | None = None
        self.model: RowTableModel[BatchRow] = RowTableModel(batch_columns(muted_colour()), self)
        self.table = RecordTable(
            self.model, "imports", self, sort_column=1, sort_order=Qt.SortOrder.DescendingOrder
        )
        self.table.set_column_widths({0: 7, 1: 16, 2: 24, 3: 12, 4: 7, 5: 8, 6: 8, 7: 20, 8: 10})
        self.table.restore_state()
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.import_button = QPushButton("&Import people…")
        self.import_button.setToolTip("Add or update people from a spreadsheet (Ctrl+N)")
        self.import_button.clicked.connect(self.new_record)
        self.undo_button = QPushButton("&Undo import…")
        self.undo_button.setToolTip("Reverse the chosen import exactly")
        self.undo_button.clicked.connect(self.undo_selected)
        note = QLabel(
            "Each import can be undone: people it added are removed and details it changed "
            "get their old values back, unless they have been used or changed since."
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(list_batches(self.db))
        if self.table.current_row() is None and self.model.rowCount():
            self.table.selectRow(0)  # the newest, so Undo is one click away
        self._update_buttons()
        self.status_changed.emit()

    def set_search(self, text: str) -> None:
        self.model.set_filter(batch_matches(text))
        self.status_changed.emit()

    def status_text(self) -> str:
        total = len(self.model.all_rows())
        return plural(total, "import")

    def _update_buttons(self) -> None:
        row = self.table.current_row()
        self.undo_button.setEnabled(row is not None and not row.undone)

    def new_record(self) -> None:
        """Open the import wizard; the list refreshes when an import is applied."""
        if self.wizard is not None and not self.wizard.isVisible():
            # Opened without waiting (open(), not exec()), so the last one, closed by now,
            # is deleted here rather than kept hidden under the window.
            dialogs.forget(self.wizard)
        self.wizard = ImportWizard(self.db, self)
        self.wizard.imported.connect(self._imported)
        self.wizard.open()

    def import_file(self) -> None:
        self.new_record()

    def _imported(self, batch_id: int) -> None:
        self.refresh()
        self.table.select_where(lambda row: row.id == batch_id)
        row = self.table.current_row()
        name = row.file_name if row is not None and row.id == batch_id else f"number {batch_id}"
        # Ctrl+Z here is the exact undo-import; an import undone is not redone (import the
        # file again for that), so it leaves the stack.
        push_done(
            self.undo_stack,
            f"Import {name}",
            lambda: imports.undo(self.db, batch_id),
            None,
            self._after_undo,
            key=batch_id,
        )
        self.data_changed.emit()

    def _after_undo(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def _on_the_stack(self, batch_id: int) -> bool:
        """True when the last change undone by Ctrl+Z here would be this import."""
        index = self.undo_stack.index()
        if index == 0:
            return False
        command = self.undo_stack.command(index - 1)
        return isinstance(command, ServiceCommand) and command.key == batch_id

    def undo_selected(self) -> None:
        row = self.table.current_row()
        if row is None or row.undone:
            return
        question = (
            f"Undo import {row.id} of {row.file_name} ({format_datetime(row.when)})? "
            f"The {plural(row.created, 'person')} it added will be removed and the "
            f"{row.updated:,} it "
            "updated will get their old details back."
        )
        if not ask.confirm(self, "Undo import", question, "Undo import", safe_default=True):
            return
        if self._on_the_stack(row.id):
            self.undo_stack.undo()  # the same undo-import, and Ctrl+Z stays in step
            return
        self.job = BackgroundJob(
            self, "Undoing the import…", lambda _p: imports.undo(self.db, row.id), self._undone
        ).start()

    def _undone(self, result: imports.UndoResult) -> None:
        self.refresh()
        self.data_changed.emit()
        ask.tell(
            self,
            f"Undid import {result.batch_id}: {result.removed:,} removed, {result.restored:,} "
            "restored.",
        )

    def export_current(self) -> None:
        export_table(self, self.table, "Imports", self.db)


SCREEN = ImportsScreen
