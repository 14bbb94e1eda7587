"""Adding an application by hand (on paper, by e-mail) and a cohort's criteria."""

from __future__ import annotations

from datetime import time

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError, ValidationError
from cohort_desk.rules.dates import local_to_utc, today_in_uk
from cohort_desk.services.applications import criteria as criteria_service
from cohort_desk.services.applications.criteria import CriterionRow
from cohort_desk.services.applications.records import add_application
from cohort_desk.services.people.records import list_people
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.dates import DateField
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.people_field import PersonField
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import list_table


class AddApplicationDialog(FormDialog):
    """``saved`` is the new application's id."""

    def __init__(
        self, db: Database, cohort_id: int, cohort: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Add an application to {cohort}", parent, "Add application")
        self.db = db
        self.cohort_id = cohort_id
        self.saved: int | None = None
        self.person_id: int | None = None  # the applicant, once saved
        self.answers: dict[str, str] = {}
        self.applied_at = local_to_utc(today_in_uk(), time(12))
        self.person = PersonField([(p.full_name, p.email, p.id) for p in list_people(db)])
        self.person.setAccessibleName("Applicant")
        self.day = DateField(today_in_uk(), field="applied_at")
        self.day.setAccessibleName("Applied on")
        self.question = QLineEdit("Why do you want to join?")
        self.question.setAccessibleName("Question")
        self.answer = QPlainTextEdit()
        self.answer.setTabChangesFocus(True)
        self.answer.setAccessibleName("Answer")
        self.form.addRow("&Applicant *", self.person)
        self.form.addRow("Applied &on", self.day)
        self.form.addRow("&Question", self.question)
        self.form.addRow("A&nswer", self.answer)
        note = QLabel(
            "Someone new? Add them on the People screen first (or import the form), then "
            "their application here."
        )
        note.setWordWrap(True)
        self.add_below(note)
        self.fields = {"person": self.person, "answers": self.answer, "applied_at": self.day}
        self.person.setFocus()

    def save(self) -> None:
        person_id = self.person.person_id()
        if person_id is None:
            raise ValidationError(
                "Choose who applied: type part of their name or e-mail.", "person"
            )
        self.answers = {self.question.text(): self.answer.toPlainText()}
        self.applied_at = local_to_utc(self.day.day() or today_in_uk(), time(12))
        self.saved = add_application(
            self.db, self.cohort_id, person_id, self.answers, self.applied_at
        )
        self.person_id = person_id


CRITERION_COLUMNS: list[Column[CriterionRow]] = [
    Column("Criterion", lambda c: c.name),
    Column("Scale", lambda c: c.scale),
    Column("Description", lambda c: c.description, tooltip=lambda c: c.description),
]


class CriteriaDialog(FormDialog):
    """The cohort's criteria: add one (name and scale), or remove one nobody has scored."""

    def __init__(
        self, db: Database, cohort_id: int, cohort: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Selection criteria of {cohort}", parent, "Add criterion")
        self.db = db
        self.cohort_id = cohort_id
        self.changed = False
        self.model: RowTableModel[CriterionRow] = RowTableModel(CRITERION_COLUMNS, self)
        self.table = list_table(self.model, "Criteria")
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Commitment to system working")
        self.name.setAccessibleName("New criterion")
        self.scale = QLineEdit("1-5")
        self.scale.setAccessibleName("Scale")
        self.description = QLineEdit()
        self.description.setAccessibleName("What the panel looks for")
        remove = QPushButton("&Remove criterion")
        remove.clicked.connect(self.remove_selected)
        self.body.insertWidget(0, self.table)
        self.body.insertLayout(1, button_row(remove))
        self.form.addRow("&New criterion", self.name)
        self.form.addRow("&Scale", self.scale)
        self.form.addRow("&Looks for", self.description)
        self.cancel_button.setText("Close")
        self.fields = {"name": self.name, "scale": self.scale}
        self.reload()
        self.name.setFocus()

    def reload(self) -> None:
        self.model.set_rows(criteria_service.list_criteria(self.db, self.cohort_id))
        self.table.fit_columns()

    def accept(self) -> None:
        """Add stays in the dialog, ready for the next criterion; Close ends it."""
        try:
            self.save()
        except UserError as exc:
            self.refuse(exc)
            return
        self.error.setVisible(False)

    def save(self) -> None:
        scale = criteria_service.parse_scale(self.scale.text())
        criteria_service.add_criterion(
            self.db, self.cohort_id, self.name.text(), scale, self.description.text()
        )
        self.changed = True
        self.name.clear()
        self.description.clear()
        self.reload()
        self.mark_unchanged()
        self.name.setFocus()

    def remove_selected(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        if not ask.confirm(
            self, "Remove criterion", f"Remove the criterion '{row.name}'?", "Remove"
        ):
            return
        try:
            criteria_service.remove_criterion(self.db, row.id)
        except UserError as exc:
            self.refuse(exc)
            return
        self.changed = True
        self.reload()
