"""Where the table starts in a sheet and which field each column holds."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from cohort_desk.errors import UserError, ValidationError
from cohort_desk.rules.headers import find_header_row, guess_field, is_blank_row, map_columns
from cohort_desk.rules.names import clean_text
from cohort_desk.sheets.reading import Cell, Table


def cell_text(cell: Cell | None) -> str:
    if type(cell) is str and cell.isascii():
        # clean_text's result for plain ASCII, at a tenth of the cost on 100,000 cells; tested
        # first, as nearly every cell of a list of people is one.
        return " ".join(cell.split())
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, datetime.date):
        return cell.strftime("%d/%m/%Y")
    if cell.isascii():
        return " ".join(cell.split())
    return clean_text(cell)


def find_columns(
    table: Table, overrides: dict[str, str] | None = None
) -> tuple[int, list[str], dict[int, str]]:
    """The header row's index, its headings and column index -> field; UserError when no
    heading row can be found."""
    index = header_index(table, overrides or {})
    headers = [cell_text(cell) for cell in table.rows[index]]
    mapping = map_columns(headers, overrides)
    mapping = prefer_filled_columns(headers, table.rows[index + 1 :], mapping, overrides or {})
    return index, headers, mapping


@dataclass
class ColumnGuess:
    """The header row and what each column seems to hold, for the window's column choices."""

    header_row: int  # 1-based
    recognised: bool  # False when the first non-blank row is only offered as headings
    headers: list[str]
    mapping: dict[int, str]
    samples: list[list[str]]  # the first few values under each heading


def guess_columns(table: Table, overrides: dict[str, str] | None = None) -> ColumnGuess:
    """Like parse_sheet, but never refuses: with no recognisable headings the first non-blank
    row is offered as headings, so a person can say what each column holds."""
    recognised = True
    try:
        index = header_index(table, overrides or {})
    except UserError:
        recognised, overrides = False, None
        index = next((i for i, row in enumerate(table.rows) if not is_blank_row(row)), 0)
    headers = [cell_text(cell) for cell in table.rows[index]]
    body = table.rows[index + 1 :]
    try:
        mapping = map_columns(headers, overrides)
    except ValidationError:  # a remembered choice that no longer fits this file
        overrides = None
        mapping = map_columns(headers)
    mapping = prefer_filled_columns(headers, body, mapping, overrides or {})
    filled = [row for row in body if not is_blank_row(row)][:3]
    samples = [
        [cell_text(row[i]) for row in filled if i < len(row) and cell_text(row[i])]
        for i in range(len(headers))
    ]
    return ColumnGuess(index + 1, recognised, headers, mapping, samples)


def header_index(table: Table, overrides: dict[str, str]) -> int:
    if overrides:
        # A heading named with --map (or chosen in the window) marks the header row for sure.
        wanted = {" ".join(h.split()).casefold() for h in overrides}
        for index, row in enumerate(table.rows[:30]):
            present = {cell_text(cell).casefold() for cell in row}
            if wanted <= present:
                return index
    index = find_header_row(table.rows)
    if index < 0:
        raise UserError(
            f"Cohort Desk could not find the headings in the sheet '{table.sheet}' of "
            f"{table.file_name}; it needs a heading row with at least 'E-mail' and a name "
            "(such as 'First name' and 'Surname') above the list."
        )
    return index


def prefer_filled_columns(
    headers: list[str],
    body: Sequence[Sequence[Cell]],
    mapping: dict[int, str],
    overrides: dict[str, str],
) -> dict[int, str]:
    """When two columns could hold the same field, take the one with the data in it.

    Microsoft Forms puts the respondent's 'Email' first, which says 'anonymous' on open forms,
    while the question 'Work e-mail address' further along holds the real addresses.
    """
    forced = {" ".join(h.split()).casefold() for h in overrides}
    chosen = dict(mapping)
    for index, name in list(mapping.items()):
        if headers[index].casefold() in forced:
            continue
        rivals = [
            i
            for i, heading in enumerate(headers)
            if i != index
            and i not in chosen
            and heading.casefold() not in forced
            and guess_field(heading) == name
        ]
        best, best_score = index, _filled(body, index, name)
        for rival in rivals:
            score = _filled(body, rival, name)
            if score > best_score:
                best, best_score = rival, score
        if best != index:
            del chosen[index]
            chosen[best] = name
    return chosen


def _filled(body: Sequence[Sequence[Cell]], index: int, name: str) -> int:
    values = (cell_text(row[index]) if index < len(row) else "" for row in body[:200])
    if name == "email":
        return sum("@" in value for value in values)
    return sum(bool(value) for value in values)
