"""Reading workbooks and CSV files in the shapes Excel, Forms, LibreOffice and Teams write."""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cohort_desk.errors import UserError
from cohort_desk.rules.headers import find_header_row
from cohort_desk.sheets import reading
from cohort_desk.sheets.reading import Table, read_table, sheet_names

# --- builders -------------------------------------------------------------------------------


def titled_workbook(path: Path) -> Path:
    """What a coordinator makes by hand: a merged title, a blank row, then the table."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Cohort 5"
    sheet["A1"] = "South East London Leadership Academy – Cohort 5"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Exported 02/02/2026"
    sheet.merge_cells("A2:C2")
    sheet.append([])
    sheet.append(["First name", "Surname", "Email", "Age", "Start", "Booked"])
    sheet.append(
        [
            "  Jane ",
            "Smith",
            "jane@nhs.net",
            42,
            dt.date(2026, 2, 2),
            dt.datetime(2026, 1, 5, 9, 30),
        ]
    )
    sheet.append(["Zoë", "O'Neill", "zoe@nhs.net", 3.5, None, None])
    sheet.append(["Al", "Khan", "al@nhs.net", 1e20, None, 0.1 + 0.2])
    book.save(path)
    return path


def ms_forms_export(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "First name",
            "Surname",
            "Organisation",
        ]
    )
    stamp = dt.datetime(2026, 1, 10, 14, 3, 11)
    sheet.append(
        [
            1,
            stamp,
            stamp,
            "jane.smith@nhs.net",
            "SMITH, Jane (OXLEAS NHS FOUNDATION TRUST)",
            None,
            "Jane",
            "Smith",
            "Oxleas",
        ]
    )
    book.save(path)
    return path


END, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (what .xls and encrypted .xlsx files are).

    Each stream is at least 4,096 bytes so that it lives in ordinary sectors, not the mini
    stream, which keeps this writer to one FAT sector and one directory chain.
    """
    sector, fat, body, starts = 512, [FAT_SECTOR], b"", []
    for data in streams.values():
        assert len(data) >= 4096
        count = -(-len(data) // sector)
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [END]
        body += data.ljust(count * sector, b"\0")
    entries = [("Root Entry", 5, END, 0)] + [
        (name, 2, start, len(data))
        for (name, data), start in zip(streams.items(), starts, strict=True)
    ]
    directory_start = len(fat)
    directory_sectors = -(-len(entries) // 4)
    fat += [len(fat) + i + 1 for i in range(directory_sectors - 1)] + [END]
    directory = b""
    for index, (name, kind, start, size) in enumerate(entries):
        raw = name.encode("utf-16-le") + b"\0\0"
        right = index + 1 if 0 < index < len(entries) - 1 else NO_STREAM
        child = 1 if index == 0 else NO_STREAM
        directory += raw.ljust(64, b"\0") + struct.pack(
            "<HBBIII16sIQQIQ", len(raw), kind, 1, NO_STREAM, right, child, b"", 0, 0, 0, start, size
        )
    directory = directory.ljust(directory_sectors * sector, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack(
            "<HHHHH6sIIIIIIIII",
            0x3E,
            3,
            0xFFFE,
            9,
            6,
            b"",
            0,
            1,
            directory_start,
            0,
            4096,
            END,
            0,
            END,
            0,
        )
    )
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    return header + struct.pack("<128I", *fat, *[FREE] * (128 - len(fat))) + body + directory


def biff8_workbook(sheet: str, rows: list[list[str | float]]) -> bytes:
    """The Workbook stream of an Excel 97-2003 file: globals, one sheet of LABEL/NUMBER cells."""

    def record(kind: int, data: bytes) -> bytes:
        return struct.pack("<HH", kind, len(data)) + data

    def bof(kind: int) -> bytes:
        return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    def globals_part(sheet_offset: int) -> bytes:
        name = sheet.encode("latin-1")
        return (
            bof(0x5)
            + record(0x0042, struct.pack("<H", 1200))
            + record(0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(name), 0) + name)
            + record(0x00E1, bytes(4000))  # padding: keeps the stream out of the mini stream
            + record(0x000A, b"")
        )

    cells = b""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                cells += record(
                    0x0204,
                    struct.pack("<HHHHB", r, c, 0, len(value), 1) + value.encode("utf-16-le"),
                )
            else:
                cells += record(0x0203, struct.pack("<HHHd", r, c, 0, value))
    width = max(len(row) for row in rows)
    sheet_part = (
        bof(0x10)
        + record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        + cells
        + record(0x000A, b"")
    )
    return globals_part(len(globals_part(0))) + sheet_part


def opendocument_sheet(path: Path, table_xml: str, name: str = "People") -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">{table_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def ods_row(*cells: str) -> str:
    out = []
    for cell in cells:
        if cell.startswith("#"):
            out.append(
                f'<table:table-cell office:value-type="float" office:value="{cell[1:]}">'
                f"<text:p>{cell[1:]}</text:p></table:table-cell>"
            )
        elif cell.startswith("@"):
            out.append(
                f'<table:table-cell office:value-type="date" office:date-value='
                f'"{cell[1:]}"><text:p>{cell[1:]}</text:p></table:table-cell>'
            )
        else:
            out.append(
                f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p>'
                "</table:table-cell>"
            )
    return "<table:table-row>" + "".join(out) + "</table:table-row>"


# --- workbooks ------------------------------------------------------------------------------


def test_titled_workbook_keeps_row_positions_and_cell_types(tmp_path: Path) -> None:
    table = read_table(titled_workbook(tmp_path / "cohort.xlsx"))
    assert table == Table("cohort.xlsx", "Cohort 5", table.rows)
    assert table.rows[0][0] == "South East London Leadership Academy – Cohort 5"
    assert table.rows[0][1:] == ["", "", "", "", ""]  # merged cells are empty, not repeated
    assert table.rows[2] == [""] * 6
    assert find_header_row(table.rows) == 3  # spreadsheet row 4
    assert table.rows[4] == [
        "  Jane ",
        "Smith",
        "jane@nhs.net",
        "42",
        dt.date(2026, 2, 2),
        dt.datetime(2026, 1, 5, 9, 30),
    ]
    assert table.rows[5] == ["Zoë", "O'Neill", "zoe@nhs.net", "3.5", "", ""]
    assert table.rows[6][3:] == ["1e+20", "", "0.3"]
    assert len(table.rows) == 7


def test_ms_forms_export(tmp_path: Path) -> None:
    table = read_table(ms_forms_export(tmp_path / "Registration(1-1).xlsx"))
    assert find_header_row(table.rows) == 0
    assert table.rows[1][:5] == [
        "1",
        dt.datetime(2026, 1, 10, 14, 3, 11),
        dt.datetime(2026, 1, 10, 14, 3, 11),
        "jane.smith@nhs.net",
        "SMITH, Jane (OXLEAS NHS FOUNDATION TRUST)",
    ]


def many_sheets(path: Path) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Instructions"  # empty
    hidden = book.create_sheet("Lookups")
    hidden.append(["Borough", "Code"])
    hidden.sheet_state = "hidden"
    data = book.create_sheet("People")
    data.append(["Email", "Name"])
    data.append(["a@nhs.net", "A"])
    book.create_sheet("Blank")
    book.save(path)
    return path


def test_default_sheet_is_the_first_visible_one_with_data(tmp_path: Path) -> None:
    path = many_sheets(tmp_path / "book.xlsx")
    assert sheet_names(path) == ["Instructions", "Lookups", "People", "Blank"]
    assert read_table(path).sheet == "People"


def test_sheet_by_name_is_case_insensitive(tmp_path: Path) -> None:
    path = many_sheets(tmp_path / "book.xlsx")
    assert read_table(path, "lookups").rows == [["Borough", "Code"]]


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = many_sheets(tmp_path / "book.xlsx")
    with pytest.raises(UserError, match="'Instructions', 'Lookups', 'People', 'Blank'"):
        read_table(path, "Attendees")


def test_empty_sheet_and_empty_workbook_are_refused(tmp_path: Path) -> None:
    path = many_sheets(tmp_path / "book.xlsx")
    with pytest.raises(UserError, match="sheet 'Blank' in book.xlsx is empty"):
        read_table(path, "Blank")
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(UserError, match="no data on any sheet"):
        read_table(empty)


def test_format_comes_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    disguised = titled_workbook(tmp_path / "cohort.xlsx").rename(tmp_path / "cohort.csv")
    assert read_table(disguised).sheet == "Cohort 5"
    text = tmp_path / "list.xlsx"
    text.write_text("Email,Name\na@nhs.net,A\n")
    assert read_table(text).rows == [["Email", "Name"], ["a@nhs.net", "A"]]


def test_xls_from_a_hand_made_biff8_file(tmp_path: Path) -> None:
    rows: list[list[str | float]] = [
        ["Email", "Name", "Age"],
        ["zoe@nhs.net", "Zoë", 42.0],
        ["al@nhs.net", "Al", 3.5],
    ]
    path = tmp_path / "old.xls"
    path.write_bytes(compound_file({"Workbook": biff8_workbook("People", rows)}))
    assert sheet_names(path) == ["People"]
    assert read_table(path).rows == [
        ["Email", "Name", "Age"],
        ["zoe@nhs.net", "Zoë", "42"],
        ["al@nhs.net", "Al", "3.5"],
    ]


def test_password_protected_xlsx_is_an_ole_file_with_encryption_info(tmp_path: Path) -> None:
    # Excel stores a password-protected workbook as an OLE2 file with these two streams.
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>".ljust(4096, b" ")
    path = tmp_path / "protected.xlsx"
    path.write_bytes(compound_file({"EncryptionInfo": info, "EncryptedPackage": bytes(4096)}))
    with pytest.raises(UserError) as caught:
        read_table(path)
    assert str(caught.value) == (
        "The workbook protected.xlsx is protected by a password; open it in Excel, remove the "
        "password and save it again."
    )


def test_ole_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "letter.xls"
    path.write_bytes(compound_file({"WordDocument": bytes(4096)}))
    with pytest.raises(UserError, match="could not be read as a spreadsheet"):
        read_table(path)


def test_opendocument_sheet(tmp_path: Path) -> None:
    rows = ods_row("Email", "Name", "Age", "Start") + ods_row(
        "zoe@nhs.net", "Zoë", "#42", "@2026-02-02"
    )
    path = opendocument_sheet(tmp_path / "people.ods", rows)
    assert sheet_names(path) == ["People"]
    table = read_table(path)
    assert table.rows == [
        ["Email", "Name", "Age", "Start"],
        ["zoe@nhs.net", "Zoë", "42", dt.date(2026, 2, 2)],
    ]


def test_broken_workbook_xml_gets_a_sentence(tmp_path: Path) -> None:
    source = titled_workbook(tmp_path / "a.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for info in old.infolist():
            data = b"<workbook" if info.filename == "xl/workbook.xml" else old.read(info)
            new.writestr(info.filename, data)
    with pytest.raises(UserError, match="^The file broken.xlsx is damaged"):
        read_table(broken)


class FakePanic(BaseException):
    """Stands in for pyo3's PanicException, which is not an Exception."""


def test_panic_inside_calamine_becomes_a_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = titled_workbook(tmp_path / "a.xlsx")

    def explode(*_: object, **__: object) -> None:
        raise FakePanic("index out of bounds")

    monkeypatch.setattr(reading.calamine.CalamineWorkbook, "from_path", explode)
    with pytest.raises(UserError, match="could not be read as a spreadsheet"):
        read_table(path)


def test_ten_thousand_rows_read_quickly(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("People")
    sheet.append([f"Column {n}" for n in range(12)])
    for n in range(10_000):
        sheet.append(
            [
                f"Given{n}",
                f"Family{n}",
                f"p{n}@nhs.net",
                "Oxleas NHS Foundation Trust",
                "Nurse",
                "Nursing",
                "Bexley",
                "07700900123",
                dt.date(2026, 1, 1),
                n,
                n / 7,
                "notes",
            ]
        )
    path = tmp_path / "big.xlsx"
    book.save(path)
    table = read_table(path)
    assert len(table.rows) == 10_001 and table.rows[10_000][9] == "9999"


# --- CSV ------------------------------------------------------------------------------------


def test_excel_uk_csv_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_bytes("Name,Email,Fee\r\nRenée Dubois,renee@nhs.net,£250\r\n".encode("cp1252"))
    assert read_table(path).rows == [
        ["Name", "Email", "Fee"],
        ["Renée Dubois", "renee@nhs.net", "£250"],
    ]


def test_semicolon_csv_with_commas_inside_names(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(
        "Name;Email;Fee\r\nSmith, Jane;jane@nhs.net;£1,50\r\nO'Neill, Sé;se@nhs.net;£2\r\n".encode(
            "cp1252"
        )
    )
    assert read_table(path).rows[1] == ["Smith, Jane", "jane@nhs.net", "£1,50"]


def test_utf8_bom_csv_keeps_strings_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("\ufeffEmail,Phone,Score\n zoë@nhs.net ,07700 900123,1.50\n".encode("utf-8"))
    table = read_table(path)
    assert table.rows == [["Email", "Phone", "Score"], [" zoë@nhs.net ", "07700 900123", "1.50"]]
    assert table.sheet == "list"


def test_utf16_tab_separated_csv(tmp_path: Path) -> None:
    path = tmp_path / "teams.csv"
    # Bytes, so the test means the same on Windows (write_text would turn "\n" into "\r\n").
    path.write_bytes("Name\tEmail\r\nZoë\tzoe@nhs.net\r\n".encode("utf-16"))
    assert read_table(path).rows == [["Name", "Email"], ["Zoë", "zoe@nhs.net"]]


def test_quoted_newlines_ragged_rows_and_trailing_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    text = 'Email,Name,Notes\na@nhs.net,A,"line one\nline two"\nb@nhs.net,B\n,,\n\n'
    path.write_text(text, newline="")  # exactly these bytes, on Windows too
    assert read_table(path).rows == [
        ["Email", "Name", "Notes"],
        ["a@nhs.net", "A", "line one\nline two"],
        ["b@nhs.net", "B", ""],
    ]


def test_a_multi_line_cell_from_windows_keeps_no_carriage_return(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(b'Email,Notes\r\na@nhs.net,"line one\r\nline two"\r\n')
    assert read_table(path).rows == [["Email", "Notes"], ["a@nhs.net", "line one\nline two"]]


def test_our_own_formula_guard_is_undone_on_import(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Name,Phone,Note\n'=HYPERLINK(1),'+44 7700 900123,'Tis fine\n")
    assert read_table(path).rows[1] == ["=HYPERLINK(1)", "+44 7700 900123", "'Tis fine"]


def test_csv_sheet_name_is_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Email\na@nhs.net\n")
    assert sheet_names(path) == ["people"]
    with pytest.raises(UserError, match="no sheet called 'Sheet2'"):
        read_table(path, "Sheet2")


def test_sheet_names_of_a_picture_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(UserError, match="not a spreadsheet"):
        sheet_names(path)


def test_blank_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(" \n\n,,\n")
    with pytest.raises(UserError, match="no data"):
        read_table(path)


def test_unclosed_quote_is_reported_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('Email,Name\na@nhs.net,"' + "x" * 200_000 + "\n")
    with pytest.raises(UserError, match="unclosed quotation mark"):
        read_table(path)
