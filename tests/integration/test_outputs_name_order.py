"""Printed and exported lists put people whose names start with an accented or special capital
where a reader looks for them: "Ó Briain" among the O's, not after "Zhang" (SQLite's lower()
folds only A-Z)."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from cohort_desk.documents.registers import render_register
from cohort_desk.services import exports
from cohort_desk.services.attendance.marking import mark_all_present, register_data, register_lines
from tests.integration.attendance_files import make_cohort
from tests.pdf_checks import text_of

NAMES = [
    ("Wei", "Zhang"),
    ("Siân", "Ó Briain"),
    ("Zoltán", "Ábel"),
    ("Chidi", "Obi"),
    ("Ann", "Adams"),
    ("Piotr", "Łukasz"),
    ("Tom", "Lee"),
    ("Marie", "Éclair"),
    ("Jana", "Šimková"),
    ("Ravi", "Shah"),
]
# Family names as a reader looks for them (the register also reads "Ó Briain" as "OBriain").
EXPORTED = ["Ábel", "Adams", "Éclair", "Lee", "Łukasz", "Ó Briain", "Obi", "Shah", "Šimková"]
EXPORTED += ["Zhang"]
REGISTER = ["Ábel", "Adams", "Éclair", "Lee", "Łukasz", "Obi", "Ó Briain", "Shah", "Šimková"]
REGISTER += ["Zhang"]


@pytest.fixture
def setup(db):  # type: ignore[no-untyped-def]
    made = make_cohort(db, NAMES)
    mark_all_present(db, made.session_ids[0])
    return made


def _csv(db, kind: str, tmp_path: Path, cohort_id: int | None = None) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{kind}.csv"
    exports.export(db, kind, path, cohort_id)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("whose", ["everyone", "the cohort"])
def test_the_people_export_lists_accented_capitals_among_their_letters(db, setup, tmp_path, whose):
    cohort_id = setup.cohort_id if whose == "the cohort" else None
    rows = _csv(db, "people", tmp_path, cohort_id)
    assert [row["Family name"] for row in rows] == EXPORTED


def test_the_attendance_export_lists_each_session_by_name(db, setup, tmp_path):
    rows = _csv(db, "attendance", tmp_path)
    assert [row["Family name"] for row in rows] == EXPORTED


def test_the_register_on_screen_and_on_paper_read_in_the_same_order(db, setup):
    session_id = setup.session_ids[0]
    assert [line.family_name for line in register_lines(db, session_id)] == REGISTER
    data = register_data(db, session_id)
    assert [person.family_name for person in data.people] == REGISTER
    text = unicodedata.normalize("NFC", text_of(render_register(data)))
    places = [text.index(f"{family}, {given}") for given, family in NAMES]
    printed = [family for _place, (_given, family) in sorted(zip(places, NAMES, strict=True))]
    assert printed == REGISTER
