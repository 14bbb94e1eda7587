"""Before an import is applied: is every record it touches as it was when it was previewed?

In the window minutes pass between the preview and Import, and someone may edit a person by
hand meanwhile. Applying the plan then would overwrite that edit with the file's value, so
every person the plan updates or enrols is checked against the version the plan was made
from, every new address against people added since, and every enrolment against those made
since. The first difference is refused in one sentence naming the person and the field.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.models import Enrolment, Organisation, Person
from cohort_desk.errors import ConflictError
from cohort_desk.rules.names import spoken_name
from cohort_desk.services.imports.by_key import rows_with_keys
from cohort_desk.services.imports.compare import PersonChange
from cohort_desk.services.imports.rows import LABELS, PERSON_FIELDS

_CHUNK = 900
_AGAIN = "nothing was imported; preview the import again and apply the new preview"


class StalePlanError(ConflictError):
    """The database changed after the preview; planning again shows the file against it."""


def check_still_current(
    session: Session, people: Sequence[PersonChange], cohort_id: int | None, role: str
) -> None:
    """Raise StalePlanError at the first record that differs from the preview."""
    touched = [p for p in people if p.person_id is not None and (p.action == "update" or p.enrol)]
    _check_people(session, touched)
    _check_new_addresses(session, [p for p in people if p.action == "new"])
    if cohort_id is not None:
        _check_enrolments(session, [p for p in touched if p.enrol], cohort_id, role)


def _check_people(session: Session, touched: list[PersonChange]) -> None:
    columns = [getattr(Person, name) for name in PERSON_FIELDS if name != "organisation"]
    query = select(
        Person.id, Person.version, Person.email, Person.erased_at, Organisation.name, *columns
    ).outerjoin(Organisation, Organisation.id == Person.organisation_id)
    for chunk in _chunks(touched):
        planned = {p.person_id: p for p in chunk}
        found: set[int] = set()
        for row in session.execute(query.where(Person.id.in_(list(planned)))):
            person_id, version, email, erased, organisation, *values = row
            found.add(person_id)
            change = planned[person_id]
            if version == change.version:
                continue
            now = dict(zip([c.key for c in columns], values, strict=True))
            now["organisation"] = organisation or ""
            if erased is not None:
                raise StalePlanError(
                    f"{change.email} was erased after this import was previewed; {_AGAIN}."
                )
            raise StalePlanError(_changed(change, now, email))
        missing = set(planned) - found
        if missing:
            gone = planned[min(missing, key=lambda person_id: person_id or 0)]
            raise StalePlanError(
                f"{gone.email} was removed after this import was previewed; {_AGAIN}."
            )


def _changed(change: PersonChange, now: dict[str, Any], email: str) -> str:
    who = f"{spoken_name(now.get('given_name') or '', now.get('family_name') or '')} ({email})"
    for name, then in change.current.items():
        if (now.get(name) or "") != (then or ""):
            shown = now.get(name) or ""
            value = f"'{shown}'" if shown else "blank"
            return (
                f"{who} was changed after this import was previewed (their "
                f"{LABELS.get(name, name)} is now {value}); {_AGAIN}."
            )
    if email != change.email:
        return (
            f"{who} was changed after this import was previewed (their e-mail address is now "
            f"{email}); {_AGAIN}."
        )
    return f"{who} was changed after this import was previewed; {_AGAIN}."


def _check_new_addresses(session: Session, new: list[PersonChange]) -> None:
    keys = {p.key: p for p in new}
    query = select(Person.email_key, Person.given_name, Person.family_name)
    taken = next(rows_with_keys(session, query, keys, key_at=0), None)
    if taken is not None:
        key, given, family = taken
        raise StalePlanError(
            f"{spoken_name(given, family)} ({keys[key].email}) was added by someone else "
            f"after this import was previewed; {_AGAIN}."
        )


def _check_enrolments(
    session: Session, enrolling: list[PersonChange], cohort_id: int, role: str
) -> None:
    for chunk in _chunks(enrolling):
        ids = {p.person_id: p for p in chunk}
        done = session.scalar(
            select(Enrolment.person_id).where(
                Enrolment.cohort_id == cohort_id,
                Enrolment.role == role,
                Enrolment.person_id.in_(list(ids)),
            )
        )
        if done is not None:
            raise StalePlanError(
                f"{ids[done].email} was enrolled in this cohort after this import was "
                f"previewed; {_AGAIN}."
            )


def _chunks(items: Sequence[PersonChange]) -> Iterator[Sequence[PersonChange]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
