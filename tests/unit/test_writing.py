"""Exports: xlsx that looks finished in Excel, CSV that Excel opens, and no live formulas."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_desk.errors import UserError
from cohort_desk.sheets.reading import read_table
from cohort_desk.sheets.writing import (
    SheetOut,
    neutralise_formula,
    restore_neutralised,
    write_csv,
    write_xlsx,
)

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+44 7700 900123",
    "-5+3",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    "=1+1",
]
HEADERS = ["Name", "Email", "Start", "Booked", "Attendance", "Sessions", "Note"]


def people() -> list[list[object]]:
    return [
        [
            "Zoë O'Neill",
            "zoe@nhs.net",
            dt.date(2026, 2, 2),
            dt.datetime(2026, 1, 5, 9, 30),
            0.875,
            7,
            None,
        ],
        ["Al Khan", "al@nhs.net", None, None, 1.0, 8, "x" * 200],
    ]


def test_xlsx_is_finished_for_a_person(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [SheetOut("People", HEADERS, people(), {4: "0.0%"})])
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet.title == "People"
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G3"
    assert sheet["C2"].value == dt.datetime(2026, 2, 2) and sheet["C2"].number_format == (
        "dd/mm/yyyy"
    )
    assert sheet["D2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["E2"].value == 0.875 and sheet["E2"].number_format == "0.0%"
    assert sheet["F2"].value == 7 and sheet["F2"].data_type == "n"
    assert sheet["G2"].value is None
    widths = {key: dim.width for key, dim in sheet.column_dimensions.items()}
    assert widths["A"] == len("Zoë O'Neill") + 2
    assert widths["G"] == 60  # capped
    assert min(widths.values()) >= 8


def test_formula_like_text_is_stored_as_text_in_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [SheetOut("Notes", ["Note"], [[text] for text in HOSTILE])])
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert all(sheet.cell(row, 1).data_type == "s" for row in range(2, len(HOSTILE) + 2))
    # openpyxl writes through lxml, which escapes a bare carriage return, so it comes back whole.
    assert [row[0] for row in read_table(path).rows[1:]] == list(HOSTILE)


def test_xlsx_round_trip_through_our_reader(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [SheetOut("People", HEADERS, people())])
    rows = read_table(path).rows
    assert rows[1] == [
        "Zoë O'Neill",
        "zoe@nhs.net",
        dt.date(2026, 2, 2),
        dt.datetime(2026, 1, 5, 9, 30),
        "0.875",
        "7",
        "",
    ]


def test_sheet_titles_are_made_legal_and_unique(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    long = "Attendance for cohort 5: sessions 1/2 [draft]?"
    write_xlsx(
        path, [SheetOut(long, ["A"], []), SheetOut(long, ["A"], []), SheetOut("", ["A"], [])]
    )
    titles = openpyxl.load_workbook(path).sheetnames
    assert titles == ["Attendance for cohort 5 session", "Attendance for cohort 5 ses (2)", "Sheet"]


def test_awkward_values_do_not_break_the_file(tmp_path: Path) -> None:
    aware = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    path = tmp_path / "out.xlsx"
    write_xlsx(
        path,
        [
            SheetOut(
                "X",
                ["Text", "When", "Flag"],
                [["bell\x07 and \x00null", aware, True], ["y" * 40_000, None, False]],
            )
        ],
    )
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet["A2"].value == "bell and null"
    assert len(sheet["A3"].value) == 32_767
    assert sheet["B2"].value == aware.astimezone().replace(tzinfo=None)
    assert sheet["C2"].value is True


def test_rows_can_be_a_generator_longer_than_the_width_sample(tmp_path: Path) -> None:
    def rows() -> Iterator[list[object]]:
        for n in range(1200):
            yield [f"p{n}@nhs.net", n]

    path = tmp_path / "out.xlsx"
    write_xlsx(path, [SheetOut("People", ["Email", "Number"], rows())])
    table = read_table(path)
    assert len(table.rows) == 1201 and table.rows[-1] == ["p1199@nhs.net", "1199"]
    assert openpyxl.load_workbook(path).active.auto_filter.ref == "A1:B1201"  # type: ignore[union-attr]


def test_no_sheets_still_makes_a_valid_workbook(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [])
    assert openpyxl.load_workbook(path).sheetnames == ["Sheet1"]


def test_csv_is_utf8_with_bom_uk_dates_and_guarded_formulas(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv(
        path,
        ["Name", "Start", "Booked", "Score", "Note", "Flag"],
        [
            ["Zoë", dt.date(2026, 2, 2), dt.datetime(2026, 1, 5, 9, 30), -5, "=1+1", True],
            ["Al, Jr", None, None, 2.5, "-x", False],
        ],
    )
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == [
        "Name,Start,Booked,Score,Note,Flag",
        "Zoë,02/02/2026,05/01/2026 09:30,-5,'=1+1,TRUE",
        '"Al, Jr",,,2.5,\'-x,FALSE',
    ]


def test_csv_round_trip_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    rows = [[text, f"line one\nline {n}", "'Tis", "''=x"] for n, text in enumerate(HOSTILE)]
    write_csv(path, ["A", "B", "C", "D"], rows)
    assert read_table(path).rows[1:] == rows


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_formula(text: str) -> None:
    assert neutralise_formula(text) == "'" + text
    assert restore_neutralised(neutralise_formula(text)) == text


@pytest.mark.parametrize("text", ["Jane", "", "'Tis", "a=b", "jane@nhs.net", "5-3"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise_formula(text) == text
    assert restore_neutralised(text) == text


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab "), max_size=8) | st.text())
def test_restore_undoes_neutralise_for_every_text(text: str) -> None:
    guarded = neutralise_formula(text)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore_neutralised(guarded) == text


def test_writing_over_a_file_open_elsewhere_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("cohort_desk.outputs.os.replace", locked)
    folder = tmp_path / "out"  # not tmp_path, which holds the test's home folder too
    folder.mkdir()
    with pytest.raises(UserError, match="close it in Excel"):
        write_csv(folder / "out.csv", ["A"], [["1"]])
    assert list(folder.iterdir()) == []  # no half-written temporary file left behind


def test_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        write_xlsx(tmp_path / "nowhere" / "out.xlsx", [SheetOut("A", ["A"], [])])


def test_ten_thousand_rows_are_all_written(tmp_path: Path) -> None:
    # Speed is measured in benchmarks/run.py, not asserted here.
    rows = [
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
            dt.datetime(2026, 1, 1, 9, 30),
            n / 10_000,
            "notes",
        ]
        for n in range(10_000)
    ]
    path = tmp_path / "big.xlsx"
    write_xlsx(path, [SheetOut("People", [f"Column {n}" for n in range(12)], rows, {10: "0%"})])
    write_csv(tmp_path / "big.csv", [f"Column {n}" for n in range(12)], rows)
    from cohort_desk.sheets.reading import read_table

    for name in ("big.xlsx", "big.csv"):
        table = read_table(tmp_path / name)
        assert len(table.rows) == 10_001
        assert table.rows[-1][:3] == ["Given9999", "Family9999", "p9999@nhs.net"]
