"""Finding people by what someone types: the one search behind the People screen, the
command line's --search and every picker (enrol, mentoring, community, walk-ins, rights).

The rule itself (accents, apostrophes, any order, part of a name or e-mail) is
rules/search.py; this module holds people in memory with their search text, so each
keystroke filters a Python list instead of asking the database (measured: 0.03 s for
100,000 rows, where LIKE cannot ignore accents on SQLite).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from cohort_desk.db.engine import Database
from cohort_desk.rules.names import email_key
from cohort_desk.rules.pasted_people import name_key, read_pasted_list
from cohort_desk.rules.search import matches, search_words
from cohort_desk.services.people.records import (
    PeopleFilter,
    PersonRow,
    list_people,
    person_search_text,
)


def _find(
    rows: Iterable[PersonRow], text_of: Callable[[PersonRow], str], query: str, limit: int | None
) -> list[PersonRow]:
    words = search_words(query)
    found = []
    for row in rows:
        if matches(words, text_of(row)):
            found.append(row)
            if limit is not None and len(found) >= limit:
                break
    return found


@dataclass(frozen=True)
class NotFound:
    """An entry of a pasted list that did not become a pick, and why, in words."""

    text: str
    why: str


@dataclass(frozen=True)
class PastedPeople:
    found: list[PersonRow] = field(default_factory=list)
    not_found: list[NotFound] = field(default_factory=list)


class PeopleIndex:
    """People held in memory with their search text, for a picker that filters as you type."""

    def __init__(self, rows: list[PersonRow]) -> None:
        self.rows = rows
        self._texts = {row.id: person_search_text(row) for row in rows}
        self._by_email = {email_key(row.email): row for row in rows}
        self._by_name: dict[str, list[PersonRow]] = {}
        for row in rows:
            keys = {name_key(f"{row.given_name} {row.family_name}")}
            if row.preferred_name:
                keys.add(name_key(f"{row.preferred_name} {row.family_name}"))
            for key in keys:
                self._by_name.setdefault(key, []).append(row)

    def find(self, query: str, limit: int | None = None) -> list[PersonRow]:
        return _find(self.rows, lambda row: self._texts[row.id], query, limit)

    def by_id(self, person_id: int) -> PersonRow | None:
        return next((row for row in self.rows if row.id == person_id), None)

    def resolve_pasted(
        self, text: str, unavailable: Mapping[int, str] | None = None
    ) -> PastedPeople:
        """The people a pasted list names, and each entry it could not turn into one.

        An e-mail is matched by e-mail only: a name that matches someone with another address
        may be someone else, so it is reported, not picked. ``unavailable`` maps people who
        cannot be picked here (already enrolled) to the reason shown."""
        unavailable = unavailable or {}
        result = PastedPeople()
        picked: set[int] = set()
        for entry in read_pasted_list(text):
            if entry.email is not None:
                person = self._by_email.get(entry.email)
                why = "no one has this e-mail address"
                namesakes = self._by_name.get(entry.name_key, []) if entry.name else []
                if person is None and len(namesakes) == 1:
                    why += f" ({namesakes[0].full_name} is in the database as {namesakes[0].email})"
            else:
                named = self._by_name.get(entry.name_key, [])
                person = named[0] if len(named) == 1 else None
                why = (
                    f"{len(named)} people have this name; paste their e-mails instead"
                    if named
                    else "no one has this name"
                )
            if person is None:
                result.not_found.append(NotFound(entry.text, why))
            elif person.id in unavailable:
                result.not_found.append(NotFound(entry.text, unavailable[person.id]))
            elif person.id not in picked:
                picked.add(person.id)
                result.found.append(person)
        return result


def load_people_index(db: Database, flt: PeopleFilter | None = None) -> PeopleIndex:
    """Everyone the filter lets through (not archived, by default), ready to search."""
    return PeopleIndex(list_people(db, flt))


def find_people(
    db: Database, query: str, flt: PeopleFilter | None = None, limit: int | None = None
) -> list[PersonRow]:
    """The people ``query`` finds, by the same rule as the People screen's search box."""
    return list_people(db, replace(flt or PeopleFilter(), search=query), limit)
