"""Dates and times as typed and read in the UK."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from cohort_desk.errors import ValidationError
from cohort_desk.rules.dates import (
    format_date,
    format_datetime,
    format_long_date,
    local_to_utc,
    parse_date,
    parse_local_datetime,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28/11/2026", date(2026, 11, 28)),
        ("2026-11-28", date(2026, 11, 28)),
        (" 02/02/2026 ", date(2026, 2, 2)),
        ("2.2.2026", date(2026, 2, 2)),
        ("28/11/26", date(2026, 11, 28)),
    ],
)
def test_dates_people_type_are_understood(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "11/28/2026", "tomorrow", ""])
def test_impossible_dates_are_refused_in_a_sentence(text):
    with pytest.raises(ValidationError, match="dd/mm/yyyy"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-01-15 09:30", datetime(2026, 1, 15, 9, 30, tzinfo=UTC)),  # GMT
        ("2026-07-15 09:30", datetime(2026, 7, 15, 8, 30, tzinfo=UTC)),  # BST
        ("15/07/2026 09:30", datetime(2026, 7, 15, 8, 30, tzinfo=UTC)),
    ],
)
def test_local_times_are_stored_as_utc(text, utc):
    assert parse_local_datetime(text) == utc


@pytest.mark.parametrize("text", ["2026-01-15", "2026-01-15 25:00", "2026-01-15 9"])
def test_bad_date_times_are_refused(text):
    with pytest.raises(ValidationError):
        parse_local_datetime(text)


def test_formatting_is_british():
    moment = local_to_utc(date(2026, 7, 15), time(14, 5))
    assert format_datetime(moment) == "15/07/2026 14:05"
    assert format_date(moment) == "15/07/2026"
    assert format_date(None) == ""
    assert format_long_date(date(2026, 2, 2)) == "Monday 2 February 2026"
