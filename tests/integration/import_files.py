"""Spreadsheets in the shapes real tools write them, built inside the tests for import tests."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import func, select

from cohort_desk.db.models import AuditEntry, Enrolment, ImportBatch, Organisation, Person


def titled_workbook(path: Path, header: list[str], rows: list[list[Any]], footer: str = "") -> Path:
    """What someone types in Excel: a merged title, a note, a blank row, then the table."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sign-ups"
    sheet["A1"] = "Systems Leadership Academy: Cohort 3 sign-ups"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A2"] = "Please return to the academy team by Friday"
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if footer:
        sheet.append([])
        sheet.append([footer])
    book.save(path)
    return path


def plain_workbook(
    path: Path, header: list[str], rows: list[list[Any]], title: str = "Sheet1"
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


MS_FORMS_HEADER = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Last modified time",
    "First name",
    "Surname",
    "Organisation / employer",
    "Job title / role",
    "Which borough do you work in?",
    "Profession",
]


def ms_forms_export(path: Path, people: list[tuple[str, str, str, str, str, str, str]]) -> Path:
    """A Microsoft Forms export: metadata columns with real datetimes, then the questions.
    Each person is (respondent e-mail, first, surname, organisation, role, borough, profession)."""
    rows = []
    for number, (email, given, family, org, role, borough, profession) in enumerate(people, 1):
        started = datetime(2026, 11, 20, 9, number)
        rows.append(
            [
                number,
                started,
                started,
                email,
                "",
                started,
                given,
                family,
                org,
                role,
                borough,
                profession,
            ]
        )
    return plain_workbook(path, MS_FORMS_HEADER, rows, title="Form1")


def text_file(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
) -> Path:
    """A CSV as Excel saves it on a UK PC: CRLF line ends, in UTF-8 with BOM or Windows-1252."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def people_by_email(db: Any) -> dict[str, dict[str, Any]]:
    """Everyone in the database as plain values, keyed by e-mail key, organisation by name."""
    with db.read() as session:
        rows = session.execute(
            select(Person, Organisation.name).outerjoin(
                Organisation, Organisation.id == Person.organisation_id
            )
        ).all()
        return {
            p.email_key: {
                "email": p.email,
                "title": p.title,
                "given_name": p.given_name,
                "family_name": p.family_name,
                "preferred_name": p.preferred_name,
                "phone": p.phone,
                "organisation": org or "",
                "job_title": p.job_title,
                "profession": p.profession,
                "borough": p.borough,
                "interests": p.interests,
                "version": p.version,
            }
            for p, org in rows
        }


def snapshot(db: Any) -> dict[str, Any]:
    """What an import may change, to compare before and after."""
    with db.read() as session:
        counts = {
            model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Person, Organisation, Enrolment, ImportBatch, AuditEntry)
        }
        organisations = sorted(session.scalars(select(Organisation.name)))
    return {"people": people_by_email(db), "counts": counts, "organisations": organisations}
