"""The Cohort grid tab: participants x sessions, colour-coded, with % and flags; any cell edits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.attendance import minimum_text
from cohort_desk.rules.wording import plural
from cohort_desk.services.attendance.marking import clear_marks, mark
from cohort_desk.services.attendance.reports import (
    CohortGrid,
    GridRow,
    GridSession,
    cohort_grid,
    summary_pdf,
    write_cohort_summary,
)
from cohort_desk.ui.attendance.marking_table import MarkingTable, StatusDelegate
from cohort_desk.ui.attendance.rows import GridModel
from cohort_desk.ui.attendance.undoable import change_marks, mark_words, who
from cohort_desk.ui.kit import files, printing
from cohort_desk.ui.kit.errors import show_error

SUMMARY_FILTERS = {"PDF (*.pdf)": ".pdf", "Excel workbook (*.xlsx)": ".xlsx"}
LEGEND = (
    "<span style='background:#D7EFDC'>&nbsp;P&nbsp;</span> present &nbsp; "
    "<span style='background:#FCE6C2'>&nbsp;L&nbsp;</span> late &nbsp; "
    "<span style='background:#FCE6C2'>&nbsp;E&nbsp;</span> left early &nbsp; "
    "<span style='background:#F6D3D0'>&nbsp;A&nbsp;</span> absent &nbsp; "
    "<span style='background:#E1E5E8'>&nbsp;X&nbsp;</span> apologies &nbsp;·&nbsp; "
    "select a cell and press a key, or double-click it for a list"
)


class GridPanel(QWidget):
    changed = Signal()

    def __init__(self, db: Database, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = undo_stack
        self.cohort_id: int | None = None
        self.model = GridModel(self)
        self.model.save_mark = self._save_mark
        self.table = MarkingTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Attendance of the cohort, participants by sessions")
        self.delegate = StatusDelegate(self.table)
        self.table.status_keyed.connect(self._keyed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.facts = QLabel()
        self.facts.setObjectName("grid_facts")
        self.facts.setWordWrap(True)
        legend = QLabel(LEGEND)
        self.print_button = QPushButton("P&rint summary…")
        self.print_button.clicked.connect(lambda _c=False: self.print_summary())
        self.save_button = QPushButton("Save cohort &summary…")
        self.save_button.setToolTip("As a PDF to print, or an Excel workbook with real numbers")
        self.save_button.clicked.connect(lambda _c=False: self.save_summary())
        top = QHBoxLayout()
        top.addWidget(legend, 1)
        top.addWidget(self.print_button)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.facts)

    def set_cohort(self, cohort_id: int | None) -> None:
        self.cohort_id = cohort_id
        self.reload()

    def reload(self) -> None:
        grid = cohort_grid(self.db, self.cohort_id) if self.cohort_id else None
        self.model.set_grid(grid)
        self._layout_columns(grid)
        self._facts()

    def _layout_columns(self, grid: CohortGrid | None) -> None:
        if grid is None:
            return
        self.table.setColumnWidth(0, 230)
        for column in range(1, len(grid.sessions) + 1):
            self.table.setItemDelegateForColumn(column, self.delegate)
            self.table.setColumnWidth(column, 52)
        fixed = len(grid.sessions) + 1
        for offset, width in enumerate((80, 70)):
            self.table.setColumnWidth(fixed + offset, width)

    def _facts(self) -> None:
        grid = self.model.grid
        if grid is None:
            self.facts.setText("")
            return
        held = sum(1 for s in grid.sessions if s.held)
        cannot = sum(1 for r in grid.rows if r.summary.cannot_reach)
        below = sum(1 for r in grid.rows if r.summary.below_minimum and not r.summary.cannot_reach)
        self.facts.setText(
            f"{plural(len(grid.rows), 'participant')} · {held} of "
            f"{plural(len(grid.sessions), 'session')} held · "
            f"minimum {minimum_text(grid.rule.min_attendance_pct)} · "
            f"<b>{cannot}</b> cannot reach it now · <b>{below}</b> below it so far"
        )

    # Changing cells ------------------------------------------------------------------------
    def _keyed(self, indexes: list[QModelIndex], status: str | None) -> None:
        cells = []
        for index in indexes:
            session = self.model.session_at(index.column())
            if session is not None:
                cells.append((self.model.grid_rows[index.row()], session))
        self.set_cells(cells, status)

    def _save_mark(self, row: GridRow, session: GridSession, status: str | None) -> bool:
        return self.set_cells([(row, session)], status)

    def set_cells(self, cells: list[tuple[GridRow, GridSession]], status: str | None) -> bool:
        if not cells:
            return False
        by_session: dict[int, list[int]] = {}
        for row, session in cells:
            by_session.setdefault(session.id, []).append(row.person_id)

        def work() -> None:
            for session_id, people in by_session.items():
                if status is None:
                    clear_marks(self.db, session_id, people)
                else:
                    mark(self.db, session_id, dict.fromkeys(people, status))

        names = list(dict.fromkeys(row.full_name for row, _session in cells))
        sessions = len(by_session)
        text = mark_words(status, who(names)) + (f" at {sessions} sessions" if sessions > 1 else "")
        try:
            change_marks(self.db, self.undo_stack, text, by_session, work, self._after_undo)
        except UserError as exc:
            show_error(self, exc, "Attendance")
            return False
        self._after_undo()
        return True

    def _after_undo(self) -> None:
        if self.cohort_id is not None:
            self.model.update_grid(cohort_grid(self.db, self.cohort_id))
        self._facts()
        self.changed.emit()

    # Documents -----------------------------------------------------------------------------
    def summary_bytes(self) -> bytes:
        assert self.model.grid is not None
        return summary_pdf(self.db, self.model.grid)

    def print_summary(self) -> None:
        if self.model.grid is None:
            return
        printing.print_pdf(self, self.summary_bytes(), f"Attendance: {self.model.grid.cohort}")

    def save_summary(self, path: Path | None = None) -> Path | None:
        grid = self.model.grid
        if grid is None:
            return None
        name = printing.safe_file_name(f"Attendance summary {grid.cohort}")
        path = path or files.ask_save_path(
            self, "summaries", "Save cohort summary", f"{name}.pdf", SUMMARY_FILTERS
        )
        if path is None:
            return None
        if path.suffix.lower() not in (".pdf", ".xlsx"):
            path = path.with_name(path.name + ".pdf")
        try:
            write_cohort_summary(self.db, path, cohort_id=grid.cohort_id)
        except UserError as exc:
            show_error(self, exc, "Save cohort summary")
            return None
        files.saved(self, path, f"the attendance summary as {path.name}")
        return path
