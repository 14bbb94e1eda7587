"""The selection report: no count under 5 is ever shown (in the report, the PDF or the
workbook), suppressed counts cannot be worked back from totals or rates, and the four-fifths
flags are right on a table of cases."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Application, EqualityRecord, Organisation, Person
from cohort_desk.rules.selection import PRIMARY, is_hidden
from cohort_desk.services import settings
from cohort_desk.services.applications.report import build_table, selection_report
from cohort_desk.services.applications.report_files import write_selection_report
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from tests.pdf_checks import text_of

APPLIED = (True, False, False, False)
SHORTLISTED = (True, True, False, False)
OFFERED = (True, True, True, False)
ACCEPTED = (True, True, True, True)


def _people(**groups: tuple[int, int]) -> list[tuple[str, tuple[bool, bool, bool, bool]]]:
    """group=(applied, offered): that many applicants, the first ``offered`` of them offered."""
    people = []
    for group, (applied, offered) in groups.items():
        people += [(group, OFFERED)] * offered + [(group, APPLIED)] * (applied - offered)
    return people


# (applicants by group) -> the groups the report flags
REPORT_CASES = [
    (_people(Nursing=(20, 10), Medicine=(20, 4)), {"Medicine"}),
    (_people(Nursing=(10, 5), Medicine=(10, 4)), set()),  # exactly four fifths
    (_people(Nursing=(10, 5), Medicine=(3, 0)), set()),  # too few to compare
    (_people(Nursing=(10, 5), Pharmacy=(10, 0), Medicine=(10, 5)), {"Pharmacy"}),
    (_people(Nursing=(12, 0), Medicine=(12, 0)), set()),  # nobody offered yet
    (_people(Nursing=(10, 9), Medicine=(10, 7), Pharmacy=(10, 8)), {"Medicine"}),
]


@pytest.mark.parametrize(("people", "flagged"), REPORT_CASES)
def test_four_fifths_flags_on_a_table_of_cases(people: list, flagged: set[str]) -> None:
    table = build_table("Profession", people)
    assert set(table.flagged) == flagged
    for line in table.lines:
        for shown in line.shown:
            assert is_hidden(shown) or int(shown) >= 5


def test_rates_and_ratios_are_blank_where_they_would_tell_a_hidden_count() -> None:
    table = build_table("Profession", _people(Nursing=(20, 10), Medicine=(20, 4)))
    lines = {line.group: line for line in table.lines}
    nursing, medicine = lines["Nursing"], lines["Medicine"]
    # Offered: 10 and 4 of a printed total of 14, so the 10 hides too ("5+").
    assert nursing.shown == ["20", "5+", "5+", PRIMARY]
    assert medicine.shown == ["20", PRIMARY, PRIMARY, PRIMARY]
    # 4 of 20 is 20%: printing it would give the "<5" away; the flag still stands.
    assert (nursing.rate, nursing.ratio, nursing.flagged) == ("", "", False)
    assert (medicine.rate, medicine.ratio, medicine.flagged) == ("", "", True)
    shown = build_table("Profession", _people(Nursing=(20, 10), Medicine=(20, 6))).lines
    assert [(line.rate, line.ratio) for line in shown] == [("30%", "0.60"), ("50%", "1.00")]


def test_a_lone_small_group_is_hidden_with_a_second_cell() -> None:
    table = build_table("Borough", _people(Lewisham=(20, 10), Bexley=(3, 1), Greenwich=(9, 6)))
    shown = {line.group: line.shown[0] for line in table.lines}
    # Total 32 is printed; Bexley's 3 could be worked out from 20 + 9, so Greenwich hides too.
    assert shown == {"Bexley": "<5", "Greenwich": "5+", "Lewisham": "20"}


@pytest.fixture
def cohort_with_applicants(db: Database) -> int:
    settings.save(db, {"equality_monitoring": "1"})
    cohort = create_cohort(db, CohortInput(name="SLA 4", places=12, starts_on=date(2099, 1, 1)))
    plan = [("Nursing", 14, 7), ("Medicine", 9, 2), ("Pharmacy", 3, 1), ("Social work", 6, 3)]
    now = datetime(2027, 1, 4, 9, tzinfo=UTC)
    with db.write() as session:
        trust = Organisation(
            name="Lewisham and Greenwich NHS Trust", kind="trust", borough="Lewisham"
        )
        session.add(trust)
        session.flush()
        number = 0
        for profession, applied, offered in plan:
            for index in range(applied):
                number += 1
                person = Person(
                    given_name=f"Ann{number}",
                    family_name="Smith",
                    email=f"ann{number}@nhs.net",
                    email_key=f"ann{number}@nhs.net",
                    profession=profession,
                    borough="Lewisham" if number % 3 else "Bexley",
                    organisation_id=trust.id,
                )
                session.add(person)
                session.flush()
                moment = now + timedelta(hours=number)
                session.add(
                    Application(
                        person_id=person.id,
                        cohort_id=cohort.id,
                        status="offered" if index < offered else "shortlisted",
                        applied_at=moment,
                        status_changed_at=moment,
                        shortlisted_at=moment,
                        offered_at=moment if index < offered else None,
                        answers={},
                    )
                )
                if number % 4:
                    session.add(
                        EqualityRecord(
                            person_id=person.id,
                            sex="Female" if number % 2 else "Male",
                            age_band="35-44",
                            ethnicity="White: Irish"
                            if number % 5
                            else "Asian, Asian British or Asian Welsh: Indian",
                        )
                    )
    return cohort.id


def test_the_report_shows_no_count_under_5(
    db: Database, cohort_with_applicants: int, tmp_path: Path
) -> None:
    report = selection_report(db, cohort_with_applicants)
    titles = [t.characteristic for t in report.tables]
    assert titles[:3] == ["Profession", "Organisation type", "Borough"]
    assert "Ethnic group" in titles and "Sex" in titles
    cells = [s for t in report.tables for line in t.lines for s in line.shown] + report.totals
    assert PRIMARY in cells
    assert all(is_hidden(s) or int(s) >= 5 for s in cells)
    assert ("Profession", "Medicine") in report.flags  # 2 of 9 against 7 of 14
    assert ("Profession", "Pharmacy") not in report.flags  # 3 applied: not compared

    workbook = write_selection_report(db, cohort_with_applicants, tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(workbook)
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(min_row=3, max_col=5, values_only=True):
            for value in row[1:]:
                assert isinstance(value, str) and (is_hidden(value) or int(value) >= 5), value

    pdf = write_selection_report(db, cohort_with_applicants, tmp_path / "report.pdf").read_bytes()
    text = text_of(pdf)
    assert "Medicine" in text and "Under 4/5" in text
    # Every number printed in a table row stands for 5 or more (rates and ratios excepted).
    for line in text.splitlines():
        for token in re.findall(r"(?<![\d.<%])\b([0-4])\b(?![.%\d])", line):
            assert not line.strip().startswith(("Medicine", "Nursing", "Pharmacy", "Social")), (
                line,
                token,
            )
