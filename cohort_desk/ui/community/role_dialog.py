"""Add or edit a system leadership role, or record that one ended."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.services.community import leadership
from cohort_desk.services.community.leadership import RoleInput, RoleRow
from cohort_desk.services.people.organisations import list_organisations
from cohort_desk.services.people.records import list_people
from cohort_desk.ui.kit.dates import DateField
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.people_field import PersonField


class RoleDialog(FormDialog):
    """``saved`` holds the role once saved."""

    def __init__(self, db: Database, role: RoleRow | None = None, parent: QWidget | None = None):
        super().__init__(f"Edit role: {role.name}" if role else "New leadership role", parent)
        self.db = db
        self.role = role
        self.saved: RoleRow | None = None
        if role is None:
            self.person = PersonField([(p.full_name, p.email, p.id) for p in list_people(db)])
            self.person.setAccessibleName("Person")
            self.form.addRow("&Person *", self.person)
        else:
            self.form.addRow("Person", QLabel(role.name))
        self.title = QLineEdit(role.title if role else "")
        self.title.setPlaceholderText('e.g. "Clinical lead, Lewisham place"')
        self.title.setAccessibleName("Role")
        self.body = QLineEdit(role.body if role else "")
        self.body.setPlaceholderText('e.g. "Lewisham Local Care Partnership"')
        self.body.setAccessibleName("Board or partnership")
        self.organisation = QComboBox()
        self.organisation.setAccessibleName("Organisation")
        self.organisation.addItem("(none)", "")
        for org in list_organisations(db):
            self.organisation.addItem(org.name, org.name)
        if role and role.organisation:
            self.organisation.setCurrentIndex(self.organisation.findData(role.organisation))
        self.days = QDoubleSpinBox()
        self.days.setRange(0.0, leadership.MAX_DAYS)
        self.days.setSingleStep(0.5)
        self.days.setDecimals(1)
        self.days.setValue(role.days_per_week if role else 1.0)
        self.days.setSuffix(" days a week")
        self.days.setAccessibleName("Time given")
        self.starts = DateField(
            role.starts_on if role else date.today(), optional=True, field="starts_on"
        )
        self.ends = DateField(role.ends_on if role else None, optional=True, field="ends_on")
        self.form.addRow("&Role *", self.title)
        self.form.addRow("&Board or partnership", self.body)
        self.form.addRow("Or&ganisation", self.organisation)
        self.form.addRow("&Time given", self.days)
        self.form.addRow("&Started", self.starts)
        self.form.addRow("&Ended", self.ends)
        self.fields = {
            "title": self.title,
            "days_per_week": self.days,
            "organisation": self.organisation,
            "ends_on": self.ends,
        }
        if role is None:
            self.fields["person"] = self.person

    def values(self) -> RoleInput:
        return RoleInput(
            title=self.title.text(),
            days_per_week=self.days.value(),
            body=self.body.text(),
            organisation=self.organisation.currentData() or "",
            starts_on=self.starts.day(),
            ends_on=self.ends.day(),
        )

    def save(self) -> None:
        if self.role is not None:
            self.saved = leadership.update_role(
                self.db, self.role.id, self.values(), self.role.version
            )
            return
        person_id = self.person.person_id()
        if person_id is None:
            raise UserError("Choose the person who holds the role.", field="person")
        self.saved = leadership.add_role(self.db, person_id, self.values())
