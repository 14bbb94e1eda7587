"""Change the status of one or more enrolments (withdrawn, deferred, completed) with a date and
reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QKeySequence, QShortcut
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

from cohort_desk.services.cohorts.enrolments import StatusChange
from cohort_desk.services.cohorts.page import MemberLine
from cohort_desk.ui.kit.dates import DateEdit
from cohort_desk.vocabulary import EnrolmentStatus

REASON_HINTS = {
    EnrolmentStatus.WITHDRAWN: "e.g. changed role, left the organisation",
    EnrolmentStatus.DEFERRED: "e.g. parental leave; joining the next cohort",
    EnrolmentStatus.COMPLETED: "",
    EnrolmentStatus.ENROLLED: "",
}


class EnrolmentStatusDialog(QDialog):
    def __init__(self, members: list[MemberLine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members = members
        who = members[0].name if len(members) == 1 else f"{len(members)} people"
        self.setWindowTitle(f"Change status: {who}")
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
        self.on = DateEdit(date.today())
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        for widget, name in (
            (self.status, "New status"),
            (self.on, "From"),
            (self.reason, "Reason"),
        ):
            widget.setAccessibleName(name)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Status", self.status)
        form.addRow("&From", self.on)
        form.addRow("&Reason", self.reason)
        self.status.currentIndexChanged.connect(self._hint)
        self._hint()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Change the enrolment status of {who}."))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _hint(self) -> None:
        self.reason.setPlaceholderText(REASON_HINTS.get(str(self.status.currentData()), ""))

    def changes(self) -> list[StatusChange]:
        status = str(self.status.currentData())
        return [
            StatusChange(m.enrolment_id, status, self.on.day(), self.reason.text())
            for m in self.members
        ]

    @staticmethod
    def previous(members: list[MemberLine]) -> list[StatusChange]:
        """What undo puts back."""
        return [
            StatusChange(m.enrolment_id, m.status, m.status_on, m.status_reason) for m in members
        ]
