"""The preview of a feedback import: what each response in the file would add, with no writes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import FeedbackResponse, Person
from cohort_desk.errors import ValidationError
from cohort_desk.rules import feedback as F
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.names import clean_text, email_key
from cohort_desk.rules.redaction import KnownNames, remove_names
from cohort_desk.services.common import cohort_in, session_in
from cohort_desk.services.evaluation.reading import FeedbackFile, SourceRow, read_feedback
from cohort_desk.services.imports.plan import file_sha256
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.sheets.reading import Table

# "imported": the same response was imported before (same target and response ID, or the
# same row); "skipped": a row repeated within the file. rows = new + imported + skipped + error.
OUTCOMES = ("new", "imported", "skipped", "error")
ANONYMOUS = "Anonymous"


@dataclass(frozen=True)
class Target:
    """What the feedback is about: one session, or a whole cohort."""

    cohort_id: int
    session_id: int | None
    label: str

    @property
    def key(self) -> str:
        return f"s{self.session_id}" if self.session_id is not None else f"c{self.cohort_id}"


@dataclass(frozen=True)
class PlannedAnswer:
    position: int
    question: str
    scale: str
    value: float | None
    text: str


@dataclass
class FeedbackRow:
    row: int
    outcome: str  # one of OUTCOMES
    respondent: str = ANONYMOUS  # as the preview shows it; never stored
    person_id: int | None = None
    consent: bool = False
    key: str = ""
    submitted: datetime | None = None
    answers: list[PlannedAnswer] = field(default_factory=list)
    message: str = ""


@dataclass
class FeedbackPlan:
    path: Path
    file_name: str
    file_sha256: str
    sheet: str
    header_row: int
    target: Target
    questions: list[F.Question]
    rows: list[FeedbackRow]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def new(self) -> list[FeedbackRow]:
        return [r for r in self.rows if r.outcome == "new"]

    @property
    def errors(self) -> list[FeedbackRow]:
        return [r for r in self.rows if r.outcome == "error"]

    @property
    def has_changes(self) -> bool:
        return bool(self.new)

    def counts(self) -> dict[str, int]:
        new = self.new
        return {
            "rows": len(self.rows),
            "responses": len(new),
            "named": sum(1 for r in new if r.person_id is not None),
            "anonymous": sum(1 for r in new if r.person_id is None),
            "already_imported": self.count("imported"),
            "skipped": self.count("skipped"),
            "errors": len(self.errors),
        }

    def summary(self, batch: int | None) -> dict[str, Any]:
        """What `import --feedback --json` prints."""
        return {
            "file": self.file_name,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "target": self.target.label,
            **self.counts(),
            "questions": [{"question": q.heading, "scale": q.scale} for q in self.questions],
            "errors": [{"row": r.row, "message": r.message} for r in self.errors],
            "batch": batch,
        }


def require_one_target(session_id: int | None, cohort_given: bool) -> None:
    """Feedback is about a session or a cohort, not both and not neither. The command line
    asks this before looking a cohort's name up, so that is what it says first."""
    if (session_id is None) == (not cohort_given):
        raise ValidationError(
            "Say what the feedback is about: a session (--session ID) or a cohort "
            "(--cohort NAME), not both.",
            field="target",
        )


def find_target(db: Database, session_id: int | None, cohort_id: int | None) -> Target:
    """The session or the cohort the feedback is about."""
    require_one_target(session_id, cohort_id is not None)
    with db.read() as session:
        if session_id is not None:
            found = session_in(session, session_id)
            label = (
                f"session {found.id}, {found.title} ({format_date(found.starts_at)}), "
                f"{found.cohort.name}"
            )
            return Target(found.cohort_id, found.id, label)
        assert cohort_id is not None  # require_one_target saw to it
        row = cohort_in(session, cohort_id)
        return Target(row.id, None, f"{row.name} (the whole cohort)")


def plan_feedback(
    db: Database,
    path: str | os.PathLike[str],
    target: Target,
    sheet: str | None = None,
    progress: Progress = NO_PROGRESS,
    table: Table | None = None,
) -> FeedbackPlan:
    """Read the export and say what importing it against ``target`` would add."""
    progress.step(0, 2, "Reading the file…")
    form = read_feedback(path, sheet, table)
    progress.step(1, 2, "Comparing with the database…")
    with db.read() as session:
        people = _people_by_email(session, form)
        keys = [_key(form, row, target) for row in form.rows]
        known = set(
            session.scalars(
                select(FeedbackResponse.dedupe_key).where(FeedbackResponse.dedupe_key.in_(keys))
            )
        )
    rows: list[FeedbackRow] = []
    first_row: dict[str, int] = {}
    for source, key in zip(form.rows, keys, strict=True):
        rows.append(_plan_row(form, source, key, people, known, first_row))
    return FeedbackPlan(
        path=Path(path),
        file_name=form.file_name,
        file_sha256=file_sha256(path),
        sheet=form.sheet,
        header_row=form.header_row,
        target=target,
        questions=[q for _i, q in form.questions],
        rows=rows,
    )


def _cell(form: FeedbackFile, row: SourceRow, role: str) -> str:
    index = form.form_columns.get(role)
    return clean_text(row.cells[index]) if index is not None else ""


def _key(form: FeedbackFile, row: SourceRow, target: Target) -> str:
    return F.response_key(target.key, _cell(form, row, "id"), row.cells)


Known = dict[str, tuple[int, str, str, str]]  # e-mail key -> id, given, family, preferred


def _people_by_email(session: Session, form: FeedbackFile) -> Known:
    emails = {email_key(_cell(form, row, "email")) for row in form.rows}
    emails = {e for e in emails if "@" in e}
    found: Known = {}
    query = select(Person.email_key, Person.id, Person.given_name, Person.family_name,
                   Person.preferred_name).where(Person.erased_at.is_(None))  # fmt: skip
    listed = sorted(emails)
    for start in range(0, len(listed), 900):
        chunk = listed[start : start + 900]
        for key, *rest in session.execute(query.where(Person.email_key.in_(chunk))):
            found[key] = tuple(rest)  # type: ignore[assignment]
    return found


def _plan_row(
    form: FeedbackFile,
    source: SourceRow,
    key: str,
    people: Known,
    known: set[str],
    first_row: dict[str, int],
) -> FeedbackRow:
    email = _cell(form, source, "email")
    name = _cell(form, source, "name")
    person = people.get(email_key(email)) if not F.is_anonymous(email) else None
    outcome = FeedbackRow(source.row, "new", key=key, submitted=source.submitted)
    own_names = [n for n in (name,) if not F.is_anonymous(n)]
    if person is not None:
        person_id, given, family, preferred = person
        outcome.person_id = person_id
        outcome.respondent = f"{clean_text(f'{given} {family}')} ({email})"
        own_names += [given, family, preferred, f"{given} {family}"]
    elif not F.is_anonymous(email):
        outcome.respondent = f"{email}: not known to Cohort Desk, so counted as anonymous"
    elif own_names:
        outcome.respondent = f"{ANONYMOUS} (a name is given, but no e-mail address)"
    if key in known:
        outcome.outcome, outcome.message = "imported", "Imported before; left as it is."
        return outcome
    if key in first_row:
        outcome.outcome = "skipped"
        outcome.message = f"The same response as row {first_row[key]}; imported once."
        return outcome
    first_row[key] = source.row
    consent = next(
        (F.gives_consent(source.cells[i]) for i, q in form.questions if q.kind == F.CONSENT),
        False,
    )
    outcome.consent = consent
    try:
        outcome.answers = _answers(form, source, consent, own_names)
    except ValueError as exc:
        outcome.outcome = "error"
        outcome.message = f"{exc}; correct the answer in the file, or leave it blank."
        return outcome
    if not outcome.answers:
        outcome.outcome, outcome.message = "skipped", "No question was answered."
    return outcome


def _answers(
    form: FeedbackFile, source: SourceRow, consent: bool, own_names: list[str]
) -> list[PlannedAnswer]:
    answers: list[PlannedAnswer] = []
    for position, (index, question) in enumerate(form.questions):
        raw = clean_text(source.cells[index]) if question.kind != F.TEXT else source.cells[index]
        if not raw.strip():
            continue
        value: float | None = None
        text = raw.strip()
        if question.kind == F.RATING:
            value = F.rating_value(question, raw)
            if value is None:
                continue
        elif question.kind == F.CONSENT:
            value = 1.0 if F.gives_consent(raw) else 0.0
        elif question.kind == F.TEXT and not consent:
            # Without leave to quote, the writer's own name never reaches the database; other
            # known names are taken out whenever comments are shown.
            text = remove_names(text, KnownNames(), own_names)
        answers.append(PlannedAnswer(position, question.heading, question.scale, value, text))
    return answers
