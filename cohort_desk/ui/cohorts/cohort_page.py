"""One cohort's page: a summary line, then tabs of participants, facilitators and sessions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from cohort_desk.rules.attendance import minimum_text, percentage_text
from cohort_desk.rules.dates import format_date, format_time
from cohort_desk.rules.participants import COUNTED_STATUSES, count_counted, members_text
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.page import CohortPage, MemberLine
from cohort_desk.services.evaluation.summary import EvaluationSummary
from cohort_desk.services.sessions.records import SessionRow
from cohort_desk.ui.evaluation.view import EvaluationView
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.theme import muted_colour
from cohort_desk.vocabulary import Role


def _rate(line: MemberLine) -> str:
    if line.percentage is None:
        return "–"
    return f"{percentage_text(line.percentage)} ({line.attended} of {line.held})"


def member_columns(muted: Any) -> list[Column[MemberLine]]:
    # Withdrawn and deferred people stay listed, greyed, so the history reads true.
    grey = lambda r: None if r.status in COUNTED_STATUSES else muted  # noqa: E731
    return [
        Column("Name", lambda r: r.name, sort_key=lambda r: r.sort_name, foreground=grey),
        Column("Organisation", lambda r: r.organisation, foreground=grey),
        Column("Status", lambda r: r.status.capitalize(), foreground=grey),
        Column("Since", lambda r: format_date(r.status_on), sort_key=lambda r: r.status_on),
        Column("Reason", lambda r: r.status_reason, foreground=grey),
        Column("Attendance", _rate, sort_key=lambda r: r.percentage, align_right=True),
        Column("E-mail", lambda r: r.email, foreground=grey),
    ]


SESSION_COLUMNS: list[Column[SessionRow]] = [
    Column("Date", lambda r: format_date(r.starts_at), sort_key=lambda r: r.starts_at),
    Column("Time", lambda r: f"{format_time(r.starts_at)}–{format_time(r.ends_at)}"),
    Column("Session", lambda r: r.title),
    Column("Kind", lambda r: r.kind.capitalize()),
    Column("Where", lambda r: r.venue or ("Online" if r.online_link else "")),
    Column("Marked", lambda r: r.marked or "", align_right=True),
]


class CohortPageView(QWidget):
    """Shows a CohortPage; the screen owns the buttons and reads the selection from here."""

    session_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: CohortPage | None = None
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("subheading")
        self.summary.setWordWrap(True)
        muted = muted_colour()
        self.participants = RecordTable(
            RowTableModel(member_columns(muted), self),
            "cohort_participants",
            self,
            multi_select=True,
        )
        self.facilitators = RecordTable(
            RowTableModel(member_columns(muted), self),
            "cohort_facilitators",
            self,
            multi_select=True,
        )
        for table in (self.participants, self.facilitators):
            table.set_column_widths({0: 24, 1: 30, 2: 10, 3: 10, 4: 22, 5: 13})
            table.restore_state()
        self.sessions = RecordTable(RowTableModel(SESSION_COLUMNS, self), "cohort_sessions", self)
        self.sessions.set_column_widths({0: 11, 1: 12, 2: 40, 3: 18, 4: 26})
        self.sessions.restore_state()
        self.sessions.row_activated.connect(lambda row: self.session_opened.emit(row.id))
        self.participants.setAccessibleName("Participants")
        self.facilitators.setAccessibleName("Facilitators")
        self.sessions.setAccessibleName("Sessions of this cohort")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.participants, "Participants")
        self.tabs.addTab(self.facilitators, "Facilitators")
        self.tabs.addTab(self.sessions, "Sessions")
        self.evaluation = EvaluationView("Evaluation of the cohort")
        self.tabs.addTab(self.evaluation, "Evaluation")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

    def show_page(self, page: CohortPage | None) -> None:
        self.page = page
        if page is None:
            self.heading.setText("No cohort chosen")
            self.summary.setText("Choose a cohort above, or add one with New (Ctrl+N).")
            for table in (self.participants, self.facilitators, self.sessions):
                table.row_model.set_rows([])
            self.show_evaluation(None)
            return
        cohort = page.cohort
        self.heading.setText(cohort.name)
        dates = (
            f"{format_date(cohort.starts_on)} to {format_date(cohort.ends_on)}"
            if cohort.starts_on and cohort.ends_on
            else f"from {format_date(cohort.starts_on)}"
            if cohort.starts_on
            else "dates not set"
        )
        overall = percentage_text(page.overall_pct)
        self.summary.setText(
            f"{cohort.programme} · {dates} · completion needs "
            f"{minimum_text(cohort.min_attendance_pct)} attendance · overall attendance {overall} "
            f"({page.held} of {plural(len(page.sessions), 'session')} held)"
        )
        self.participants.row_model.set_rows(page.participants)
        self.facilitators.row_model.set_rows(page.facilitators)
        self.sessions.row_model.set_rows(page.sessions)
        # Withdrawn and deferred people are listed with their status but not counted, as in
        # the cohort list (rules/participants.py); the tooltip says how many there are.
        for tab, lines, word in (
            (0, page.participants, Role.PARTICIPANT.value),
            (1, page.facilitators, Role.FACILITATOR.value),
        ):
            statuses = [line.status for line in lines]
            self.tabs.setTabText(tab, f"{word.capitalize()}s ({count_counted(statuses):,})")
            self.tabs.setTabToolTip(tab, members_text(statuses, word))
        self.tabs.setTabText(2, f"Sessions ({len(page.sessions)})")

    def show_evaluation(self, summary: EvaluationSummary | None) -> None:
        """The cohort's feedback (its sessions' and the whole cohort's), from the service."""
        self.evaluation.show_summary(summary)
        responses = summary.responses if summary is not None else 0
        self.tabs.setTabText(3, f"Evaluation ({responses})" if responses else "Evaluation")

    def member_table(self) -> RecordTable | None:
        """The participants or facilitators table on show, if either is."""
        current = self.tabs.currentWidget()
        return current if current in (self.participants, self.facilitators) else None  # type: ignore[return-value]

    def selected_members(self) -> list[MemberLine]:
        table = self.member_table()
        return table.selected_rows() if table is not None else []

    def role_on_show(self) -> str:
        return (
            Role.FACILITATOR if self.tabs.currentWidget() is self.facilitators else Role.PARTICIPANT
        )
