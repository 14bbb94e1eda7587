"""Mark a person as a mentor, or edit a mentor's profile: capacity, expertise, availability."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.services.mentoring import profiles as mentoring
from cohort_desk.services.mentoring.profiles import MentorInput, MentorRow
from cohort_desk.services.people.records import list_people
from cohort_desk.ui.kit.dates import DateField
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.people_field import PersonField


class MentorProfileDialog(FormDialog):
    """``saved`` holds the mentor's row once saved."""

    def __init__(
        self, db: Database, mentor: MentorRow | None = None, parent: QWidget | None = None
    ):
        super().__init__(f"Mentor profile: {mentor.name}" if mentor else "New mentor", parent)
        self.db = db
        self.mentor = mentor
        self.saved: MentorRow | None = None
        self.set_minimum_width(520)
        form = self.form

        if mentor is None:
            known = {m.person_id for m in mentoring.list_mentors(db)}
            self.person = PersonField(
                [(p.full_name, p.email, p.id) for p in list_people(db) if p.id not in known]
            )
            self.person.setAccessibleName("Person")
            form.addRow("&Person *", self.person)
        else:
            form.addRow(
                "Person", QLabel(f"{mentor.name} ({mentor.organisation or 'no organisation'})")
            )

        self.capacity = QSpinBox()
        self.capacity.setRange(0, mentoring.MAX_CAPACITY)
        self.capacity.setValue(mentor.capacity if mentor else 2)
        self.capacity.setSuffix(" mentees at once")
        self.capacity.setAccessibleName("Capacity")
        form.addRow("&Capacity", self.capacity)

        self.expertise = self._line(
            form,
            "&Expertise",
            mentor.expertise if mentor else "",
            "e.g. population health, quality improvement, coaching",
        )
        self.professions = self._line(
            form,
            "P&rofessions",
            mentor.professions if mentor else "",
            "professions they can mentor (blank: their own)",
        )
        self.boroughs = self._line(
            form,
            "&Boroughs",
            mentor.boroughs if mentor else "",
            "e.g. Lewisham, Greenwich (blank: their own)",
        )

        self.active = QCheckBox("Taking mentees")
        self.active.setChecked(mentor.active if mentor else True)
        form.addRow("&Availability", self.active)
        paused = mentor.paused_until if mentor else None
        self.paused_until = DateField(paused, optional=True, field="paused_until")
        self.paused_until.setAccessibleName("Paused until")
        self.paused_until.line.setPlaceholderText("not paused")
        form.addRow("&Paused until", self.paused_until)

        self.notes = QPlainTextEdit(mentor.notes if mentor else "")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        form.addRow("&Notes", self.notes)
        self.fields = self._fields()

    def _line(self, form: QFormLayout, label: str, text: str, hint: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setPlaceholderText(hint)
        edit.setAccessibleName(label.replace("&", ""))
        form.addRow(label, edit)
        return edit

    def _fields(self) -> dict[str, QWidget]:
        fields: dict[str, QWidget] = {
            "capacity": self.capacity,
            "expertise": self.expertise,
            "professions": self.professions,
            "boroughs": self.boroughs,
        }
        if self.mentor is None:
            fields["person"] = self.person
        return fields

    def values(self) -> MentorInput:
        return MentorInput(
            capacity=self.capacity.value(),
            expertise=self.expertise.text(),
            professions=self.professions.text(),
            boroughs=self.boroughs.text(),
            active=self.active.isChecked(),
            paused_until=self.paused_until.day(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        if self.mentor is None:
            person_id = self.person.person_id()
            if person_id is None:
                raise UserError("Choose the person who will mentor.", field="person")
            self.saved = mentoring.create_mentor(self.db, person_id, self.values())
        else:
            self.saved = mentoring.update_mentor(
                self.db, self.mentor.id, self.values(), self.mentor.version
            )
