"""Dates and times as typed and read in the UK: a table of what people type, and properties
that hold for every date (round trips; the digits typed are the digits stored)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cohort_desk.errors import ValidationError
from cohort_desk.rules.dates import (
    UK,
    format_date,
    format_datetime,
    format_day,
    format_long_date,
    local_to_utc,
    parse_date,
    parse_datetime,
    parse_time,
)

TODAY = date(2026, 11, 28)  # a Saturday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/01/2027", date(2027, 1, 11)),
        ("11/1/27", date(2027, 1, 11)),
        ("11 Jan 2027", date(2027, 1, 11)),
        ("11 January 2027", date(2027, 1, 11)),
        ("11th Jan 2027", date(2027, 1, 11)),
        ("11-Jan-27", date(2027, 1, 11)),
        ("Jan 11, 2027", date(2027, 1, 11)),
        ("2027-01-11", date(2027, 1, 11)),
        ("2027/1/11", date(2027, 1, 11)),
        ("11.01.2027", date(2027, 1, 11)),
        ("11-01-2027", date(2027, 1, 11)),
        ("11012027", date(2027, 1, 11)),
        ("110127", date(2027, 1, 11)),
        ("20270111", date(2027, 1, 11)),
        ("20120112", date(2012, 1, 12)),
        ("Mon 11/01/2027", date(2027, 1, 11)),
        ("Monday 11 January 2027", date(2027, 1, 11)),
        (" 02/02/2026 ", date(2026, 2, 2)),
        ("29/02/2028", date(2028, 2, 29)),
        ("1/3/99", date(1999, 3, 1)),
        ("1/3/46", date(2046, 3, 1)),
        ("today", TODAY),
        ("Today", TODAY),
        ("tomorrow", date(2026, 11, 29)),
        ("yesterday", date(2026, 11, 27)),
        ("+7", date(2026, 12, 5)),
        ("+ 7 days", date(2026, 12, 5)),
        ("-3", date(2026, 11, 25)),
        ("+2w", date(2026, 12, 12)),
    ],
)
def test_dates_people_type_are_understood(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31/02/2027", "February 2027 has 28 days"),
        ("29/02/2027", "February 2027 has 28 days"),
        ("31/04/2027", "April 2027 has 30 days"),
        ("13/13/2027", "13 as its month"),
        ("11/28/2026", "dates are day/month/year"),  # American order is never swapped round
        ("0/1/2027", "January 2027 has 31 days"),
        ("11/01", "has no year"),
        ("11 Jan", "has no year"),
        ("11 Jnu 2027", "is not a month"),
        ("11/01/027", "year of 2 or 4 digits"),
        ("11/01/0027", "the year 27"),
        ("11132027", "13 as its month"),
        ("Tue 11/01/2027", "is a Monday, not a Tuesday"),
        ("2027", "is not a date"),
        ("11/01/2027 09:30", "is not a date"),
        ("next week", "is not a date"),
        ("", "Type a date"),
    ],
)
def test_impossible_or_ambiguous_dates_are_refused_in_a_sentence(text, says):
    with pytest.raises(ValidationError, match=says) as raised:
        parse_date(text, TODAY, field="start")
    assert raised.value.field == "start"
    assert raised.value.message.endswith(".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:30", time(9, 30)),
        ("9:30", time(9, 30)),
        ("9.30", time(9, 30)),
        ("9:30am", time(9, 30)),
        ("9.30 am", time(9, 30)),
        ("9:30 a.m.", time(9, 30)),
        ("2pm", time(14, 0)),
        ("2 PM", time(14, 0)),
        ("2.15pm", time(14, 15)),
        ("12pm", time(12, 0)),
        ("12am", time(0, 0)),
        ("12:30am", time(0, 30)),
        ("noon", time(12, 0)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("09:30:00", time(9, 30)),
    ],
)
def test_times_people_type_are_understood(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("9", "is not a time"),  # 9 in the morning or the evening?
        ("0930", "is not a time"),
        ("2027", "is not a time"),  # the bug of issue 15: 2027 became 20:27
        ("13pm", "hour goes from 1 to 12"),
        ("0am", "hour goes from 1 to 12"),
        ("24:00", "hours go from 00 to 23"),
        ("9:60", "minutes go from 00 to 59"),
        ("9:30:15", "to the minute"),
        ("", "is not a time"),
    ],
)
def test_bad_times_are_refused_in_a_sentence(text, says):
    with pytest.raises(ValidationError, match=says):
        parse_time(text)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/01/2027 09:30", _utc(2027, 1, 11, 9, 30)),  # GMT
        ("15/07/2026 09:30", _utc(2026, 7, 15, 8, 30)),  # BST
        ("2026-07-15 09:30", _utc(2026, 7, 15, 8, 30)),
        ("2027-01-11T09:30", _utc(2027, 1, 11, 9, 30)),
        ("11 Jan 2027 2pm", _utc(2027, 1, 11, 14, 0)),
        ("11 Jan 2027 at 9.30am", _utc(2027, 1, 11, 9, 30)),
        ("Mon 11/01/2027, 9:30 a.m.", _utc(2027, 1, 11, 9, 30)),
        ("tomorrow 2pm", _utc(2026, 11, 29, 14, 0)),
        ("2 pm tomorrow", _utc(2026, 11, 29, 14, 0)),
        ("+7 09:30", _utc(2026, 12, 5, 9, 30)),
        ("today noon", _utc(2026, 11, 28, 12, 0)),
    ],
)
def test_date_times_are_read_as_uk_time_and_stored_as_utc(text, expected):
    assert parse_datetime(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("11/01/2027", "has no time"),
        ("11/01/2027 9", "needs a date and a time"),
        ("09:30", "has no date"),
        ("31/02/2027 09:30", "February 2027 has 28 days"),
        ("11/01/2027 25:00", "needs a date and a time"),
        ("28/03/2027 01:30", "does not exist in UK time"),  # the clocks go forward
        ("31/10/2027 01:30", "happens twice in UK time"),  # the clocks go back
        ("", "Type a date and a time"),
    ],
)
def test_bad_date_times_are_refused_in_a_sentence(text, says):
    with pytest.raises(ValidationError, match=says):
        parse_datetime(text, TODAY)


def test_a_time_alone_means_the_given_day():
    assert parse_datetime("16:30", TODAY, day=date(2027, 1, 11)) == _utc(2027, 1, 11, 16, 30)


def test_without_today_the_uk_date_is_used():
    assert parse_date("today") == datetime.now(UK).date()


def test_formatting_is_british():
    moment = local_to_utc(date(2026, 7, 15), time(14, 5))
    assert format_datetime(moment) == "15/07/2026 14:05"
    assert format_date(moment) == "15/07/2026"
    assert format_date(None) == ""
    assert format_day(date(2027, 1, 11)) == "Mon 11/01/2027"
    assert format_long_date(date(2026, 2, 2)) == "Monday 2 February 2026"


# Properties -------------------------------------------------------------------------------

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))


@given(days)
def test_every_date_survives_being_shown_and_typed_back(day):
    for shown in (
        format_date(day),
        format_day(day),
        day.isoformat(),
        day.strftime("%d %b %Y"),
        day.strftime("%d %B %Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d%m%Y"),
        day.strftime("%Y%m%d"),
    ):
        assert parse_date(shown, TODAY) == day, shown


@given(st.integers(0, 40), st.integers(0, 15), st.integers(1800, 2300), st.sampled_from("/.-"))
def test_a_date_is_never_different_from_what_its_digits_say(day, month, year, separator):
    text = f"{day}{separator}{month}{separator}{year}"
    try:
        parsed = parse_date(text, TODAY)
    except ValidationError:
        return
    assert (parsed.day, parsed.month, parsed.year) == (day, month, year)


@given(st.integers(0, 99), st.integers(1, 12), st.integers(1, 28))
def test_two_digit_years_keep_their_last_two_digits(yy, month, day):
    parsed = parse_date(f"{day}/{month}/{yy:02d}", TODAY)
    assert (parsed.day, parsed.month, parsed.year % 100) == (day, month, yy)
    assert TODAY.year - 80 <= parsed.year <= TODAY.year + 20


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_sentence(text):
    for parse in (lambda t: parse_date(t, TODAY), parse_time, lambda t: parse_datetime(t, TODAY)):
        try:
            parse(text)
        except ValidationError as error:
            assert error.message


@given(st.times())
def test_every_minute_survives_both_clocks(clock):
    clock = clock.replace(second=0, microsecond=0)
    assert parse_time(clock.strftime("%H:%M")) == clock
    assert parse_time(clock.strftime("%H.%M")) == clock
    twelve_hour = f"{clock.hour % 12 or 12}:{clock.minute:02d}{'pm' if clock.hour >= 12 else 'am'}"
    assert parse_time(twelve_hour) == clock


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)))
def test_every_date_time_shown_reads_back_as_the_same_instant(local):
    local = local.replace(second=0, microsecond=0)
    try:
        moment = local_to_utc(local.date(), local.time())
    except ValidationError:  # the hour the clocks skip or repeat
        assume(False)
    assert parse_datetime(format_datetime(moment), TODAY) == moment
    assert moment - local_to_utc(local.date(), time(0)) < timedelta(hours=25)


@given(st.from_regex(r"\A[0-9]{8}\Z"))
def test_eight_digits_are_read_as_day_month_year_or_year_month_day_only(digits):
    try:
        parsed = parse_date(digits, TODAY)
    except ValidationError:
        return
    assert parsed.strftime("%d%m%Y") == digits or parsed.strftime("%Y%m%d") == digits
