"""A feedback form's export read into columns and responses: which column is the form's own
(ID, times, e-mail, name) and which are the questions, each recognised with its scale."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from cohort_desk.errors import UserError
from cohort_desk.rules import feedback as F
from cohort_desk.rules.dates import UK
from cohort_desk.rules.headers import is_blank_row
from cohort_desk.sheets.reading import Cell, Table, read_table
from cohort_desk.sheets.teams import is_teams_table

HEADER_SCAN = 10  # rows searched for the header row (a title row may sit above it)


@dataclass(frozen=True)
class SourceRow:
    """One response as the file has it: its row number as a person sees it, and its cells."""

    row: int
    cells: list[str]
    submitted: dt.datetime | None


@dataclass
class FeedbackFile:
    file_name: str
    sheet: str
    header_row: int  # 1-based, as a spreadsheet program shows it
    headings: list[str]
    form_columns: dict[str, int]  # "id", "email", "name", "completed"... -> column index
    questions: list[tuple[int, F.Question]]  # column index, question
    rows: list[SourceRow] = field(default_factory=list)
    blank_rows: list[int] = field(default_factory=list)


def _text(cell: Cell) -> str:
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    return str(cell)


def _when(cell: Cell) -> dt.datetime | None:
    """A submission time: Forms' workbooks hold real date-times (UK wall clock), exports saved
    as text hold them as typed; day before month, as everywhere in Cohort Desk."""
    moment: dt.datetime | None = None
    if isinstance(cell, dt.datetime):
        moment = cell
    elif isinstance(cell, str) and cell.strip():
        text = " ".join(cell.replace(" GMT", "").replace(" BST", "").split())
        for pattern in (
            "%d/%m/%Y %H:%M:%S",
            "%d/%m/%Y %H:%M",
            "%Y/%m/%d %I:%M:%S %p",
            "%Y/%m/%d %H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%d/%m/%Y",
        ):
            try:
                moment = dt.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UK)
    return moment.astimezone(dt.UTC)


def _header_row(rows: list[list[Cell]]) -> int:
    """The first row naming the form's own columns (ID, Timestamp, Email...)."""
    for index, row in enumerate(rows[:HEADER_SCAN]):
        roles = {F.form_column(_text(c)) for c in row if _text(c).strip()}
        if roles & {"id", "completed", "started", "email"}:
            return index
    for index, row in enumerate(rows[:HEADER_SCAN]):
        if sum(1 for c in row if _text(c).strip()) >= 2:
            return index
    return -1


def read_feedback(
    path: str | os.PathLike[str], sheet: str | None = None, table: Table | None = None
) -> FeedbackFile:
    """Read the export; a file that is no feedback export is refused in one sentence."""
    table = table or read_table(path, sheet)
    if is_teams_table(table.rows):
        raise UserError(
            f"{table.file_name} is a Teams attendance report, not a feedback form's responses; "
            "mark attendance from it on the Attendance screen."
        )
    header = _header_row(table.rows)
    if header < 0:
        raise UserError(
            f"{table.file_name} has no header row of a feedback form (ID, Timestamp or Email "
            "and the questions); export the responses from Microsoft Forms or Google Forms "
            "and choose that file."
        )
    headings = [" ".join(_text(c).split()) for c in table.rows[header]]
    form_columns: dict[str, int] = {}
    question_columns: list[int] = []
    for index, heading in enumerate(headings):
        role = F.form_column(heading)
        if role is None:
            question_columns.append(index)
        elif role != "ignore":
            form_columns.setdefault(role, index)
    if not question_columns:
        raise UserError(
            f"{table.file_name} has no question columns after the form's own (ID, times, "
            "e-mail, name); choose the export of the form's responses."
        )
    rows: list[SourceRow] = []
    blank: list[int] = []
    width = len(headings)
    for offset, raw in enumerate(table.rows[header + 1 :], start=header + 2):
        if is_blank_row(raw):
            blank.append(offset)
            continue
        cells = [_text(c) for c in raw[:width]] + [""] * max(0, width - len(raw))
        when_column = form_columns.get("completed", form_columns.get("started"))
        submitted = (
            _when(raw[when_column]) if when_column is not None and when_column < len(raw) else None
        )
        rows.append(SourceRow(offset, cells, submitted))
    if not rows:
        raise UserError(
            f"{table.file_name} has no responses under its header row; check that you chose "
            "the export made after people answered."
        )
    questions = [
        (index, F.recognise(headings[index], [row.cells[index] for row in rows]))
        for index in question_columns
    ]
    return FeedbackFile(
        file_name=table.file_name,
        sheet=table.sheet,
        header_row=header + 1,
        headings=headings,
        form_columns=form_columns,
        questions=questions,
        rows=rows,
        blank_rows=blank,
    )
