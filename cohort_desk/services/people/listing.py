"""Listing people: the rows the People screen and `people` show, read without the models.

The query names its tables through cohort_desk.db.light, so a command that only lists people
does not declare every model first (a tenth of a second of each `people --json`, issue 22).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import LargeBinary, Select, and_, cast, func, or_, select

from cohort_desk.db.engine import Database
from cohort_desk.db.light import enrolments, mentor_profiles, organisations, people, person_ref
from cohort_desk.rules.collation import BLANK_LAST, collation_key
from cohort_desk.rules.names import listed_name
from cohort_desk.rules.search import matches, search_text, search_words
from cohort_desk.vocabulary import Role


@dataclass(slots=True)
class PersonRow:
    """A person as the window and the command line see them: plain values, no ORM object."""

    id: int
    title: str
    given_name: str
    family_name: str
    preferred_name: str
    email: str
    phone: str
    organisation: str
    job_title: str
    profession: str
    borough: str
    interests: str
    notes: str
    archived: bool
    version: int
    name_as_printed: str = ""

    @property
    def ref(self) -> str:
        return person_ref(self.id)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def sort_name(self) -> str:
        return listed_name(self.given_name, self.family_name)


@dataclass(frozen=True)
class PeopleFilter:
    search: str = ""
    cohort_id: int | None = None
    role: str = ""  # participant, facilitator or mentor
    organisation: str = ""
    profession: str = ""
    borough: str = ""
    include_archived: bool = False


def _list_query(flt: PeopleFilter) -> Select[*tuple[Any, ...]]:
    # Plain columns, not ORM objects: 100,000 people load in under a second this way, where
    # building Person objects took three.
    p, org = people.c, organisations.c
    query = (
        select(
            p.id,
            p.title,
            p.given_name,
            p.family_name,
            p.preferred_name,
            p.email,
            p.phone,
            org.name,
            p.job_title,
            p.profession,
            p.borough,
            p.interests,
            p.notes,
            p.archived_at.is_not(None),
            p.version,
            p.name_as_printed,  # last: PersonRow's one field with a default
        )
        .select_from(people.outerjoin(organisations, p.organisation_id == org.id))
        .where(p.erased_at.is_(None))
    )
    if not flt.include_archived:
        query = query.where(p.archived_at.is_(None))
    if flt.cohort_id is not None or flt.role in set(Role):
        enrolled = select(enrolments.c.person_id)
        if flt.cohort_id is not None:
            enrolled = enrolled.where(enrolments.c.cohort_id == flt.cohort_id)
        if flt.role in set(Role):
            enrolled = enrolled.where(enrolments.c.role == str(flt.role))
        query = query.where(p.id.in_(enrolled))
    if flt.role == "mentor":
        query = query.where(p.id.in_(select(mentor_profiles.c.person_id)))
    if flt.organisation:
        query = query.where(func.lower(org.name) == flt.organisation.lower())
    if flt.profession:
        query = query.where(func.lower(p.profession) == flt.profession.lower())
    if flt.borough:
        query = query.where(func.lower(p.borough) == flt.borough.lower())
    return query.order_by(func.lower(p.family_name), func.lower(p.given_name), p.id)


def list_people(
    db: Database, flt: PeopleFilter | None = None, limit: int | None = None
) -> list[PersonRow]:
    """People matching the filter, sorted by family then given name (the first ``limit``),
    accents ignored, as the window sorts them (``_listed_order``).

    The search text is matched in Python by the rule every search box uses (rules/search.py):
    SQL's LIKE cannot ignore accents and apostrophes on SQLite."""
    flt = flt or PeopleFilter()
    query = _list_query(flt)
    words = search_words(flt.search)
    if limit is not None and not words:
        return _first_listed(db, query, limit)
    with db.read() as session:
        rows = _person_rows(session.execute(query))
    if words:
        rows = [row for row in rows if matches(words, person_search_text(row))]
    rows.sort(key=_listed_order)
    return rows if limit is None else rows[:limit]


def _listed_order(row: PersonRow | _Names) -> tuple[str, str, int]:
    """The order people are listed in: the window's sort by family name (accents dropped,
    blanks last), then given name, then id. SQL's order by lower() cannot give it (SQLite
    folds only A-Z, so "Ó Briain" came after "Zhang"), so the rows read are sorted again here:
    the window's first screenful and its full list then agree. Plain names are one casefold."""
    family, given = row.family_name, row.given_name
    return (
        (family.casefold() if family.isascii() else collation_key(family))
        if family
        else BLANK_LAST,
        given.casefold() if given.isascii() else collation_key(given),
        row.id,
    )


def _first_listed(db: Database, query: Select[*tuple[Any, ...]], limit: int) -> list[PersonRow]:
    """The first ``limit`` people in listed order, without reading everyone.

    For people whose names are all ASCII, SQL's order (blanks last, then lower() compared
    code by code) is the listing order, so its first ``limit`` of them are right. Anyone else
    (a tenth to a fifth of a London list) may sort anywhere: those who might come before the
    last of those ``limit`` are read too (their names only), and the first chosen in Python."""
    if limit <= 0:
        return []
    p = people.c
    plain = _all_ascii(db, p.family_name) & _all_ascii(db, p.given_name)
    with db.read() as session:
        ascii_first = _person_rows(
            session.execute(_byte_order(db, query.where(plain)).limit(limit))
        )
        others = query.where(~plain)
        if len(ascii_first) == limit and ascii_first[-1].family_name:
            # Only a family name beginning with a character up to the last one's first
            # letter (either case), or with one beyond ASCII (Ó, Ł, Œ), can sort before it:
            # ranges of the family name's index, so the rest are never read.
            others = others.where(_starting_up_to(db, p.family_name, ascii_first[-1].family_name))
        names = session.execute(
            others.with_only_columns(p.id, p.family_name, p.given_name).order_by(None)
        ).all()
        candidates: list[PersonRow | _Names] = [*ascii_first, *(_Names(*row) for row in names)]
        first = heapq.nsmallest(limit, candidates, key=_listed_order)
        wanted = [row.id for row in first if isinstance(row, _Names)]
        found: dict[int, PersonRow] = {}
        if wanted:
            found = {
                row.id: row for row in _person_rows(session.execute(query.where(p.id.in_(wanted))))
            }
    return [found[row.id] if isinstance(row, _Names) else row for row in first]


def _all_ascii(db: Database, column: Any) -> Any:
    """True in SQL where the column holds only ASCII: as many bytes as characters (in
    SQLite a third quicker than a GLOB for any other character)."""
    if db.is_sqlite:
        return func.length(cast(column, LargeBinary)) == func.length(column)
    return func.octet_length(column) == func.char_length(column)


def _starting_up_to(db: Database, column: Any, last: str) -> Any:
    """True in SQL where the text begins with a character whose fold is at most the first
    of ``last`` (an ASCII name), or with any character beyond ASCII. Compared code by code
    (SQLite's own way; PostgreSQL is told "C")."""
    first = last[0].casefold()
    early = [n for n in range(128) if chr(n).casefold() <= first]
    ranges: list[tuple[int, int]] = []
    for n in early:
        if ranges and ranges[-1][1] == n:
            ranges[-1] = (ranges[-1][0], n + 1)
        else:
            ranges.append((n, n + 1))
    ranges.append((128, 0))  # anything from the first character beyond ASCII on
    text = column if db.is_sqlite else column.collate("C")

    def within(low: int, high: int) -> Any:
        # No bound at 0: PostgreSQL refuses a NUL character in text.
        above = text >= chr(low) if low else None
        below = text < chr(high) if high else None
        return and_(*(c for c in (above, below) if c is not None))

    return or_(*(within(low, high) for low, high in ranges))


def _byte_order(db: Database, query: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    """The query in ``_listed_order`` for ASCII names: blank family names last, then lower()
    compared code by code, as Python compares strings (SQLite always compares so; PostgreSQL
    follows the database's locale unless told "C")."""
    p = people.c
    family: Any = func.lower(p.family_name)
    given: Any = func.lower(p.given_name)
    if not db.is_sqlite:
        family, given = family.collate("C"), given.collate("C")
    return query.order_by(None).order_by(p.family_name == "", family, given, p.id)


class _Names(NamedTuple):
    """The three columns ``_listed_order`` reads, for a person not read whole."""

    id: int
    family_name: str
    given_name: str


def person_search_text(row: PersonRow) -> str:
    """What a person is found by: reference, names, e-mail, organisation and job title."""
    return search_text(
        (
            row.ref,
            row.given_name,
            row.family_name,
            row.preferred_name,
            row.email,
            row.organisation,
            row.job_title,
        )
    )


def _person_rows(result: Iterable[Any]) -> list[PersonRow]:
    # One comprehension unpacking each row, with no call but PersonRow's: a fifth quicker
    # over 100,000 people than copying each row into a list to mend two cells.
    return [
        PersonRow(i, t, g, f, pn, e, ph, org or "", j, pr, b, it, n, bool(a), v, nap)
        for i, t, g, f, pn, e, ph, org, j, pr, b, it, n, a, v, nap in result
    ]
