"""Applications from a Forms export: the same preview, apply and undo as an import of people,
with every other question's answer kept with the application.

- People are matched and created exactly as an import of people does (services/imports), and
  the applications go in the same transaction and batch, so undoing the import removes both.
- A column is an answer unless it holds a person's details, is form bookkeeping (ID, start and
  completion times, the respondent's account) or asks an equality monitoring question, which is
  kept apart and never beside a name: such columns are left out and the preview says so.
- One application per person: a later row of the file with the same address, or a person who
  has already applied to the cohort, is shown as a repeat and not imported.
- The completion time (Forms) or timestamp (Google Forms) is when they applied; a row outside
  the cohort's application window is an error row. Without such a column the application
  dates are the moment of import and the window cannot be checked (the preview says so).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Application, Cohort, ImportBatch
from cohort_desk.db.types import utcnow
from cohort_desk.errors import UserError, ValidationError
from cohort_desk.rules.dates import format_datetime, to_local
from cohort_desk.services import imports
from cohort_desk.services.applications.form_columns import (
    FormColumns,
    answer_text,
    cell_at,
    form_columns,
    submitted_at,
)
from cohort_desk.services.applications.records import clean_answers, window_refusal
from cohort_desk.services.imports.compare import decide
from cohort_desk.services.imports.plan import ImportPlan, RowOutcome, file_sha256
from cohort_desk.services.imports.rows import SourceRow, merge_people, parse_sheet
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.sheets.reading import Table, read_table
from cohort_desk.sheets.teams import is_teams_table
from cohort_desk.vocabulary import ApplicationStatus

APPLICANT_ROLE = "applicant"  # the batch's role: an import of applications, not enrolments


@dataclass
class ApplicationItem:
    key: str
    email: str
    row: int
    answers: dict[str, str]
    applied_at: dt.datetime


@dataclass
class ApplicationsPlan:
    """The preview: the people part as any import's, and the applications it would add."""

    people: ImportPlan
    cohort_id: int
    cohort_name: str
    applications: list[ApplicationItem]
    questions: list[str]
    left_out: list[str]  # headings not kept: equality monitoring
    timed: bool  # the file says when each application was made
    rows: list[RowOutcome] = field(default_factory=list)

    @property
    def repeats(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.outcome == "repeat"]

    @property
    def errors(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.outcome == "error"]

    @property
    def has_changes(self) -> bool:
        return bool(self.applications)

    def notes(self) -> list[str]:
        notes = []
        if self.left_out:
            notes.append(
                "Equality monitoring questions are not kept with applications (they are kept "
                f"apart, never beside a name), so these columns were left out: "
                f"{', '.join(self.left_out)}."
            )
        if not self.timed:
            notes.append(
                "The file has no completion time, so each application is dated when it is "
                "imported and the application window could not be checked."
            )
        return notes

    def summary(self, batch: int | None) -> dict[str, Any]:
        """The document `import --applications --json` prints."""
        people = self.people
        return {
            "file": people.file_name,
            "sheet": people.sheet,
            "header_row": people.header_row,
            "rows": len(self.rows),
            "created": people.created,
            "updated": people.updated,
            "unchanged": people.unchanged,
            "merged": 0,
            "skipped": sum(1 for r in self.rows if r.outcome == "skipped"),
            "errors": [{"row": r.row, "field": r.field, "message": r.message} for r in self.errors],
            "applications": len(self.applications),
            "repeats": [
                {"row": r.row, "email": r.email, "message": r.message} for r in self.repeats
            ],
            "questions": self.questions,
            "batch": batch,
        }


def plan_applications(
    db: Database,
    path: str | os.PathLike[str],
    cohort_id: int,
    sheet: str | None = None,
    mapping_overrides: dict[str, str] | None = None,
    progress: Progress = NO_PROGRESS,
    table: Table | None = None,
) -> ApplicationsPlan:
    """Read a Forms export of applications to one cohort and say what importing it would do,
    row by row; nothing is written."""
    progress.step(0, 3, "Reading the file…")
    if table is None:
        table = read_table(path, sheet)
    if is_teams_table(table.rows):
        raise UserError(
            f"{table.file_name} is a Teams attendance report, not a list of applications; "
            "choose the export of the application form."
        )
    progress.step(1, 3, "Checking the rows…")
    parsed = parse_sheet(table, mapping_overrides)
    columns = form_columns(parsed.headers, parsed.mapping, mapping_overrides or {})
    with db.read() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise UserError("That cohort is no longer in the database; refresh (F5).")
        rows, items = _read_rows(table, parsed.rows, columns, cohort)
        progress.step(2, 3, "Comparing with the database…")
        merged = merge_people([r for r in rows if r.kind == "person"])
        decided = decide(session, merged, None, "")
        applied = _already_applied(session, cohort_id, [p.person_id for p in decided.people])
        cohort_name = cohort.name
    by_key = {p.key: p for p in decided.people}
    outcomes: list[RowOutcome] = []
    kept: list[ApplicationItem] = []
    for row in rows:
        outcome = _outcome(row, by_key, decided.errors, applied, cohort_name)
        outcomes.append(outcome)
        if outcome.outcome in ("new", "update", "unchanged"):
            kept.append(items[row.row])
    keep_keys = {item.key for item in kept}
    people = ImportPlan(
        path=Path(path),
        file_name=parsed.file_name,
        file_sha256=file_sha256(path),
        sheet=parsed.sheet,
        header_row=parsed.header_row,
        headers=parsed.headers,
        mapping=parsed.mapping_by_heading,
        rows=outcomes,
        merged=[m for m in merged if m.key in keep_keys],
        people=[p for p in decided.people if p.key in keep_keys],
    )
    return ApplicationsPlan(
        people,
        cohort_id,
        cohort_name,
        kept,
        list(columns.answers.values()),
        columns.left_out,
        columns.submitted is not None,
        outcomes,
    )


def _read_rows(
    table: Table, parsed: list[SourceRow], columns: FormColumns, cohort: Cohort
) -> tuple[list[SourceRow], dict[int, ApplicationItem]]:
    """Each person row with its answers and time, later rows of the same address marked as
    repeats (kind "repeat"), rows outside the application window as errors."""
    first_row: dict[str, int] = {}
    rows: list[SourceRow] = []
    items: dict[int, ApplicationItem] = {}
    now = utcnow()
    for row in parsed:
        if row.kind != "person":
            rows.append(row)
            continue
        if row.key in first_row:
            rows.append(
                replace(
                    row,
                    kind="repeat",
                    message=f"A repeat application: row {first_row[row.key]} already applied "
                    "with this address, and only the first counts.",
                )
            )
            continue
        cells = table.rows[row.row - 1]
        try:
            applied_at = (
                submitted_at(cell_at(cells, columns.submitted))
                if columns.submitted is not None
                else None
            )
        except ValueError as exc:
            rows.append(
                replace(
                    row,
                    kind="error",
                    field="applied_at",
                    message=f"The completion time '{exc}' is not a date and time; correct it in "
                    "the file and import it again.",
                )
            )
            continue
        refusal = window_refusal(cohort, to_local(applied_at).date()) if applied_at else None
        if refusal:
            rows.append(
                replace(
                    row,
                    kind="error",
                    field="applied_at",
                    message=f"Sent on {format_datetime(applied_at)}: {refusal}",
                )
            )
            continue
        first_row[row.key] = row.row
        try:
            answers = clean_answers(
                {q: answer_text(cell_at(cells, i)) for i, q in columns.answers.items()}
            )
        except ValidationError as exc:
            rows.append(replace(row, kind="error", field="answers", message=exc.message))
            continue
        items[row.row] = ApplicationItem(row.key, row.email, row.row, answers, applied_at or now)
        rows.append(row)
    return rows, items


def _already_applied(session: Session, cohort_id: int, ids: list[int | None]) -> dict[int, Any]:
    known = [i for i in ids if i is not None]
    found: dict[int, Any] = {}
    for start in range(0, len(known), 900):
        query = select(Application.person_id, Application.applied_at).where(
            Application.cohort_id == cohort_id,
            Application.person_id.in_(known[start : start + 900]),
        )
        found.update({person_id: when for person_id, when in session.execute(query)})
    return found


def _outcome(
    row: SourceRow,
    by_key: dict[str, Any],
    errors: dict[str, tuple[str, str]],
    applied: dict[int, Any],
    cohort: str,
) -> RowOutcome:
    name = " ".join(filter(None, (row.values.get("given_name"), row.values.get("family_name"))))
    if row.kind in ("skipped", "error", "repeat"):
        return RowOutcome(row.row, row.kind, row.email, name, field=row.field, message=row.message)
    if row.key in errors:
        problem, sentence = errors[row.key]
        return RowOutcome(row.row, "error", row.email, name, field=problem, message=sentence)
    change = by_key[row.key]
    if change.person_id in applied:
        return RowOutcome(
            row.row,
            "repeat",
            row.email,
            name,
            message=f"Already applied to {cohort} on {format_datetime(applied[change.person_id])}; "
            "a person applies once, so this row is left out.",
        )
    details = []
    if change.action == "update":
        details = [imports.FieldChange(f, change.before[f], v) for f, v in change.values.items()]
    person = {"new": "A new person", "update": "Their details change", "unchanged": "Known"}
    message = f"{person[change.action]}; a new application."
    return RowOutcome(row.row, change.action, row.email, name, details, message=message)


def apply_applications(
    db: Database, plan: ApplicationsPlan, progress: Progress = NO_PROGRESS
) -> int | None:
    """Add the people and applications the preview shows, as one import batch (undone as
    one); None when there was nothing to add."""
    if not plan.has_changes:
        return None

    def add(session: Session, batch: ImportBatch, people: dict[str, int]) -> dict[str, Any]:
        if session.get(Cohort, plan.cohort_id) is None:
            raise imports.StalePlanError(
                "The cohort was removed after this import was previewed; nothing was imported."
            )
        batch.cohort_id, batch.role = plan.cohort_id, APPLICANT_ROLE
        ids = {item.key: people[item.key] for item in plan.applications}
        already = _already_applied(session, plan.cohort_id, list(ids.values()))
        if already:
            email = next(i.email for i in plan.applications if ids[i.key] in already)
            raise imports.StalePlanError(
                f"{email} applied to {plan.cohort_name} after this import was previewed; "
                "nothing was imported; preview the import again and apply the new preview."
            )
        session.add_all(
            Application(
                person_id=ids[item.key],
                cohort_id=plan.cohort_id,
                status=ApplicationStatus.APPLIED,
                answers=item.answers,
                applied_at=item.applied_at,
                status_changed_at=item.applied_at,
                source="import",
                import_batch_id=batch.id,
            )
            for item in plan.applications
        )
        session.flush()
        return {"applications": len(plan.applications), "repeats": len(plan.repeats)}

    return imports.apply(db, plan.people, progress, extension=add)
