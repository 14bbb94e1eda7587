"""The audit trail's records named in words: "Enrolment of Sofía Kowalski in SLA Cohort 3",
not "enrolment, Id 14".

An entry stores only a record's type and id and what changed, so the names are looked up when
the trail is read: from the record itself when it still exists, otherwise from the values the
trail recorded when it was created or deleted. Names are today's (an erased person reads as
"an erased person"), which is what a reader of the trail needs to find things.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select, tuple_
from sqlalchemy.orm import Session

from cohort_desk.db.models import (
    AuditEntry,
    Base,
    Cohort,
    CohortSession,
    MentoringPair,
    Organisation,
    Person,
    Programme,
)
from cohort_desk.rules.dates import format_date

# Foreign keys worth naming, by the record they point at.
_PEOPLE = ("person_id", "mentor_id", "mentee_id", "facilitator_id")
_NAMED: dict[str, type[Cohort] | type[Organisation] | type[Programme]] = {
    "cohort_id": Cohort,
    "organisation_id": Organisation,
    "programme_id": Programme,
}
ERASED = "an erased person"


def _models() -> dict[str, type[Any]]:
    return {mapper.class_.__name__: mapper.class_ for mapper in Base.registry.mappers}


def _values(changes: dict[str, Any] | None) -> dict[str, Any]:
    """A record's values as the trail saw them: the new value, or the old one if removed."""
    out: dict[str, Any] = {}
    for key, value in (changes or {}).items():
        if isinstance(value, list | tuple) and len(value) == 2:
            out[key] = value[1] if value[1] is not None else value[0]
        else:
            out[key] = value
    return out


def _record_values(
    session: Session, entries: list[AuditEntry]
) -> dict[tuple[str, int], dict[str, Any]]:
    """For each (type, id) in the entries: what the trail recorded at its creation or deletion,
    overlaid by the record as it is now."""
    keys = {(e.record_type, e.record_id) for e in entries if e.record_id is not None}
    values: dict[tuple[str, int], dict[str, Any]] = defaultdict(dict)
    for entry in entries:
        if entry.record_id is not None:
            values[(entry.record_type, entry.record_id)].update(_values(entry.changes))
    missing = [
        k for k in keys if not {"cohort_id", "person_id", "title", "name"} & values[k].keys()
    ]
    for chunk in range(0, len(missing), 500):
        wanted = missing[chunk : chunk + 500]
        query = select(AuditEntry).where(
            tuple_(AuditEntry.record_type, AuditEntry.record_id).in_(wanted),
            AuditEntry.action.in_(("created", "deleted")),
        )
        for entry in session.scalars(query):
            if entry.record_id is None:  # never: the query asks for records by id
                continue
            found = _values(entry.changes)
            found.update(values[(entry.record_type, entry.record_id)])
            values[(entry.record_type, entry.record_id)] = found
    models = _models()
    by_type: dict[str, list[int]] = defaultdict(list)
    for record_type, record_id in keys:
        if record_type in models:
            by_type[record_type].append(record_id)
    for record_type, ids in by_type.items():
        model = models[record_type]
        columns = [a.key for a in inspect(model).mapper.column_attrs]
        for obj in session.scalars(select(model).where(model.id.in_(ids))):
            values[(record_type, obj.id)].update({c: getattr(obj, c) for c in columns})
    return values


class _Names:
    """Names of people, cohorts, sessions, organisations and programmes, fetched in batches."""

    def __init__(self, session: Session, records: Iterable[dict[str, Any]]) -> None:
        wanted: dict[str, set[int]] = defaultdict(set)
        for record in records:
            for key in (*_PEOPLE, *_NAMED, "session_id", "pair_id"):
                if isinstance(record.get(key), int):
                    wanted[key if key not in _PEOPLE else "person"].add(record[key])
        self.pairs = {
            p.id: (p.mentor_id, p.mentee_id)
            for p in session.scalars(
                select(MentoringPair).where(MentoringPair.id.in_(wanted["pair_id"]))
            )
        }
        for mentor, mentee in self.pairs.values():
            wanted["person"] |= {mentor, mentee}
        self.people = {
            p.id: ERASED if p.erased_at is not None else p.full_name
            for p in session.scalars(select(Person).where(Person.id.in_(wanted["person"])))
        }
        self.named = {
            key: dict(
                session.execute(select(model.id, model.name).where(model.id.in_(wanted[key]))).all()
            )
            for key, model in _NAMED.items()
        }
        self.sessions = {
            s.id: f"{s.title} ({format_date(s.starts_at)})"
            for s in session.scalars(
                select(CohortSession).where(CohortSession.id.in_(wanted["session_id"]))
            )
        }

    def person(self, person_id: Any) -> str:
        return self.people.get(person_id, "someone since deleted") if person_id else "nobody"

    def of(self, key: str, value: Any) -> str:
        if key == "session_id":
            return self.sessions.get(value, "a session since deleted")
        return str(self.named[key].get(value, f"a {key.removesuffix('_id')} since deleted"))


def _describe(record_type: str, values: dict[str, Any], names: _Names) -> str | None:
    person = names.person(values.get("person_id"))
    if record_type == "Person":
        if values.get("erased_at"):
            return "The record of an erased person"
        full = f"{values.get('given_name', '')} {values.get('family_name', '')}".strip()
        return f"The record of {full or 'a person'}"
    if record_type == "Enrolment":
        return f"Enrolment of {person} in {names.of('cohort_id', values.get('cohort_id'))}"
    if record_type == "Attendance":
        return f"Attendance of {person} at {names.of('session_id', values.get('session_id'))}"
    if record_type == "Certificate":
        return f"Certificate {values.get('number', '')} of {person}".replace("  ", " ")
    if record_type == "MentorProfile":
        return f"Mentor profile of {person}"
    if record_type in ("MentoringPair", "MentoringMeeting"):
        mentor, mentee = values.get("mentor_id"), values.get("mentee_id")
        if record_type == "MentoringMeeting":
            pair_id = values.get("pair_id")
            mentor, mentee = names.pairs.get(pair_id, (None, None)) if pair_id else (None, None)
            return f"Mentoring meeting of {names.person(mentee)} with {names.person(mentor)}"
        return f"Mentoring of {names.person(mentee)} by {names.person(mentor)}"
    if record_type == "CommunityMembership":
        return f"Community membership of {person}"
    if record_type == "LeadershipRole":
        return f"Leadership role of {person}: {values.get('title', '')}".rstrip(": ")
    if record_type == "EqualityRecord":
        return f"Equality monitoring answers of {person}"
    if record_type == "CohortSession":
        cohort = names.of("cohort_id", values.get("cohort_id"))
        return f"Session '{values.get('title', '')}' of {cohort}"
    if record_type in ("Cohort", "Organisation", "Programme", "Profession"):
        return f"{record_type} {values.get('name', '')}".strip()
    if record_type == "ImportBatch":
        return f"Import of {values.get('file_name', 'a file')}"
    if record_type == "Setting":
        return f"Setting {values.get('key', '')}".strip()
    return None


def _old_and_new(changes: dict[str, Any] | None) -> Iterable[dict[str, Any]]:
    for key, value in (changes or {}).items():
        if isinstance(value, list | tuple) and len(value) == 2:
            yield {key: value[0]}
            yield {key: value[1]}


def _named_changes(changes: dict[str, Any] | None, names: _Names) -> dict[str, Any] | None:
    """The changes with ids of people, cohorts, sessions and organisations replaced by names:
    "organisation: Bexley ICB → Lewisham and Greenwich NHS Trust", not "organisation id: 5 → 7"."""
    if not changes:
        return changes
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key in (*_PEOPLE, *_NAMED, "session_id") and isinstance(value, list | tuple):

            def name(one: Any, key: str = key) -> Any:
                if one is None:
                    return None
                return names.person(one) if key in _PEOPLE else names.of(key, one)

            out[key.removesuffix("_id")] = [name(one) for one in value]
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class InWords:
    about: dict[int, str]  # entry id -> the record it is about
    changes: dict[int, dict[str, Any] | None]  # entry id -> its changes with ids named


def describe_entries(session: Session, entries: list[AuditEntry]) -> InWords:
    """The records the entries are about, and their changes, in words (entries of unknown
    kinds keep their type and number)."""
    values = _record_values(session, entries)
    changed = [one for entry in entries for one in _old_and_new(entry.changes)]
    names = _Names(session, [*values.values(), *changed])
    about: dict[int, str] = {}
    for entry in entries:
        record = _values(entry.changes)
        if entry.record_id is not None:
            record = values.get((entry.record_type, entry.record_id), record)
        text = _describe(entry.record_type, record, names)
        if text:
            about[entry.id] = text
    changes = {entry.id: _named_changes(entry.changes, names) for entry in entries}
    return InWords(about, changes)
