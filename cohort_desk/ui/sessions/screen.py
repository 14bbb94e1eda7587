"""The Sessions screen: a cohort's sessions (or everyone's), to add, edit, duplicate or repeat."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.dates import format_time, to_local
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.records import CohortRow, list_cohorts
from cohort_desk.services.sessions.records import SessionRow, list_sessions
from cohort_desk.ui.kit import dialogs
from cohort_desk.ui.kit.controls import chain_tab_order, push_button
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.settings import SESSIONS_COHORT
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.theme import muted_colour
from cohort_desk.ui.kit.undo import attempt
from cohort_desk.ui.sessions.commands import SessionCommands
from cohort_desk.ui.shell.screen import Screen


def _when(row: SessionRow) -> str:
    return to_local(row.starts_at).strftime("%a %d/%m/%Y")


def _times(row: SessionRow) -> str:
    end = f"–{format_time(row.ends_at)}" if row.ends_at else ""
    return f"{format_time(row.starts_at)}{end}"


def _where(row: SessionRow) -> str:
    return row.venue or ("Online" if row.online_link else "")


def session_columns(muted: Any) -> list[Column[SessionRow]]:
    now = datetime.now(UTC)
    past = lambda r: muted if r.starts_at < now or r.cancelled else None  # noqa: E731
    return [
        Column("Date", _when, sort_key=lambda r: r.starts_at, foreground=past),
        Column("Time", _times, sort_key=lambda r: to_local(r.starts_at).time(), foreground=past),
        Column(
            "Session",
            lambda r: f"{r.title} (cancelled)" if r.cancelled else r.title,
            tooltip=lambda r: f"Cancelled: {r.cancel_reason}" if r.cancelled else r.notes,
            foreground=past,
        ),
        Column("Cohort", lambda r: r.cohort, foreground=past),
        Column("Kind", lambda r: r.kind.capitalize(), foreground=past),
        Column("Where", _where, tooltip=lambda r: r.online_link or r.venue, foreground=past),
        Column("Facilitator", lambda r: r.facilitator, foreground=past),
        Column(
            "CPD hours",
            lambda r: f"{r.cpd_hours:g}",
            sort_key=lambda r: r.cpd_hours,
            align_right=True,
            foreground=past,
        ),
        Column(
            "Marked",
            lambda r: r.marked or "",
            sort_key=lambda r: r.marked,
            align_right=True,
            foreground=past,
        ),
    ]


def session_matches(text: str) -> Any:
    needle = text.strip().casefold()
    if not needle:
        return None

    def keep(row: SessionRow) -> bool:
        haystack = "\n".join((row.title, row.cohort, row.venue, row.facilitator, row.kind))
        return needle in haystack.casefold()

    return keep


class SessionsScreen(Screen):
    title = "Sessions"
    order = 30
    can_new = True
    can_edit = True
    can_delete = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.cohorts: list[CohortRow] = []
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Show the sessions of")
        self.cohort.setMinimumContentsLength(28)
        self.cohort.currentIndexChanged.connect(self._cohort_changed)
        cohort_label = QLabel("&Cohort")
        cohort_label.setBuddy(self.cohort)
        self.model: RowTableModel[SessionRow] = RowTableModel(session_columns(muted_colour()), self)
        self.table = RecordTable(self.model, "sessions", self, hidden_by_default=(6,))
        self.table.set_column_widths({0: 14, 1: 11, 2: 28, 3: 19, 4: 14, 5: 19, 6: 18, 7: 9})
        self.table.restore_state()
        self.commands = SessionCommands(self, self.table, lambda: self.cohorts, self.cohort_id)
        self.table.row_activated.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.new_button = push_button(self, "&New session…", self.new_record)
        self.edit_button = push_button(self, "&Edit…", self.edit_selected)
        self.duplicate_button = push_button(self, "D&uplicate", self.commands.duplicate)
        self.duplicate_button.setToolTip("A copy one week later, at the same time")
        self.delete_button = push_button(self, "&Delete", self.delete_selected)
        self.cancel_button = push_button(
            self, "Cancel sessi&on…", self.commands.cancel_or_reinstate
        )
        self.calendar_button = push_button(self, "Ca&lendar…", self.commands.calendar)
        self.calendar_button.setToolTip(
            "Save the session (or the cohort's sessions) as a calendar file for Outlook"
        )
        self.mail_button = push_button(self, "E-&mail…", self.commands.mail)
        self.mail_button.setToolTip("Write reminders or other e-mails to the session's people")
        self.evaluation_button = push_button(self, "E&valuation…", self.show_evaluation)
        self.evaluation_button.setToolTip(
            "The feedback about this session: response rate, ratings, comments"
        )
        # The cohort on a line of its own: with eight buttons beside it the screen was 1087
        # points wide, wider than a 1366 x 768 laptop leaves it, and Evaluation… was cut.
        chooser = QHBoxLayout()
        chooser.addWidget(cohort_label)
        chooser.addWidget(self.cohort)
        chooser.addStretch(1)
        bar = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.duplicate_button):
            bar.addWidget(button)
        bar.addWidget(self.delete_button)
        bar.addSpacing(16)
        for button in (
            self.cancel_button,
            self.calendar_button,
            self.mail_button,
            self.evaluation_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(chooser)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.table.setAccessibleName("Sessions")
        order = [
            self.cohort,
            self.new_button,
            self.edit_button,
            self.duplicate_button,
            self.delete_button,
            self.cancel_button,
            self.calendar_button,
            self.mail_button,
            self.evaluation_button,
            self.table,
        ]
        chain_tab_order(order)
        self.setProperty("stale", True)
        self._update_buttons()

    def refresh(self) -> None:
        self.setProperty("stale", False)
        self.cohorts = list_cohorts(self.db)
        wanted = self.cohort.currentData() if self.cohort.count() else None
        if wanted is None and not self.cohort.count():
            wanted = SESSIONS_COHORT.get() or None
        self.cohort.blockSignals(True)
        self.cohort.clear()
        self.cohort.addItem("All cohorts", None)
        for cohort in self.cohorts:
            self.cohort.addItem(cohort.name, cohort.id)
        self.cohort.setCurrentIndex(max(self.cohort.findData(wanted), 0))
        self.cohort.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        chosen = self.table.current_row()
        self.model.set_rows(list_sessions(self.db, cohort_id=self.cohort.currentData()))
        if chosen is not None:
            self.table.select_where(lambda row: row.id == chosen.id)
        self._update_buttons()

    def _cohort_changed(self) -> None:
        SESSIONS_COHORT.set(self.cohort.currentData() or 0)
        self.reload()

    def cohort_id(self) -> int | None:
        return self.cohort.currentData()

    def _update_buttons(self, *_args: Any) -> None:
        row = self.table.current_row()
        has_row = row is not None
        for button in (self.edit_button, self.duplicate_button, self.delete_button):
            button.setEnabled(has_row)
        self.cancel_button.setEnabled(has_row)
        self.evaluation_button.setEnabled(has_row)
        self.cancel_button.setText("Re&instate" if row and row.cancelled else "Cancel sessi&on…")
        self.calendar_button.setEnabled(has_row or self.cohort.currentData() is not None)
        self.status_changed.emit()

    def set_search(self, text: str) -> None:
        chosen = self.table.current_row()
        self.model.set_filter(session_matches(text))
        if chosen is not None:
            self.table.select_where(lambda row: row.id == chosen.id)
        self._update_buttons()

    def status_text(self) -> str:
        shown = self.model.rowCount()
        hours = sum(row.cpd_hours for row in self.model.rows())
        return f"{plural(shown, 'session')} · {hours:g} CPD hours"

    def show_record(self, session_id: int) -> None:
        if self.property("stale"):
            self.refresh()
        if not self.table.select_where(lambda row: row.id == session_id):
            self.cohort.setCurrentIndex(0)
            self.model.set_filter(None)
            self.table.select_where(lambda row: row.id == session_id)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_evaluation(self) -> None:
        from cohort_desk.ui.evaluation.dialog import SessionEvaluationDialog

        row = self.table.current_row()
        if row is None:
            return
        dialog = attempt(
            self,
            lambda: SessionEvaluationDialog(
                self.db, row.id, self, self.undo_stack, self.reload_after_change
            ),
        )
        if dialog is not None:
            with dialogs.opened(dialog):
                imported = dialog.imported
            if imported:
                self.data_changed.emit()

    def new_record(self) -> None:
        self.commands.new_session()

    def edit_selected(self) -> None:
        self.commands.edit_session()

    def delete_selected(self) -> None:
        self.commands.delete_session()

    def reload_after_change(self) -> None:
        self.reload()
        self.data_changed.emit()


SCREEN = SessionsScreen
