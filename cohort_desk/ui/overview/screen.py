"""The start page: next sessions, cohorts running, missing attendance marks, who lacks a mentor."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QHeaderView, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.attendance import percentage_text
from cohort_desk.rules.dates import format_date, format_datetime
from cohort_desk.rules.wording import plural
from cohort_desk.services.overview.figures import (
    MissingMarks,
    RunningCohort,
    Unmentored,
    UpcomingSession,
    overview,
)
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.overview.cards import Card, FigureCard
from cohort_desk.ui.shell.screen import Screen


def _pct(value: float | None) -> str:
    return percentage_text(value)  # the one rule: rules/attendance.py


def _cohort_state(row: RunningCohort) -> str:
    if row.started:
        return f"{row.held} of {plural(row.sessions, 'session')} held"
    return f"Starts {format_date(row.starts_on)}"


UPCOMING: list[Column[UpcomingSession]] = [
    Column("When", lambda r: format_datetime(r.starts_at), sort_key=lambda r: r.starts_at),
    Column("Session", lambda r: r.title, tooltip=lambda r: r.title),
    Column("Cohort", lambda r: r.cohort),
    Column("Where", lambda r: r.where, tooltip=lambda r: r.where),
]
COHORTS: list[Column[RunningCohort]] = [
    Column("Cohort", lambda r: r.name),
    Column("Progress", _cohort_state),
    Column("Participants", lambda r: r.participants, align_right=True),
    Column("Attendance", lambda r: _pct(r.attendance_pct), align_right=True),
]
MISSING: list[Column[MissingMarks]] = [
    Column("When", lambda r: format_datetime(r.starts_at), sort_key=lambda r: r.starts_at),
    Column("Session", lambda r: r.title, tooltip=lambda r: r.title),
    Column("Cohort", lambda r: r.cohort, tooltip=lambda r: r.cohort),
    Column("Marked", lambda r: f"{r.marked} of {r.expected}", align_right=True),
]
UNMENTORED: list[Column[Unmentored]] = [
    Column("Name", lambda r: r.name),
    Column("Cohort", lambda r: r.cohort),
    Column("E-mail", lambda r: r.email),
]


class OverviewScreen(Screen):
    title = "Overview"
    order = 5
    searchable = False

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.people_figure = FigureCard("people in the directory")
        self.cohorts_figure = FigureCard("cohorts running or about to start")
        self.missing_figure = FigureCard("held sessions missing attendance marks")
        self.unmentored_figure = FigureCard("participants without a mentor")
        figures = QHBoxLayout()
        for card in (
            self.people_figure,
            self.cohorts_figure,
            self.missing_figure,
            self.unmentored_figure,
        ):
            figures.addWidget(card, 1)

        self.upcoming = self._table(UPCOMING, "Next sessions", stretch=1, fixed={3: 16})
        self.cohorts = self._table(COHORTS, "Cohorts in progress", stretch=0)
        self.missing = self._table(MISSING, "Sessions missing marks", stretch=1, fixed={2: 16})
        self.unmentored = self._table(UNMENTORED, "Participants without a mentor", stretch=2)
        self.upcoming.row_activated.connect(lambda r: self.open_record.emit("Sessions", r.id))
        self.cohorts.row_activated.connect(lambda r: self.open_record.emit("Cohorts", r.id))
        self.missing.row_activated.connect(
            lambda r: self.open_record.emit("Sessions", r.session_id)
        )
        self.unmentored.row_activated.connect(
            lambda r: self.open_record.emit("People", r.person_id)
        )
        self.upcoming_card = Card("Next sessions", self.upcoming)
        self.cohorts_card = Card("Cohorts in progress and starting soon", self.cohorts)
        self.missing_card = Card("Sessions missing attendance marks", self.missing)
        self.unmentored_card = Card("Participants without a mentor", self.unmentored)
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.upcoming_card, 0, 0)
        grid.addWidget(self.cohorts_card, 0, 1)
        grid.addWidget(self.missing_card, 1, 0)
        grid.addWidget(self.unmentored_card, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(figures)
        layout.addLayout(grid, 1)
        self.setProperty("stale", True)

    def _table(
        self,
        columns: list[Column[Any]],
        name: str,
        stretch: int,
        fixed: dict[int, int] | None = None,
    ) -> RecordTable:
        """A short list sized to its contents, one column taking the spare width; these
        few rows are cheap to measure, unlike the People list."""
        model: RowTableModel[Any] = RowTableModel(columns, self)
        table = RecordTable(model, "overview", self, sortable=False)
        table.setAccessibleName(name)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        for column in range(len(columns)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == stretch
                else (QHeaderView.ResizeMode.ResizeToContents)
            )
            header.setSectionResizeMode(column, mode)
        for column, chars in (fixed or {}).items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.set_column_widths({column: chars})
        table.save_state = lambda: None  # type: ignore[method-assign]  # sized by content
        return table

    def refresh(self) -> None:
        self.setProperty("stale", False)
        view = overview(self.db)
        self.upcoming.row_model.set_rows(view.upcoming)
        self.cohorts.row_model.set_rows(view.cohorts)
        self.missing.row_model.set_rows(view.missing_marks)
        self.unmentored.row_model.set_rows(view.unmentored)
        self.people_figure.set_value(view.people)
        self.cohorts_figure.set_value(len(view.cohorts))
        self.missing_figure.set_value(len(view.missing_marks))
        self.unmentored_figure.set_value(view.unmentored_total)
        self.upcoming_card.set_empty("" if view.upcoming else "No sessions are planned.")
        self.cohorts_card.set_empty("" if view.cohorts else "No cohort is running just now.")
        self.missing_card.set_empty(
            "" if view.missing_marks else "Every session held so far has its attendance marked."
        )
        self.missing_card.set_note(
            "Double-click a session to open it." if view.missing_marks else ""
        )
        more = view.unmentored_total - len(view.unmentored)
        self.unmentored_card.set_empty(
            "" if view.unmentored else "Every current participant has a mentor."
        )
        self.unmentored_card.set_note(f"…and {more:,} more." if more > 0 else "")
        self.status_changed.emit()

    def status_text(self) -> str:
        return "Double-click a line to open it"


SCREEN = OverviewScreen
