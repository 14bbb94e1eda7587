"""The import's organisation and profession names matched to the known ones, for the plan.

"Lewisham & Greenwich NHS Trust" in a file becomes the known "Lewisham and Greenwich NHS
Trust", and the plan says so and why; a name that matches none is shown as new, and the person
importing may map it to a known one instead (``choices``) before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from cohort_desk.errors import ValidationError
from cohort_desk.rules.known_names import Match, Unmatched, match_name
from cohort_desk.services.imports.rows import MergedPerson
from cohort_desk.services.people.known_names import Kind, known_names

FIELDS: tuple[tuple[str, Kind], ...] = (
    ("organisation", "organisation"),
    ("profession", "profession"),
)
CHOSEN = "chosen by you"


@dataclass(frozen=True)
class NameInPlan:
    """One organisation or profession the file names that is not exactly a known one."""

    kind: Kind
    in_file: str
    stored: str  # what importing stores: the known name matched or chosen, or as written
    why: str  # why it is that known one, or "new"
    rows: list[int] = field(default_factory=list)
    candidates: tuple[str, ...] = ()  # known names it could be, when it is new

    @property
    def new(self) -> bool:
        return self.why == "new"


# (kind, name in the file) -> the known name chosen for it in the wizard or on the command line
Choices = Mapping[tuple[str, str], str]


def match_names_in_file(
    session: Session, merged: Sequence[MergedPerson], choices: Choices | None = None
) -> list[NameInPlan]:
    """Match every organisation and profession of the file; the people's values are changed
    to the names that will be stored. Returns the names that were not exactly known."""
    choices = choices or {}
    found: list[NameInPlan] = []
    for column, kind in FIELDS:
        rows: dict[str, list[int]] = {}
        for person in merged:
            typed = person.values.get(column, "")
            if typed:
                rows.setdefault(typed, []).extend(person.rows)
        if not rows:
            continue
        known = known_names(session, kind)
        stored: dict[str, str] = {}
        for typed, where in rows.items():
            entry = _entry(kind, typed, sorted(where), known, choices)
            if entry is not None:
                found.append(entry)
                if entry.stored != typed:
                    stored[typed] = entry.stored
        # Only names stored other than as typed change anyone's values (a new name, the
        # commonest kind in a first import, does not).
        for person in merged if stored else ():
            typed = person.values.get(column, "")
            if typed in stored:
                person.values[column] = stored[typed]
    return sorted(found, key=lambda n: (n.kind, n.new, n.in_file.casefold()))


def _entry(kind: Kind, typed: str, rows: list[int], known, choices: Choices):  # type: ignore[no-untyped-def]
    chosen = choices.get((kind, typed))
    if chosen:
        if chosen not in {k.name for k in known}:
            raise ValidationError(
                f"'{chosen}' is not a known {kind}, so '{typed}' cannot be stored as it; "
                f"give a {kind} exactly as it is listed in Programmes and lists.",
                field="known",
            )
        return NameInPlan(kind, typed, chosen, CHOSEN, rows)
    result = match_name(typed, known)
    if result is None:
        return None
    if isinstance(result, Match):
        return NameInPlan(kind, typed, result.known.name, result.why, rows)
    assert isinstance(result, Unmatched)
    candidates = tuple(k.name for k in result.candidates)
    return NameInPlan(kind, typed, typed, "new", rows, candidates)
