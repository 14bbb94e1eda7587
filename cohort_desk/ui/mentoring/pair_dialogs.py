"""Dialogs about a mentoring pair: assign a mentor by hand, end a pair, log a meeting."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.services.mentoring import meetings as mentoring_meetings
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.mentoring import profiles as mentoring
from cohort_desk.services.mentoring.meetings import MeetingRow
from cohort_desk.services.mentoring.pairs import OverCapacityError, PairRow
from cohort_desk.services.people.records import PeopleFilter, list_people
from cohort_desk.services.people.search import PeopleIndex
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit.dates import DateField
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.people_picker import PeoplePicker
from cohort_desk.vocabulary import MeetingMode, MentoringPairStatus, Role

END_REASONS = (
    "Programme finished",
    "Goals met",
    "Mentee changed role",
    "Mentor stepped down",
    "Not a good fit",
    "Proposal turned down",
)


class AssignDialog(FormDialog):
    """Pair a mentor with a mentee by hand. The hard rules are the service's: a broken one
    comes back as a sentence; only a full mentor may be overridden, after asking."""

    def __init__(
        self,
        db: Database,
        mentor_id: int | None = None,
        mentee_email: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Assign a mentor", parent)
        self.set_minimum_width(620)  # the mentor list names organisation, load and pause
        self.db = db
        self.saved: PairRow | None = None
        today = date.today()
        self.mentor = QComboBox()
        self.mentor.setAccessibleName("Mentor")
        for m in mentoring.list_mentors(db):
            state = "over capacity" if m.over_capacity else m.status_text(today).lower()
            label = f"{m.name} ({m.organisation or 'no organisation'}), {m.mentees}/{m.capacity}"
            self.mentor.addItem(f"{label}, {state}", m.person_id)
            if m.person_id == mentor_id:
                self.mentor.setCurrentIndex(self.mentor.count() - 1)
        # The one picker every dialog picks people with (the People screen's search, a tick
        # box); one mentee a pair, so a tick replaces the last.
        participants = list_people(db, PeopleFilter(role=Role.PARTICIPANT))
        self.mentee = PeoplePicker(PeopleIndex(participants), single=True, label="mentees")
        self.mentee.setAccessibleName("Mentee")
        self.mentee.choose([p for p in participants if p.email.lower() == mentee_email.lower()])
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        self.status.addItem("Active: they have agreed and start now", MentoringPairStatus.ACTIVE)
        self.status.addItem("Proposed: ask them first", MentoringPairStatus.PROPOSED)
        self.form.addRow("&Mentor", self.mentor)
        self.form.addRow("M&entee *", self.mentee)
        self.form.addRow("&Status", self.status)
        hint = QLabel(
            "A mentor never comes from the mentee's own organisation, and must be taking "
            "mentees with a free place."
        )
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.fields = {"mentee": self.mentee, "mentor": self.mentor}

    def save(self) -> None:
        chosen = self.mentee.chosen_ids()
        if not chosen:
            raise UserError(
                "Tick the mentee: search for them, then press Enter or click.", field="mentee"
            )
        arguments = dict(
            mentor_id=self.mentor.currentData(),
            mentee_id=chosen[0],
            status=self.status.currentData(),
        )
        try:
            self.saved = mentoring_pairs.assign_mentor(self.db, **arguments)
        except OverCapacityError as exc:
            question = f"{exc.message[:-1]}.\n\nAssign this mentee anyway, beyond capacity?"
            if not ask.confirm(self, "Mentor is full", question, "Assign anyway"):
                raise
            self.saved = mentoring_pairs.assign_mentor(
                self.db, **arguments, allow_over_capacity=True
            )


class EndPairDialog(FormDialog):
    def __init__(self, db: Database, pair: PairRow, parent: QWidget | None = None) -> None:
        verb = "Turn down" if pair.status == MentoringPairStatus.PROPOSED else "End"
        super().__init__(f"{verb} the pair: {pair.mentor_name} and {pair.mentee_name}", parent)
        self.db = db
        self.pair = pair
        self.saved: PairRow | None = None
        self.on = DateField(field="ended_on")
        self.on.setAccessibleName("Ended on")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(END_REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.setAccessibleName("Reason")
        self.reason.lineEdit().setPlaceholderText("Choose or type a reason")
        self.form.addRow("&Ended on", self.on)
        self.form.addRow("&Reason *", self.reason)
        self.fields = {"ended_on": self.on, "reason": self.reason}

    def save(self) -> None:
        self.saved = mentoring_pairs.end_pair(
            self.db, self.pair.id, self.on.day(), self.reason.currentText()
        )


class MeetingDialog(FormDialog):
    def __init__(self, db: Database, pair: PairRow, parent: QWidget | None = None) -> None:
        super().__init__(f"Log a meeting: {pair.mentor_name} and {pair.mentee_name}", parent)
        self.db = db
        self.pair = pair
        self.saved: MeetingRow | None = None
        self.held_on = DateField(field="held_on")
        self.held_on.setAccessibleName("Date")
        self.minutes = QSpinBox()
        self.minutes.setRange(5, mentoring_meetings.MAX_MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(" minutes")
        self.minutes.setAccessibleName("Length")
        self.mode = QComboBox()
        for mode in MeetingMode:
            self.mode.addItem(mode.capitalize(), mode)
        self.mode.setCurrentIndex(
            self.mode.findData(MeetingMode.ONLINE)
        )  # as most meetings now are
        self.mode.setAccessibleName("How they met")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Optional. Shown only when someone presses Show notes.")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.notes.setAccessibleName("Notes")
        self.form.addRow("&Date", self.held_on)
        self.form.addRow("&Length", self.minutes)
        self.form.addRow("&How", self.mode)
        self.form.addRow("&Notes", self.notes)
        self.fields = {"held_on": self.held_on, "minutes": self.minutes, "mode": self.mode}

    def save(self) -> None:
        self.saved = mentoring_meetings.log_meeting(
            self.db,
            self.pair.id,
            self.held_on.day(),
            self.minutes.value(),
            self.mode.currentData(),
            self.notes.toPlainText(),
        )
