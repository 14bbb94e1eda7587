"""Unusable and hostile files: one sentence, and the database exactly as it was.

Also the round trip: exporting people and importing the file again changes nothing, even with
cells that a spreadsheet would otherwise run as formulas.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from cohort_desk.errors import UnsafeFileError, UserError
from cohort_desk.services import exports, imports
from cohort_desk.services.people.records import PersonInput, create_person
from tests.integration.import_files import plain_workbook, snapshot, text_file
from tests.unit.test_reading import compound_file

MB = 1024 * 1024


def password_protected(path: Path) -> Path:
    # Excel keeps a password-protected workbook in an OLE2 file with these two streams.
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>".ljust(4096, b" ")
    path.write_bytes(compound_file({"EncryptionInfo": info, "EncryptedPackage": bytes(4096)}))
    return path


def truncated(path: Path) -> Path:
    good = plain_workbook(path.with_name("whole.xlsx"), ["Email", "Name"], [["a@nhs.net", "A"]])
    data = good.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def not_a_spreadsheet(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    return path


def empty_sheet(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.save(path)
    return path


def headings_only(path: Path) -> Path:
    return plain_workbook(path, ["Email", "First name", "Surname"], [])


def no_email_column(path: Path) -> Path:
    return plain_workbook(path, ["First name", "Surname", "Trust"], [["Jo", "Bloggs", "Oxleas"]])


def zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(64):
                part.write(b"\0" * MB)
    return path


def xml_entities(path: Path) -> Path:
    good = plain_workbook(path.with_name("whole.xlsx"), ["Email", "Name"], [["a@nhs.net", "A"]])
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>&lol2;</t></si></sst>'
    )
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            if info.filename != "xl/sharedStrings.xml":
                new.writestr(info, old.read(info.filename), zipfile.ZIP_DEFLATED)
        new.writestr("xl/sharedStrings.xml", laughs, zipfile.ZIP_DEFLATED)
    return path


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (password_protected, "protected by a password"),
        (truncated, "damaged or incomplete"),
        (not_a_spreadsheet, "not a spreadsheet"),
        (empty_sheet, "no data"),
        (headings_only, "no people under them"),
        (no_email_column, "no e-mail column"),
        (zip_bomb, "zip bomb"),
        (xml_entities, "entity"),
        (zero_bytes, "empty"),
    ],
)
def test_unusable_files_get_one_sentence_and_change_nothing(
    demo_db, tmp_path: Path, build: Callable[[Path], Path], words: str
) -> None:
    path = build(tmp_path / "people.xlsx")
    before = snapshot(demo_db)
    with pytest.raises(UserError) as caught:
        imports.plan(demo_db, path)
    message = caught.value.message
    assert words in message and message.endswith(".") and "\n" not in message
    assert caught.value.exit_code == 2
    assert snapshot(demo_db) == before


def test_hostile_files_are_marked_unsafe(db, tmp_path: Path) -> None:
    with pytest.raises(UnsafeFileError):
        imports.plan(db, zip_bomb(tmp_path / "bomb.xlsx"))
    with pytest.raises(UnsafeFileError):
        imports.plan(db, xml_entities(tmp_path / "laughs.xlsx"))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_changes_nothing(demo_db, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"people{suffix}"
    exports.export(demo_db, "people", path)
    before = snapshot(demo_db)
    plan = imports.plan(demo_db, path)
    assert (plan.created, plan.updated, len(plan.errors)) == (0, 0, 0)
    assert plan.unchanged == 120
    assert imports.apply(demo_db, plan) is None
    assert snapshot(demo_db) == before


HOSTILE = {
    "job_title": '=HYPERLINK("http://evil.example","Click")',
    "phone": "+44 20 7188 7188",
    "interests": "@SUM(1+1)*cmd|' /C calc'!A0",
    "preferred_name": "-Jo",
}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_formula_like_cells_survive_a_round_trip_without_running(db, tmp_path, suffix) -> None:
    create_person(db, PersonInput("Eve", "Il", "eve@nhs.net", **HOSTILE))
    path = tmp_path / f"out{suffix}"
    exports.export(db, "people", path)
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK" in text and "'+44 20" in text and "'@SUM" in text
    else:
        sheet = openpyxl.load_workbook(path).active
        assert sheet is not None
        cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value]
        assert all(c.data_type == "s" for c in cells)
    plan = imports.plan(db, path)
    assert (plan.unchanged, plan.updated) == (1, 0)


def test_importing_formula_text_stores_it_as_plain_text(db, tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "in.csv",
        ["Email", "First name", "Surname", "Job title"],
        [["f@nhs.net", "Fo", "Rmula", "=1+2"]],
    )
    plan = imports.plan(db, path)
    imports.apply(db, plan)
    assert snapshot(db)["people"]["f@nhs.net"]["job_title"] == "=1+2"
