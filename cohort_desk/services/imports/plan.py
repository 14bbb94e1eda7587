"""The preview of an import: what each row of the file would do to the database, with no writes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError, ValidationError
from cohort_desk.services.cohorts.enrolments import check_role
from cohort_desk.services.collector import collector_paused
from cohort_desk.services.common import cohort_in
from cohort_desk.services.imports.compare import Decisions, PersonChange, decide
from cohort_desk.services.imports.known_names import Choices, NameInPlan, match_names_in_file
from cohort_desk.services.imports.rows import LABELS, MergedPerson, merge_people, parse_sheet
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.sheets.reading import Table, read_table
from cohort_desk.sheets.teams import is_teams_table
from cohort_desk.vocabulary import Role

# "merged": a row folded into a later row of the file with the same e-mail address, whose
# details win; so rows = new + update + unchanged + merged + skipped + error.
OUTCOMES = ("new", "update", "unchanged", "merged", "skipped", "error")


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
    # Organisations and professions of the file that are not exactly known ones: matched to a
    # known name (and why), or new (services/imports/known_names.py).
    names: list[NameInPlan] = field(default_factory=list)

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
    def merged_rows(self) -> int:
        return self.count("merged")

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
            "merged": self.merged_rows,
            "skipped": self.count("skipped"),
            "errors": len(self.errors),
            "enrolled": self.to_enrol,
        }

    def summary(self, batch: int | None) -> dict[str, Any]:
        """The document `import --json` prints; scripts rely on its shape."""
        return {
            "file": self.file_name,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": len(self.rows),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged_rows,
            "skipped": self.count("skipped"),
            "errors": [{"row": r.row, "field": r.field, "message": r.message} for r in self.errors],
            "batch": batch,
        }


@collector_paused()
def plan(
    db: Database,
    path: str | os.PathLike[str],
    sheet: str | None = None,
    mapping_overrides: dict[str, str] | None = None,
    cohort_id: int | None = None,
    role: str | None = None,
    progress: Progress = NO_PROGRESS,
    table: Table | None = None,
    *,
    known_names: Choices | None = None,
) -> ImportPlan:
    """Read the file and say what importing it would do, row by row; nothing is written.

    ``table`` is the sheet already read from ``path`` (the window reads it once to show the
    columns, and need not read it again). ``known_names`` maps a (kind, name in the file) the
    plan showed as new to the known name the person chose for it."""
    if role and cohort_id is None:
        raise ValidationError("A role only applies with a cohort; name the cohort too.", "role")
    role = check_role(role or Role.PARTICIPANT) if cohort_id is not None else ""
    progress.step(0, 3, "Reading the file…")
    if table is None:
        table = read_table(path, sheet)
    if is_teams_table(table.rows):
        raise UserError(
            f"{table.file_name} is a Teams attendance report, not a list of people; mark "
            "attendance from it with Import attendance… on the Attendance screen (or cohort-desk "
            f'attend SESSION_ID --from "{table.file_name}"), and import people from a list '
            "of their details."
        )
    progress.step(1, 3, "Checking the rows…")
    parsed = parse_sheet(table, mapping_overrides)
    merged = merge_people(parsed.rows)
    progress.step(2, 3, "Comparing with the database…")
    with db.read() as session:
        cohort_name = cohort_in(session, cohort_id).name if cohort_id is not None else ""
        names = match_names_in_file(session, merged, known_names)
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
        cohort_name=cohort_name,
        role=role,
        names=names,
    )


def _row_list(rows: Sequence[int]) -> str:
    shown = [str(r) for r in rows]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _row_outcomes(
    source: Sequence[Any], merged: Sequence[MergedPerson], decided: Decisions
) -> list[RowOutcome]:
    by_key = {p.key: p for p in decided.people}
    last_row = {p.key: p.rows[-1] for p in merged}
    errors = decided.errors
    outcomes: list[RowOutcome] = []
    add = outcomes.append
    for row in source:
        if row.kind == "skipped":
            add(RowOutcome(row.row, "skipped", message=row.message))
            continue
        get = row.values.get
        given, family = get("given_name"), get("family_name")
        name = f"{given} {family}" if given and family else given or family or ""
        if row.kind == "person" and row.key not in errors:
            # Nearly every row: a person of the file that no other row merges into.
            change = by_key[row.key]
            if len(change.rows) == 1 and change.action != "update":
                add(RowOutcome(row.row, change.action, row.email, name, []))
                continue
        if row.kind == "error":
            outcomes.append(
                RowOutcome(row.row, "error", row.email, name, field=row.field, message=row.message)
            )
            continue
        if row.key in decided.errors:
            problem_field, sentence = decided.errors[row.key]
            outcomes.append(
                RowOutcome(row.row, "error", row.email, name, field=problem_field, message=sentence)
            )
            continue
        change = by_key[row.key]
        if last_row[row.key] != row.row:
            outcomes.append(
                RowOutcome(
                    row.row,
                    "merged",
                    row.email,
                    name,
                    message=f"Merged into row {last_row[row.key]}, which has the same e-mail "
                    "address; its details win where both have a value.",
                )
            )
            continue
        note = ""
        if len(change.rows) > 1:
            earlier = change.rows[:-1]
            rows = "Row" if len(earlier) == 1 else "Rows"
            note = f"{rows} {_row_list(earlier)} merged into this one (the same e-mail address)."
        changes = []
        if change.action == "update":
            changes = [FieldChange(f, change.before[f], v) for f, v in change.values.items()]
        outcomes.append(RowOutcome(row.row, change.action, row.email, name, changes, message=note))
    return outcomes
