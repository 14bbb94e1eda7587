"""Add a walk-in: someone not on the register, added (or found), enrolled and marked at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.attendance import STATUS_LABELS
from cohort_desk.services.attendance.walk_in import WalkIn, add_walk_in
from cohort_desk.services.people.records import PersonInput
from cohort_desk.ui.shell.errors import show_error
from cohort_desk.vocabulary import AttendanceStatus


class WalkInDialog(QDialog):
    """Thin: reads the fields in accept(), calls add_walk_in, shows what it refuses."""

    def __init__(
        self, db: Database, session_id: int, session_title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.session_id = session_id
        self.result_walk_in: WalkIn | None = None
        self.setWindowTitle("Add a walk-in")
        intro = QLabel(
            f"Someone who came to <b>{session_title}</b> but is not on the register. They are "
            "added to the database (or found by their e-mail address), enrolled in the cohort "
            "and marked."
        )
        intro.setWordWrap(True)
        self.given = QLineEdit()
        self.family = QLineEdit()
        self.email = QLineEdit()
        self.organisation = QLineEdit()
        self.job_title = QLineEdit()
        self.status = QComboBox()
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status)
        self.status.setCurrentIndex(self.status.findData(AttendanceStatus.PRESENT))
        self.fields = {
            "given_name": self.given,
            "family_name": self.family,
            "email": self.email,
            "organisation": self.organisation,
            "job_title": self.job_title,
        }
        form = QFormLayout()
        form.addRow("&Given name", self.given)
        form.addRow("&Family name", self.family)
        form.addRow("&E-mail", self.email)
        form.addRow("&Organisation", self.organisation)
        form.addRow("&Job title", self.job_title)
        form.addRow("&Status", self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add and mark")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def person(self) -> PersonInput:
        return PersonInput(
            given_name=self.given.text(),
            family_name=self.family.text(),
            email=self.email.text(),
            organisation=self.organisation.text(),
            job_title=self.job_title.text(),
        )

    def accept(self) -> None:
        try:
            self.result_walk_in = add_walk_in(
                self.db, self.session_id, self.person(), self.status.currentData()
            )
        except UserError as exc:
            show_error(self, exc, "Add a walk-in")
            field = self.fields.get(exc.field or "")
            if field is not None:
                field.setFocus()
                field.selectAll()
            return
        super().accept()
