"""Date and time pickers in UK form (28/11/2026, 09:30), converting to and from Python values.

Times the user sees are London local time; what the services get back is an aware UTC instant.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QSpinBox, QWidget

from cohort_desk.rules.dates import local_to_utc, to_local

DATE_FORMAT = "dd/MM/yyyy"
DATETIME_FORMAT = "dd/MM/yyyy HH:mm"


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


class DurationField(QSpinBox):
    """How long something lasts, in minutes, shown as "3 h 30 min"; typed as minutes ("90")
    or hours and minutes ("1 h 30", "1:30")."""

    def __init__(self, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(15, 12 * 60)
        self.setSingleStep(15)
        self.setValue(max(minutes, 15))

    def textFromValue(self, value: int) -> str:
        return f"{value // 60} h {value % 60:02d} min"

    def valueFromText(self, text: str) -> int:
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        if len(numbers) >= 2:
            return numbers[0] * 60 + numbers[1]
        if numbers and ("h" in text.lower()):
            return numbers[0] * 60
        return numbers[0] if numbers else self.value()

    def validate(self, text: str, position: int) -> object:
        return (
            QValidator.State.Acceptable
            if re.search(r"\d", text)
            else QValidator.State.Intermediate,
            text,
            position,
        )


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
