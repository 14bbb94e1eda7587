"""The Register tab: one session's participants, marked with one key each, printed, imported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.documents.registers import render_register
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import format_date
from cohort_desk.services.attendance.from_file import AttendancePlan, apply_plan, plan_from_file
from cohort_desk.services.attendance.marking import (
    RegisterLine,
    clear_marks,
    counts_sentence,
    mark,
    mark_all_present,
    register_data,
    register_lines,
    set_note,
    status_counts,
)
from cohort_desk.services.attendance.reports import write_bytes
from cohort_desk.services.progress import Progress
from cohort_desk.ui.attendance.from_file_dialog import ImportPreviewDialog
from cohort_desk.ui.attendance.marking_table import MarkingTable
from cohort_desk.ui.attendance.rows import RegisterModel
from cohort_desk.ui.attendance.undoable import change_marks, mark_words, who
from cohort_desk.ui.attendance.walk_in_dialog import WalkInDialog
from cohort_desk.ui.kit import dialogs, files, printing
from cohort_desk.ui.kit.controls import push_button
from cohort_desk.ui.kit.errors import show_error
from cohort_desk.ui.kit.fitting import ColumnFitter
from cohort_desk.ui.kit.workers import BackgroundJob, run_in_background

STATUS_COLUMN = 4
KEY_HELP = (
    "Keys: <b>P</b> present · <b>L</b> late · <b>E</b> left early · <b>A</b> absent · "
    "<b>X</b> apologies · <b>Backspace</b> clears. Each key moves to the next person. "
    "Double-click or F2 on a note to edit it."
)
IMPORT_FILTERS = "Teams reports and lists (*.csv *.txt *.xlsx *.xlsm *.xls *.ods);;All files (*)"


def ask_open_path(parent: QWidget) -> Path | None:
    return files.ask_open_path(parent, "attendance", "Import attendance", IMPORT_FILTERS)


class RegisterPanel(QWidget):
    changed = Signal()  # marks were saved
    status_changed = Signal()

    def __init__(self, db: Database, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = undo_stack
        self.session_id: int | None = None
        self.session_title = ""
        self.session_date = ""
        self.job: BackgroundJob | None = None
        self.model = RegisterModel(self)
        self.model.save_note = self._save_note
        self.table = MarkingTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Participants of the session")
        # Whole rows: the key applies to the person, whichever cell was clicked last.
        self.table.setSelectionBehavior(MarkingTable.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((64, 220, 250, 40, 100, 220)):
            self.table.setColumnWidth(column, width)
        self.fitter = ColumnFitter(self.table, self.model)  # then sized to what is loaded
        self.table.status_keyed.connect(self._keyed)

        self.all_present = push_button(self, "Mark all &present", self.mark_all_present)
        self.all_present.setToolTip("Marks everyone not yet marked as present; marks made stay.")
        self.walk_in = push_button(self, "Add &walk-in…", self.add_walk_in)
        self.import_button = push_button(self, "&Import attendance…", self.import_attendance)
        self.import_button.setToolTip("From a Teams attendance report or a list of e-mails")
        self.print_button = push_button(self, "P&rint register…", self.print_register)
        self.save_button = push_button(self, "&Save register as PDF…", self.save_register)
        self.counts = QLabel()
        self.counts.setObjectName("register_counts")
        help_label = QLabel(KEY_HELP)
        help_label.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.all_present, self.walk_in, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(help_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        self._enable()

    def _enable(self) -> None:
        for button in (
            self.all_present,
            self.walk_in,
            self.import_button,
            self.print_button,
            self.save_button,
        ):
            button.setEnabled(self.session_id is not None)

    # Loading -------------------------------------------------------------------------------
    def set_session(self, session_id: int | None, title: str = "", starts: object = None) -> None:
        self.session_id = session_id
        self.session_title = title
        self.session_date = format_date(starts) if starts else ""  # type: ignore[arg-type]
        self.reload()
        self._enable()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, STATUS_COLUMN))

    def reload(self) -> None:
        lines = register_lines(self.db, self.session_id) if self.session_id else []
        self.model.set_rows(lines)
        self._counts()

    def _refresh_marks(self) -> None:
        if self.session_id is not None:
            self.model.update_lines(register_lines(self.db, self.session_id))
        self._counts()
        self.changed.emit()

    def _counts(self) -> None:
        lines = self.model.all_rows()
        marked = sum(1 for line in lines if line.status)
        if self.session_id is None:
            text = "Choose a cohort and a session."
        elif not lines:
            text = "Nobody is enrolled in this cohort yet."
        else:
            counts = counts_sentence(status_counts(x.status for x in lines))
            text = f"{len(lines)} on the register: {counts}; {len(lines) - marked} not marked yet."
        self.counts.setText(text)
        self.status_changed.emit()

    def status_text(self) -> str:
        lines = self.model.all_rows()
        marked = sum(1 for line in lines if line.status)
        return f"{marked} of {len(lines)} marked" if self.session_id else ""

    # Marking -------------------------------------------------------------------------------
    def _keyed(self, indexes: list[QModelIndex], status: str | None) -> None:
        lines = list(
            {
                self.model.row_at(i.row()).person_id: self.model.row_at(i.row()) for i in indexes
            }.values()
        )
        self.set_status(lines, status)

    def set_status(self, lines: list[RegisterLine], status: str | None) -> None:
        session_id = self.session_id
        if session_id is None or not lines:
            return
        ids = [line.person_id for line in lines]

        def work() -> object:
            if status is None:
                return clear_marks(self.db, session_id, ids)
            return mark(self.db, session_id, dict.fromkeys(ids, status))

        text = mark_words(status, who([line.full_name for line in lines]))
        if self._undoably(text, {session_id: ids}, work):
            self._refresh_marks()

    def _undoably(self, text: str, people: dict[int, list[int]], work: Any) -> bool:
        """Do a change of marks as one undoable step; False (and said) when refused."""
        try:
            change_marks(self.db, self.undo_stack, text, people, work, self._refresh_marks)
        except UserError as exc:
            show_error(self, exc, "Attendance")
            return False
        return True

    def _save_note(self, line: RegisterLine, note: str) -> bool:
        if self.session_id is None:
            return False
        try:
            set_note(self.db, self.session_id, line.person_id, note)
        except UserError as exc:
            show_error(self, exc, "Attendance")
            return False
        self.changed.emit()
        return True

    def mark_all_present(self) -> None:
        session_id = self.session_id
        if session_id is None:
            return
        everyone = [line.person_id for line in self.model.all_rows()]
        text = f"Mark all present at {self.session_title}"
        if self._undoably(
            text, {session_id: everyone}, lambda: mark_all_present(self.db, session_id)
        ):
            self._refresh_marks()

    def add_walk_in(self) -> None:
        if self.session_id is None:
            return
        on_register = {line.person_id for line in self.model.rows()}
        dialog = WalkInDialog(self.db, self.session_id, self.session_title, self, on_register)
        with dialogs.opened(dialog) as (_, result):
            added = dialog.result_walk_in if result == QDialog.DialogCode.Accepted else None
        if added is not None:
            self.reload()
            self.changed.emit()
            person_id = added.line.person_id
            for row, line in enumerate(self.model.rows()):
                if line.person_id == person_id:
                    self.table.setCurrentIndex(self.model.index(row, STATUS_COLUMN))

    # Files ---------------------------------------------------------------------------------
    def import_attendance(self, path: Path | None = None) -> None:
        """Read the file off the UI thread, show the preview, apply if the user says so."""
        session_id = self.session_id
        if session_id is None:
            return
        path = path or ask_open_path(self)
        if path is None:
            return

        def work(progress: Progress) -> AttendancePlan:
            progress.step(0, 1, f"Reading {path.name}…")
            return plan_from_file(self.db, session_id, path)

        self.job = run_in_background(self, "Import attendance", work, self._preview)

    def _preview(self, plan: AttendancePlan) -> None:
        if dialogs.run(ImportPreviewDialog(plan, self)) != QDialog.DialogCode.Accepted:
            return
        people = {plan.session_id: [m.person_id for m in plan.marks]}
        text = f"Apply {plan.file_name} to {plan.session_title}"
        if self._undoably(text, people, lambda: apply_plan(self.db, plan)):
            self._refresh_marks()

    def register_pdf(self) -> bytes:
        assert self.session_id is not None
        return render_register(register_data(self.db, self.session_id))

    def document_name(self) -> str:
        return printing.safe_file_name(f"Register {self.session_title} {self.session_date}")

    def print_register(self) -> None:
        if self.session_id is None:
            return
        try:
            pdf = self.register_pdf()
        except UserError as exc:
            show_error(self, exc, "Print register")
            return
        printing.print_pdf(self, pdf, f"Register: {self.session_title}")

    def save_register(self, path: Path | None = None) -> Path | None:
        if self.session_id is None:
            return None
        suggested = f"{self.document_name().replace('/', '-')}.pdf"
        path = path or files.ask_save_path(self, "registers", "Save register", suggested, files.PDF)
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_bytes(path, self.register_pdf())
        except UserError as exc:
            show_error(self, exc, "Save register")
            return None
        files.saved(self, path, f"the register as {path.name}")
        return path

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, STATUS_COLUMN))
