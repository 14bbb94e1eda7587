"""Dialogs of the Community of Practice: add a cohort's alumni or people picked, record consent."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.community import members as community
from cohort_desk.services.community.members import AddResult, MemberRow
from cohort_desk.services.people.search import load_people_index
from cohort_desk.ui.kit.dates import DateField
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.people_picker import PeoplePicker

CONSENT_NOTE = (
    "New members join without consent to be contacted: record it once they have given it, "
    "so the contact list holds only people who agreed."
)


class AddAlumniDialog(FormDialog):
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
            shown = f"{cohort.name} ({plural(cohort.participants, 'participant')})"
            self.cohort.addItem(shown, cohort.id)
        # Alumni come from cohorts that have finished: offer the latest of those first.
        ended = [c for c in cohorts if c.ends_on is not None and c.ends_on <= today]
        if ended:
            latest = max(ended, key=lambda c: c.ends_on or today)
            self.cohort.setCurrentIndex(self.cohort.findData(latest.id))
        self.joined = DateField(field="joined_on")
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


class AddMemberDialog(FormDialog):
    """Tick the people joining (members already are not offered), or paste a list of them."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("Add members", parent)
        self.db = db
        self.result: AddResult | None = None
        members = {m.person_id: "already a member" for m in community.list_members(db)}
        self.picker = PeoplePicker(load_people_index(db), unavailable=members)
        resize_to_fit(self, 780, 600)
        self.joined = DateField(field="joined_on")
        self.joined.setAccessibleName("Joined on")
        note = QLabel(CONSENT_NOTE)
        note.setWordWrap(True)
        self.form.addRow("&People *", self.picker)
        self.form.addRow("&Joined on", self.joined)
        self.form.addRow("", note)
        self.fields = {"person": self.picker}
        self.picker.chosen_changed.connect(
            lambda chosen: self.save_button.setText(f"Add {chosen:,}" if chosen else "Add")
        )
        self.save_button.setText("Add")
        self.picker.setFocus()

    def save(self) -> None:
        chosen = self.picker.chosen_rows()
        if not chosen:
            raise UserError("Tick the people who are joining.", field="person")
        self.result = community.add_members(self.db, [row.id for row in chosen], self.joined.day())


class ConsentDialog(FormDialog):
    """Record the day a member agreed to be contacted."""

    def __init__(self, db: Database, member: MemberRow, parent: QWidget | None = None) -> None:
        super().__init__(f"Consent to contact: {member.name}", parent)
        self.db = db
        self.member = member
        self.saved: MemberRow | None = None
        self.on = DateField(
            member.consent_on or date.today(), field="consent_on", no_later_than_today=True
        )
        self.on.setAccessibleName("Consent given on")
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
