"""Hostile and broken files are refused quickly, with one plain sentence, before any parser runs."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cohort_desk.errors import UnsafeFileError, UserError
from cohort_desk.sheets import csv_text, safety
from cohort_desk.sheets.reading import read_table, sheet_names

MB = 1024 * 1024


def plain_workbook(path: Path, rows: list[list[object]] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows or [["Email", "Name"], ["jane@nhs.net", "Jane Smith"]]:
        sheet.append(row)
    book.save(path)
    return path


def replace_parts(source: Path, target: Path, parts: dict[str, bytes]) -> Path:
    """Copy a zip, swapping or adding parts, the way an attacker edits a real workbook."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename not in parts:
                new.writestr(info, old.read(info.filename), zipfile.ZIP_DEFLATED)
        for name, data in parts.items():
            new.writestr(name, data, zipfile.ZIP_DEFLATED)
    return target


def forge_declared_size(path: Path, entry: str, size: int) -> None:
    """Rewrite an entry's uncompressed size in the central directory only."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len].decode() == entry:
            struct.pack_into("<I", data, at + 24, size)
            path.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(entry)


def assert_one_sentence(error: UserError) -> None:
    message = str(error)
    assert message.endswith(".") and "\n" not in message
    assert "Traceback" not in message and "Error" not in message


def refused(path: Path, kind: type[UserError] = UnsafeFileError) -> UserError:
    started = time.perf_counter()
    with pytest.raises(kind) as caught:
        read_table(path)
    assert time.perf_counter() - started < 1.0
    assert_one_sentence(caught.value)
    return caught.value


def test_forged_two_gigabyte_bomb_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = plain_workbook(tmp_path / "bomb.xlsx")
    forge_declared_size(path, "xl/worksheets/sheet1.xml", 2_000_000_000)
    assert "zip bomb" in str(refused(path))


def test_real_zip_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    path = tmp_path / "zeros.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * MB
            for _ in range(64):
                part.write(chunk)
    assert path.stat().st_size < MB
    assert "zip bomb" in str(refused(path))


def test_entry_inflating_past_its_declared_size_is_refused(tmp_path: Path) -> None:
    path = plain_workbook(tmp_path / "liar.xlsx")
    sheet = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    forge_declared_size(path, "xl/worksheets/sheet1.xml", sheet.file_size // 2)
    assert "larger than it declares" in str(refused(path))


def test_too_many_entries_is_refused_without_reading_them(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for index in range(safety.MAX_ZIP_ENTRIES):
            archive.writestr(f"x/{index}", b"")
    refused(path)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol9;</t></si></sst>"""
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


@pytest.mark.parametrize(
    ("part", "payload"),
    [
        ("xl/sharedStrings.xml", BILLION_LAUGHS),
        ("xl/worksheets/sheet1.xml", XXE),
        ("xl/worksheets/sheet1.xml", XXE.replace(b"DOCTYPE", b"doctype")),
        ("xl/styles.xml", BILLION_LAUGHS.decode().encode("utf-16")),
        # Past the first inflated chunk, behind text that does not compress like a bomb.
        ("xl/workbook.xml", b"<!-- " + os.urandom(MB).hex().encode() + b" -->" + XXE),
    ],
    ids=["billion-laughs", "xxe", "lower-case", "utf-16", "deep-in-part"],
)
def test_entity_declarations_are_refused_never_expanded(
    tmp_path: Path, part: str, payload: bytes
) -> None:
    path = replace_parts(
        plain_workbook(tmp_path / "a.xlsx"), tmp_path / "evil.xlsx", {part: payload}
    )
    assert "entity" in str(refused(path))


def test_cell_far_away_is_refused_before_calamine_allocates_it(tmp_path: Path) -> None:
    # One value in XFD1048576 makes calamine ask for 500 GB and abort the process.
    path = plain_workbook(tmp_path / "far.xlsx", [["Email", "Name"]])
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"] = "x"  # type: ignore[index]
    book.save(path)
    assert "row 1,048,576" in str(refused(path))
    with pytest.raises(UnsafeFileError):
        sheet_names(path)


def test_wide_but_reasonable_sheet_is_read(tmp_path: Path) -> None:
    header = [f"Question {n}" for n in range(60)]
    path = plain_workbook(tmp_path / "wide.xlsx", [header, ["x"] * 60])
    assert len(read_table(path).rows[0]) == 60


def test_truncated_workbook_is_called_damaged(tmp_path: Path) -> None:
    whole = plain_workbook(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "damaged or incomplete" in str(refused(path, UserError))


@pytest.mark.parametrize(
    "content",
    [
        os.urandom(4096),
        b"\x89PNG\r\n\x1a\n" + os.urandom(500),
        b"%PDF-1.7\n" + os.urandom(500),
        b"\x00\x01\x02\x03 binary",
        b"GIF89a" + bytes(100),
    ],
    ids=["random", "png", "pdf", "control-bytes", "gif"],
)
def test_binary_junk_is_not_a_spreadsheet(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "people.xlsx"  # the name must not matter
    path.write_bytes(content)
    assert "not a spreadsheet" in str(refused(path, UserError))


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert "empty (0 bytes)" in str(refused(path, UserError))


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert "could not be opened" in str(refused(tmp_path / "gone.xlsx", UserError))


def test_oversized_file_is_refused_by_size_alone(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:  # sparse: no time spent writing
        handle.truncate(safety.MAX_FILE_BYTES + 1)
    assert "too big" in str(refused(path))


def test_oversized_text_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_text, "MAX_TEXT_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_text("Email,Name\n" + "a@b.org,A\n" * 200)
    refused(path)


def test_csv_with_too_many_cells_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_text, "MAX_CELLS", 100)
    path = tmp_path / "cells.csv"
    path.write_text("Email,Name\n" + "a@b.org,A\n" * 60)
    refused(path)


def test_ragged_csv_cannot_be_padded_into_a_memory_bomb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_text, "MAX_CELLS", 10_000)
    path = tmp_path / "ragged.csv"
    path.write_text("," * 5000 + "\n" + "a\n" * 4000)
    refused(path)


def test_zip_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert "not a spreadsheet" in str(refused(path, UserError))


def test_binary_workbook_is_sent_back_to_excel(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert "(.xlsb)" in str(refused(path, UserError))


def test_other_opendocument_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "letter.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    assert "not a spreadsheet" in str(refused(path, UserError))


def test_unusual_compression_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bz.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "compression" in str(refused(path, UserError))


def test_encrypted_zip_entry_is_refused(tmp_path: Path) -> None:
    path = plain_workbook(tmp_path / "enc.xlsx")
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, at + 8, struct.unpack_from("<H", data, at + 8)[0] | 1)
    path.write_bytes(bytes(data))
    assert "password" in str(refused(path, UserError))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<html><body><table><tr><td>Email</td></tr></table></body></html>", "web page"),
        (
            '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
            'spreadsheet"></Workbook>',
            "XML Spreadsheet 2003",
        ),
    ],
)
def test_web_pages_saved_as_xls_get_a_clear_sentence(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "export.xls"
    path.write_text(text, encoding="utf-8")
    assert words in str(refused(path, UserError))


def test_legitimate_workbook_passes_all_checks_quickly(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Email", "Name"]]
    rows += [[f"p{n}@nhs.net", f"Person {n}"] for n in range(2000)]
    path = plain_workbook(tmp_path / "ok.xlsx", rows)
    started = time.perf_counter()
    assert safety.detect_kind(path) == "xlsx"
    assert time.perf_counter() - started < 0.5


def test_entry_count_comes_from_the_end_record(tmp_path: Path) -> None:
    # The entry count comes from the end record, so a central directory is never trusted.
    path = plain_workbook(tmp_path / "ok.xlsx")
    with open(path, "rb") as handle:
        assert safety._entry_count(handle, path.stat().st_size) == len(
            zipfile.ZipFile(io.BytesIO(path.read_bytes())).infolist()
        )
