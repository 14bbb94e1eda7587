"""Compare the people in a file with the database: who is new, who changes and how."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.models import Enrolment, Organisation, Person
from cohort_desk.rules.names import clean_text, normalise_borough, normalise_profession
from cohort_desk.services.imports.by_key import rows_with_keys
from cohort_desk.services.imports.rows import PERSON_FIELDS, MergedPerson

_CHUNK = 900  # under SQLite's oldest limit of 999 bound values per statement


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
    # Every importable field as the database held it when planned: what apply checks, and
    # names the field of, when the person was changed in between.
    current: dict[str, str] = field(default_factory=dict)


@dataclass
class Decisions:
    people: list[PersonChange]
    errors: dict[str, tuple[str, str]]  # e-mail key -> (field, sentence)
    organisations: dict[str, int]  # casefolded name -> id, of those that exist

    def signature(self) -> list[tuple[Any, ...]]:
        # Both sides are built from the same merged rows, so their field order already agrees.
        return [(p.key, p.action, p.person_id, p.values, p.enrol) for p in self.people]


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
                    _single_name_as_given(person.values),
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
                current={name: current[name] or "" for name in PERSON_FIELDS},
            )
        )
    if cohort_id is not None:
        enrolled = _enrolled(session, cohort_id, role, [p.person_id for p in people if p.person_id])
        for change in people:
            change.enrol = change.person_id is None or change.person_id not in enrolled
    return Decisions(people, errors, organisations)


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
    for row in rows_with_keys(session, query, keys, key_at=1):
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
            "There is no name for this new person; fill in their name (a first name and "
            "surname, or the one name they use).",
        )
    return None


def _single_name_as_given(values: dict[str, str]) -> dict[str, str]:
    """Someone with one name (common in South India and Indonesia) is kept as given, with no
    family name, whichever of the two columns it was typed in, and printed as written."""
    if values.get("family_name") and not values.get("given_name"):
        values = dict(values)
        values["given_name"] = values.pop("family_name")
    return dict(values)


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
