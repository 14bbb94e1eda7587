"""The Backups tab: back up now, restore (after confirmation), the backup folder, and the
integrity check."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk import organisation
from cohort_desk.db.engine import Database
from cohort_desk.db.restore import RestoreResult
from cohort_desk.errors import UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services.safety import backups
from cohort_desk.services.safety.backups import BackupRow
from cohort_desk.services.safety.integrity import check_database
from cohort_desk.ui.kit import ask, files, workers
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.shell.screen import Panel

BACKUP_COLUMNS: list[Column[BackupRow]] = [
    Column("Taken", lambda r: r.taken, sort_key=lambda r: r.taken_at),
    Column("Kind", lambda r: r.kind),
    Column(
        "Size (MB)", lambda r: f"{r.size_mb:.1f}", sort_key=lambda r: r.size_mb, align_right=True
    ),
    Column("File", lambda r: r.name, tooltip=lambda r: str(r.path)),
]
POSTGRES_NOTE = (
    "This is a shared PostgreSQL database: it is backed up on the server (pg_dump), not "
    "from this window. Ask whoever looks after the server; the README has a recipe."
)


class BackupsPanel(Panel):
    restored = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.job: workers.BackgroundJob | None = None
        self.folder = QLineEdit()
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName("Backup folder")
        self.choose_button = QPushButton("&Change folder…")
        self.default_button = QPushButton("Use the &default")
        self.backup_button = QPushButton("&Back up now")
        self.restore_button = QPushButton("&Restore selected…")
        self.restore_file_button = QPushButton("Restore from a &file…")
        self.check_button = QPushButton("Check the database")
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.model: RowTableModel[BackupRow] = RowTableModel(BACKUP_COLUMNS, self)
        self.table = list_table(self.model, "Backups")
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.choose_button.clicked.connect(self.choose_folder)
        self.default_button.clicked.connect(lambda: self.set_folder(""))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.check_button.clicked.connect(self.check)

        where = QFormLayout()
        where.addRow("Database:", QLabel(db.describe()))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        folder_row.addWidget(self.default_button)
        where.addRow("Backup folder:", folder_row)
        explain = QLabel(
            "Cohort Desk backs up on the first start of each day and before every import, "
            "undo, restore and erasure, keeping 14 daily copies and a month of the others."
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(where)
        layout.addWidget(explain)
        layout.addLayout(
            button_row(
                self.backup_button,
                self.restore_button,
                self.restore_file_button,
                self.check_button,
                stretch_at=3,
            )
        )
        layout.addWidget(self.check_result)
        layout.addWidget(self.table, 1)
        set_by_it = organisation.load().backup_folder
        if set_by_it:
            for button in (self.choose_button, self.default_button):
                button.setEnabled(False)
                button.setToolTip("Set by your organisation; ask your IT team to change it.")
            self.folder.setToolTip("Set by your organisation")
        if db.file is None:
            self.check_result.setText(POSTGRES_NOTE)
            for button in (self.choose_button, self.default_button, self.backup_button,
                           self.restore_button, self.restore_file_button):  # fmt: skip
                button.setEnabled(False)

    def refresh(self) -> None:
        if self.db.file is None:
            return
        self.folder.setText(str(backups.backup_folder(self.db)))
        self.model.set_rows(backups.list_backups(self.db))
        self.table.fit_columns()
        self._enable()

    def status_text(self) -> str:
        return plural(self.model.rowCount(), "backup") if self.db.file else ""

    def _enable(self, *_args: object) -> None:
        self.restore_button.setEnabled(
            self.db.file is not None and self.table.current_row() is not None
        )

    def choose_folder(self) -> None:
        start = Path(self.folder.text()) if self.folder.text().strip() else None
        chosen = files.ask_folder(self, "backups", "Backup folder", start)
        if chosen is not None:
            self.set_folder(str(chosen))

    def set_folder(self, folder: str) -> None:
        try:
            path = backups.set_backup_folder(self.db, folder)
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        self.refresh()
        ask.tell(self, f"Backups now go to {path}.")

    def back_up_now(self) -> None:
        try:
            path = backups.backup_now(self.db)
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        self.refresh()
        ask.tell(self, f"Backed up to {path}.")

    def restore_selected(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self.restore(row.path, f"the backup taken {row.taken} ({row.kind.lower()})")

    def restore_from_file(self) -> None:
        chosen = files.ask_open_path(
            self, "backups", "Restore from a backup", "Cohort Desk database (*.db)"
        )
        if chosen is not None:
            self.restore(chosen, chosen.name)

    def restore(self, path: Path, described: str) -> None:
        question = (
            f"Replace everything in this database with {described}? Changes made since then "
            "by anyone will be lost. The current contents are backed up first, so you can go "
            "back by restoring that copy."
        )
        if not ask.confirm(self, "Restore a backup", question, "Restore", safe_default=True):
            return
        self.job = workers.run_in_background(
            self,
            "Restoring…",
            lambda progress: backups.restore(self.db, path, progress),
            on_done=self._restored,
        )

    def _restored(self, result: RestoreResult) -> None:
        self.refresh()
        self.restored.emit()
        ask.inform(
            self,
            "Restored",
            f"Restored {result.restored_from.name}: {plural(result.people, 'person')}. "
            f"The previous contents were saved to {result.previous_saved_as}.",
        )

    def check(self) -> None:
        report = check_database(self.db)
        if report.ok:
            text = f"The database is sound ({plural(len(report.checked), 'check')} passed)."
        else:
            text = "Problems found: " + " ".join(report.problems)
        # As `check` prints them: others can read the file, the signing key has no backup.
        self.check_result.setText(" ".join([text, *(f"Warning: {w}" for w in report.warnings)]))
