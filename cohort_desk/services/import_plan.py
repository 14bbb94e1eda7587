"""The preview of an import: what each row of the file would do to the database, with no writes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Enrolment, Organisation, Person
from cohort_desk.errors import ValidationError
from cohort_desk.rules.names import clean_text, normalise_borough, normalise_profession
from cohort_desk.services.common import cohort_by_name
from cohort_desk.services.enrolments import check_role
from cohort_desk.services.import_rows import (
    LABELS,
    PERSON_FIELDS,
    MergedPerson,
    merge_people,
    parse_sheet,
)
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.sheets.reading import read_table

OUTCOMES = ("new", "update", "unchanged", "skipped", "error")
_CHUNK = 900  # under SQLite's oldest limit of 999 bound values per statement


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field)


@dataclass
class RowOutcome:
    """What one spreadsheet row would do: the preview table shows one of these per row."""

    row: int
    outcome: str  # one of OUTCOMES
    email: str = ""
    name: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    field: str | None = None
    message: str = ""


@dataclass
class PersonChange:
    """What applying does to one person; ``values`` are the new values of changed fields
    (every given field for a new person), ``before`` the current ones."""

    key: str
    email: str
    action: str  # new, update or unchanged
    person_id: int | None
    version: int | None
    values: dict[str, str]
    before: dict[str, str]
    rows: list[int]
    enrol: bool = False
    organisation_id: int | None = None  # the current one, which undo puts back


@dataclass
class Decisions:
    people: list[PersonChange]
    errors: dict[str, tuple[str, str]]  # e-mail key -> (field, sentence)
    organisations: dict[str, int]  # casefolded name -> id, of those that exist

    def signature(self) -> list[tuple[Any, ...]]:
        # Both sides are built from the same merged rows, so their field order already agrees.
        return [(p.key, p.action, p.person_id, p.values, p.enrol) for p in self.people]


@dataclass
class ImportPlan:
    path: Path
    file_name: str
    file_sha256: str
    sheet: str
    header_row: int
    headers: list[str]
    mapping: dict[str, str]  # heading -> field, for the columns used
    rows: list[RowOutcome]
    merged: list[MergedPerson]
    people: list[PersonChange]
    cohort_id: int | None = None
    cohort_name: str = ""
    role: str = ""

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def created(self) -> int:
        return sum(1 for p in self.people if p.action == "new")

    @property
    def updated(self) -> int:
        return sum(1 for p in self.people if p.action == "update")

    @property
    def unchanged(self) -> int:
        return sum(1 for p in self.people if p.action == "unchanged")

    @property
    def to_enrol(self) -> int:
        return sum(1 for p in self.people if p.enrol)

    @property
    def errors(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.outcome == "error"]

    @property
    def has_changes(self) -> bool:
        return any(p.action != "unchanged" or p.enrol for p in self.people)

    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.count("skipped"),
            "errors": len(self.errors),
            "enrolled": self.to_enrol,
        }

    def summary(self, batch: int | None) -> dict[str, Any]:
        """The document `import --json` prints (shared/CLI.md)."""
        return {
            "file": self.file_name,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": len(self.rows),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.count("skipped"),
            "errors": [{"row": r.row, "field": r.field, "message": r.message} for r in self.errors],
            "batch": batch,
        }


def plan(
    db: Database,
    path: str | os.PathLike[str],
    sheet: str | None = None,
    mapping_overrides: dict[str, str] | None = None,
    cohort: str | None = None,
    role: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> ImportPlan:
    """Read the file and say what importing it would do, row by row; nothing is written."""
    if role and not cohort:
        raise ValidationError("A role only applies with a cohort; name the cohort too.", "role")
    role = check_role(role or "participant") if cohort else ""
    progress.step(0, 3, "Reading the file…")
    table = read_table(path, sheet)
    progress.step(1, 3, "Checking the rows…")
    parsed = parse_sheet(table, mapping_overrides)
    merged = merge_people(parsed.rows)
    progress.step(2, 3, "Comparing with the database…")
    with db.read() as session:
        cohort_id = cohort_by_name(session, cohort).id if cohort else None
        decided = decide(session, merged, cohort_id, role)
    rows = _row_outcomes(parsed.rows, merged, decided)
    return ImportPlan(
        path=Path(path),
        file_name=parsed.file_name,
        file_sha256=file_sha256(path),
        sheet=parsed.sheet,
        header_row=parsed.header_row,
        headers=parsed.headers,
        mapping=parsed.mapping_by_heading,
        rows=rows,
        merged=merged,
        people=decided.people,
        cohort_id=cohort_id,
        cohort_name=cohort or "",
        role=role,
    )


def decide(
    session: Session, merged: Sequence[MergedPerson], cohort_id: int | None, role: str
) -> Decisions:
    """Compare the file's people with the database: new, update (which fields) or unchanged."""
    existing = _existing_people(session, [p.key for p in merged])
    organisations = {
        name.casefold(): org_id
        for org_id, name in session.execute(select(Organisation.id, Organisation.name))
    }
    people: list[PersonChange] = []
    errors: dict[str, tuple[str, str]] = {}
    for person in merged:
        current = existing.get(person.key)
        if current is None:
            problem = _missing_name(person.values)
            if problem:
                errors[person.key] = problem
                continue
            people.append(
                PersonChange(
                    person.key,
                    person.email,
                    "new",
                    None,
                    None,
                    dict(person.values),
                    {},
                    person.rows,
                )
            )
            continue
        if current["erased"]:
            errors[person.key] = (
                "email",
                "This address belongs to someone whose record was erased at their request, so "
                "they cannot be imported from a file; add them by hand if they have agreed.",
            )
            continue
        values: dict[str, str] = {}
        before: dict[str, str] = {}
        for name, value in person.values.items():
            if not _same(name, current[name], value):
                values[name], before[name] = value, current[name]
        action = "update" if values else "unchanged"
        people.append(
            PersonChange(
                person.key,
                current["email"],
                action,
                current["id"],
                current["version"],
                values,
                before,
                person.rows,
                organisation_id=current["organisation_id"],
            )
        )
    if cohort_id is not None:
        enrolled = _enrolled(session, cohort_id, role, [p.person_id for p in people if p.person_id])
        for change in people:
            change.enrol = change.person_id is None or change.person_id not in enrolled
    return Decisions(people, errors, organisations)


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _existing_people(session: Session, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    columns = [getattr(Person, name) for name in PERSON_FIELDS if name != "organisation"]
    query = select(
        Person.id,
        Person.email_key,
        Person.email,
        Person.version,
        Person.erased_at,
        Person.organisation_id,
        *columns,
        Organisation.name,
    ).outerjoin(Organisation, Organisation.id == Person.organisation_id)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        for row in session.execute(query.where(Person.email_key.in_(chunk))):
            person_id, key, email, version, erased, organisation_id, *rest = row
            values = dict(zip([c.key for c in columns], rest[:-1], strict=True))
            values["organisation"] = rest[-1] or ""
            found[key] = values | {
                "id": person_id,
                "email": email,
                "version": version,
                "erased": erased is not None,
                "organisation_id": organisation_id,
            }
    return found


def _enrolled(session: Session, cohort_id: int, role: str, person_ids: Iterable[int]) -> set[int]:
    ids = list(person_ids)
    found: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        found.update(
            session.scalars(
                select(Enrolment.person_id).where(
                    Enrolment.cohort_id == cohort_id,
                    Enrolment.role == role,
                    Enrolment.person_id.in_(ids[start : start + _CHUNK]),
                )
            )
        )
    return found


def _missing_name(values: dict[str, str]) -> tuple[str, str] | None:
    if not values.get("given_name") and not values.get("family_name"):
        return (
            "given_name",
            "There is no name for this new person; fill in their first name and surname.",
        )
    if not values.get("given_name"):
        return ("given_name", "There is no first name for this new person; fill it in.")
    if not values.get("family_name"):
        return (
            "family_name",
            "There is no surname for this new person; fill it in, or give "
            "their full name in the name column.",
        )
    return None


def _same(name: str, current: str | None, new: str) -> bool:
    """Differences of letter case, spacing or spelling of a profession or borough (Nurse,
    Nursing) are not changes, so importing the same list again changes nothing."""
    text = current or ""
    if text == new:
        return True
    if name == "profession":
        text = normalise_profession(text) or ""
    elif name == "borough":
        text = normalise_borough(text) or ""
    return clean_text(text).casefold() == new.casefold()


def _row_outcomes(
    source: Sequence[Any], merged: Sequence[MergedPerson], decided: Decisions
) -> list[RowOutcome]:
    by_key = {p.key: p for p in decided.people}
    last_row = {p.key: p.rows[-1] for p in merged}
    outcomes: list[RowOutcome] = []
    for row in source:
        if row.kind == "skipped":
            outcomes.append(RowOutcome(row.row, "skipped", message=row.message))
            continue
        if row.kind == "error":
            outcomes.append(
                RowOutcome(row.row, "error", row.email, field=row.field, message=row.message)
            )
            continue
        name = " ".join(filter(None, (row.values.get("given_name"), row.values.get("family_name"))))
        if row.key in decided.errors:
            problem_field, sentence = decided.errors[row.key]
            outcomes.append(
                RowOutcome(row.row, "error", row.email, name, field=problem_field, message=sentence)
            )
            continue
        change = by_key[row.key]
        note = ""
        if last_row[row.key] != row.row:
            note = f"The same e-mail address is on row {last_row[row.key]}, whose details win."
        elif len(change.rows) > 1:
            earlier = ", ".join(str(r) for r in change.rows[:-1])
            note = f"Merged with row {earlier}, which has the same e-mail address."
        changes = []
        if change.action == "update":
            changes = [FieldChange(f, change.before[f], v) for f, v in change.values.items()]
        outcomes.append(RowOutcome(row.row, change.action, row.email, name, changes, message=note))
    return outcomes
