"""Dialogs of the Community of Practice: add a cohort's alumni or one person, record consent."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.community import members as community
from cohort_desk.services.community.members import AddResult, MemberRow
from cohort_desk.services.people.lookup import person_id_for
from cohort_desk.services.people.records import list_people
from cohort_desk.ui.kit import parts

CONSENT_NOTE = (
    "New members join without consent to be contacted: record it once they have given it, "
    "so the contact list holds only people who agreed."
)


class AddAlumniDialog(parts.FormDialog):
    """Everyone who took part in a cohort (not withdrawn or deferred) joins the community."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("Add a cohort's alumni", parent)
        self.db = db
        self.result: AddResult | None = None
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        today = date.today()
        cohorts = list_cohorts(db)
        for cohort in cohorts:
            self.cohort.addItem(f"{cohort.name} ({cohort.participants} participants)", cohort.id)
        # Alumni come from cohorts that have finished: offer the latest of those first.
        ended = [c for c in cohorts if c.ends_on is not None and c.ends_on <= today]
        if ended:
            latest = max(ended, key=lambda c: c.ends_on or today)
            self.cohort.setCurrentIndex(self.cohort.findData(latest.id))
        self.joined = parts.DatePicker()
        self.joined.setAccessibleName("Joined on")
        note = QLabel(CONSENT_NOTE)
        note.setWordWrap(True)
        self.form.addRow("&Cohort", self.cohort)
        self.form.addRow("&Joined on", self.joined)
        self.form.addRow("", note)
        self.fields = {"cohort": self.cohort}

    def save(self) -> None:
        if self.cohort.currentData() is None:
            raise UserError("There are no cohorts yet.", field="cohort")
        self.result = community.add_cohort_alumni(
            self.db, self.cohort.currentData(), self.joined.day()
        )


class AddMemberDialog(parts.FormDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("Add a member", parent)
        self.db = db
        self.result: AddResult | None = None
        members = {m.person_id for m in community.list_members(db)}
        self.person = parts.PersonField(
            [(p.full_name, p.email) for p in list_people(db) if p.id not in members]
        )
        self.person.setAccessibleName("Person")
        self.joined = parts.DatePicker()
        self.joined.setAccessibleName("Joined on")
        note = QLabel(CONSENT_NOTE)
        note.setWordWrap(True)
        self.form.addRow("&Person *", self.person)
        self.form.addRow("&Joined on", self.joined)
        self.form.addRow("", note)
        self.fields = {"person": self.person}

    def save(self) -> None:
        if not self.person.email():
            raise UserError("Choose the person who is joining.", field="person")
        person_id = person_id_for(self.db, self.person.email())
        self.result = community.add_members(self.db, [person_id], self.joined.day())


class ConsentDialog(parts.FormDialog):
    """Record the day a member agreed to be contacted."""

    def __init__(self, db: Database, member: MemberRow, parent: QWidget | None = None) -> None:
        super().__init__(f"Consent to contact: {member.name}", parent)
        self.db = db
        self.member = member
        self.saved: MemberRow | None = None
        self.on = parts.DatePicker(member.consent_on or date.today())
        self.on.setAccessibleName("Consent given on")
        self.on.setMaximumDate(self.on.date().currentDate())
        note = QLabel(
            f"{member.name} agreed to be contacted about the Community of Practice "
            "(events, news and requests for help) at " + member.email + "."
        )
        note.setWordWrap(True)
        self.form.addRow("", note)
        self.form.addRow("Consent &given on", self.on)
        self.fields = {"consent_on": self.on}

    def save(self) -> None:
        self.saved = community.set_consent(self.db, self.member.id, True, self.on.day())
