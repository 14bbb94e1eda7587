"""Fuzzing the import planner: any file, tidy or wild, gives a plan (a preview that accounts
for every row) or a UserError; never a crash, and never a write to the database."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohort_desk.errors import UserError
from cohort_desk.services.imports import OUTCOMES, ImportPlan, plan
from cohort_desk.services.people.records import PersonInput, count_people, create_person

# More examples on demand: COHORT_DESK_FUZZ_EXAMPLES=2000 pytest tests/unit/test_fuzz_*.py
FUZZ = settings(
    max_examples=int(os.environ.get("COHORT_DESK_FUZZ_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HEADINGS = [
    "First name",
    "Surname",
    "Full name",
    "Email",
    "E-mail address",
    "Work email",
    "Organisation",
    "Job title",
    "Profession",
    "Borough",
    "Phone",
    "Notes",
    "Timestamp",
    "",
    "Email",  # twice: a duplicated column
]
EMAILS = st.sampled_from(
    [
        "jo.bloggs@nhs.net",
        "JO.BLOGGS@NHS.NET ",
        "sam@nhs.net",
        "not an address",
        "a@b",
        "",
        "x@y.org; z@y.org",
        "o'neill@council.gov.uk",
        "jo.bloggs@nhs.net\u200b",
    ]
)
values = st.one_of(
    EMAILS,
    st.text(max_size=25),
    st.sampled_from(["Zoë", "O'Neill", '=HYPERLINK("x")', "Dr", "  ", "Smith-Jones", "N/A"]),
)


@pytest.fixture
def known(db):
    """Someone already in the database, so the planner has updates to find as well."""
    create_person(db, PersonInput("Jo", "Bloggs", "jo.bloggs@nhs.net", job_title="Nurse"))
    return db


def check(db, path: Path) -> None:
    before = count_people(db)
    try:
        result = plan(db, path)
    except UserError as error:
        assert error.message.strip() and "Traceback" not in error.message
        return
    assert isinstance(result, ImportPlan)
    assert {r.outcome for r in result.rows} <= set(OUTCOMES)
    assert all(r.row >= 1 for r in result.rows)
    assert all(r.message for r in result.rows if r.outcome == "error")
    assert result.created + result.updated + result.unchanged == len(result.people)
    assert count_people(db) == before  # a preview never writes


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@FUZZ
@given(
    headings=st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=8),
    body=st.lists(st.lists(values, max_size=9), max_size=15),
    preamble=st.lists(st.lists(st.text(max_size=15), max_size=3), max_size=3),
)
def test_plan_of_plausible_files(known, tmp_path: Path, headings, body, preamble) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(_csv([*preamble, headings, *body]))
    check(known, path)


@FUZZ
@given(rows=st.lists(st.lists(st.text(max_size=20), max_size=6), max_size=12))
def test_plan_of_arbitrary_text_tables(known, tmp_path: Path, rows) -> None:
    path = tmp_path / "anything.csv"
    path.write_bytes(_csv(rows))
    check(known, path)


@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".ods"]))
def test_plan_of_random_bytes(known, tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    check(known, path)
