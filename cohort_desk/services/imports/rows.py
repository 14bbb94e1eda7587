"""Turn a sheet read from a file into clean, merged person records, before the database is asked."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from cohort_desk.errors import UserError, ValidationError
from cohort_desk.rules.characters import has_invisible, invisible_characters, strip_invisible
from cohort_desk.rules.headers import (
    FIELD_LABELS,
    is_blank_row,
    is_footer_row,
)
from cohort_desk.rules.names import (
    PARTICLES,
    check_email,
    email_key,
    name_case,
    normalise_borough,
    normalise_profession,
    organisation_case,
    split_full_name,
)
from cohort_desk.services.imports.columns import cell_text, find_columns
from cohort_desk.sheets.reading import Cell, Table

# The person fields an import can set, in the order a preview shows them.
PERSON_FIELDS: tuple[str, ...] = (
    "title",
    "given_name",
    "family_name",
    "preferred_name",
    "organisation",
    "job_title",
    "profession",
    "borough",
    "phone",
    "interests",
)
# Column sizes in the schema: PostgreSQL refuses longer text, so such rows become row errors.
MAX_LENGTHS = {
    "title": 40,
    "given_name": 120,
    "family_name": 120,
    "preferred_name": 120,
    "phone": 60,
    "organisation": 200,
    "job_title": 200,
    "profession": 200,
    "borough": 80,
}
_SHORTEST_LIMIT = min(MAX_LENGTHS.values())  # a row with no longer value needs no more checks
LABELS = FIELD_LABELS | {"organisation": "organisation", "job_title": "job title"}

# A list repeats a few organisations, professions and boroughs thousands of times.
_organisation = lru_cache(maxsize=4096)(organisation_case)
_profession = lru_cache(maxsize=4096)(normalise_profession)
_borough = lru_cache(maxsize=4096)(normalise_borough)
# Most addresses are plain; checking their local part here and each domain once through
# email_validator saves a third of a second on 10,000 rows without loosening the check.
_PLAIN_LOCAL = re.compile(r"^[A-Za-z0-9_%+'-]+(?:\.[A-Za-z0-9_%+'-]+)*$")


@dataclass
class SourceRow:
    """One spreadsheet row below the header: a person's values, or why it was left out."""

    row: int  # as the spreadsheet program numbers it
    kind: str  # "person", "skipped" or "error"
    email: str = ""
    key: str = ""
    values: dict[str, str] = field(default_factory=dict)
    field: str | None = None
    message: str = ""


@dataclass
class ParsedSheet:
    file_name: str
    sheet: str
    header_row: int  # 1-based
    headers: list[str]
    mapping: dict[int, str]  # column index -> field; other columns are ignored
    rows: list[SourceRow]

    @property
    def mapping_by_heading(self) -> dict[str, str]:
        return {self.headers[index]: name for index, name in sorted(self.mapping.items())}


@dataclass
class MergedPerson:
    """Everything the file says about one e-mail address; later rows win field by field."""

    key: str
    email: str
    values: dict[str, str]
    rows: list[int]


def parse_sheet(table: Table, overrides: dict[str, str] | None = None) -> ParsedSheet:
    """Find the header row, map the columns and clean every row; raise UserError when the
    file has no usable table of people."""
    header_index, headers, mapping = find_columns(table, overrides)
    body = table.rows[header_index + 1 :]
    if "email" not in mapping.values():
        shown = ", ".join(f"'{h}'" for h in headers if h) or "none"
        raise UserError(
            f"The sheet '{table.sheet}' in {table.file_name} has no e-mail column (the headings "
            f"are {shown}); head the column of addresses 'E-mail', or choose it by hand."
        )
    if not body or all(is_blank_row(row) for row in body):
        raise UserError(
            f"The sheet '{table.sheet}' in {table.file_name} has headings but no people under "
            "them; check that you chose the right file and sheet."
        )
    last_data = _last_data_index(body)
    domains: dict[str, str] = {}
    rows: list[SourceRow] = []
    names = list(mapping.values())
    headings = {name: headers[index] for index, name in mapping.items()}
    # Cleaned column by column: a list repeats its organisations, job titles and boroughs
    # thousands of times, and each distinct value is cleaned once.
    cleaned = [_clean_column(body, index) for index in mapping]
    fast = _FastColumns.of(names, cleaned)
    # A row with an address is not blank (its cleaned text is not empty, so neither is the
    # cell's): nearly every row is known not to be without looking at each of its cells.
    emails = cleaned[names.index("email")]
    for offset, cells in enumerate(body):
        number = header_index + offset + 2
        if not emails[offset] and is_blank_row(cells):
            rows.append(SourceRow(number, "skipped", message="Blank row."))
        elif offset > last_data:
            rows.append(SourceRow(number, "skipped", message="A note under the table."))
        elif fast is not None and offset not in fast.suspect:
            rows.append(fast.row(number, offset, domains))
        else:
            texts = [column[offset] for column in cleaned]
            raw = {name: text for name, text in zip(names, texts, strict=True) if text}
            rows.append(_person_row(number, raw, domains, headings))
    return ParsedSheet(table.file_name, table.sheet, header_index + 1, headers, mapping, rows)


# What _person_values makes of each field's text, when no full name is split.
_TIDIED: dict[str, Callable[[str], str]] = {
    "given_name": lambda text: _tidy_name(text, family=False),
    "family_name": lambda text: _tidy_name(text, family=True),
    "preferred_name": lambda text: _tidy_name(text, family=False),
    "organisation": lambda text: _organisation(text),
    "profession": lambda text: _profession(text) or "",
    "borough": lambda text: _borough(text) or "",
}


class _FastColumns:
    """_person_row's answers for a sheet's plain rows, worked out once per distinct value of
    each column instead of once per row (issue 22: a third of reading 10,000 rows).

    Without a full-name column, a person's values are a function of each field's own text
    (tidied, cased, normalised), and a row is refused for invisible characters or an
    over-long value only when one of its texts is; those rows (``suspect``) still go through
    _person_row, which says which field and why, so every row comes out as before."""

    def __init__(self, fields: list[str], emails: list[str]) -> None:
        self.fields = fields
        self.emails = emails
        self.suspect: set[int] = set()
        self.rows: list[tuple[str, ...]] = []

    @classmethod
    def of(cls, names: list[str], cleaned: list[list[str]]) -> _FastColumns | None:
        if "full_name" in names or len(set(names)) != len(names):
            return None
        by_name = dict(zip(names, cleaned, strict=True))
        # Values in PERSON_FIELDS order, as _person_values builds them.
        fields = [name for name in PERSON_FIELDS if name in by_name]
        values: list[list[str]] = []
        fast = cls(fields, by_name["email"])
        for name in fields:
            texts = by_name[name]
            tidy = _TIDIED.get(name)
            if tidy is not None:
                made = {text: tidy(text) if text else "" for text in set(texts)}
                texts = list(map(made.__getitem__, texts))
            values.append(texts)
            limit = MAX_LENGTHS.get(name)
            if limit is not None:
                fast.mark(texts, {text for text in set(texts) if len(text) > limit})
        for name, texts in by_name.items():
            if name != "email":
                fast.mark(texts, {text for text in set(texts) if has_invisible(text)})
        # (A sheet of addresses alone has no values: an empty tuple per row.)
        fast.rows = list(zip(*values, strict=True)) if values else [()] * len(fast.emails)
        return fast

    def mark(self, texts: list[str], bad: set[str]) -> None:
        if bad:
            self.suspect.update(offset for offset, text in enumerate(texts) if text in bad)

    def row(self, number: int, offset: int, domains: dict[str, str]) -> SourceRow:
        found = zip(self.fields, self.rows[offset], strict=True)
        values = {name: text for name, text in found if text}
        typed = self.emails[offset]
        try:
            email = fast_check_email(typed, domains)
        except ValidationError as exc:
            return SourceRow(
                number, "error", typed, values=values, field="email", message=exc.message
            )
        return SourceRow(number, "person", email=email, key=email_key(email), values=values)


def merge_people(rows: Sequence[SourceRow]) -> list[MergedPerson]:
    """One record per e-mail key in order of first appearance; a later row's non-blank values
    replace earlier ones, so the later row wins without blanks wiping anything."""
    merged: dict[str, MergedPerson] = {}
    for row in rows:
        if row.kind != "person":
            continue
        person = merged.get(row.key)
        if person is None:
            merged[row.key] = MergedPerson(row.key, row.email, dict(row.values), [row.row])
        else:
            person.email = row.email
            person.values.update(row.values)
            person.rows.append(row.row)
    return list(merged.values())


def _last_data_index(body: Sequence[Sequence[Cell]]) -> int:
    # Footer tests only apply below the last real row: a lone name mid-table is a person
    # missing an address (an error to fix), not the end of the list.
    last = len(body) - 1
    while last >= 0 and (is_blank_row(body[last]) or is_footer_row(body[last])):
        last -= 1
    return last


def _clean_column(body: Sequence[Sequence[Cell]], index: int) -> list[str]:
    """cell_text of one column's cells ("" past the end of a short row)."""
    memo: dict[Cell, str] = {"": ""}
    known = memo.get
    texts: list[str] = []
    add = texts.append
    for cells in body:
        cell = cells[index] if index < len(cells) else ""
        text = known(cell)
        if text is None:
            text = memo[cell] = cell_text(cell)
        add(text)
    return texts


def _person_row(
    number: int, raw: dict[str, str], domains: dict[str, str], headings: dict[str, str]
) -> SourceRow:
    """One person's row from its cleaned, non-empty texts by field."""
    typed = raw.pop("email", "")
    values = _person_values(raw)
    try:
        email = fast_check_email(typed, domains)
    except ValidationError as exc:
        # The name and what was typed stay with the error, so the preview can show whose it is.
        return SourceRow(number, "error", typed, values=values, field="email", message=exc.message)
    # Imports write with SQLAlchemy Core, past the check every hand edit gets on saving
    # (db/field_rules.py), so a row holding what a typed name would be refused for is refused
    # here too: a right-to-left override can make a name read as something else.
    # Joined by spaces, which are not forbidden and keep a plain row printable ASCII.
    if has_invisible(" ".join(raw.values())):
        return _invisible_row(number, email, raw, values, headings)
    if max(map(len, values.values()), default=0) <= _SHORTEST_LIMIT:
        return SourceRow(number, "person", email=email, key=email_key(email), values=values)
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            return SourceRow(
                number,
                "error",
                email=email,
                key=email_key(email),
                field=name,
                message=f"The {LABELS[name]} is longer than {limit} characters; shorten it in "
                "the file and import it again.",
            )
    return SourceRow(number, "person", email=email, key=email_key(email), values=values)


def _invisible_row(
    number: int,
    email: str,
    raw: dict[str, str],
    values: dict[str, str],
    headings: dict[str, str],
) -> SourceRow:
    name = next(name for name, text in raw.items() if has_invisible(text))
    codes = ", ".join(invisible_characters(raw[name])[:3])
    return SourceRow(
        number,
        "error",
        email=email,
        key=email_key(email),
        # Shown in the preview, so without the characters that could disguise it there.
        values={field: strip_invisible(text) for field, text in values.items()},
        field=name,
        message=f"The {LABELS.get(name, name.replace('_', ' '))} in the column "
        f"'{headings.get(name, name)}' holds invisible control characters ({codes}), which can "
        "disguise text; remove them in the file and import it again.",
    )


def _person_values(raw: dict[str, str]) -> dict[str, str]:
    values = {name: raw[name] for name in PERSON_FIELDS if raw.get(name)}
    full = raw.get("full_name", "")
    if full:
        parsed = split_full_name(full)
        # Explicit first-name, surname, title and organisation columns win over the full name.
        for name, value in (
            ("given_name", parsed.given),
            ("family_name", parsed.family),
            ("title", parsed.title),
            ("organisation", parsed.organisation),
        ):
            if value and name not in values:
                values[name] = value
    for name in ("given_name", "family_name", "preferred_name"):
        if name in values:
            values[name] = _tidy_name(values[name], family=name == "family_name")
    if "organisation" in values:
        values["organisation"] = _organisation(values["organisation"])
    if "profession" in values:
        values["profession"] = _profession(values["profession"]) or ""
    if "borough" in values:
        values["borough"] = _borough(values["borough"]) or ""
    if all(values.values()):  # nearly every row: nothing was cleaned away
        return values
    return {name: value for name, value in values.items() if value}


def _tidy_name(text: str, family: bool) -> str:
    """Names typed wholly in capitals or lower case are re-cased; mixed case is kept."""
    if not (text.isupper() or text.islower()):
        return text
    words = text.split()
    out = []
    for index, word in enumerate(words):
        if family and index < len(words) - 1 and word.casefold() in PARTICLES:
            out.append(word.lower())
        else:
            out.append(name_case(word))
    return " ".join(out)


def fast_check_email(text: str, domains: dict[str, str]) -> str:
    """check_email's answer, with plain addresses checked without email_validator each time."""
    local, at, domain = text.partition("@")
    if at and len(local) <= 64 and len(text) <= 254 and _PLAIN_LOCAL.match(local):
        checked = domains.get(domain)
        if checked is None:
            try:
                checked = check_email(f"x@{domain}").partition("@")[2]
            except ValidationError:
                checked = ""
            domains[domain] = checked
        if checked:
            return f"{local}@{checked}"
    return check_email(text)
