"""The Equality tab: the permission switch, and each cohort's aggregate report where any count
below 5 is shown as "<5". No names ever appear here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.services import settings
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.privacy import equality
from cohort_desk.services.privacy.equality import ReportLine
from cohort_desk.ui.kit import ask, files
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.shell.screen import Panel

REPORT_COLUMNS: list[Column[ReportLine]] = [
    Column("Question", lambda r: r.question),
    Column("Answer", lambda r: r.answer),
    Column("Participants", lambda r: r.shown, align_right=True),
]


class EqualityPanel(Panel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.switch = QCheckBox("Record equality monitoring answers (special-category data)")
        self.switch.toggled.connect(self.set_enabled)
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        self.cohort.setMinimumContentsLength(28)
        self.cohort.currentIndexChanged.connect(lambda _i: self.show_report())
        self.export_button = QPushButton("E&xport…")
        self.export_button.clicked.connect(self.export)
        self.heading = QLabel()
        self.model: RowTableModel[ReportLine] = RowTableModel(REPORT_COLUMNS, self)
        self.table = list_table(self.model, "Equality report")
        self.table.setSortingEnabled(False)  # the census order of answers is the useful one
        note = QLabel(
            "Counts of a cohort's participants; any number below 5 (including none) is shown "
            "as <5, and where a single small number could be worked out from the others, the "
            'next smallest is shown as "5+".'
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.switch)
        layout.addLayout(
            button_row(QLabel("Cohort:"), self.cohort, self.export_button, stretch_at=2)
        )
        layout.addWidget(note)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        on = equality.monitoring_enabled(self.db)
        self.switch.blockSignals(True)
        self.switch.setChecked(on)
        self.switch.blockSignals(False)
        chosen = self.cohort.currentData()
        self.cohort.blockSignals(True)
        self.cohort.clear()
        for cohort in list_cohorts(self.db):
            self.cohort.addItem(cohort.name, cohort.id)
        self.cohort.setCurrentIndex(max(self.cohort.findData(chosen), 0))
        self.cohort.blockSignals(False)
        self.show_report()

    def set_enabled(self, on: bool) -> None:
        if on and not ask.confirm(
            self,
            "Equality monitoring",
            "Switch on equality monitoring for everyone using this database? Only record "
            "answers people have chosen to give, and say how they will be used.",
            "Switch on",
        ):
            self.switch.setChecked(False)
            return
        settings.save(self.db, {"equality_monitoring": "1" if on else "0"})
        self.show_report()

    def show_report(self) -> None:
        on = equality.monitoring_enabled(self.db)
        self.cohort.setEnabled(on)
        self.export_button.setEnabled(on and self.cohort.count() > 0)
        if not on:
            self.heading.setText(equality.SWITCHED_OFF)
            self.model.set_rows([])
            return
        if self.cohort.count() == 0:
            self.heading.setText("There are no cohorts yet.")
            self.model.set_rows([])
            return
        report = equality.equality_report(self.db, self.cohort.currentData())
        # The count is suppressed ("<5", "12"), never "1", so the plural always agrees.
        self.heading.setText(f"{report.cohort}: {report.participants} participants")
        self.model.set_rows(report.lines)
        self.table.fit_columns()

    def export(self) -> None:
        name = self.cohort.currentText()
        path = files.choose_save_file(self, "Export the equality report", f"equality-{name}.xlsx")
        if not path:
            return
        try:
            equality.export_equality_report(self.db, self.cohort.currentData(), path)
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        files.saved(self, Path(path), f"the equality report for {name}")
