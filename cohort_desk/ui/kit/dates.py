"""Date and time pickers in UK form (28/11/2026, 09:30), converting to and from Python values.

Times the user sees are London local time; what the services get back is an aware UTC instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QTimeEdit, QWidget

from cohort_desk.rules.dates import local_to_utc, to_local

DATE_FORMAT = "dd/MM/yyyy"
DATETIME_FORMAT = "dd/MM/yyyy HH:mm"
TIME_FORMAT = "HH:mm"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateEdit(QDateEdit):
    """A date typed as dd/mm/yyyy or picked from a calendar."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.set_day(day or date.today())

    def set_day(self, day: date) -> None:
        self.setDate(to_qdate(day))

    def day(self) -> date:
        return from_qdate(self.date())


class DateTimeEdit(QDateTimeEdit):
    """A local date and time (dd/mm/yyyy HH:mm) that hands back an aware UTC datetime."""

    def __init__(self, moment: datetime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATETIME_FORMAT)
        self.setCalendarPopup(True)
        self.set_moment(moment or datetime.now(UTC))

    def set_moment(self, moment: datetime) -> None:
        local = to_local(moment)
        # Qt's own time zone handling is not used: we hand it the wall-clock time only.
        self.setDateTime(QDateTime(to_qdate(local.date()), QTime(local.hour, local.minute)))

    def moment(self) -> datetime:
        value = self.dateTime()
        clock = time(value.time().hour(), value.time().minute())
        return local_to_utc(from_qdate(value.date()), clock)


class TimeEdit(QTimeEdit):
    def __init__(self, clock: time | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(TIME_FORMAT)
        if clock is not None:
            self.setTime(QTime(clock.hour, clock.minute))

    def clock(self) -> time:
        return time(self.time().hour(), self.time().minute())


class OptionalDateEdit(QWidget):
    """A date that may be left out: a tick box beside the picker."""

    def __init__(self, day: date | None, label: str = "Set", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label)
        self.edit = DateEdit(day)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.enabled.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        self.setFocusProxy(self.enabled)

    def day(self) -> date | None:
        return self.edit.day() if self.enabled.isChecked() else None

    def set_day(self, day: date | None) -> None:
        self.enabled.setChecked(day is not None)
        if day is not None:
            self.edit.set_day(day)
