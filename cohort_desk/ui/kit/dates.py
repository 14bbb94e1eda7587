"""The one date field and the one date-and-time field of the window.

People type dates the way they write them (11/01/2027, 11/1/27, 11 Jan 2027, today, +7) and
times the way they say them (09:30, 9.30, 2pm); rules/dates.py reads them, the same rule as
the command line's. The value understood is shown beside the field before anything is
saved ("Mon 11 January 2027"), and anything ambiguous or impossible (31/02, a missing year)
is said under the field, never turned silently into another day. A calendar button is there
for the mouse; Up and Down move a day. Times shown are London time; what the services get
back is an aware UTC instant.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from cohort_desk.errors import ValidationError
from cohort_desk.rules.dates import (
    format_date,
    format_time,
    local_to_utc,
    parse_date,
    parse_datetime,
    to_local,
)
from cohort_desk.ui.kit.form import warning_style

DEFAULT_TIME = time(9, 30)  # the calendar's pick, for a date and time not typed yet


def understood_day(day: date) -> str:
    """'Mon 11 January 2027': the weekday and the month in words show which day it became."""
    return f"{day:%a} {day.day} {day:%B %Y}"


class _TypedLine(QLineEdit):
    """A line that moves the value a day with Up and Down, as a date spin box did."""

    stepped = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
            self.stepped.emit(1 if event.key() == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)


class _TypedField(QWidget):
    """What the two fields share: the line, the calendar button, the value understood beside
    them and the sentence under them when the text is not a value."""

    changed = Signal()  # the text changed, whether or not it is a value yet

    def __init__(
        self, field: str, placeholder: str, optional: bool, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.optional = optional
        self.line = _TypedLine()
        self.line.setPlaceholderText(placeholder)
        self.line.setObjectName(f"{field}Text")
        self.line.stepped.connect(self._step)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("Calendar…")
        self.calendar_button.setToolTip("Pick the day from a calendar")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self.calendar_button.clicked.connect(self._open_calendar)
        self.understood = QLabel()
        self.understood.setObjectName("subheading")
        self.understood.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setStyleSheet(warning_style())
        self.problem.setWordWrap(True)
        self.problem.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.calendar_button)
        row.addWidget(self.understood, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.problem)
        self.setFocusProxy(self.line)
        self.line.textChanged.connect(self._typed)
        metrics = self.line.fontMetrics()
        self.line.setMinimumWidth(metrics.horizontalAdvance(placeholder or "00/00/0000") + 16)

    # What subclasses give -----------------------------------------------------------------
    def _read(self, text: str) -> object:
        raise NotImplementedError

    def _describe(self, value: object) -> str:
        raise NotImplementedError

    def _calendar_day(self) -> date:
        raise NotImplementedError

    def _picked(self, day: date) -> None:
        raise NotImplementedError

    def _step(self, days: int) -> None:
        raise NotImplementedError

    # Shared behaviour ----------------------------------------------------------------------
    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    def text(self) -> str:
        return self.line.text()

    def _typed(self) -> None:
        text = self.line.text()
        if not text.strip():
            self.understood.setText("not set" if self.optional else "")
            self._say("")
        else:
            try:
                self.understood.setText(self._describe(self._read(text)))
                self.line.setToolTip(self.understood.text())
                self._say("")
            except ValidationError as exc:
                self.understood.setText("")
                self._say(exc.message)
        self.changed.emit()

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def value_or_raise(self) -> object | None:
        text = self.line.text()
        if not text.strip():
            if self.optional:
                return None
        return self._read(text)

    def _open_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        day = self._calendar_day()
        calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(value: QDate) -> None:
            self._picked(date(value.year(), value.month(), value.day()))
            menu.close()
            self.line.setFocus()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        self.calendar = calendar  # for tests, and to keep it alive while open
        menu.popup(self.calendar_button.mapToGlobal(self.calendar_button.rect().bottomLeft()))


class DateField(_TypedField):
    """A day. ``optional``: left empty, it means "not set" (day() gives None)."""

    def __init__(
        self,
        day: date | None = None,
        parent: QWidget | None = None,
        *,
        optional: bool = False,
        field: str = "date",
        compact: bool = False,
        no_later_than_today: bool = False,
    ) -> None:
        """``compact``: for a filter bar, the day understood goes in the tooltip.
        ``no_later_than_today``: for what has happened (a consent given)."""
        super().__init__(field, "dd/mm/yyyy", optional, parent)
        self.compact = compact
        self.no_later_than_today = no_later_than_today
        if compact:
            self.understood.hide()
            self.calendar_button.setText("▾")
        if day is None and not optional:
            day = date.today()
        self.set_day(day)
        self._typed()  # an empty start emits nothing, yet says "not set"

    def _read(self, text: str) -> date:
        day = parse_date(text, field=self.field)
        if self.no_later_than_today and day > date.today():
            raise ValidationError(
                f"{format_date(day)} has not come yet; give the day it happened.", self.field
            )
        return day

    def _describe(self, value: object) -> str:
        assert isinstance(value, date)
        return understood_day(value)

    def day(self) -> date | None:
        """The day typed; None only for an empty optional field. Text that is not a date
        raises ValidationError naming the field, so a form says so and keeps it open."""
        value = self.value_or_raise()
        assert value is None or isinstance(value, date)
        return value

    def set_day(self, day: date | None) -> None:
        self.line.setText(format_date(day) if day else "")

    def _calendar_day(self) -> date:
        try:
            return self.day() or date.today()
        except ValidationError:
            return date.today()

    def _picked(self, day: date) -> None:
        self.set_day(day)

    def _step(self, days: int) -> None:
        self.set_day(self._calendar_day() + timedelta(days=days))


class DateTimeField(_TypedField):
    """A London date and time typed in one box ("11/01/2027 09:30", "tomorrow 2pm"); the
    services get an aware UTC instant."""

    def __init__(
        self, moment: datetime | None = None, parent: QWidget | None = None, *, field: str = "start"
    ) -> None:
        super().__init__(field, "dd/mm/yyyy hh:mm", False, parent)
        self.set_moment(moment or datetime.now(UTC))

    def _read(self, text: str) -> datetime:
        return parse_datetime(text, field=self.field)

    def _describe(self, value: object) -> str:
        assert isinstance(value, datetime)
        local = to_local(value)
        return f"{understood_day(local.date())}, {format_time(value)}"

    def moment(self) -> datetime:
        value = self.value_or_raise()
        assert isinstance(value, datetime)
        return value

    def moment_or_none(self) -> datetime | None:
        """The value while the text is one, for what the dialog shows as you type."""
        try:
            return self.moment()
        except ValidationError:
            return None

    def set_moment(self, moment: datetime) -> None:
        local = to_local(moment)
        self.line.setText(f"{format_date(local.date())} {local:%H:%M}")

    def _calendar_day(self) -> date:
        moment = self.moment_or_none()
        return to_local(moment).date() if moment else date.today()

    def _picked(self, day: date) -> None:
        moment = self.moment_or_none()
        clock = to_local(moment).time().replace(second=0) if moment else DEFAULT_TIME
        self.set_moment(local_to_utc(day, clock, field=self.field))

    def _step(self, days: int) -> None:
        moment = self.moment_or_none()
        if moment is not None:
            self.set_moment(moment + timedelta(days=days))


class DurationField(QSpinBox):
    """How long something lasts, in minutes, shown as "3 h 30 min"; typed as minutes ("90")
    or hours and minutes ("1 h 30", "1:30")."""

    def __init__(self, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(15, 12 * 60)
        self.setSingleStep(15)
        self.setValue(max(minutes, 15))

    def textFromValue(self, value: int) -> str:  # noqa: N802 - Qt's name
        return f"{value // 60} h {value % 60:02d} min"

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt's name
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        if len(numbers) >= 2:
            return numbers[0] * 60 + numbers[1]
        if numbers and "h" in text.lower():
            return numbers[0] * 60
        return numbers[0] if numbers else self.value()

    def validate(self, text: str, position: int) -> object:
        state = (
            QValidator.State.Acceptable if re.search(r"\d", text) else QValidator.State.Intermediate
        )
        return (state, text, position)
