"""Recognise the header row of a list of people and map its columns to our fields."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cohort_desk.errors import ValidationError

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

# Whole headings, compared with spaces and punctuation removed ("E-mail" == "email").
_EXACT_HEADINGS: dict[str | None, str] = {
    "title": "title salutation honorific prefix",
    "given_name": "first firstname forename forenames givenname givennames firstnames fname",
    "family_name": "last lastname surname familyname lname secondname",
    "full_name": "name fullname yourname participantname displayname delegatename "
    "attendeename learnername participant nameofparticipant respondentname",
    "preferred_name": "preferredname knownas nickname",
    "email": "email emailaddress workemail nhsnetemail nhsmail emailid mail "
    "emailoftherespondent respondentemail workemailaddress nhsnetemailaddress nhsemail",
    "organisation": "organisation organization employer trust company institution "
    "organisationemployer employingorganisation placeofwork workplace organisationname "
    "trustname",
    "job_title": "jobtitle role position jobrole job designation currentrole post "
    "jobtitlerole roletitle",
    "profession": "profession professionalgroup staffgroup discipline professionalbackground "
    "staffgroupprofession",
    "borough": "borough place localauthority boroughplace",
    "phone": "phone telephone mobile tel phonenumber telephonenumber mobilenumber "
    "contactnumber mobilephone workphone",
    "interests": "interests interest areasofinterest areaofinterest",
    # Form and learning-system metadata that must never be taken for a person's details.
    None: "id starttime completiontime lastmodifiedtime timestamp username department userid "
    "responseid submitted submissiondate",
}
_EXACT = {
    heading: field for field, headings in _EXACT_HEADINGS.items() for heading in headings.split()
}
# Longer questions ("What is your first name?") are matched on words, in this order.
_CONTAINS: tuple[tuple[str, str | None], ...] = (
    (
        r"\b(manager|sponsor|supervisor|mentor|referrer|nominator|assistant|emergency|consent|"
        r"agree|permission|share|receive|newsletter)\b",
        None,
    ),
    (r"\b(first|given|fore) ?names?\b|\bforename", "given_name"),
    (r"\b(surname|last name|family name)\b", "family_name"),
    (r"\b(preferred name|known as)\b", "preferred_name"),
    (r"\be ?mail\b", "email"),
    (r"\b(job title|job role|role|position)\b", "job_title"),
    (r"\b(organi[sz]ation|employer|trust|place of work|workplace)\b", "organisation"),
    (r"\b(profession|professional group|staff group)\b", "profession"),
    (r"\b(borough|local authority)\b", "borough"),
    (r"\b(phone|telephone|mobile)\b", "phone"),
    (r"\binterests?\b", "interests"),
    (r"\b(full name|your name|participant name|display name)\b|^name\b", "full_name"),
)
_FILLER = re.compile(
    r"^(please )?(enter|give|provide|tell us|state)? ?(what is |what's )?"
    r"(your )?"
)


def _words(header: str) -> str:
    text = re.sub(r"[^0-9a-z]+", " ", header.casefold().replace("e-mail", "email"))
    return " ".join(text.split())


def guess_field(header: str) -> str | None:
    """The field a heading most likely holds, or None (unknown heading or form metadata)."""
    words = _words(str(header))
    if not words:
        return None
    for candidate in (words, _FILLER.sub("", words)):
        compact = candidate.replace(" ", "")
        if compact in _EXACT:
            return _EXACT[compact]
    for pattern, field in _CONTAINS:
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
    fields = set(chosen.values())
    if {"given_name", "family_name"} <= fields and "full_name" in fields:
        chosen = {index: field for index, field in chosen.items() if field != "full_name"}
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
