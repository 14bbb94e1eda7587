"""Add walk-ins: people not on the register, ticked (or typed in new), enrolled and marked."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QTabWidget, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.attendance import STATUS_LABELS
from cohort_desk.services.attendance.walk_in import WalkIn, add_walk_in, add_walk_ins
from cohort_desk.services.people.records import PersonInput
from cohort_desk.services.people.search import load_people_index
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.people_picker import PeoplePicker
from cohort_desk.vocabulary import AttendanceStatus


class WalkInDialog(FormDialog):
    """Thin: people already in the database are ticked in the picker, someone new is typed in
    the form; save() calls the one service, and what it refuses is said in the dialog."""

    def __init__(
        self,
        db: Database,
        session_id: int,
        session_title: str,
        parent: QWidget | None = None,
        on_register: Iterable[int] = (),
    ) -> None:
        super().__init__("Add walk-ins", parent, save_text="Add and mark")
        self.db = db
        self.session_id = session_id
        self.result_walk_ins: list[WalkIn] = []
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
        self.status.setCurrentIndex(self.status.findData(AttendanceStatus.PRESENT))
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
        self.take_form()
        self.form = QFormLayout()
        self.form.addRow("&Mark as", self.status)
        self.add_button = self.save_button
        self.body.insertWidget(0, intro)
        self.body.insertWidget(1, self.tabs, 1)
        self.body.insertLayout(2, self.form)
        self.picker.chosen_changed.connect(lambda _n: self._name_the_button())
        self.tabs.currentChanged.connect(lambda _i: self._name_the_button())
        resize_to_fit(self, 760, 520)
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

    def save(self) -> None:
        status = self.status.currentData()
        if self._picking():
            if not self.picker.chosen_ids():
                raise UserError("Tick the people who came, or add someone new.")
            self.result_walk_ins = add_walk_ins(
                self.db, self.session_id, self.picker.chosen_ids(), status
            )
        else:
            walk_in = add_walk_in(self.db, self.session_id, self.person(), status)
            self.result_walk_ins = [walk_in]

    def refuse(self, error: UserError) -> None:
        if self._picking():  # the fields named belong to the other tab
            error = UserError(error.message)
        super().refuse(error)
