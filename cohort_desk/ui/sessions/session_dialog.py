"""Add or edit a session: UK date and time, duration, venue or link, facilitator, CPD hours, and
for a new one, an optional repeat every N weeks until a date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import format_time, to_local
from cohort_desk.services.cohorts.enrolments import list_enrolments
from cohort_desk.services.cohorts.records import CohortRow
from cohort_desk.services.sessions.records import (
    SessionInput,
    SessionRow,
    add_session,
    create_series,
    update_session,
)
from cohort_desk.ui.kit.dates import DateField, DateTimeField, DurationField
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.vocabulary import Role, SessionKind


def _next_morning() -> datetime:
    local = to_local(datetime.now(UTC)) + timedelta(days=7)
    return local.replace(hour=9, minute=30, second=0, microsecond=0)


class SessionDialog(FormDialog):
    """``saved`` lists the sessions made or changed; ``before`` holds an edit's old values."""

    def __init__(
        self,
        db: Database,
        cohorts: list[CohortRow],
        session: SessionRow | None = None,
        cohort_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Edit {session.title}" if session else "New session", parent)
        self.db = db
        self.session = session
        self.saved: list[SessionRow] = []
        self.before: SessionInput | None = input_from_row(session) if session else None
        self.set_minimum_width(540)

        self.cohort = QComboBox()
        for cohort in cohorts:
            self.cohort.addItem(cohort.name, cohort.id)
        chosen = session.cohort_id if session else cohort_id
        if chosen is not None:
            self.cohort.setCurrentIndex(max(self.cohort.findData(chosen), 0))
        self.cohort.setEnabled(session is None)  # a session stays with its cohort
        self.title = QLineEdit(session.title if session else "")
        self.title.setPlaceholderText("e.g. Action learning set 3")
        self.kind = QComboBox()
        for kind in SessionKind:
            self.kind.addItem(kind.capitalize(), kind)
        self.kind.setCurrentIndex(max(self.kind.findData(session.kind if session else ""), 0))
        self.starts = DateTimeField(
            session.starts_at if session else _next_morning(), field="starts_at"
        )
        minutes = 180
        if session is not None and session.ends_at is not None:
            minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
        self.duration = DurationField(minutes)
        self.ends_label = QLabel()
        self.venue = QLineEdit(session.venue if session else "")
        self.venue.setPlaceholderText("e.g. Guy's Hospital, Education Centre")
        self.link = QLineEdit(session.online_link if session else "")
        self.link.setPlaceholderText("Teams or Zoom link, for online sessions")
        self.facilitator = QComboBox()
        self.cpd = QDoubleSpinBox()
        self.cpd.setRange(0, 100)
        self.cpd.setSingleStep(0.5)
        self.cpd.setDecimals(1)
        self.cpd.setSuffix(" hours")
        self.cpd.setValue(session.cpd_hours if session else minutes / 60)
        self.required = QCheckBox("Required for completion")
        self.required.setChecked(bool(session and session.required))
        self.notes = QPlainTextEdit(session.notes if session else "")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.bring = QLineEdit(session.what_to_bring if session else "")
        self.bring.setPlaceholderText("e.g. your reflective log; told in e-mails and calendars")

        self.repeat = QCheckBox("Repeat every")
        self.every = QSpinBox()
        self.every.setRange(1, 52)
        self.every.setSuffix(" week")
        self.every.valueChanged.connect(
            lambda n: self.every.setSuffix(" week" if n == 1 else " weeks")
        )
        self.until = DateField(
            to_local(self.starts.moment()).date() + timedelta(weeks=12), field="until"
        )
        repeat_row = QHBoxLayout()
        for widget in (self.repeat, self.every):
            repeat_row.addWidget(widget)
        repeat_row.addStretch(1)
        self.repeat.toggled.connect(self._repeat_toggled)
        self._repeat_toggled(False)
        for widget, name in (
            (self.cohort, "Cohort"),
            (self.title, "Session title"),
            (self.kind, "Kind of session"),
            (self.starts, "Starts"),
            (self.duration, "Duration"),
            (self.venue, "Venue"),
            (self.link, "Online link"),
            (self.facilitator, "Facilitator"),
            (self.cpd, "CPD hours"),
            (self.notes, "Notes"),
            (self.bring, "What to bring"),
            (self.every, "Repeat every so many weeks"),
            (self.until, "Repeat until"),
        ):
            widget.setAccessibleName(name)

        timing = QHBoxLayout()
        timing.addWidget(self.duration)
        timing.addWidget(self.ends_label, 1)
        form = self.form
        form.addRow("&Cohort", self.cohort)
        form.addRow("&Title *", self.title)
        form.addRow("&Kind", self.kind)
        form.addRow("&Starts", self.starts)
        duration_label = QLabel("&Duration")
        duration_label.setBuddy(self.duration)  # a row holding a layout gets no buddy itself
        form.addRow(duration_label, timing)
        form.addRow("&Venue", self.venue)
        form.addRow("Online &link", self.link)
        form.addRow("&Facilitator", self.facilitator)
        form.addRow("C&PD hours", self.cpd)
        form.addRow("", self.required)
        form.addRow("What to &bring", self.bring)
        form.addRow("N&otes", self.notes)
        if session is None:
            form.addRow("Repeat", repeat_row)
            form.addRow("&Until", self.until)
        self.fields = {
            "cohort": self.cohort,
            "title": self.title,
            "kind": self.kind,
            "starts_at": self.starts,
            "ends_at": self.duration,
            "venue": self.venue,
            "online_link": self.link,
            "facilitator": self.facilitator,
            "cpd_hours": self.cpd,
            "notes": self.notes,
            "what_to_bring": self.bring,
            "until": self.until,
        }

        self.cohort.currentIndexChanged.connect(self._load_facilitators)
        self.starts.changed.connect(self._show_end)
        self.duration.valueChanged.connect(self._show_end)
        self._load_facilitators()
        self._show_end()
        self.title.setFocus()

    def _repeat_toggled(self, on: bool) -> None:
        self.every.setEnabled(on)
        self.until.setEnabled(on)

    def _load_facilitators(self) -> None:
        """The cohort's facilitators, plus whoever leads this session now."""
        keep = self.facilitator.currentData() if self.facilitator.count() else None
        if keep is None and self.session is not None:
            keep = self.session.facilitator_id
        self.facilitator.clear()
        self.facilitator.addItem("(none)", None)
        cohort_id = self.cohort.currentData()
        if cohort_id is not None:
            for e in list_enrolments(self.db, cohort_id=cohort_id):
                if e.role == Role.FACILITATOR:
                    self.facilitator.addItem(f"{e.given_name} {e.family_name}", e.person_id)
        if (
            self.session
            and self.session.facilitator_id
            and self.facilitator.findData(self.session.facilitator_id) < 0
        ):
            self.facilitator.addItem(self.session.facilitator, self.session.facilitator_id)
        self.facilitator.setCurrentIndex(max(self.facilitator.findData(keep), 0))

    def _minutes(self) -> int:
        return self.duration.value()

    def _show_end(self) -> None:
        starts = self.starts.moment_or_none()
        if starts is None:
            self.ends_label.setText("")
            return
        ends = starts + timedelta(minutes=self._minutes())
        self.ends_label.setText(f"ends at {format_time(ends)}")

    def session_input(self) -> SessionInput:
        starts = self.starts.moment()
        return SessionInput(
            title=self.title.text(),
            starts_at=starts,
            ends_at=starts + timedelta(minutes=self._minutes()),
            kind=str(self.kind.currentData()),
            venue=self.venue.text(),
            online_link=self.link.text(),
            facilitator_id=self.facilitator.currentData(),
            cpd_hours=self.cpd.value(),
            required=self.required.isChecked(),
            notes=self.notes.toPlainText().strip(),
            what_to_bring=self.bring.text(),
        )

    def save(self) -> None:
        data = self.session_input()
        cohort_id = self.cohort.currentData()
        if cohort_id is None:
            raise UserError("Add a cohort first: every session belongs to one.", "cohort")
        if self.session is not None:
            self.saved = [update_session(self.db, self.session.id, data, self.session.version)]
        elif self.repeat.isChecked():
            self.saved = create_series(
                self.db, cohort_id, data, self.every.value(), self.until.day()
            )
        else:
            self.saved = [add_session(self.db, cohort_id, data)]


def input_from_row(row: SessionRow) -> SessionInput:
    return SessionInput(
        title=row.title,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        kind=row.kind,
        venue=row.venue,
        online_link=row.online_link,
        facilitator_id=row.facilitator_id,
        cpd_hours=row.cpd_hours,
        required=row.required,
        notes=row.notes,
        what_to_bring=row.what_to_bring,
    )
