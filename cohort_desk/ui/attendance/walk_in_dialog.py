"""Add a walk-in: someone not on the register, added (or found), enrolled and marked at once."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.attendance import PRESENT, STATUS_LABELS
from cohort_desk.services.attendance.walk_in import WalkIn, add_walk_in
from cohort_desk.services.people.records import PersonInput
from cohort_desk.ui.kit.form import FormDialog


class WalkInDialog(FormDialog):
    """Thin: reads the fields in save(), calls add_walk_in, says inline what it refuses."""

    def __init__(
        self, db: Database, session_id: int, session_title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__("Add a walk-in", parent, save_text="Add and mark")
        self.db = db
        self.session_id = session_id
        self.result_walk_in: WalkIn | None = None
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
        self.status.setCurrentIndex(self.status.findData(PRESENT))
        self.fields = {
            "given_name": self.given,
            "family_name": self.family,
            "email": self.email,
            "organisation": self.organisation,
            "job_title": self.job_title,
        }
        form = self.form
        form.insertRow(0, intro)
        form.addRow("&Given name", self.given)
        form.addRow("&Family name", self.family)
        form.addRow("&E-mail", self.email)
        form.addRow("&Organisation", self.organisation)
        form.addRow("&Job title", self.job_title)
        form.addRow("&Status", self.status)
        self.setMinimumWidth(460)

    def person(self) -> PersonInput:
        return PersonInput(
            given_name=self.given.text(),
            family_name=self.family.text(),
            email=self.email.text(),
            organisation=self.organisation.text(),
            job_title=self.job_title.text(),
        )

    def save(self) -> None:
        self.result_walk_in = add_walk_in(
            self.db, self.session_id, self.person(), self.status.currentData()
        )
