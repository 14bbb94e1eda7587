"""Recognise the header row of a list of people and map its columns to our fields."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from cohort_desk.errors import ValidationError
from cohort_desk.rules.header_words import BARE_NAMES, CONTAINS, HEADINGS

FIELDS: tuple[str, ...] = tuple(
    "title given_name family_name full_name preferred_name email organisation job_title "
    "profession borough phone interests ignore".split()
)
NAME_FIELDS = frozenset({"given_name", "family_name", "full_name"})
FIELD_LABELS = {field: field.replace("_", " ") for field in FIELDS} | {
    "given_name": "first name",
    "family_name": "surname",
    "email": "e-mail",
}

# Letters NFKD does not take apart into a base letter and an accent.
_UNACCENTED = str.maketrans({"ł": "l", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d"})


def heading_words(header: str) -> str:
    """Lower case without accents, punctuation as spaces: 'E-Mail-Adresse' -> 'email adresse'."""
    text = unicodedata.normalize("NFKD", header.casefold().translate(_UNACCENTED))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("e-mail", "email")
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(text.split())


# Whole headings, compared with spaces and punctuation removed ("E-mail" == "email").
_EXACT = {
    heading_words(heading).replace(" ", ""): field
    for field, headings in HEADINGS.items()
    for heading in headings.split("|")
}
_BARE = frozenset(heading_words(word) for word in BARE_NAMES)
_FILLER = re.compile(
    r"^(please )?(enter|give|provide|tell us|state)? ?(what is |what's )?"
    r"(your )?"
)


def guess_field(header: str) -> str | None:
    """The field a heading most likely holds, or None (unknown heading or form metadata)."""
    words = heading_words(str(header))
    if not words:
        return None
    for candidate in (words, _FILLER.sub("", words)):
        compact = candidate.replace(" ", "")
        if compact in _EXACT:
            return _EXACT[compact]
    for pattern, field in CONTAINS:
        if re.search(pattern, words):
            return field
    return None


def find_header_row(rows: Sequence[Sequence[object]], max_scan: int = 30) -> int:
    """Index of the header row: the first with two known headings, one an e-mail or name.

    Title rows, notes and blank rows above the table are skipped. Returns -1 when no row
    qualifies, so the caller can say what is missing in its own words.
    """
    for index, row in enumerate(rows[:max_scan]):
        fields = {guess_field(str(cell)) for cell in row if str(cell).strip()} - {None}
        if len(fields) >= 2 and (fields & (NAME_FIELDS | {"email"})):
            return index
    return -1


def map_columns(headers: Sequence[str], overrides: dict[str, str] | None = None) -> dict[int, str]:
    """Column index -> field. Columns left out of the result are ignored.

    Overrides ({heading: field}, headings matched case-insensitively) win over guesses, and
    "ignore" drops a column. Otherwise the first column for a field wins, and a full-name column
    is dropped when both first-name and surname columns exist.
    """
    chosen: dict[int, str] = {}
    forced = _resolve_overrides(headers, overrides or {})
    taken = {field for field in forced.values() if field != "ignore"}
    for index, header in enumerate(headers):
        if index in forced:
            if forced[index] != "ignore":
                chosen[index] = forced[index]
            continue
        field = guess_field(str(header))
        if field is not None and field not in taken:
            chosen[index] = field
            taken.add(field)
    chosen = _read_bare_name(headers, chosen, set(forced))
    fields = set(chosen.values())
    if {"given_name", "family_name"} <= fields and "full_name" in fields:
        chosen = {index: field for index, field in chosen.items() if field != "full_name"}
    return chosen


def _read_bare_name(
    headers: Sequence[str], chosen: dict[int, str], forced: set[int]
) -> dict[int, str]:
    """A bare 'Name' column beside only a first-name column holds surnames (Name/Vorname,
    Nom/Prénom), and beside only a surname column first names (Nombre/Apellidos)."""
    fields = set(chosen.values())
    if "full_name" not in fields or ({"given_name", "family_name"} <= fields):
        return chosen
    for index, field in chosen.items():
        bare = heading_words(str(headers[index])) in _BARE
        if field == "full_name" and index not in forced and bare:
            if "given_name" in fields:
                return chosen | {index: "family_name"}
            if "family_name" in fields:
                return chosen | {index: "given_name"}
    return chosen


def _resolve_overrides(headers: Sequence[str], overrides: dict[str, str]) -> dict[int, str]:
    by_heading = {
        " ".join(str(h).split()).casefold(): i for i, h in reversed(list(enumerate(headers)))
    }
    forced: dict[int, str] = {}
    owner: dict[str, str] = {}
    for heading, field in overrides.items():
        if field not in FIELDS:
            allowed = ", ".join(FIELDS)
            raise ValidationError(
                f"'{field}' is not a field Cohort Desk knows; use one of: {allowed}.",
                field="mapping",
            )
        index = by_heading.get(" ".join(heading.split()).casefold())
        if index is None:
            raise ValidationError(
                f"There is no column headed '{heading}' in this file; check "
                "the spelling against the file's header row.",
                field="mapping",
            )
        if field != "ignore" and field in owner:
            raise ValidationError(
                f"The columns '{owner[field]}' and '{heading}' are both set to "
                f"{FIELD_LABELS[field]}; set one of them to ignore.",
                field="mapping",
            )
        owner[field] = heading
        forced[index] = field
    return forced


_FOOTER = re.compile(
    r"^(total|totals|count|generated|printed|exported|created|report "
    r"generated|page \d|number of|end of|source)\b",
    re.IGNORECASE,
)


def is_blank_row(cells: Sequence[object]) -> bool:
    return all(not str(cell).strip() for cell in cells if cell is not None)


def is_footer_row(cells: Sequence[object]) -> bool:
    """A line under the table such as 'Total: 25 participants' or 'Generated by Forms'.

    A row with one non-empty cell, in the first column, that is not an e-mail address also
    counts; callers should only treat footers as the end of data after the last real row.
    """
    filled = [(i, str(c).strip()) for i, c in enumerate(cells) if c is not None and str(c).strip()]
    if not filled:
        return False
    if _FOOTER.match(filled[0][1]):
        return True
    return len(filled) == 1 and filled[0][0] == 0 and "@" not in filled[0][1]
