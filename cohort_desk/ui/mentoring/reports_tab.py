"""The Reports tab: quiet pairs, mentors over capacity, and mentoring hours per cohort."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QSpinBox, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.services.mentoring import meetings as mentoring_meetings
from cohort_desk.services.mentoring import profiles as mentoring
from cohort_desk.services.mentoring.meetings import CohortHours, QuietPair
from cohort_desk.services.mentoring.profiles import MentorRow
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.mentoring.rows import HOURS_COLUMNS, OVER_CAPACITY_COLUMNS, QUIET_COLUMNS
from cohort_desk.ui.shell.screen import Panel


class ReportsPanel(Panel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 52)
        self.weeks.setValue(6)
        self.weeks.setSuffix(" weeks")
        self.weeks.setAccessibleName("No meeting in")
        self.weeks.valueChanged.connect(lambda _v: self._load_quiet())
        weeks_label = QLabel("Active pairs with no meeting in the last")
        weeks_label.setBuddy(self.weeks)

        self.quiet_model: RowTableModel[QuietPair] = RowTableModel(QUIET_COLUMNS, self)
        self.over_model: RowTableModel[MentorRow] = RowTableModel(OVER_CAPACITY_COLUMNS, self)
        self.hours_model: RowTableModel[CohortHours] = RowTableModel(HOURS_COLUMNS, self)
        self.quiet = list_table(self.quiet_model, "Pairs with no recent meeting")
        self.over = list_table(self.over_model, "Mentors over capacity")
        self.hours = list_table(self.hours_model, "Mentoring hours per cohort", stretch_last=False)

        self.quiet_box = QGroupBox("Pairs with no recent meeting")
        quiet_layout = QVBoxLayout(self.quiet_box)
        quiet_layout.addLayout(button_row(weeks_label, self.weeks))
        quiet_layout.addWidget(self.quiet)
        self.over_box = QGroupBox("Mentors over capacity")
        QVBoxLayout(self.over_box).addWidget(self.over)
        hours_box = QGroupBox("Mentoring hours per cohort")
        QVBoxLayout(hours_box).addWidget(self.hours)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quiet_box, 3)
        layout.addWidget(self.over_box, 1)
        layout.addWidget(hours_box, 1)

    def refresh(self) -> None:
        self._load_quiet()
        over = mentoring.mentors_over_capacity(self.db)
        self.over_model.set_rows(over)
        self.over_box.setTitle(f"Mentors over capacity: {len(over)}")
        self.hours_model.set_rows(mentoring_meetings.hours_per_cohort(self.db))
        for table in (self.over, self.hours):
            table.fit_columns()

    def _load_quiet(self) -> None:
        rows = mentoring_meetings.pairs_without_meeting(self.db, self.weeks.value())
        self.quiet_model.set_rows(rows)
        self.quiet_box.setTitle(f"Pairs with no recent meeting: {len(rows)}")
        self.quiet.fit_columns()

    def status_text(self) -> str:
        return (
            f"{self.quiet_model.rowCount()} quiet pairs, {self.over_model.rowCount()} over capacity"
        )
