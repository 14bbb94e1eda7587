"""Small helpers shared by the services: looking records up by the names users give them."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.models import Cohort, CohortSession, Person, Programme
from cohort_desk.errors import NotFoundError, ValidationError
from cohort_desk.rules.attendance import AttendanceRule
from cohort_desk.rules.characters import as_typed
from cohort_desk.rules.names import clean_text, email_key, name_key

_Named = TypeVar("_Named", Cohort, Programme)


def person_by_email(session: Session, email: str) -> Person:
    person = session.scalar(select(Person).where(Person.email_key == email_key(email)))
    if person is None or person.erased_at is not None:
        raise NotFoundError(
            f"No one with the e-mail address {as_typed(email)} is in the database; "
            "check the spelling or add them first."
        )
    return person


def named(session: Session, model: type[_Named], name: str) -> _Named | None:
    """The cohort or programme called ``name`` in any case and spacing, or None. Compared in
    Python: SQLite's lower() changes only ASCII letters, so 'École' never matched 'école', nor
    even itself once lower-cased here. There are tens of these, not thousands."""
    wanted = name_key(name)
    rows = session.execute(select(model.id, model.name)).all()
    # The name as stored first: two names that differ only in case may be left from before.
    found = next((row_id for row_id, row_name in rows if row_name == clean_text(name)), None)
    if found is None:
        found = next((row_id for row_id, row_name in rows if name_key(row_name) == wanted), None)
    return None if found is None else session.get(model, found)


def cohort_by_name(session: Session, name: str) -> Cohort:
    cohort = named(session, Cohort, name)
    if cohort is None:
        known = session.scalars(select(Cohort.name).order_by(Cohort.name).limit(8)).all()
        hint = f" Cohorts include: {', '.join(known)}." if known else " There are no cohorts yet."
        raise NotFoundError(f"There is no cohort called '{name}'.{hint}")
    return cohort


def cohort_in(session: Session, cohort_id: int) -> Cohort:
    """The cohort with this id, or NotFoundError: someone may have deleted it meanwhile."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
    return cohort


def person_in(session: Session, person_id: int) -> Person:
    """The person with this id (not erased), or NotFoundError."""
    person = session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        raise NotFoundError("That person is no longer in the database; refresh the list (F5).")
    return person


def session_in(session: Session, session_id: int) -> CohortSession:
    found = session.get(CohortSession, session_id)
    if found is None:
        raise NotFoundError(
            f"There is no session number {session_id}; "
            "'cohort-desk session list --cohort NAME' shows the numbers."
        )
    return found


def programme_by_name(session: Session, name: str, *, create: bool = False) -> Programme:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("A programme needs a name.", field="programme")
    programme = named(session, Programme, clean)
    if programme is None:
        if not create:
            raise NotFoundError(f"There is no programme called '{name}'.")
        programme = Programme(name=clean)
        session.add(programme)
        session.flush()
    return programme


def require_text(value: str, field: str, label: str, max_length: int = 200) -> str:
    clean = " ".join(value.split())
    if not clean:
        raise ValidationError(f"{label} cannot be empty.", field=field)
    if len(clean) > max_length:
        raise ValidationError(
            f"{label} is too long ({len(clean)} characters); keep it under {max_length}.",
            field=field,
        )
    return clean


def cohort_rule(cohort: Cohort) -> AttendanceRule:
    """The attendance rule a cohort keeps: its minimum and how lateness counts."""
    return AttendanceRule(
        min_attendance_pct=cohort.min_attendance_pct,
        late_counts=cohort.late_counts,
        left_early_counts=cohort.left_early_counts,
        late_after_minutes=cohort.late_after_minutes,
        left_early_minutes=cohort.left_early_minutes,
        partial_cpd=cohort.partial_cpd,
    )
