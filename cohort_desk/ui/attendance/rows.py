"""Table models for marking attendance: one session's register, and a cohort's grid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cohort_desk.rules.attendance import STATUS_LABELS, STATUS_MARKS, percentage_text
from cohort_desk.rules.dates import format_date, format_datetime
from cohort_desk.rules.names import listed_name
from cohort_desk.services.attendance.marking import RegisterLine
from cohort_desk.services.attendance.reports import CohortGrid, GridRow, GridSession
from cohort_desk.ui.kit.rows import ROW_ROLE, Column, RowTableModel, highest
from cohort_desk.vocabulary import AttendanceStatus

Index = QModelIndex | QPersistentModelIndex
STATUS_ROLE = Qt.ItemDataRole.UserRole + 10

# The printed summary's tints, so screen and paper agree.
STATUS_COLOURS = {
    AttendanceStatus.PRESENT: QColor("#D7EFDC"),
    AttendanceStatus.LATE: QColor("#FCE6C2"),
    AttendanceStatus.LEFT_EARLY: QColor("#FCE6C2"),
    AttendanceStatus.ABSENT: QColor("#F6D3D0"),
    AttendanceStatus.APOLOGIES: QColor("#E1E5E8"),
}
WARNING = QColor("#AA1E14")
WARNING_TINT = QColor("#F6D3D0")


def _status_brush(status: str | None) -> QBrush | None:
    return QBrush(STATUS_COLOURS[status]) if status in STATUS_COLOURS else None


def _recorded(line: RegisterLine) -> str:
    if line.recorded_at is None:
        return ""
    who = f" by {line.recorded_by}" if line.recorded_by else ""
    return f"{format_datetime(line.recorded_at)}{who} ({line.source})"


NOTE_COLUMN = 5
REGISTER_COLUMNS: list[Column[RegisterLine]] = [
    Column("Ref", lambda r: r.ref, widest_row=highest("person_id")),
    Column("Name", lambda r: r.sort_name),
    Column("Organisation", lambda r: r.organisation),
    Column("Key", lambda r: STATUS_MARKS.get(r.status or "", "")),
    Column(
        "Status",
        lambda r: STATUS_LABELS.get(r.status or "", "Not marked"),
        background=lambda r: _status_brush(r.status),
        foreground=lambda r: None if r.status else QBrush(QColor("#768692")),
    ),
    Column("Note", lambda r: r.note),
    # Room for a mark's time before the first mark: it was cut to "06/12/2026 01:4...".
    Column("Recorded", _recorded, widest="30/12/2026 23:59 by administrator (command line)"),
]


class RegisterModel(RowTableModel[RegisterLine]):
    """One session's participants. The Note column is edited in place through ``save_note``,
    which the screen sets to a service call; it returns False when the note was refused."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(REGISTER_COLUMNS, parent)
        self.save_note: Callable[[RegisterLine, str], bool] | None = None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == NOTE_COLUMN and self.save_note is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            return self.row_at(index.row()).note if index.column() == NOTE_COLUMN else None
        if role == STATUS_ROLE and index.isValid():
            return self.row_at(index.row()).status
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != NOTE_COLUMN
            or role != Qt.ItemDataRole.EditRole
            or self.save_note is None
        ):
            return False
        line = self.row_at(index.row())
        if str(value) == line.note or not self.save_note(line, str(value)):
            return False
        line.note = " ".join(str(value).split())
        self.row_changed(index.row())
        return True

    def update_lines(self, lines: Sequence[RegisterLine]) -> None:
        """Take fresh lines after a mark: in place when the same people are listed, so the
        current row (and the keyboard's place in the list) survives."""
        if [x.person_id for x in lines] != [x.person_id for x in self.all_rows()]:
            self.set_rows(lines)
            return
        fresh = {x.person_id: x for x in lines}
        for number, line in enumerate(self.rows()):
            new = fresh[line.person_id]
            for name in ("status", "note", "source", "recorded_at", "recorded_by"):
                setattr(line, name, getattr(new, name))
            self.row_changed(number)


class GridModel(QAbstractTableModel):
    """Participants down, sessions across, then attended, % and a flag. A session cell's
    EditRole is the status; setting it calls ``save_mark`` (the screen's service call)."""

    FIXED = ("Attended", "%", "Flag")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: CohortGrid | None = None
        self.save_mark: Callable[[GridRow, GridSession, str | None], bool] | None = None

    # Shape ---------------------------------------------------------------------------------
    @property
    def sessions(self) -> list[GridSession]:
        return self.grid.sessions if self.grid else []

    @property
    def grid_rows(self) -> list[GridRow]:
        return self.grid.rows if self.grid else []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid_rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else 1 + len(self.sessions) + 3

    def session_at(self, column: int) -> GridSession | None:
        return self.sessions[column - 1] if 1 <= column <= len(self.sessions) else None

    def set_grid(self, grid: CohortGrid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def update_grid(self, grid: CohortGrid) -> None:
        """Fresh figures after a change: in place when the shape is the same, so the current
        cell (and the keyboard's place) survives."""
        old = self.grid
        if (
            old is None
            or [r.person_id for r in old.rows] != [r.person_id for r in grid.rows]
            or [s.id for s in old.sessions] != [s.id for s in grid.sessions]
        ):
            self.set_grid(grid)
            return
        self.grid = grid
        last = self.index(self.rowCount() - 1, self.columnCount() - 1)
        self.dataChanged.emit(self.index(0, 0), last)

    # Qt interface --------------------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        session = self.session_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Participant"
            if session is not None:
                return format_date(session.starts_at)[:5]
            return self.FIXED[section - 1 - len(self.sessions)]
        if role == Qt.ItemDataRole.ToolTipRole and session is not None:
            held = "" if session.held else " (not held yet)"
            return f"{session.title}\n{format_datetime(session.starts_at)}{held}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.session_at(index.column()) is not None and self.save_mark is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.grid_rows):
            return None
        row = self.grid_rows[index.row()]
        column = index.column()
        session = self.session_at(column)
        if role == ROW_ROLE:
            return row
        if session is not None:
            return self._session_cell(row, row.statuses[column - 1], session, role)
        fixed = column - 1 - len(self.sessions)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return listed_name(row.given_name, row.family_name)
            summary = row.summary
            if fixed == 0:
                return f"{summary.attended} of {summary.held}"
            if fixed == 1:
                return percentage_text(summary.percentage)
            return row.flag
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{row.ref} · {row.email}\n{row.organisation}"
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and row.flag
            and column in (0, len(self.sessions) + 3)
        ):
            return QBrush(WARNING)
        if role == Qt.ItemDataRole.BackgroundRole and row.flag and fixed == 1:
            return QBrush(WARNING_TINT)
        if role == Qt.ItemDataRole.TextAlignmentRole and fixed in (0, 1):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _session_cell(
        self, row: GridRow, status: str | None, session: GridSession, role: int
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return STATUS_MARKS.get(status or "", "")
        if role in (Qt.ItemDataRole.EditRole, STATUS_ROLE):
            return status
        if role == Qt.ItemDataRole.BackgroundRole:
            return _status_brush(status)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            label = STATUS_LABELS.get(status or "", "Not marked")
            return f"{row.full_name}: {label}\n{session.title}, {format_date(session.starts_at)}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        session = self.session_at(index.column()) if index.isValid() else None
        if session is None or role != Qt.ItemDataRole.EditRole or self.save_mark is None:
            return False
        status = value or None
        if status is not None and status not in STATUS_LABELS:
            return False
        row = self.grid_rows[index.row()]
        return self.save_mark(row, session, status)
