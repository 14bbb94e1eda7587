"""Add walk-ins: people not on the register, ticked (or typed in new), enrolled and marked."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.attendance import PRESENT, STATUS_LABELS
from cohort_desk.services.attendance.walk_in import WalkIn, add_walk_in, add_walk_ins
from cohort_desk.services.people.records import PersonInput
from cohort_desk.services.people.search import load_people_index
from cohort_desk.ui.kit.people_picker import PeoplePicker
from cohort_desk.ui.shell.errors import show_error


class WalkInDialog(QDialog):
    """Thin: people already in the database are ticked in the picker, someone new is typed in
    the form; accept() calls the one service and shows what it refuses."""

    def __init__(
        self,
        db: Database,
        session_id: int,
        session_title: str,
        parent: QWidget | None = None,
        on_register: Iterable[int] = (),
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.session_id = session_id
        self.result_walk_ins: list[WalkIn] = []
        self.setWindowTitle("Add walk-ins")
        intro = QLabel(
            f"People who came to <b>{session_title}</b> but are not on the register: they are "
            "enrolled in the cohort and marked."
        )
        intro.setWordWrap(True)
        unavailable = dict.fromkeys(on_register, "already on this register")
        self.picker = PeoplePicker(load_people_index(db), unavailable=unavailable)
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
        new_person = QWidget()
        form = QFormLayout(new_person)
        form.addRow("&Given name", self.given)
        form.addRow("&Family name", self.family)
        form.addRow("&E-mail", self.email)
        form.addRow("&Organisation", self.organisation)
        form.addRow("&Job title", self.job_title)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.picker, "Already in the &database")
        self.tabs.addTab(new_person, "Someone &new")
        status_row = QFormLayout()
        status_row.addRow("&Mark as", self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("Add and mark", QDialogButtonBox.ButtonRole.AcceptRole)
        for button in buttons.buttons():
            button.setAutoDefault(False)
        self.add_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(status_row)
        layout.addWidget(buttons)
        self.picker.chosen_changed.connect(lambda _n: self._name_the_button())
        self.tabs.currentChanged.connect(lambda _i: self._name_the_button())
        self.resize(760, 520)
        self.picker.setFocus()

    @property
    def result_walk_in(self) -> WalkIn | None:
        return self.result_walk_ins[-1] if self.result_walk_ins else None

    def _picking(self) -> bool:
        return self.tabs.currentWidget() is self.picker

    def _name_the_button(self) -> None:
        chosen = len(self.picker.chosen_ids())
        self.add_button.setText(
            f"Add {chosen:,} and mark" if self._picking() and chosen else "Add and mark"
        )

    def person(self) -> PersonInput:
        return PersonInput(
            given_name=self.given.text(),
            family_name=self.family.text(),
            email=self.email.text(),
            organisation=self.organisation.text(),
            job_title=self.job_title.text(),
        )

    def accept(self) -> None:
        status = self.status.currentData()
        try:
            if self._picking():
                if not self.picker.chosen_ids():
                    raise UserError("Tick the people who came, or add someone new.")
                self.result_walk_ins = add_walk_ins(
                    self.db, self.session_id, self.picker.chosen_ids(), status
                )
            else:
                walk_in = add_walk_in(self.db, self.session_id, self.person(), status)
                self.result_walk_ins = [walk_in]
        except UserError as exc:
            show_error(self, exc, "Add walk-ins")
            field = self.fields.get(exc.field or "")
            if field is not None and not self._picking():
                field.setFocus()
                field.selectAll()
            return
        super().accept()
