"""The People screen's rows in memory: loading them with search text, and filtering them fast.

Kept free of widgets so the filter can be tested, and timed over 100,000 rows, on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cohort_desk.db.engine import Database
from cohort_desk.rules.search import matches, search_words
from cohort_desk.services.people.records import (
    PeopleFilter,
    PersonRow,
    list_people,
    person_search_text,
)


@dataclass(frozen=True)
class FilterState:
    """What the filter bar has chosen."""

    cohort_id: int | None = None
    role: str = ""
    organisation: str = ""
    profession: str = ""
    borough: str = ""
    show_archived: bool = False

    @property
    def needs_ids(self) -> bool:
        """Cohort and role filters need the ids of matching people from the database."""
        return self.cohort_id is not None or bool(self.role)

    @property
    def is_default(self) -> bool:
        return self == FilterState()


@dataclass(frozen=True)
class LoadedPeople:
    rows: list[PersonRow]
    haystacks: dict[int, str]  # person id -> the lower-cased text the search looks in


def haystack(row: PersonRow) -> str:
    """The folded text the search looks in: the rule every search box uses."""
    return person_search_text(row)


def load_people(db: Database) -> LoadedPeople:
    """Everyone not erased, archived included (the filter hides them), with search text."""
    rows = everyone(db)
    return LoadedPeople(rows, search_texts(rows))


def everyone(db: Database) -> list[PersonRow]:
    """Everyone not erased, archived included (the filter hides them)."""
    return list_people(db, PeopleFilter(include_archived=True))


def search_texts(rows: Sequence[PersonRow], pause_every: int = 0) -> dict[int, str]:
    """Each person's search text: 0.7 s for 100,000 people, so a long list is shown first and
    its search text made after, in the background.

    On a background thread pass ``pause_every``: the thread then lets go of Python's lock
    every so many rows. Otherwise the UI thread, wanting the lock back for each call from Qt
    into Python while it paints, waited up to 5 ms a time for it, and the list already loaded
    appeared a second late (100,000 people: 0.9 s from the rows set to the window answering;
    0.5 s pausing every 250 rows, 0.05 s every 25, for 1.2 s of making instead of 0.85)."""
    if not pause_every:
        return {row.id: haystack(row) for row in rows}
    texts: dict[int, str] = {}
    for start in range(0, len(rows), pause_every):
        texts.update((row.id, haystack(row)) for row in rows[start : start + pause_every])
        time.sleep(0)  # lets a waiting thread (the UI's) take the lock at once
    return texts


def people_filter(
    state: FilterState, ids: set[int] | None, needle: str, haystacks: dict[int, str]
) -> Callable[[PersonRow], bool]:
    """One predicate for the search text and every filter; the cheapest tests come first."""
    words = search_words(needle)
    archived_ok = state.show_archived
    organisation, profession, borough = state.organisation, state.profession, state.borough

    def keep(row: PersonRow) -> bool:
        if row.archived and not archived_ok:
            return False
        if ids is not None and row.id not in ids:
            return False
        if organisation and row.organisation != organisation:
            return False
        if profession and row.profession != profession:
            return False
        if borough and row.borough != borough:
            return False
        return not words or matches(words, haystacks.get(row.id, ""))

    return keep


class SearchPairs:
    """The rows and, beside them, their search texts, in the order of the list they were made
    for, so a keystroke scans them as a bare loop would. Two flat lists rather than 100,000
    pairs: new tuples by the hundred thousand set off the garbage collector, which then walks
    every row (half a second). Remade when the list (re-sorted, reloaded) or the texts change:
    both are replaced, never changed in place."""

    def __init__(self) -> None:
        self._made_for: tuple[list[PersonRow], dict[int, str]] | None = None
        self._all: tuple[list[PersonRow], list[str]] = ([], [])
        self._active: tuple[list[PersonRow], list[str]] = ([], [])
        # The last word searched for, with archived people or not, and the rows it found.
        self._last: tuple[str, bool, list[PersonRow]] | None = None

    def pairs(
        self, rows: list[PersonRow], texts: dict[int, str], archived: bool
    ) -> tuple[list[PersonRow], list[str]]:
        made = self._made_for
        if made is None or made[0] is not rows or made[1] is not texts:
            get = texts.get
            active = [row for row in rows if not row.archived]
            self._all = (rows, [get(row.id, "") for row in rows])
            self._active = (active, [get(row.id, "") for row in active])
            self._made_for = (rows, texts)
            self._last = None
        return self._all if archived else self._active

    def find(
        self, rows: list[PersonRow], texts: dict[int, str], archived: bool, word: str
    ) -> list[PersonRow]:
        """The rows (of ``rows``, in order) whose text holds ``word``. A word typed on from the
        last one is looked for only among the rows the last one found: every text holding
        "okon" holds "oko", so after a keystroke or two only a few thousand texts are read."""
        shown, shown_texts = self.pairs(rows, texts, archived)
        last = self._last
        if last is not None and last[1] == archived and last[0] in word:
            found = last[2]
            if last[0] == word:
                return list(found)  # the same search again (a space typed, a filter undone)
            if len(found) * 4 < len(shown):  # else the flat scan is as quick
                get = texts.get
                found = [r for r in found if word in get(r.id, "")]
                self._last = (word, archived, found)
                return list(found)
        # zip reuses its one tuple when nothing keeps it: no garbage made per row
        found = [r for r, t in zip(shown, shown_texts, strict=True) if word in t]
        self._last = (word, archived, found)
        return list(found)


def people_selection(
    state: FilterState,
    ids: set[int] | None,
    needle: str,
    haystacks: dict[int, str],
    pairs: SearchPairs | None = None,
) -> Callable[[list[PersonRow]], list[PersonRow]]:
    """The rows ``people_filter`` keeps, in their order. The usual case (at most one word
    typed, no other filter) is one comprehension with no Python call per row, over ``pairs``
    when given: three to four times quicker over 100,000 people, a keystroke each."""
    words = search_words(needle)
    others = ids is not None or state.organisation or state.profession or state.borough
    if others or len(words) > 1:
        keep = people_filter(state, ids, needle, haystacks)
        return lambda rows: [r for r in rows if keep(r)]
    archived = state.show_archived
    if not words:
        return list if archived else (lambda rows: [r for r in rows if not r.archived])
    (word,) = words
    if pairs is not None:
        cache = pairs

        def scan(rows: list[PersonRow]) -> list[PersonRow]:
            return cache.find(rows, haystacks, archived, word)

        return scan
    get = haystacks.get
    if archived:
        return lambda rows: [r for r in rows if word in get(r.id, "")]
    return lambda rows: [r for r in rows if not r.archived and word in get(r.id, "")]
