"""Choose what to issue certificates for (a cohort, or one of its sessions) and where to save
them, seeing beforehand how many will be issued."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from cohort_desk import paths
from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import format_date
from cohort_desk.services.certificates.eligibility import (
    EligibilityRow,
    cohort_eligibility,
    issue_counts,
    session_eligibility,
)
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.sessions.records import list_sessions
from cohort_desk.ui.kit import files
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.settings import LAST_FOLDER

CERTIFICATES_FOLDER = LAST_FOLDER["certificates"]


def remembered_folder() -> Path:
    saved = CERTIFICATES_FOLDER.get()
    return Path(saved) if saved else paths.documents_dir() / "Certificates"


def remember_folder(folder: Path) -> None:
    CERTIFICATES_FOLDER.set(str(folder))


@dataclass(frozen=True)
class IssueRequest:
    cohort_id: int
    session_id: int | None  # None: completion certificates for the whole cohort
    folder: Path
    reissue: bool
    what: str  # "SLA Cohort 1" or "Masterclass (02/03/2026)", for messages


class IssueCertificatesDialog(FormDialog):
    def __init__(
        self, db: Database, parent: QWidget | None = None, cohort_id: int | None = None
    ) -> None:
        super().__init__("Issue certificates", parent, save_text="Issue")
        self.db = db
        self.set_minimum_width(620)
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        for row in list_cohorts(db):
            self.cohort.addItem(row.name, row.id)
        if cohort_id is not None and (index := self.cohort.findData(cohort_id)) >= 0:
            self.cohort.setCurrentIndex(index)
        self.target = QComboBox()
        self.target.setAccessibleName("Certificates for")
        for combo in (self.cohort, self.target):
            # Long session titles must not squeeze the labels: the combo shows them in full
            # when opened.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(36)
        self.folder = QLineEdit(str(remembered_folder()))
        self.folder.setAccessibleName("Folder for the PDF files")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.reissue = QCheckBox("Also print again those already issued (same numbers and codes)")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("subheading")

        form = self.form
        form.addRow("&Cohort", self.cohort)
        form.addRow("Certificates &for", self.target)
        folder_label = QLabel("Save &in")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        form.addRow("", self.reissue)
        self.add_below(self.summary)
        self.ok_button = self.save_button
        self.fields = {"folder": self.folder, "cohort": self.cohort}

        self.cohort.currentIndexChanged.connect(self._fill_targets)
        self.target.currentIndexChanged.connect(self._update_summary)
        self.reissue.toggled.connect(self._update_summary)
        self._fill_targets()

    def _fill_targets(self) -> None:
        self.target.blockSignals(True)
        self.target.clear()
        cohort_id = self.cohort.currentData()
        if cohort_id is not None:
            self.target.addItem("Completion of the whole cohort", None)
            for row in sorted(
                list_sessions(self.db, cohort_id=cohort_id), key=lambda s: s.starts_at
            ):
                self.target.addItem(
                    f"Attendance at {row.title} ({format_date(row.starts_at)})", row.id
                )
        self.target.blockSignals(False)
        self._update_summary()

    def _rows(self) -> list[EligibilityRow]:
        cohort_id = self.cohort.currentData()
        if cohort_id is None:
            return []
        session_id = self.target.currentData()
        if session_id is None:
            return cohort_eligibility(self.db, cohort_id)
        return session_eligibility(self.db, session_id)

    def _update_summary(self) -> None:
        if self.cohort.currentData() is None:
            self.summary.setText("There are no cohorts yet.")
            self.ok_button.setEnabled(False)
            return
        counts = issue_counts(self._rows())
        parts = [f"{counts.new} will be issued a certificate"]
        if counts.holders:
            parts.append(
                f"{counts.again} will be printed again"
                if self.reissue.isChecked()
                else f"{counts.holders} already have one"
            )
        parts.append(f"{counts.not_eligible} not eligible")
        self.summary.setText("; ".join(parts) + ".")
        self.ok_button.setEnabled(counts.new > 0 or (self.reissue.isChecked() and counts.again > 0))

    def _browse(self) -> None:
        start = Path(self.folder.text()) if self.folder.text().strip() else None
        chosen = files.ask_folder(self, "certificates", "Save certificates in", start)
        if chosen is not None:
            self.folder.setText(str(chosen))

    def request(self) -> IssueRequest:
        text = self.folder.text().strip()
        if not text:
            raise UserError("Choose a folder to save the certificates in.", field="folder")
        session_id = self.target.currentData()
        what = self.cohort.currentText() if session_id is None else self.target.currentText()
        return IssueRequest(
            cohort_id=self.cohort.currentData(),
            session_id=session_id,
            folder=Path(text).expanduser(),
            reissue=self.reissue.isChecked(),
            what=what,
        )

    def save(self) -> None:
        remember_folder(self.request().folder)
