"""Read the first (or a chosen) sheet of an xlsx, xlsm, xls, ods or CSV file into plain rows.

Cells come back as text, dates or datetimes: numbers as their shortest text ("42", "3.5"),
empty cells as "". Text is not trimmed. In CSV files the quote our own export puts before
formula-like text is removed again (formulas.restore_neutralised), so exporting and importing
changes nothing. rows[i] is spreadsheet row i + 1, so messages can quote the row a person sees.
"""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import python_calamine as calamine

from cohort_desk.errors import UnsafeFileError, UserError
from cohort_desk.sheets.csv_text import parse_rows, read_text
from cohort_desk.sheets.formula_values import unsaved_formula_cells
from cohort_desk.sheets.formulas import restore_neutralised
from cohort_desk.sheets.safety import MAX_CELLS, detect_kind, file_label, inspect_file

Cell = str | datetime.date | datetime.datetime
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Table:
    file_name: str
    sheet: str
    rows: list[list[Cell]]


def sheet_names(path: str | os.PathLike[str]) -> list[str]:
    """Names of the worksheets a person could import from, in workbook order."""
    if detect_kind(path) == "text":
        read_text(path)  # refuses binary files and web pages before a name is offered
        return [Path(path).stem]
    with _workbook(path) as book:
        return _worksheet_names(book)


def read_table(path: str | os.PathLike[str], sheet: str | None = None) -> Table:
    """Read one sheet (by default the first with any data) after the safety checks."""
    name = file_label(path)
    kind, hinted = inspect_file(path)
    if kind == "text":
        stem = Path(path).stem
        if sheet is not None and sheet.casefold() != stem.casefold():
            raise _unknown_sheet(name, sheet, [stem])
        text_rows = parse_rows(read_text(path), name)
        if not text_rows:
            raise UserError(
                f"The file {name} has no data in it; check that you chose the right file."
            )
        return Table(name, stem, [[restore_neutralised(c) for c in row] for row in text_rows])
    with _workbook(path) as book:
        names = _worksheet_names(book)
        if sheet is not None:
            chosen = _match_sheet(name, sheet, names)
            rows = _sheet_rows(name, book, chosen)
            _refuse_unsaved_formulas(path, kind, chosen, hinted)
            if not rows:
                raise UserError(
                    f"The sheet '{chosen}' in {name} is empty; choose the sheet "
                    "that holds the list."
                )
            return Table(name, chosen, rows)
        for candidate in _visible_first(book, names):
            rows = _sheet_rows(name, book, candidate)
            if rows:
                _refuse_unsaved_formulas(path, kind, candidate, hinted)
                return Table(name, candidate, rows)
        for candidate in names:  # a sheet of formulas alone reads as empty
            _refuse_unsaved_formulas(path, kind, candidate, hinted)
    raise UserError(
        f"The file {name} has no data on any sheet; check that you chose the right file."
    )


def _refuse_unsaved_formulas(
    path: str | os.PathLike[str], kind: str, sheet: str, hinted: frozenset[str] | None
) -> None:
    count = unsaved_formula_cells(path, kind, sheet, hinted)
    if count:
        cells = "a formula" if count == 1 else f"{count:,} formulas"
        raise UserError(
            f"The sheet '{sheet}' in {file_label(path)} has {cells} whose results were never "
            "saved (the program that wrote it does not calculate them), so those cells would "
            "import as empty; open the file in Excel or LibreOffice, save it, and import it "
            "again."
        )


@contextmanager
def _workbook(path: str | os.PathLike[str]) -> Iterator[calamine.CalamineWorkbook]:
    name = file_label(path)
    with _calamine_errors(name):
        book = calamine.CalamineWorkbook.from_path(os.fspath(path))
    try:
        yield book
    finally:
        book.close()


@contextmanager
def _calamine_errors(name: str) -> Iterator[None]:
    """Turn calamine's errors (and any panic from its Rust code) into one plain sentence."""
    try:
        yield
    except UserError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # pyo3 panics derive from BaseException, not Exception
        _log.info("calamine could not read %s: %r", name, exc)
        raise _translate(name, exc) from None


def _translate(name: str, exc: BaseException) -> UserError:
    if isinstance(exc, calamine.PasswordError):
        return UserError(
            f"The workbook {name} is protected by a password; open it in Excel, "
            "remove the password and save it again."
        )
    if isinstance(exc, calamine.ZipError):
        return UserError(
            f"The file {name} is damaged or incomplete (perhaps it did not finish "
            "downloading); save it again from Excel and choose the new copy."
        )
    if "limit" in str(exc).lower() or isinstance(exc, MemoryError):
        return UnsafeFileError(
            f"The file {name} has more cells than can be read safely; delete "
            "the unused rows and columns and save it again."
        )
    if isinstance(exc, calamine.XmlError):
        return UserError(
            f"The file {name} is damaged or was written by a program Cohort Desk "
            "cannot read; open it in Excel, save it as a new workbook and import "
            "that."
        )
    return UserError(
        f"The file {name} could not be read as a spreadsheet; open it in Excel, "
        "save it as an Excel workbook (.xlsx) and import that."
    )


def _worksheet_names(book: calamine.CalamineWorkbook) -> list[str]:
    # Chart and macro sheets hold no rows to import.
    return [
        meta.name for meta in book.sheets_metadata if meta.typ == calamine.SheetTypeEnum.WorkSheet
    ]


def _visible_first(book: calamine.CalamineWorkbook, names: list[str]) -> list[str]:
    hidden = {
        meta.name
        for meta in book.sheets_metadata
        if meta.visible != calamine.SheetVisibleEnum.Visible
    }
    return [n for n in names if n not in hidden] + [n for n in names if n in hidden]


def _match_sheet(name: str, wanted: str, names: list[str]) -> str:
    if wanted in names:
        return wanted
    folded = [n for n in names if n.casefold() == wanted.strip().casefold()]
    if folded:
        return folded[0]
    raise _unknown_sheet(name, wanted, names)


def _unknown_sheet(name: str, wanted: str, names: list[str]) -> UserError:
    listed = ", ".join(f"'{n}'" for n in names) or "none"
    return UserError(f"There is no sheet called '{wanted}' in {name}; the sheets are: {listed}.")


def _sheet_rows(name: str, book: calamine.CalamineWorkbook, sheet: str) -> list[list[Cell]]:
    with _calamine_errors(name):
        data = book.get_sheet_by_name(sheet)
        # The zip checks bound xlsx; for xls and ods this at least spares the Python rows,
        # which cost far more memory than calamine's own.
        end = data.end
        if end is not None and (end[0] + 1) * (end[1] + 1) > MAX_CELLS:
            raise UnsafeFileError(
                f"The sheet '{sheet}' in {name} has more cells than can be "
                "read safely; delete the unused rows and columns and save it "
                "again."
            )
        raw = data.to_python(skip_empty_area=False)
        # Text, nearly every cell of a list of people, is kept as it is without a call.
        rows = [[v if type(v) is str else _cell(v) for v in row] for row in raw]
    while rows and all(cell == "" for cell in rows[-1]):
        rows.pop()
    return rows


def _cell(value: object) -> Cell:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")  # Excel shows 15 significant digits
    if isinstance(value, datetime.date):  # datetimes too
        return value
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, datetime.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)
