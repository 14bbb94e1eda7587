"""A cohort's selection criteria (name and scale) and the panel's scores against them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Application, Cohort, Score, SelectionCriterion
from cohort_desk.errors import NotFoundError, RefusedError, ValidationError
from cohort_desk.rules.names import clean_text, name_key
from cohort_desk.rules.wording import plural
from cohort_desk.vocabulary import ApplicationStatus

MAX_NOTE = 200
_SCALE = re.compile(r"^\s*(-?\d{1,3})\s*(?:-|–|to|\.\.)\s*(-?\d{1,3})\s*$")


@dataclass(frozen=True, slots=True)
class CriterionRow:
    id: int
    cohort_id: int
    name: str
    scale_min: int
    scale_max: int
    description: str
    version: int

    @property
    def scale(self) -> str:
        return f"{self.scale_min}-{self.scale_max}"


@dataclass(frozen=True, slots=True)
class ScoreRow:
    id: int
    application_id: int
    criterion: str
    criterion_id: int
    panel_member: str
    value: int
    note: str
    updated_at: datetime
    version: int


def parse_scale(text: str) -> tuple[int, int]:
    """'1-5' -> (1, 5); a scale runs upwards over at most 100 steps."""
    match = _SCALE.match(text or "")
    if not match:
        raise ValidationError(
            f"'{text}' is not a scale; write the lowest and highest score, e.g. 1-5.", "scale"
        )
    low, high = int(match.group(1)), int(match.group(2))
    if not 0 <= low < high <= 100:
        raise ValidationError(
            "A scale runs from a lower to a higher whole number between 0 and 100, e.g. 1-5.",
            "scale",
        )
    return low, high


def _to_row(c: SelectionCriterion) -> CriterionRow:
    return CriterionRow(
        c.id, c.cohort_id, c.name, c.scale_min, c.scale_max, c.description, c.version
    )


def list_criteria(db: Database, cohort_id: int) -> list[CriterionRow]:
    with db.read() as session:
        return criteria_in(session, cohort_id)


def criteria_in(session: Session, cohort_id: int) -> list[CriterionRow]:
    query = (
        select(SelectionCriterion)
        .where(SelectionCriterion.cohort_id == cohort_id)
        .order_by(SelectionCriterion.position, SelectionCriterion.id)
    )
    return [_to_row(c) for c in session.scalars(query)]


def add_criterion(
    db: Database,
    cohort_id: int,
    name: str,
    scale: tuple[int, int] = (1, 5),
    description: str = "",
) -> CriterionRow:
    clean = clean_text(name)
    if not clean:
        raise ValidationError("A criterion needs a name, e.g. 'Commitment to system working'.")
    if len(clean) > 200:
        raise ValidationError("A criterion's name must be under 200 characters.", "name")
    low, high = scale
    if not 0 <= low < high <= 100:
        raise ValidationError("A scale runs from a lower to a higher number, e.g. 1-5.", "scale")
    with db.write() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
        # Compared in Python: SQLite's lower() leaves accented capitals as they are.
        same = next(
            (
                c
                for c in session.scalars(
                    select(SelectionCriterion).where(SelectionCriterion.cohort_id == cohort_id)
                )
                if name_key(c.name) == name_key(clean)
            ),
            None,
        )
        if same is not None:
            raise ValidationError(
                f"{cohort.name} already has a criterion called '{same.name}'.", "name"
            )
        last = session.scalar(
            select(func.max(SelectionCriterion.position)).where(
                SelectionCriterion.cohort_id == cohort_id
            )
        )
        criterion = SelectionCriterion(
            cohort_id=cohort_id,
            name=clean,
            scale_min=low,
            scale_max=high,
            position=(last or 0) + 1,
            description=description.strip(),
        )
        session.add(criterion)
        session.flush()
        return _to_row(criterion)


def remove_criterion(db: Database, criterion_id: int) -> None:
    """Remove a criterion added by mistake; one the panel has scored against stays."""
    with db.write() as session:
        criterion = session.get(SelectionCriterion, criterion_id)
        if criterion is None:
            return
        used = session.scalar(
            select(func.count()).select_from(Score).where(Score.criterion_id == criterion_id)
        )
        if used:
            raise RefusedError(
                f"The panel has given {plural(used, 'score')} for '{criterion.name}', so it "
                "cannot be removed; removing it would change every total."
            )
        session.delete(criterion)


def criterion_by_name(db: Database, cohort_id: int, name: str) -> CriterionRow:
    """The cohort's criterion called ``name`` (any case), or NotFoundError naming them all."""
    rows = list_criteria(db, cohort_id)
    wanted = clean_text(name).casefold()
    for row in rows:
        if row.name.casefold() == wanted:
            return row
    known = "; ".join(f"'{r.name}'" for r in rows)
    hint = f" Its criteria are {known}." if rows else " It has none yet (criterion add)."
    raise NotFoundError(f"This cohort has no criterion called '{name}'.{hint}")


# Scores -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreState:
    """A panel member's score before a change, for undo: None when there was none."""

    application_id: int
    criterion_id: int
    panel_member: str
    value: int | None
    note: str


def record_score(
    db: Database,
    application_id: int,
    criterion_id: int,
    value: int,
    note: str = "",
    panel_member: str | None = None,
) -> ScoreState:
    """Save this panel member's score (replacing their earlier one); returns what it replaced.

    The panel member is the account running Cohort Desk (the audit trail's "who"), so nobody
    can score in another's name.
    """
    member = panel_member or db.actor
    text = clean_text(note)
    if len(text) > MAX_NOTE:
        raise ValidationError(
            f"Keep the note to {MAX_NOTE} characters (it has {len(text)}); it is a short "
            "reason, not the whole discussion.",
            "note",
        )
    with db.write() as session:
        app = session.get(Application, application_id)
        criterion = session.get(SelectionCriterion, criterion_id)
        if app is None or criterion is None:
            raise NotFoundError("That application or criterion is no longer there; refresh (F5).")
        if criterion.cohort_id != app.cohort_id:
            raise ValidationError("That criterion belongs to another cohort.", "criterion")
        if not criterion.scale_min <= value <= criterion.scale_max:
            raise ValidationError(
                f"'{criterion.name}' is scored from {criterion.scale_min} to "
                f"{criterion.scale_max}, so {value} is not a score for it.",
                "score",
            )
        if app.status in (
            ApplicationStatus.WITHDRAWN,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.DECLINED,
        ):
            raise RefusedError(
                f"This application is {app.status}, so it is no longer scored; nothing was changed."
            )
        score = _score(session, application_id, criterion_id, member)
        before = ScoreState(
            application_id,
            criterion_id,
            member,
            score.value if score else None,
            score.note if score else "",
        )
        if score is None:
            score = Score(
                application_id=application_id,
                criterion_id=criterion_id,
                person_id=app.person_id,
                panel_member=member,
            )
            session.add(score)
        score.value, score.note = value, text
        return before


def restore_score(db: Database, state: ScoreState) -> None:
    """Put a score back as it was (the undo of record_score): removed when there was none."""
    with db.write() as session:
        score = _score(session, state.application_id, state.criterion_id, state.panel_member)
        if state.value is None:
            if score is not None:
                session.delete(score)
            return
        if score is None:
            app = session.get(Application, state.application_id)
            if app is None:
                raise NotFoundError("That application is no longer there; refresh (F5).")
            score = Score(
                application_id=state.application_id,
                criterion_id=state.criterion_id,
                person_id=app.person_id,
                panel_member=state.panel_member,
            )
            session.add(score)
        score.value, score.note = state.value, state.note


def _score(session: Session, application_id: int, criterion_id: int, member: str) -> Score | None:
    return session.scalar(
        select(Score).where(
            Score.application_id == application_id,
            Score.criterion_id == criterion_id,
            Score.panel_member == member,
        )
    )


def scores_of(db: Database, application_id: int) -> list[ScoreRow]:
    """Every panel member's scores and notes for one application, by criterion."""
    query = (
        select(Score, SelectionCriterion.name)
        .join(SelectionCriterion, SelectionCriterion.id == Score.criterion_id)
        .where(Score.application_id == application_id)
        .order_by(SelectionCriterion.position, SelectionCriterion.id, Score.panel_member)
    )
    with db.read() as session:
        return [
            ScoreRow(
                s.id,
                s.application_id,
                name,
                s.criterion_id,
                s.panel_member,
                s.value,
                s.note,
                s.updated_at,
                s.version,
            )
            for s, name in session.execute(query)
        ]
