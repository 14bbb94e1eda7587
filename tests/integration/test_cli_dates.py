"""The command line's date and time options read what people type with the window's parser."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cohort_desk.rules.dates import today_in_uk


@pytest.mark.parametrize(
    ("start", "end", "expected_start", "expected_end"),
    [
        ("11/01/2027 09:30", "12:30", "2027-01-11T09:30", "2027-01-11T12:30"),
        ("11 Jan 2027 9.30am", "4pm", "2027-01-11T09:30", "2027-01-11T16:00"),
        ("2027-07-12 9:30", "12/07/2027 16:30", "2027-07-12T08:30", "2027-07-12T15:30"),
    ],
)
def test_session_start_and_end_as_people_type_them(cli, start, end, expected_start, expected_end):
    cli("cohort", "add", "SLA Cohort 3")
    added = cli(
        "session",
        "add",
        "--cohort",
        "SLA Cohort 3",
        "--title",
        "Launch",
        "--start",
        start,
        "--end",
        end,
    )
    assert added.code == 0, added.err
    [session] = cli("session", "list", "--cohort", "SLA Cohort 3", "--json").json()
    assert session["start"].startswith(expected_start)
    assert session["end"].startswith(expected_end)


def test_cohort_dates_as_people_type_them(cli):
    assert cli("cohort", "add", "C", "--start", "11/1/27", "--end", "11 Jul 2027").code == 0
    assert cli("cohort", "add", "D", "--start", "today", "--end", "+7").code == 0
    first, second = cli("cohort", "list", "--json").json()
    assert (first["start"], first["end"]) == ("2027-01-11", "2027-07-11")
    today = today_in_uk()
    assert (second["start"], second["end"]) == (str(today), str(today + timedelta(days=7)))


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ("session", "add", "--cohort", "C", "--title", "T", "--start", "11/01/2027 9"),
            "needs a date and a time",
        ),
        (
            ("session", "add", "--cohort", "C", "--title", "T", "--start", "31/02/2027 09:30"),
            "february 2027 has 28 days",
        ),
        (
            (
                "session",
                "add",
                "--cohort",
                "C",
                "--title",
                "T",
                "--start",
                "11/01/2027 09:30",
                "--end",
                "25:00",
            ),
            "needs a date and a time",
        ),
        (("cohort", "add", "C2", "--start", "01/13/2027"), "13 as its month"),
        (("audit", "list", "--since", "11/01"), "has no year"),
        (("mentor", "pause", "nobody@nhs.net", "--until", "Tue 11/01/2027"), "is a monday"),
    ],
)
def test_a_bad_date_option_is_one_sentence_and_changes_nothing(cli, args, words):
    cli("cohort", "add", "C")
    result = cli(*args)
    assert result.code == 2
    assert words in result.err.lower()
    assert len(result.err.strip().splitlines()) == 1
    assert cli("session", "list", "--cohort", "C", "--json").json() == []
    assert [c["name"] for c in cli("cohort", "list", "--json").json()] == ["C"]


def test_audit_since_today_reads_the_word(cli):
    cli("cohort", "add", "C")
    assert cli("audit", "list", "--since", "today", "--json").json()
    assert cli("audit", "list", "--since", "tomorrow", "--json").json() == []
