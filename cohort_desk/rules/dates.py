"""Dates and times as people in the UK type and read them: dd/mm/yyyy, 24-hour, London time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from cohort_desk.errors import ValidationError

UK = ZoneInfo("Europe/London")

_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
_TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_date(text: str, field: str = "date") -> date:
    """A date typed as 28/11/2026 or 2026-11-28; one clear sentence otherwise."""
    cleaned = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        f"'{text}' is not a date Cohort Desk understands; write it as dd/mm/yyyy, "
        "for example 28/11/2026.",
        field=field,
    )


def parse_time(text: str, field: str = "time") -> time:
    match = _TIME_RE.match(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValidationError(
            f"'{text}' is not a time; write it as hh:mm on the 24-hour clock, for example 09:30.",
            field=field,
        )
    return time(int(match[1]), int(match[2]))


def parse_local_datetime(text: str, field: str = "start") -> datetime:
    """'2026-02-02 09:30' or '02/02/2026 09:30' in UK local time, returned as an aware UTC time."""
    parts = text.strip().replace("T", " ").split()
    if len(parts) != 2:
        raise ValidationError(
            f"'{text}' is not a date and time; write it as \"YYYY-MM-DD HH:MM\", "
            'for example "2026-02-02 09:30".',
            field=field,
        )
    day = parse_date(parts[0], field)
    clock = parse_time(parts[1], field)
    return local_to_utc(day, clock)


def local_to_utc(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=UK).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UK)


def format_date(day: date | datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return day.strftime("%d/%m/%Y")


def format_datetime(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return to_local(moment).strftime("%d/%m/%Y %H:%M")


def format_time(moment: datetime | None) -> str:
    return "" if moment is None else to_local(moment).strftime("%H:%M")


def format_long_date(day: date) -> str:
    """'Monday 2 February 2026', as printed on registers and certificates."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"
