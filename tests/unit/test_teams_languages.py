"""Teams reports in every display language and layout read to the same attendees."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from cohort_desk.errors import UserError
from cohort_desk.sheets.teams import TeamsAttendee, is_teams_report, read_teams_report
from tests.teams_files import (
    LANGUAGES,
    Visitor,
    as_excel_csv,
    as_teams_csv,
    as_xlsx,
    old_log_rows,
    report_rows,
    write,
)


def at(clock: str) -> datetime:
    return datetime.fromisoformat(f"2026-02-02 {clock}")


GUEST_UPN = "eve_example.org#EXT#@academytenant.onmicrosoft.com"
VISITORS = [
    Visitor("Olu Adebayo", "olu.adebayo@nhs.net", [(at("09:20"), at("12:35"))], "organizer"),
    Visitor(
        "Zoë O'Neill",
        "Zoe.ONeill@nhs.net",
        [(at("09:28"), at("10:15")), (at("10:20"), at("12:30"))],
    ),
    Visitor("Eve Example (Guest)", "", [(at("09:45"), at("12:00"))], upn=GUEST_UPN),
    Visitor("Visiting Speaker (External)", "", [(at("10:00"), at("11:00"))], "presenter", upn=""),
]
EXPECTED = [
    ("Olu Adebayo", "olu.adebayo@nhs.net", at("09:20"), at("12:35"), "olu.adebayo@nhs.net"),
    ("Zoë O'Neill", "Zoe.ONeill@nhs.net", at("09:28"), at("12:30"), "Zoe.ONeill@nhs.net"),
    ("Eve Example (Guest)", "", at("09:45"), at("12:00"), GUEST_UPN),
    ("Visiting Speaker (External)", "", at("10:00"), at("11:00"), ""),
]


def seen(attendees: list[TeamsAttendee]) -> list[tuple]:
    return [(a.name, a.email, a.first_join, a.last_leave, a.upn) for a in attendees]


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_current_report_in_every_language(tmp_path: Path, language: str) -> None:
    path = write(
        tmp_path / "meetingAttendanceReport.csv",
        as_teams_csv(report_rows(VISITORS, language, title="Launch")),
    )
    assert is_teams_report(path)
    report = read_teams_report(path)
    assert seen(report.attendees) == EXPECTED
    assert report.title == "Launch"
    assert report.start == at("09:20") and report.end == at("12:35")
    roles = LANGUAGES[language].roles
    assert [a.role for a in report.attendees] == [
        roles["organizer"],
        roles["attendee"],
        roles["attendee"],
        roles["presenter"],
    ]


@pytest.mark.parametrize("language", ["pl-PL", "pt-BR", "en-US"])
@pytest.mark.parametrize("saved_as", ["comma csv", "semicolon csv", "xlsx"])
def test_report_re_saved_from_excel(tmp_path: Path, language: str, saved_as: str) -> None:
    rows = report_rows(VISITORS, language)
    if saved_as == "xlsx":
        path = as_xlsx(rows, tmp_path / "report.xlsx")
    else:
        delimiter = ";" if saved_as.startswith("semicolon") else ","
        path = write(tmp_path / "report.csv", as_excel_csv(rows, delimiter))
    assert is_teams_report(path)
    assert seen(read_teams_report(path).attendees) == EXPECTED


def test_the_2020_log_of_joins_and_leaves(tmp_path: Path) -> None:
    path = write(tmp_path / "meetingAttendanceList.csv", as_teams_csv(old_log_rows(VISITORS)))
    assert is_teams_report(path)
    report = read_teams_report(path)
    assert [(a.name, a.email, a.first_join, a.last_leave, a.upn) for a in report.attendees] == [
        (name, "", first, last, "") for name, _e, first, last, _u in EXPECTED
    ]


def test_the_oldest_log_in_portuguese(tmp_path: Path) -> None:
    text = (
        "Nome Completo\tAção do Usuário\tCarimbo de data/hora\r\n"
        "Ana Souza\tIngressou\t02/02/2026 09:30:00\r\n"
        "Ana Souza\tSaiu\t02/02/2026 12:00:00\r\n"
    )
    path = write(tmp_path / "lista.csv", text.encode("utf-16"))
    [ana] = read_teams_report(path).attendees
    assert (ana.first_join, ana.last_leave) == (at("09:30"), at("12:00"))


def test_an_action_in_unknown_words_is_refused(tmp_path: Path) -> None:
    text = "Full Name\tUser Action\tTimestamp\r\nAna\tSprang in\t2/2/2026, 9:30:00 AM\r\n"
    path = write(tmp_path / "log.csv", text.encode("utf-16"))
    with pytest.raises(UserError, match="says 'Sprang in' where Teams writes 'Joined'"):
        read_teams_report(path)


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("02.02.26, 09:55:00", at("09:55")),  # German: dots are always day first
        ("2.02.2026, 09:55:00", at("09:55")),  # Polish
        ("02-02-2026 09:55:00", at("09:55")),
        ("2/2/2026, 9:55:00 a. m.", at("09:55")),  # Spanish 12-hour clock
        ("2/2/2026, 1:05:00 p. m.", at("13:05")),
    ],
)
def test_date_formats_of_other_locales(tmp_path: Path, stamp: str, expected: datetime) -> None:
    text = f"Full Name\tUser Action\tTimestamp\r\nJane\tJoined\t{stamp}\r\n"
    path = write(tmp_path / "r.csv", text.encode("utf-16"))
    assert read_teams_report(path).attendees[0].first_join == expected


def test_a_german_people_list_is_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Vorname;Nachname;E-Mail;Rolle\nJürgen;Groß;j@x.de;Pflege\n")
    assert not is_teams_report(path)
