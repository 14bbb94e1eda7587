"""The Attendance screen: pick a cohort and session, key in the register, see the cohort grid."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.db.types import utcnow
from cohort_desk.rules.dates import format_date, format_time, to_local
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.sessions.records import SessionRow, list_sessions
from cohort_desk.ui.attendance.grid_tab import GridPanel
from cohort_desk.ui.attendance.register_tab import RegisterPanel
from cohort_desk.ui.shell.screen import Screen


def nearest_session(sessions: list[SessionRow], now: datetime) -> SessionRow | None:
    """The session an administrator most likely wants: today's, else the latest one already
    held, else the next to come."""
    today = [s for s in sessions if to_local(s.starts_at).date() == to_local(now).date()]
    if today:
        return today[0]
    started = [s for s in sessions if s.starts_at <= now]
    if started:
        return max(started, key=lambda s: s.starts_at)
    return min(sessions, key=lambda s: s.starts_at, default=None)


class AttendanceScreen(Screen):
    title = "Attendance"
    order = 40
    can_print = True
    can_export = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.cohort_combo = QComboBox()
        self.cohort_combo.setAccessibleName("Cohort")
        self.cohort_combo.setMinimumWidth(260)
        self.session_combo = QComboBox()
        self.session_combo.setAccessibleName("Session")
        self.session_combo.setMinimumWidth(420)
        cohort_label = QLabel("&Cohort")
        cohort_label.setBuddy(self.cohort_combo)
        session_label = QLabel("S&ession")
        session_label.setBuddy(self.session_combo)

        self._needle = ""
        self._sessions: dict[int, SessionRow] = {}
        self.register = RegisterPanel(db, self.undo_stack, self)
        self.grid = GridPanel(db, self.undo_stack, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.register, "&Register")
        self.tabs.addTab(self.grid, "Cohort &grid")
        self.tabs.currentChanged.connect(lambda _i: self.status_changed.emit())

        top = QHBoxLayout()
        top.addWidget(cohort_label)
        top.addWidget(self.cohort_combo)
        top.addSpacing(12)
        top.addWidget(session_label)
        top.addWidget(self.session_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.register.changed.connect(self._register_changed)
        self.register.status_changed.connect(self.status_changed)
        self.grid.changed.connect(self._grid_changed)
        self.cohort_combo.currentIndexChanged.connect(self._cohort_chosen)
        self.session_combo.currentIndexChanged.connect(self._session_chosen)
        self.refresh()

    # Choosing ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload cohorts and sessions, keeping the current choice where it still exists."""
        keep_cohort = self.cohort_combo.currentData()
        keep_session = self.session_combo.currentData()
        cohorts = list_cohorts(self.db)
        if keep_cohort is None:
            nearest = nearest_session(list_sessions(self.db), utcnow())
            keep_cohort = nearest.cohort_id if nearest else None
        self.cohort_combo.blockSignals(True)
        self.cohort_combo.clear()
        for cohort in cohorts:
            self.cohort_combo.addItem(cohort.name, cohort.id)
        self.cohort_combo.setCurrentIndex(max(0, self.cohort_combo.findData(keep_cohort)))
        self.cohort_combo.blockSignals(False)
        self._cohort_chosen(keep_session=keep_session)

    def _cohort_chosen(self, _index: int = 0, keep_session: int | None = None) -> None:
        cohort_id = self.cohort_combo.currentData()
        sessions = list_sessions(self.db, cohort_id=cohort_id) if cohort_id else []
        if keep_session is None or keep_session not in [s.id for s in sessions]:
            nearest = nearest_session(sessions, utcnow())
            keep_session = nearest.id if nearest else None
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        for row in sessions:
            label = f"{format_date(row.starts_at)} {format_time(row.starts_at)}  {row.title}"
            self.session_combo.addItem(label, row.id)
            self.session_combo.setItemData(
                self.session_combo.count() - 1, f"Session {row.id}: {row.where}", 3
            )
        self.session_combo.setCurrentIndex(self.session_combo.findData(keep_session))
        self.session_combo.blockSignals(False)
        self._sessions = {row.id: row for row in sessions}
        self.grid.set_cohort(cohort_id)
        self._session_chosen()

    def _session_chosen(self, _index: int = 0) -> None:
        session_id = self.session_combo.currentData()
        row = self._sessions.get(session_id) if session_id is not None else None
        if row is None:
            self.register.set_session(None)
        else:
            self.register.set_session(row.id, row.title, row.starts_at)
        self.status_changed.emit()

    def choose(self, cohort_id: int, session_id: int | None = None) -> None:
        """Show a cohort (and one of its sessions), as a user picking from the lists would."""
        self.cohort_combo.setCurrentIndex(self.cohort_combo.findData(cohort_id))
        if session_id is not None:
            self.session_combo.setCurrentIndex(self.session_combo.findData(session_id))

    # Keeping the two tabs in step ----------------------------------------------------------
    def _register_changed(self) -> None:
        self.grid.reload()
        self.data_changed.emit()

    def _grid_changed(self) -> None:
        self.register.reload()
        self.data_changed.emit()

    # What the main window asks of every screen ---------------------------------------------
    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return  # a reset would lose the keyboard's place in the list
        self._needle = needle
        self.register.model.set_filter(
            (
                lambda r: (
                    needle in r.sort_name.casefold()
                    or needle in r.email.casefold()
                    or needle in r.organisation.casefold()
                    or needle in r.ref.casefold()
                )
            )
            if needle
            else None
        )
        self.status_changed.emit()

    def status_text(self) -> str:
        if self.tabs.currentWidget() is self.grid:
            rows = self.grid.model.grid_rows
            flagged = sum(1 for r in rows if r.flag)
            return f"{plural(len(rows), 'participant')}, {flagged} flagged" if rows else ""
        return self.register.status_text()

    def print_current(self) -> None:
        if self.tabs.currentWidget() is self.grid:
            self.grid.print_summary()
        else:
            self.register.print_register()

    def export_current(self) -> None:
        self.grid.save_summary()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.property("stale"):
            self.setProperty("stale", False)
            self.refresh()
        self.register.focus_table()


SCREEN = AttendanceScreen
