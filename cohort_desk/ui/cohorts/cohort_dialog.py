"""Add or edit a cohort: its programme, dates and the attendance rule for completion."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.rules.attendance import PARTIAL_CPD
from cohort_desk.services import settings
from cohort_desk.services.cohorts.records import (
    DEFAULT_PROGRAMME,
    CohortInput,
    CohortRow,
    create_cohort,
    list_programmes,
    update_cohort,
)
from cohort_desk.ui.kit.dates import DateField
from cohort_desk.ui.kit.form import FormDialog


def _minutes(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 240)
    box.setSuffix(" minutes")
    box.setValue(value)
    return box


class CohortDialog(FormDialog):
    """``saved`` holds the cohort after a successful save; ``before`` what it replaced."""

    def __init__(
        self, db: Database, cohort: CohortRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Edit {cohort.name}" if cohort else "New cohort", parent)
        self.db = db
        self.cohort = cohort
        self.saved: CohortRow | None = None
        self.before: CohortInput | None = input_from_row(cohort) if cohort else None
        self.set_minimum_width(500)
        start = self.before or CohortInput(
            name="",
            min_attendance_pct=float(settings.get(db, "default_min_attendance")),
            starts_on=date.today(),
        )

        self.name = QLineEdit(start.name)
        self.name.setPlaceholderText("e.g. SLA Cohort 3 (2027-28)")
        self.programme = QComboBox()
        self.programme.setEditable(True)
        self.programme.addItems(list_programmes(db) or [DEFAULT_PROGRAMME])
        self.programme.setCurrentText(start.programme)
        self.starts = DateField(start.starts_on, optional=True, field="starts_on")
        self.ends = DateField(start.ends_on, optional=True, field="ends_on")
        self.minimum = QDoubleSpinBox()
        self.minimum.setRange(0, 100)
        self.minimum.setDecimals(1)
        self.minimum.setSuffix(" %")
        self.minimum.setValue(start.min_attendance_pct)
        self.late_after = _minutes(start.late_after_minutes)
        self.left_early = _minutes(start.left_early_minutes)
        self.late_counts = QCheckBox("Late arrivals count as attended")
        self.late_counts.setChecked(start.late_counts)
        self.left_early_counts = QCheckBox("Leaving early counts as attended")
        self.left_early_counts.setChecked(start.left_early_counts)
        self.partial_cpd = QComboBox()
        for key, words in PARTIAL_CPD.items():
            self.partial_cpd.addItem(words[0].upper() + words[1:], key)
        self.partial_cpd.setCurrentIndex(max(0, self.partial_cpd.findData(start.partial_cpd)))
        self.partial_cpd.setToolTip(
            "CPD hours for someone late or leaving early. Minutes attended come from Teams "
            "attendance reports; without them, no hours are given."
        )
        # Selection: 0 places reads "Not set" (a cohort enrolled directly needs no number).
        self.places = QSpinBox()
        self.places.setRange(0, 10_000)
        self.places.setSpecialValueText("Not set")
        self.places.setValue(start.places or 0)
        self.applications_open = DateField(
            start.applications_open_on, optional=True, field="applications_open_on"
        )
        self.applications_close = DateField(
            start.applications_close_on, optional=True, field="applications_close_on"
        )
        self.blind_review = QCheckBox("&Blind review: the panel scores without seeing names")
        self.blind_review.setToolTip(
            "Names, e-mail, organisation and equality data are hidden from the Applications "
            "screen while this is on"
        )
        self.blind_review.setChecked(start.blind_review)
        self.notes = QPlainTextEdit(start.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        for widget, name in (
            (self.name, "Cohort name"),
            (self.programme, "Programme"),
            (self.starts, "Starts on"),
            (self.ends, "Ends on"),
            (self.minimum, "Minimum attendance for completion"),
            (self.late_after, "Late after"),
            (self.left_early, "Left early if leaving more than"),
            (self.partial_cpd, "CPD hours when late or leaving early"),
            (self.places, "Places"),
            (self.applications_open, "Applications open on"),
            (self.applications_close, "Applications close on"),
            (self.notes, "Notes"),
        ):
            widget.setAccessibleName(name)

        form = self.form
        form.addRow("&Name *", self.name)
        form.addRow("&Programme", self.programme)
        form.addRow("&Starts on", self.starts)
        form.addRow("&Ends on", self.ends)
        form.addRow("&Minimum attendance", self.minimum)
        form.addRow("", self.late_counts)
        form.addRow("", self.left_early_counts)
        form.addRow("&Late after", self.late_after)
        form.addRow("Left &early if leaving", self.left_early)
        form.addRow("&CPD when late or early", self.partial_cpd)
        form.addRow("Pl&aces", self.places)
        form.addRow("Applications &from", self.applications_open)
        form.addRow("Applications &until", self.applications_close)
        form.addRow("", self.blind_review)
        form.addRow("N&otes", self.notes)
        self.fields = {
            "name": self.name,
            "programme": self.programme,
            "starts_on": self.starts,
            "ends_on": self.ends,
            "min_attendance_pct": self.minimum,
            "late_after_minutes": self.late_after,
            "left_early_minutes": self.left_early,
            "partial_cpd": self.partial_cpd,
            "places": self.places,
            "applications_open_on": self.applications_open,
            "applications_close_on": self.applications_close,
            "notes": self.notes,
        }
        self.name.setFocus()

    def cohort_input(self) -> CohortInput:
        return CohortInput(
            name=self.name.text(),
            programme=self.programme.currentText().strip() or DEFAULT_PROGRAMME,
            starts_on=self.starts.day(),
            ends_on=self.ends.day(),
            min_attendance_pct=self.minimum.value(),
            late_after_minutes=self.late_after.value(),
            left_early_minutes=self.left_early.value(),
            late_counts=self.late_counts.isChecked(),
            left_early_counts=self.left_early_counts.isChecked(),
            notes=self.notes.toPlainText().strip(),
            partial_cpd=str(self.partial_cpd.currentData()),
            places=self.places.value() or None,
            applications_open_on=self.applications_open.day(),
            applications_close_on=self.applications_close.day(),
            blind_review=self.blind_review.isChecked(),
        )

    def save(self) -> None:
        data = self.cohort_input()
        if self.cohort is None:
            self.saved = create_cohort(self.db, data)
        else:
            self.saved = update_cohort(self.db, self.cohort.id, data, self.cohort.version)


def input_from_row(row: CohortRow) -> CohortInput:
    return CohortInput(
        name=row.name,
        programme=row.programme,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        min_attendance_pct=row.min_attendance_pct,
        late_after_minutes=row.late_after_minutes,
        left_early_minutes=row.left_early_minutes,
        late_counts=row.late_counts,
        left_early_counts=row.left_early_counts,
        notes=row.notes,
        partial_cpd=row.partial_cpd,
        places=row.places,
        applications_open_on=row.applications_open_on,
        applications_close_on=row.applications_close_on,
        blind_review=row.blind_review,
    )
