"""Change the status of one or more enrolments (withdrawn, deferred, completed) with a date and
reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.enrolments import StatusChange, set_statuses
from cohort_desk.services.cohorts.page import MemberLine
from cohort_desk.ui.kit.dates import DateField
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.vocabulary import EnrolmentStatus

REASON_HINTS = {
    EnrolmentStatus.WITHDRAWN: "e.g. changed role, left the organisation",
    EnrolmentStatus.DEFERRED: "e.g. parental leave; joining the next cohort",
    EnrolmentStatus.COMPLETED: "",
    EnrolmentStatus.ENROLLED: "",
}


class EnrolmentStatusDialog(FormDialog):
    """Saves the new statuses; ``changes()`` and ``previous()`` are what undo needs."""

    def __init__(
        self, db: Database, members: list[MemberLine], parent: QWidget | None = None
    ) -> None:
        who = members[0].name if len(members) == 1 else plural(len(members), "person")
        super().__init__(f"Change status: {who}", parent)
        self.db = db
        self.members = members
        self.status = QComboBox()
        for status in EnrolmentStatus:
            self.status.addItem(status.capitalize(), status)
        current = {m.status for m in members}
        # Offer the likely change: anyone enrolled is most often withdrawing.
        suggested = (
            EnrolmentStatus.WITHDRAWN
            if current == {EnrolmentStatus.ENROLLED}
            else next(iter(current))
        )
        self.status.setCurrentIndex(self.status.findData(suggested))
        self.on = DateField(date.today(), field="status_on")
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        for widget, name in (
            (self.status, "New status"),
            (self.on, "From"),
            (self.reason, "Reason"),
        ):
            widget.setAccessibleName(name)
        form = self.form
        form.insertRow(0, QLabel(f"Change the enrolment status of {who}."))
        form.addRow("&Status", self.status)
        form.addRow("&From", self.on)
        form.addRow("&Reason", self.reason)
        self.status.currentIndexChanged.connect(self._hint)
        self._hint()
        self.fields = {"status": self.status, "status_on": self.on, "reason": self.reason}
        self.set_minimum_width(440)

    def _hint(self) -> None:
        self.reason.setPlaceholderText(REASON_HINTS.get(str(self.status.currentData()), ""))

    def changes(self) -> list[StatusChange]:
        status = str(self.status.currentData())
        return [
            StatusChange(m.enrolment_id, status, self.on.day(), self.reason.text())
            for m in self.members
        ]

    def save(self) -> None:
        set_statuses(self.db, self.changes())

    @staticmethod
    def previous(members: list[MemberLine]) -> list[StatusChange]:
        """What undo puts back."""
        return [
            StatusChange(m.enrolment_id, m.status, m.status_on, m.status_reason) for m in members
        ]
