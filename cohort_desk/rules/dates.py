"""Dates and times as people in the UK type and read them: dd/mm/yyyy, London time.

Typing is forgiving (11/1/27, 11 Jan 2027, 2027-01-11, today, tomorrow, +7, 9.30, 2pm) but
never guesses: a day/month order other than the UK's, a missing year, 31/02 or a clock time
that does not exist in London is refused with one sentence, never turned into another value.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cohort_desk.errors import ValidationError

UK = ZoneInfo("Europe/London")

# Years outside this span are almost always a slip of the keyboard (0027, 20277).
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WEEKDAYS |= {name.lower(): number for number, name in enumerate(calendar.day_abbr)}
_WEEKDAYS |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}

_EXAMPLE_DATE = "for example 28/11/2026, 28 Nov 2026, today or +7"
_EXAMPLE_TIME = "write it like 09:30, 9.30, 9:30am or 2pm"

_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}
_OFFSET_RE = re.compile(r"^([+-])\s*(\d{1,4})\s*(d|days?|w|wks?|weeks?)?$")
_WEEKDAY_RE = re.compile(r"^([a-z]+)\.?\s+(.*)$")
_NUMERIC_RE = re.compile(r"^(\d+)([/.-])(\d+)(?:\2(\d+))?$")
_DAY_MONTH_RE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s/-]*([a-z]+)\.?(?:[\s/-]*(\d+))?$")
_MONTH_DAY_RE = re.compile(r"^([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?(?:\s+(\d+))?$")
_TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?::(\d{2}))?)?(am|pm)?$")
_AM_PM_RE = re.compile(r"(\d)\s*([ap])\.?\s*m\.?(?=\s|$)")  # 9 a.m. -> 9am


def today_in_uk() -> date:
    return datetime.now(UK).date()


def parse_date(text: str, today: date | None = None, *, field: str = "date") -> date:
    """The day a person typed; ``today`` anchors today, tomorrow and +7 (UK today if None)."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned:
        raise ValidationError(f"Type a date, {_EXAMPLE_DATE}.", field=field)
    anchor = today or today_in_uk()
    if cleaned in _RELATIVE:
        return anchor + timedelta(days=_RELATIVE[cleaned])
    if offset := _OFFSET_RE.match(cleaned):
        days = int(offset[2]) * (7 if (offset[3] or "d")[0] == "w" else 1)
        return anchor + timedelta(days=days if offset[1] == "+" else -days)
    weekday = None
    if (named := _WEEKDAY_RE.match(cleaned)) and named[1] in _WEEKDAYS:
        weekday, cleaned = _WEEKDAYS[named[1]], named[2]
    day = _calendar_date(cleaned, text, anchor, field)
    if weekday is not None and day.weekday() != weekday:
        raise ValidationError(
            f"{format_date(day)} is a {calendar.day_name[day.weekday()]}, not a "
            f"{calendar.day_name[weekday]}; check the date.",
            field=field,
        )
    return day


def _calendar_date(cleaned: str, text: str, today: date, field: str) -> date:
    if numeric := _NUMERIC_RE.match(cleaned):
        first, _, second, third = numeric.groups()
        if third is None:
            raise ValidationError(f"'{text.strip()}' has no year; add it, as in 28/11/2026.", field)
        if len(first) == 4:  # 2027-01-11: a four-digit year first is never ambiguous
            return _checked(int(first), int(second), int(third), text, field)
        return _checked(_year(third, today, text, field), int(second), int(first), text, field)
    if (
        cleaned.isdigit()
        and len(cleaned) == 8
        and cleaned[:2] in ("19", "20", "21")
        and 1 <= int(cleaned[4:6]) <= 12
    ):
        # 20270111: read as dd/mm/yyyy its year would be 0111..1231, so it cannot be one.
        return _checked(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]), text, field)
    if cleaned.isdigit() and len(cleaned) in (6, 8):  # 11012027 or 110127, as Qt taught people
        return _checked(
            _year(cleaned[4:], today, text, field), int(cleaned[2:4]), int(cleaned[:2]), text, field
        )
    for pattern, day_at, month_at in ((_DAY_MONTH_RE, 1, 2), (_MONTH_DAY_RE, 2, 1)):
        if (words := pattern.match(cleaned)) and words[month_at].isalpha():
            month = _MONTHS.get(words[month_at])
            if month is None:
                raise ValidationError(
                    f"'{words[month_at]}' is not a month; write it as Jan, January or 01.", field
                )
            if words[3] is None:
                raise ValidationError(
                    f"'{text.strip()}' has no year; add it, as in 28 Nov 2026.", field
                )
            return _checked(
                _year(words[3], today, text, field), month, int(words[day_at]), text, field
            )
    raise ValidationError(
        f"'{text.strip()}' is not a date; write it as dd/mm/yyyy, {_EXAMPLE_DATE}.", field=field
    )


def _year(digits: str, today: date, text: str, field: str) -> int:
    if len(digits) == 4:
        return int(digits)
    if len(digits) != 2:
        raise ValidationError(
            f"'{text.strip()}' needs a year of 2 or 4 digits, as in 28/11/2026.", field
        )
    # Two digits mean this century unless that lands more than 20 years ahead (99 -> 1999).
    year = 2000 + int(digits)
    return year if year <= today.year + 20 else year - 100


def _checked(year: int, month: int, day: int, text: str, field: str) -> date:
    shown = text.strip()
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValidationError(f"'{shown}' has the year {year}; check it.", field)
    if not 1 <= month <= 12:
        raise ValidationError(
            f"'{shown}' has {month} as its month; dates are day/month/year and months go "
            "from 1 to 12.",
            field,
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationError(
            f"'{shown}' is not a date: {calendar.month_name[month]} {year} has {last} days.", field
        )
    return date(year, month, day)


def parse_time(text: str, *, field: str = "time") -> time:
    """A clock time: 09:30, 9.30, 9:30am, 2pm, noon. A bare number (9, 0930) is refused,
    since 2027 must never become 20:27."""
    cleaned = text.strip().lower()
    if cleaned in ("noon", "midday"):
        return time(12, 0)
    cleaned = _AM_PM_RE.sub(r"\1\2m", cleaned)
    match = _TIME_RE.match(cleaned)
    if not match or (match[2] is None and match[4] is None):
        raise ValidationError(f"'{text.strip()}' is not a time; {_EXAMPLE_TIME}.", field=field)
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3] is not None and match[3] != "00":
        raise ValidationError(f"'{text.strip()}' has seconds; give the time to the minute.", field)
    if minute > 59:
        raise ValidationError(f"'{text.strip()}' is not a time: minutes go from 00 to 59.", field)
    if match[4]:
        if not 1 <= hour <= 12:
            raise ValidationError(
                f"'{text.strip()}' is not a time: with am or pm the hour goes from 1 to 12.", field
            )
        hour = hour % 12 + (12 if match[4] == "pm" else 0)
    elif hour > 23:
        raise ValidationError(f"'{text.strip()}' is not a time: hours go from 00 to 23.", field)
    return time(hour, minute)


def parse_datetime(
    text: str, today: date | None = None, *, field: str = "start", day: date | None = None
) -> datetime:
    """A UK local date and time typed in one box, as an aware UTC instant.

    Date and time in either order ("11/01/2027 09:30", "2pm tomorrow", "2027-01-11T09:30").
    With ``day``, a time alone means that day (an end time on the start's day)."""
    cleaned = re.sub(r"(\d)t(\d)", r"\1 \2", text.strip().lower())
    cleaned = re.sub(r"\bat\b|,", " ", cleaned)
    cleaned = _AM_PM_RE.sub(r"\1\2m", cleaned)
    tokens = cleaned.split()
    example = "for example 11/01/2027 09:30 or tomorrow 2pm"
    if not tokens:
        raise ValidationError(f"Type a date and a time, {example}.", field=field)
    for clock_at, rest in ((-1, tokens[:-1]), (0, tokens[1:])):
        clock = _time_or_none(tokens[clock_at])
        if clock is None:
            continue
        if not rest:
            if day is None:
                raise ValidationError(f"'{text.strip()}' has no date; {example}.", field=field)
            return local_to_utc(day, clock, field=field)
        return local_to_utc(parse_date(" ".join(rest), today, field=field), clock, field=field)
    if _date_or_none(cleaned, today) is not None:
        raise ValidationError(
            f"'{text.strip()}' has no time; add one, as in 11/01/2027 09:30.", field=field
        )
    raise ValidationError(f"'{text.strip()}' needs a date and a time, {example}.", field=field)


def _date_or_none(text: str, today: date | None) -> date | None:
    try:
        return parse_date(text, today)
    except ValidationError:
        return None


def _time_or_none(token: str) -> time | None:
    try:
        return parse_time(token)
    except ValidationError:
        return None


def local_to_utc(day: date, clock: time, *, field: str = "start") -> datetime:
    """A London wall-clock time as UTC; the hour skipped or repeated when clocks change is
    refused rather than moved."""
    local = datetime.combine(day, clock, tzinfo=UK)
    if local.astimezone(UTC).astimezone(UK).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValidationError(
            f"{clock:%H:%M} on {format_date(day)} does not exist in UK time: the clocks go "
            "forward that night; choose another time.",
            field,
        )
    if local.utcoffset() != local.replace(fold=1).utcoffset():
        raise ValidationError(
            f"{clock:%H:%M} on {format_date(day)} happens twice in UK time: the clocks go back "
            "that night; choose a time outside 01:00-02:00.",
            field,
        )
    return local.astimezone(UTC)


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


def format_day(day: date | datetime | None) -> str:
    """'Mon 11/01/2027': the weekday shows at a glance which day a typed date became."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return day.strftime("%a %d/%m/%Y")


def format_datetime(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return to_local(moment).strftime("%d/%m/%Y %H:%M")


def format_time(moment: datetime | None) -> str:
    return "" if moment is None else to_local(moment).strftime("%H:%M")


def format_long_date(day: date) -> str:
    """'Monday 2 February 2026', as printed on registers and certificates."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"
