"""Exports open cleanly in Excel: bold frozen header, filter, real dates, UTF-8 CSV with BOM."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from cohort_desk.cli import lookup
from cohort_desk.db.models import AuditEntry, Certificate, Cohort, Person
from cohort_desk.services import exports

COHORT_1 = "SLA Cohort 1 (2025-26)"


def load(path: Path):  # type: ignore[no-untyped-def]
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return sheet


def test_people_xlsx_has_bold_frozen_header_filter_and_everyone(demo_db, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    assert exports.export(demo_db, "people", path) == 120
    sheet = load(path)
    header = [c.value for c in sheet[1]]
    assert header == exports.PEOPLE_HEADERS
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{sheet.max_row}"
    assert sheet.max_row == 121
    assert sheet.column_dimensions["F"].width > 12  # e-mail addresses are not squeezed


def test_attendance_xlsx_has_real_dates(demo_db, tmp_path: Path) -> None:
    path = tmp_path / "attendance.xlsx"
    count = exports.export(
        demo_db, "attendance", path, cohort_id=lookup.cohort_id(demo_db, COHORT_1)
    )
    assert count > 0
    sheet = load(path)
    assert [c.value for c in sheet[1]] == exports.ATTENDANCE_HEADERS
    first = sheet[2]
    assert first[0].value == COHORT_1
    assert isinstance(first[2].value, datetime)  # openpyxl reads date cells back as datetimes
    assert first[2].number_format == "dd/mm/yyyy"
    assert first[8].value in exports.STATUS_LABELS.values()
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {COHORT_1}


def test_cohort_filter_on_people_adds_enrolment_columns(demo_db, tmp_path: Path) -> None:
    path = tmp_path / "cohort.csv"
    count = exports.export(
        demo_db, "people", path, cohort_id=lookup.cohort_id(demo_db, COHORT_1.upper())
    )
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0][-2:] == ["Enrolled as", "Enrolment status"]
    assert len(rows) == count + 1 and 0 < count < 120
    assert {r[-2] for r in rows[1:]} <= {"participant", "facilitator"}


def test_csv_starts_with_a_bom_and_keeps_accents(db, tmp_path: Path) -> None:
    with db.write() as session:
        session.add(
            Person(
                given_name="Zoë",
                family_name="Ní Bhriain",
                email="zoe@nhs.net",
                email_key="zoe@nhs.net",
            )
        )
    path = tmp_path / "people.csv"
    exports.export(db, "people", path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Zoë,Ní Bhriain" in raw.decode("utf-8-sig")


def test_certificates_export_with_dates_and_cohort_filter(demo_db, tmp_path: Path) -> None:
    with demo_db.write() as session:
        person = session.scalars(select(Person).order_by(Person.id)).first()
        cohort = session.scalar(select(Cohort).where(Cohort.name == COHORT_1))
        assert person is not None and cohort is not None
        session.add(
            Certificate(
                number="SLA-2026-0001",
                year=2026,
                sequence=1,
                code="ABCD-EFGH-J",
                kind="completion",
                person_id=person.id,
                cohort_id=cohort.id,
                holder_name=person.full_name,
                course="Systems Leadership Academy",
                issued_on=date(2026, 11, 28),
                issued_by="Academy Director",
                revoked_at=datetime(2026, 11, 30, 10, tzinfo=UTC),
                revoke_reason="Issued in error",
            )
        )
    path = tmp_path / "certificates.xlsx"
    assert (
        exports.export(demo_db, "certificates", path, cohort_id=lookup.cohort_id(demo_db, COHORT_1))
        == 1
    )
    sheet = load(path)
    values = {h: c.value for h, c in zip(exports.CERTIFICATE_HEADERS, sheet[2], strict=True)}
    assert values["Number"] == "SLA-2026-0001" and values["Kind"] == "Completion"
    assert values["Issued on"] == datetime(2026, 11, 28)
    assert values["Revoked on"] == datetime(2026, 11, 30)
    assert values["Verification code"] == "ABCD-EFGH-J"
    other = tmp_path / "other.xlsx"
    assert (
        exports.export(
            demo_db,
            "certificates",
            other,
            cohort_id=lookup.cohort_id(demo_db, "CCPL Winter 2026-27"),
        )
        == 0
    )


def test_every_export_is_recorded_in_the_audit_trail(demo_db, tmp_path: Path) -> None:
    exports.export(demo_db, "people", tmp_path / "p.xlsx")
    with demo_db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.record_type == "Export")).one()
    assert entry.changes == {"what": "people", "file": "p.xlsx", "rows": 120, "cohort": ""}


def test_cli_export_contract(cli, demo_db, tmp_path: Path) -> None:
    target = tmp_path / "att.csv"
    result = cli("export", "attendance", "--cohort", COHORT_1, "-o", str(target))
    assert result.code == 0 and target.exists()
    assert "rows of attendance" in result.out
    for args, words in [
        (["people", "-o", str(tmp_path / "people.pdf")], ".xlsx or .csv"),
        (["people", "--cohort", "Nope", "-o", str(tmp_path / "p.xlsx")], "no cohort called"),
        (["people", "-o", str(tmp_path / "missing" / "p.xlsx")], "does not exist"),
        (["shoes", "-o", str(tmp_path / "p.xlsx")], "invalid choice"),
    ]:
        bad = cli("export", *args)
        assert bad.code == 2 and words in bad.err, (args, bad.err)
        assert "Traceback" not in bad.err
    assert not (tmp_path / "p.xlsx").exists()


@pytest.mark.parametrize("kind", exports.EXPORT_KINDS)
def test_empty_database_exports_just_the_header(db, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.xlsx"
    assert exports.export(db, kind, path) == 0
    assert load(path).max_row == 1
