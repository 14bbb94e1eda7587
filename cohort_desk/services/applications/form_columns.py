"""Reading a form export's columns: which are answers, which says when it was sent, and which
ask equality monitoring questions (kept apart, so never imported with an application)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cohort_desk.errors import ValidationError
from cohort_desk.rules.characters import strip_invisible
from cohort_desk.rules.dates import parse_datetime
from cohort_desk.rules.headers import guess_field, heading_words
from cohort_desk.sheets.reading import Cell

UK = ZoneInfo("Europe/London")
FORM_BOOKKEEPING = frozenset(
    heading_words(h)
    for h in (
        "ID",
        "Start time",
        "Last modified time",
        "Email",
        "Email address",
        "Name",
        "Response ID",
        "Total points",
        "Quiz feedback",
        "Points",
    )
)
SUBMITTED = frozenset(
    heading_words(h)
    for h in ("Completion time", "Timestamp", "Submitted at", "Submission time", "Date submitted")
)
# Equality monitoring questions are special-category data, kept apart from the application.
_EQUALITY = re.compile(
    r"\b(ethnic\w*|race|disab\w*|sexual\w*|religio\w*|belief|gender\w*|sex|age band|age range|"
    r"age group|pregnan\w*|maternity|marital|civil partnership|transgender|trans)\b"
)


def answer_text(cell: Cell | None) -> str:
    """An answer as the applicant wrote it, line breaks kept (the people columns are tidied to
    one line; a statement is not)."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    return strip_invisible(str(cell).replace("\r\n", "\n").replace("\r", "\n")).strip()


def submitted_at(cell: Cell | None) -> dt.datetime | None:
    """A form's completion time (UK wall clock) as UTC; None when blank; ValueError if not a
    date and time."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, dt.datetime):
        # fold=0: an hour repeated when the clocks go back is read as its first pass.
        return cell.replace(tzinfo=UK).astimezone(dt.UTC)
    if isinstance(cell, dt.date):
        return dt.datetime.combine(cell, dt.time(12), tzinfo=UK).astimezone(dt.UTC)
    try:
        return parse_datetime(str(cell), field="applied_at")
    except ValidationError as exc:
        raise ValueError(str(cell)) from exc


@dataclass
class FormColumns:
    answers: dict[int, str]  # column index -> question
    submitted: int | None
    left_out: list[str]


def form_columns(
    headers: list[str], mapping: dict[int, str], overrides: dict[str, str]
) -> FormColumns:
    ignored = {" ".join(h.split()).casefold() for h, f in overrides.items() if f == "ignore"}
    answers: dict[int, str] = {}
    submitted: int | None = None
    left_out: list[str] = []
    for index, heading in enumerate(headers):
        words = heading_words(heading)
        if index in mapping or not words or heading.casefold() in ignored:
            continue
        if words in SUBMITTED:
            submitted = index if submitted is None else submitted
        elif words in FORM_BOOKKEEPING or guess_field(heading) is not None:
            continue
        elif _EQUALITY.search(words):
            left_out.append(heading)
        elif heading not in answers.values():
            answers[index] = heading
    return FormColumns(answers, submitted, left_out)


def cell_at(cells: list[Cell], index: int | None) -> Cell | None:
    return cells[index] if index is not None and index < len(cells) else None
