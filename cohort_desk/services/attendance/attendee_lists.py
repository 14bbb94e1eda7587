"""Who came, from a typed list: its e-mail column (and a name column when there is one, for
rows without an address and to show who was not matched).

A list of people's details (job titles, professions, phone numbers) is not a record of who
came: given to attendance, it is refused naming the command that imports people.
"""

from __future__ import annotations

from cohort_desk.errors import UserError, ValidationError
from cohort_desk.rules.attendees import Attendee
from cohort_desk.rules.headers import FIELD_LABELS, guess_field
from cohort_desk.rules.names import check_email, clean_text
from cohort_desk.sheets.reading import Cell, Table

HEADER_SCAN_ROWS = 30
# Columns that describe people rather than record who came. A sign-in sheet may have an
# organisation column, so that alone does not make a people list.
DETAIL_FIELDS = ("job_title", "profession", "borough", "phone", "title", "interests")


def read_attendee_list(table: Table) -> list[Attendee]:
    """The people a list names, once each, in file order: by e-mail address, and by name
    where a row has a name and no address."""
    rows = table.rows
    header, columns = _header(rows)
    refuse_people_list(table, columns)
    email = columns.get("email")
    if header is None:
        email = _email_column_by_content(rows)
    if email is None:
        # Names alone would be matched by name only, and a list that matched nobody would
        # mark everyone absent: an e-mail column is required.
        raise UserError(
            f"No e-mail addresses were found in {table.file_name}; use a list with one "
            "e-mail address per row, under a heading such as 'Email'."
        )
    found: dict[str, Attendee] = {}
    for row in rows[(header + 1) if header is not None else 0 :]:
        address = _cell(row, email)
        name = _name(row, columns)
        if not address and not name:
            continue
        key = address.casefold() or "name:" + name.casefold()
        found.setdefault(key, Attendee(name, address))
    if not found:
        raise UserError(
            f"The e-mail column of {table.file_name} is empty; type the addresses of the "
            "people who came under its heading."
        )
    return list(found.values())


def refuse_people_list(table: Table, columns: dict[str, int]) -> None:
    """A list with columns for job titles, professions, phones... is for Import people."""
    details = [field for field in DETAIL_FIELDS if field in columns]
    if len(details) < 2:
        return
    shown = " and ".join(FIELD_LABELS.get(f, f).replace("_", " ") for f in details[:2])
    raise UserError(
        f"{table.file_name} is a list of people's details (it has columns for {shown}), not a "
        "record of who came; add or update these people with Import people (cohort-desk "
        f'import "{table.file_name}"), and mark attendance from the Teams report or a list '
        "of the e-mail addresses of those who came."
    )


def _header(rows: list[list[Cell]]) -> tuple[int | None, dict[str, int]]:
    """The first row with a heading for e-mail, and field -> column."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            if isinstance(cell, str) and "@" not in cell:
                field = guess_field(cell)
                if field is not None and field not in columns:
                    columns[field] = column
        if "email" in columns:
            return index, columns
    return None, {}


def _email_column_by_content(rows: list[list[Cell]]) -> int | None:
    """A list typed with no heading: the column where most cells are addresses."""
    tally: dict[int, int] = {}
    for row in rows:
        for column, cell in enumerate(row):
            if isinstance(cell, str) and "@" in cell and _is_email(cell):
                tally[column] = tally.get(column, 0) + 1
    if not tally:
        return None
    return max(tally, key=lambda c: (tally[c], -c))


def _cell(row: list[Cell], column: int | None) -> str:
    if column is None or column >= len(row):
        return ""
    return clean_text(str(row[column]))


def _name(row: list[Cell], columns: dict[str, int]) -> str:
    if "full_name" in columns:
        return _cell(row, columns["full_name"])
    parts = (_cell(row, columns.get("given_name")), _cell(row, columns.get("family_name")))
    return " ".join(p for p in parts if p)


def _is_email(text: str) -> bool:
    try:
        check_email(text)
    except ValidationError:
        return False
    return True
