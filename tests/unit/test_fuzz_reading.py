"""Fuzzing the spreadsheet readers: random and mutated CSV and XLSX files may only give a table
or a UserError (one sentence for a person), never a crash, a hang or another exception."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cohort_desk.errors import UserError
from cohort_desk.sheets.reading import Table, read_table

# More examples on demand: COHORT_DESK_FUZZ_EXAMPLES=2000 pytest tests/unit/test_fuzz_*.py
FUZZ = settings(
    max_examples=int(os.environ.get("COHORT_DESK_FUZZ_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that trips parsers: quotes, separators, line ends, BOMs, NUL, surrogates' neighbours,
# formula starts, and names from south east London's real spread of languages.
awkward_text = st.text(
    alphabet=st.sampled_from(
        list("\",;\t\r\n\x00\ufeff=+-@'|") + list("abcZé ßø–—’ŁĞİıəج中😀") + ["\u202e", "\x1a"]
    ),
    max_size=30,
)
cells = st.one_of(
    awkward_text,
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.none(),
)
tables = st.lists(st.lists(cells, min_size=0, max_size=6), min_size=0, max_size=12)


def outcome(path: Path) -> Table | UserError:
    """The only two acceptable results; anything else raised fails the test."""
    try:
        table = read_table(path)
    except UserError as error:
        assert error.message.strip(), "an error must say what is wrong"
        assert "Traceback" not in error.message
        return error
    assert isinstance(table, Table)
    assert all(isinstance(c, str | dt.date) for row in table.rows for c in row)
    return table


@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_as_csv(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    outcome(path)


@FUZZ
@given(rows=tables, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_csv_of_awkward_cells_in_any_encoding(tmp_path: Path, rows, encoding: str) -> None:
    lines = [",".join("" if c is None else str(c) for c in row) for row in rows]
    path = tmp_path / "awkward.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding, errors="replace"))
    outcome(path)


WORKBOOK_PARTS = [
    "xl/worksheets/sheet1.xml",
    "xl/workbook.xml",
    "xl/sharedStrings.xml",
    "[Content_Types].xml",
    "xl/styles.xml",
]


def written(cell: object) -> object:
    """The cell as the workbook holds it: openpyxl refuses control characters outright, so
    they are dropped here (the fuzzing of them is done on CSV)."""
    return cell.replace("\x00", "").replace("\x1a", "") if isinstance(cell, str) else cell


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([written(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(rows=tables)
@example(rows=[["\x00=;"]])  # a formula once the NUL is dropped
def test_well_formed_workbooks_always_read(tmp_path: Path, rows) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    result = outcome(path)
    stored = [written(c) for row in rows for c in row]
    if any(isinstance(c, str) and c.startswith("=") for c in stored):
        # openpyxl saves formulas without their results: refused, saying so, or read.
        assert isinstance(result, Table) or "never saved" in str(result), result
    elif any(c not in (None, "") for c in stored):
        assert isinstance(result, Table), result


@FUZZ
@given(
    rows=tables,
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=8),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_damaged_workbooks(tmp_path: Path, rows, flips, cut) -> None:
    data = bytearray(xlsx_bytes(rows))
    for where, value in flips:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    outcome(path)


def test_a_workbook_needing_a_newer_zip_version_is_refused(tmp_path: Path) -> None:
    # zipfile raises NotImplementedError ("zip file version 6.4") for an entry that claims
    # to need a newer zip format: a damaged header, which escaped as a traceback.
    data = bytearray(xlsx_bytes([["Given name", "E-mail"], ["Ann", "ann@example.org"]]))
    data[data.index(b"PK\x01\x02") + 6] = 0x40  # "version needed to extract"
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    result = outcome(path)
    assert isinstance(result, UserError) and "damaged" in str(result), result


@FUZZ
@given(rows=tables, part=st.sampled_from(WORKBOOK_PARTS), junk=st.binary(max_size=600))
def test_workbooks_with_a_part_replaced_by_junk(tmp_path: Path, rows, part, junk) -> None:
    original = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            out.writestr(item.filename, junk if item.filename == part else original.read(item))
    path = tmp_path / "junk.xlsx"
    path.write_bytes(buffer.getvalue())
    outcome(path)


@FUZZ
@given(
    body=st.text(
        alphabet=st.sampled_from(list('<>/="abcrvt xmlns:!DOCTYPE ENTITY &;1AZ\n')), max_size=400
    )
)
def test_workbooks_with_hostile_sheet_xml(tmp_path: Path, body: str) -> None:
    original = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["a", "b"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            payload = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                payload = payload.replace(b"<sheetData>", b"<sheetData>" + body.encode())
            out.writestr(item.filename, payload)
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(buffer.getvalue())
    outcome(path)
