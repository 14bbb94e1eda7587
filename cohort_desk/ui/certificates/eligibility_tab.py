"""One cohort's eligibility for completion certificates, with award and withhold by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.services.certificates.eligibility import (
    EligibilityRow,
    cohort_eligibility,
    set_override,
)
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.ui.certificates.rows import eligibility_columns, eligibility_summary
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit.errors import show_error
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.theme import muted_colour, warning_colour
from cohort_desk.vocabulary import CertificateOverride


def eligibility_matches(text: str) -> Callable[[EligibilityRow], bool] | None:
    needle = text.strip().casefold()
    if not needle:
        return None
    return lambda r: needle in f"{r.name} {r.email} {r.reason} {r.certificate or ''}".casefold()


class EligibilityPanel(QWidget):
    """Pick a cohort, see who may have a certificate and why, and decide by hand where the
    rule should not: every award or withholding needs a reason, kept with the enrolment."""

    changed = Signal()  # an award or withholding was saved

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        self.cohort.setMinimumContentsLength(28)
        self.summary = QLabel()
        self.summary.setObjectName("subheading")
        self.model: RowTableModel[EligibilityRow] = RowTableModel(
            eligibility_columns(muted_colour(), warning_colour()), self
        )
        self.table = RecordTable(
            self.model, "certificate-eligibility", self, hidden_by_default=(2,)
        )
        self.table.set_column_widths({0: 16, 1: 14, 2: 26, 3: 10, 4: 8, 5: 9, 6: 11, 7: 22})
        self.award_button = QPushButton("&Award by hand…")
        self.withhold_button = QPushButton("&Withhold by hand…")
        self.clear_button = QPushButton("Let the &rule decide")
        self.award_button.setToolTip(
            "Give a certificate although the rule would not, with a reason"
        )
        self.withhold_button.setToolTip(
            "Hold back a certificate the rule would give, with a reason"
        )
        self.award_button.clicked.connect(lambda: self.decide(CertificateOverride.AWARD))
        self.withhold_button.clicked.connect(lambda: self.decide(CertificateOverride.WITHHOLD))
        self.clear_button.clicked.connect(lambda: self.decide(None))

        top = QHBoxLayout()
        top.addWidget(QLabel("Cohort:"))
        top.addWidget(self.cohort)
        top.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        for button in (self.award_button, self.withhold_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.cohort.currentIndexChanged.connect(lambda _i: self.load())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._enable()

    def refresh(self) -> None:
        """Reload the cohorts (keeping the one chosen) and their eligibility."""
        current = self.cohort.currentData()
        self.cohort.blockSignals(True)
        self.cohort.clear()
        cohorts = list_cohorts(self.db)
        for row in cohorts:
            self.cohort.addItem(row.name, row.id)
        # Start on the cohort most likely to need certificates: the last one to have ended.
        today = date.today()
        ended = [c for c in cohorts if c.ends_on is not None and c.ends_on <= today]
        default = max(ended, key=lambda c: c.ends_on).id if ended else None  # type: ignore[arg-type,return-value]
        index = self.cohort.findData(current if current is not None else default)
        self.cohort.setCurrentIndex(max(index, 0))
        self.cohort.blockSignals(False)
        self.load()

    def load(self) -> None:
        cohort_id = self.cohort.currentData()
        rows = cohort_eligibility(self.db, cohort_id) if cohort_id is not None else []
        self.model.set_rows(rows)
        self.summary.setText(eligibility_summary(rows) if rows else "No participants yet.")
        self._enable()

    def set_search(self, text: str) -> None:
        self.model.set_filter(eligibility_matches(text))

    def cohort_id(self) -> int | None:
        data = self.cohort.currentData()
        return int(data) if data is not None else None

    def _enable(self) -> None:
        row = self.table.current_row()
        self.award_button.setEnabled(row is not None and not (row.eligible and not row.override))
        self.withhold_button.setEnabled(
            row is not None and row.override != CertificateOverride.WITHHOLD
        )
        self.clear_button.setEnabled(row is not None and row.override is not None)

    def decide(self, override: CertificateOverride | None) -> None:
        row = self.table.current_row()
        cohort_id = self.cohort_id()
        if row is None or row.enrolment_id is None or cohort_id is None:
            return
        reason = ""
        if override is not None:
            verb = "Award" if override == CertificateOverride.AWARD else "Withhold"
            answer = ask.ask_text(
                self,
                f"{verb} by hand",
                f"Why {verb.lower()} {row.name}'s certificate? The reason is kept on record.",
                required=True,
            )
            if answer is None:
                return
            reason = answer
        try:
            set_override(self.db, cohort_id, row.person_id, override, reason)
        except UserError as exc:
            show_error(self, exc, "Certificates")
            return
        self.load()
        self.table.select_where(lambda r: r.person_id == row.person_id)
        self.changed.emit()
