"""Write exports as xlsx (openpyxl, write-only for speed) or UTF-8 CSV that Excel opens cleanly."""

from __future__ import annotations

import csv
import datetime
import enum
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from cohort_desk import outputs
from cohort_desk.sheets.formulas import looks_like_formula, neutralise_formula, restore_neutralised

# openpyxl (which pulls numpy in when it is installed) is imported only when a workbook is
# written: at start-up it cost the window 0.15 s.
if TYPE_CHECKING:
    pass

__all__ = [
    "Formatted",
    "SheetOut",
    "neutralise_formula",
    "restore_neutralised",
    "write_csv",
    "write_xlsx",
]

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
WIDTH_SAMPLE_ROWS = 500
MAX_WIDTH = 60
MAX_CELL_CHARS = 32_767
# The characters openpyxl refuses in a cell (its ILLEGAL_CHARACTERS_RE).
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")
_BAD_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Formatted:
    """One number with its own number format, where a column mixes them (a change in people
    as "+3", a change in a percentage as "+4.2 points")."""

    value: int | float | Decimal | None
    number_format: str


@dataclass
class SheetOut:
    title: str
    headers: list[str]
    rows: Iterable[Sequence[object]]
    number_formats: dict[int, str] = field(default_factory=dict)  # column index -> "0.0%"
    # Presentation for sheets meant to be read and printed (the attendance summary):
    heading: str = ""  # a bold title row above the header row
    freeze_columns: int = 0  # columns that stay in view when scrolling right (the names)
    widths: dict[int, float] = field(default_factory=dict)  # column index -> width in characters
    rotated: set[int] = field(default_factory=set)  # columns whose heading reads upwards
    fills: dict[int, dict[str, str]] = field(default_factory=dict)  # column -> value -> RRGGBB
    landscape: bool = False  # print landscape, one page wide, header rows on every page


def write_xlsx(path: str | os.PathLike[str], sheets: list[SheetOut]) -> None:
    """Write one worksheet per SheetOut: bold frozen header, filter, widths, real dates."""

    def write(target: str) -> None:
        # Built only once the target folder is known to be writable: an abandoned write-only
        # workbook complains from the garbage collector.
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        used: set[str] = set()
        for sheet in sheets:
            _write_sheet(book.create_sheet(_sheet_title(sheet.title, used)), sheet)
        if not sheets:
            book.create_sheet("Sheet1")
        book.save(target)

    _save_atomically(path, write)


def write_csv(
    path: str | os.PathLike[str], headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """UTF-8 with BOM (so Excel shows accents), comma-separated, dates as dd/mm/yyyy."""

    def write(target: str) -> None:
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow([neutralise_formula(str(h)) for h in headers])
            for row in rows:
                out.writerow([_csv_text(value) for value in row])

    _save_atomically(path, write)


def _sheet_title(title: str, used: set[str]) -> str:
    # Excel forbids []:*?/\ and names over 31 characters, and names must be unique.
    base = " ".join(title.translate(_BAD_TITLE).split())[:31].strip("'") or "Sheet"
    candidate, number = base, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.casefold())
    return candidate


def _write_sheet(ws: Any, sheet: SheetOut) -> None:
    # Any: openpyxl's stubs leave column widths, filters and page setup out of write-only
    # sheets, which have them.
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    def make_cell(value: Any) -> Any:
        return WriteOnlyCell(ws, value=value)

    bold = Font(bold=True)
    rows = iter(sheet.rows)
    # Widths must be set before the first row is written, so the first rows are held back.
    head = [list(row) for row in islice(rows, WIDTH_SAMPLE_ROWS)]
    width = max([len(sheet.headers), *(len(row) for row in head)])
    for index in range(width):
        longest = max(
            [len(_shown(row[index])) for row in head if index < len(row)]
            + [len(str(sheet.headers[index])) + 2 if index < len(sheet.headers) else 0]
        )
        ws.column_dimensions[get_column_letter(index + 1)].width = min(
            max(longest + 2, 8), MAX_WIDTH
        )
    for index, chosen in sheet.widths.items():
        ws.column_dimensions[get_column_letter(index + 1)].width = chosen
    top = 2 if sheet.heading else 1  # the header row's number
    ws.freeze_panes = f"{get_column_letter(sheet.freeze_columns + 1)}{top + 1}"
    if sheet.landscape:
        _print_setup(ws, top)
    if sheet.heading:
        title = make_cell(_clean(sheet.heading))
        title.font = Font(bold=True, size=13)
        title.data_type = "s"
        ws.append([title])
    header_cells = []
    for index, text in enumerate(sheet.headers):
        cell = make_cell(_clean(str(text)))
        cell.font = bold
        cell.data_type = "s"
        if index in sheet.rotated:
            cell.alignment = Alignment(text_rotation=90, horizontal="center")
        header_cells.append(cell)
    ws.append(header_cells)
    fills = {
        col: {value: PatternFill("solid", start_color=hex_) for value, hex_ in colours.items()}
        for col, colours in sheet.fills.items()
    }
    centred = Alignment(horizontal="center")
    count = 0
    for row in chain(head, rows):
        formats = sheet.number_formats
        cells: list[Any] = [_xlsx_value(make_cell, v, formats.get(i)) for i, v in enumerate(row)]
        for col, by_value in fills.items():
            value: Any = row[col] if col < len(row) else None
            if col < len(cells) and value in by_value:
                if not hasattr(cells[col], "fill"):  # a plain value: make it a cell to colour
                    cells[col] = make_cell(cells[col])
                cells[col].fill = by_value[value]
                cells[col].alignment = centred
        ws.append(cells)
        count += 1
    if width:
        ws.auto_filter.ref = f"A{top}:{get_column_letter(width)}{count + top}"


def _print_setup(ws: Any, header_row: int) -> None:
    """Landscape A4, one page wide (as many pages down as it takes), the title and header rows
    repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{header_row}"


def _xlsx_value(
    make_cell: Callable[[object], Any], value: object, number_format: str | None
) -> object:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Formatted):
        return _xlsx_value(make_cell, value.value, value.number_format)
    if isinstance(value, str):
        text = _clean(value)
        if looks_like_formula(text):
            cell = make_cell(text)
            cell.data_type = "s"  # otherwise openpyxl writes "=..." as a live formula
            return cell
        return text
    if isinstance(value, int | float | Decimal):
        if number_format is None:
            return value
        cell = make_cell(value)
        cell.number_format = number_format
        return cell
    if isinstance(value, datetime.datetime):
        cell = make_cell(_naive(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = make_cell(value)
        cell.number_format = DATE_FORMAT
        return cell
    return _xlsx_value(make_cell, _plain(value), number_format)


def _naive(moment: datetime.datetime) -> datetime.datetime:
    # Excel has no time zones; show the wall-clock time of this computer.
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _plain(value: object) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _clean(text: str) -> str:
    # Control characters (pasted from other systems) make openpyxl refuse the whole file, and
    # Excel reports a workbook as damaged when a cell holds more than 32,767 characters.
    return _ILLEGAL_CHARACTERS.sub("", text)[:MAX_CELL_CHARS]


def _shown(value: object) -> str:
    if isinstance(value, Formatted):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return "00/00/0000 00:00"
    if isinstance(value, datetime.date):
        return "00/00/0000"
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value)
    return max(text.splitlines(), key=len, default="")


def _csv_text(value: object) -> str:
    if isinstance(value, Formatted):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return _naive(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | Decimal):
        return str(value)  # never neutralised: -5 must stay a number
    return neutralise_formula(_plain(value))


def _save_atomically(path: str | os.PathLike[str], write: Callable[[str], None]) -> None:
    """Write through cohort_desk.outputs: a temporary file beside the target, then swapped in,
    so a failed export never leaves half a file or spoils the one that was there."""
    outputs.write_file(path, lambda temp: write(str(temp)), what="export")
