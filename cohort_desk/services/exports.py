"""Spreadsheets for others: people, attendance and certificates, optionally for one cohort.

The people export uses headings the importer recognises, so exporting and importing the result
changes nothing. Every export is recorded in the audit trail: it is personal data leaving.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from cohort_desk.db.audit import record_event
from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Enrolment,
    Organisation,
    Person,
    person_ref,
)
from cohort_desk.errors import UserError
from cohort_desk.rules.attendance import STATUS_LABELS
from cohort_desk.rules.collation import name_order
from cohort_desk.rules.dates import format_time, to_local
from cohort_desk.services.common import cohort_in
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.sheets.writing import SheetOut, write_csv, write_xlsx

EXPORT_KINDS = ("people", "attendance", "certificates")
FORMATS = (".xlsx", ".csv")


@dataclass
class ExportTable:
    title: str
    headers: list[str]
    rows: list[list[object]]
    cohort: str = ""  # the one cohort it covers, for the audit trail; "" for all of them


def check_format(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"Cohort Desk can export to .xlsx or .csv, not '{suffix or 'no extension'}'; "
            "end the file name with .xlsx or .csv."
        )
    return suffix


def write_table(path: str | os.PathLike[str], table: ExportTable) -> None:
    """Write by the file's extension: .xlsx (bold frozen header, filter, dates) or .csv."""
    if check_format(path) == ".xlsx":
        write_xlsx(path, [SheetOut(table.title, table.headers, table.rows)])
    else:
        write_csv(path, table.headers, table.rows)


def export(
    db: Database,
    kind: str,
    path: str | os.PathLike[str],
    cohort_id: int | None = None,
    progress: Progress = NO_PROGRESS,
) -> int:
    """Write one export and record it; returns the number of rows written."""
    check_format(path)
    if kind not in EXPORT_KINDS:
        raise UserError(f"'{kind}' cannot be exported; choose {', '.join(EXPORT_KINDS)}.")
    progress.step(0, 2, "Reading the records…")
    table = {"people": people_table, "attendance": attendance_table}.get(kind, certificates_table)(
        db, cohort_id
    )
    progress.step(1, 2, "Writing the file…")
    write_table(path, table)
    record_export(db, kind, path, len(table.rows), table.cohort)
    return len(table.rows)


def record_export(
    db: Database, kind: str, path: str | os.PathLike[str], rows: int, cohort: str | None = None
) -> None:
    with db.write() as session:
        record_event(
            session,
            "Export",
            None,
            "exported",
            {"what": kind, "file": Path(path).name, "rows": rows, "cohort": cohort or ""},
        )


def _cohort_name(session: Session, cohort_id: int | None) -> str:
    """The chosen cohort's name for titles and the audit trail ("" for every cohort); an id
    no longer in the database is refused, never exported as everything."""
    return cohort_in(session, cohort_id).name if cohort_id is not None else ""


def _local(moment: datetime | None) -> datetime | None:
    # Spreadsheets have no time zones: write the UK wall-clock time people expect to see.
    return to_local(moment).replace(tzinfo=None) if moment else None


def _day(moment: datetime | None) -> date | None:
    return to_local(moment).date() if moment else None


def _name_order(person: Person) -> tuple[str, str]:
    return name_order(person.family_name, person.given_name)


PEOPLE_HEADERS = [
    "Ref",
    "Title",
    "Given name",
    "Family name",
    "Preferred name",
    "E-mail",
    "Phone",
    "Organisation",
    "Job title",
    "Profession",
    "Borough",
    "Interests",
]


def people_table(db: Database, cohort_id: int | None = None) -> ExportTable:
    query: Select[Person, str | None] = (
        select(Person, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Person.erased_at.is_(None), Person.archived_at.is_(None))
        .order_by(func.lower(Person.family_name), func.lower(Person.given_name), Person.id)
    )
    headers = list(PEOPLE_HEADERS)
    with db.read() as session:
        cohort = _cohort_name(session, cohort_id)
        if cohort_id is None:
            found = [(person, org, None, None) for person, org in session.execute(query)]
        else:
            # Headings the importer ignores, so the file still imports cleanly.
            headers += ["Enrolled as", "Enrolment status"]
            enrolled = query.add_columns(Enrolment.role, Enrolment.status).join(
                Enrolment, Enrolment.person_id == Person.id
            )
            found = list(session.execute(enrolled.where(Enrolment.cohort_id == cohort_id)))
    # SQL's lower() folds only A-Z: sorted again by the listing rule, "Ó Briain" is among the
    # O's, where a reader of the sheet looks, not after "Zhang"; equal names by id, as listed.
    found.sort(key=lambda f: (_name_order(f[0]), f[0].id))
    rows: list[list[object]] = [
        [
            person_ref(p.id),
            p.title,
            p.given_name,
            p.family_name,
            p.preferred_name,
            p.email,
            p.phone,
            org or "",
            p.job_title,
            p.profession,
            p.borough,
            p.interests,
            *([] if role is None else [role, status]),
        ]
        for p, org, role, status in found
    ]
    return ExportTable("People" if not cohort else f"People {cohort}", headers, rows, cohort)


ATTENDANCE_HEADERS = [
    "Cohort",
    "Session",
    "Date",
    "Start",
    "Ref",
    "Family name",
    "Given name",
    "E-mail",
    "Status",
    "Note",
    "Recorded",
    "Recorded by",
]


def attendance_table(db: Database, cohort_id: int | None = None) -> ExportTable:
    query = (
        select(Attendance, CohortSession, Cohort.name, Person)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .join(Cohort, Cohort.id == CohortSession.cohort_id)
        .join(Person, Person.id == Attendance.person_id)
        .where(Person.erased_at.is_(None))
        .order_by(CohortSession.starts_at, CohortSession.id, func.lower(Person.family_name))
    )
    with db.read() as session:
        cohort = _cohort_name(session, cohort_id)
        if cohort_id is not None:
            query = query.where(CohortSession.cohort_id == cohort_id)
        found = list(session.execute(query))
        # Each session's marks by name, accents dropped as the listing rule does (SQLite's
        # lower() folds only A-Z), then by the person's id, so equal names keep one order.
        found.sort(key=lambda f: (f[1].starts_at, f[1].id, _name_order(f[3]), f[3].id))
        rows: list[list[object]] = [
            [
                cohort_name,
                meeting.title,
                _day(meeting.starts_at),
                format_time(meeting.starts_at),
                person_ref(person.id),
                person.family_name,
                person.given_name,
                person.email,
                STATUS_LABELS.get(mark.status, mark.status),
                mark.note,
                _local(mark.recorded_at),
                mark.recorded_by,
            ]
            for mark, meeting, cohort_name, person in found
        ]
    return ExportTable("Attendance", list(ATTENDANCE_HEADERS), rows, cohort)


CERTIFICATE_HEADERS = [
    "Number",
    "Kind",
    "Holder",
    "E-mail",
    "Course",
    "Cohort",
    "Issued on",
    "Issued by",
    "CPD hours",
    "Reissues",
    "Revoked on",
    "Revoke reason",
    "Verification code",
]


def certificates_table(db: Database, cohort_id: int | None = None) -> ExportTable:
    meeting = aliased(CohortSession)
    cohort_of = func.coalesce(Certificate.cohort_id, meeting.cohort_id)
    query = (
        select(Certificate, Person.email, Cohort.name)
        .join(Person, Person.id == Certificate.person_id)
        .outerjoin(meeting, meeting.id == Certificate.session_id)
        .outerjoin(Cohort, Cohort.id == cohort_of)
        .order_by(Certificate.year, Certificate.sequence)
    )
    with db.read() as session:
        cohort = _cohort_name(session, cohort_id)
        if cohort_id is not None:
            query = query.where(
                or_(Certificate.cohort_id == cohort_id, meeting.cohort_id == cohort_id)
            )
        rows: list[list[object]] = [
            [
                cert.number,
                cert.kind.capitalize(),
                cert.holder_name,
                email,
                cert.course,
                cohort_name or "",
                cert.issued_on,
                cert.issued_by,
                cert.cpd_hours,
                cert.reissues,
                _day(cert.revoked_at),
                cert.revoke_reason,
                cert.code,
            ]
            for cert, email, cohort_name in session.execute(query)
        ]
    return ExportTable("Certificates", list(CERTIFICATE_HEADERS), rows, cohort)
