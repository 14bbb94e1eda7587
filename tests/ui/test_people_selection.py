"""The People screen's quick selection keeps exactly the rows its filter keeps, in order."""

from __future__ import annotations

import itertools

from cohort_desk.services.people.records import PersonRow
from cohort_desk.ui.people.rows import (
    FilterState,
    SearchPairs,
    haystack,
    people_filter,
    people_selection,
    search_texts,
)


def _person(n: int, family: str, organisation: str, archived: bool) -> PersonRow:
    return PersonRow(
        n, "", f"Given{n}", family, "", f"p{n}@nhs.net", "", organisation, "Nurse", "",
        "", "", "", archived, 1,
    )  # fmt: skip


ROWS = [
    _person(1, "O'Brien", "Guy's", False),
    _person(2, "Okonkwo", "King's", True),
    _person(3, "Sofía Kowalski", "Guy's", False),
    _person(4, "Smith-Jones", "Lewisham", False),
    _person(5, "Okafor", "King's", False),
]
HAYSTACKS = {r.id: haystack(r) for r in ROWS}
PAIRS = SearchPairs()


def test_the_selection_keeps_what_the_filter_keeps():
    states = [
        FilterState(),
        FilterState(show_archived=True),
        FilterState(organisation="King's"),
        FilterState(organisation="King's", show_archived=True),
    ]
    needles = ["", "ok", "obrien", "sofia kow", "jones", "p3@", "nobody"]
    for state, needle, ids in itertools.product(states, needles, (None, {2, 3, 5})):
        keep = people_filter(state, ids, needle, HAYSTACKS)
        expected = [r for r in ROWS if keep(r)]
        assert people_selection(state, ids, needle, HAYSTACKS)(ROWS) == expected, (state, needle)
        select = people_selection(state, ids, needle, HAYSTACKS, PAIRS)
        assert select(ROWS) == expected, (state, needle)


def test_the_pairs_are_remade_for_a_new_list_or_new_texts():
    rows = list(reversed(ROWS))
    select = people_selection(FilterState(), None, "ok", HAYSTACKS, PAIRS)
    assert [r.id for r in select(ROWS)] == [5]
    assert [r.id for r in select(rows)] == [5]
    texts = {**HAYSTACKS, 4: "okay"}
    select = people_selection(FilterState(), None, "ok", texts, PAIRS)
    assert [r.id for r in select(rows)] == [5, 4]  # in the order of the list


def test_typing_on_looks_only_among_the_people_already_found():
    """Each keystroke, backspace and archived toggle finds exactly what a fresh scan finds,
    though a word typed on from the last is looked for among the last one's rows only."""
    families = ["Okonkwo", "Okafor", "Oakes", "Brook", "Kowalski", "Stokes", "Ng", "Jones"]
    rows = [_person(n, families[n % 8], "Guy's", n % 5 == 0) for n in range(1, 201)]
    texts = {r.id: haystack(r) for r in rows}
    pairs = SearchPairs()
    typed = ["o", "ok", "oko", "okon", "okonk", "okonkw", "okonkwo", "okonk", "ok", "oke"]
    for archived, needle in itertools.product((False, True, False), typed):
        state = FilterState(show_archived=archived)
        keep = people_filter(state, None, needle, texts)
        found = people_selection(state, None, needle, texts, pairs)(rows)
        assert found == [r for r in rows if keep(r)], (archived, needle)
    # rows whose text changed since (a new list and texts) are searched afresh
    texts = {**texts, 8: "okonkwo"}
    select = people_selection(FilterState(), None, "okonkwo", texts, pairs)
    assert 8 in [r.id for r in select(rows)]


def test_the_rows_found_are_not_shared_with_the_next_search():
    pairs = SearchPairs()
    first = people_selection(FilterState(), None, "ok", HAYSTACKS, pairs)(ROWS)
    first.clear()
    again = people_selection(FilterState(), None, "ok", HAYSTACKS, pairs)(ROWS)
    assert [r.id for r in again] == [5]


def test_search_text_made_in_pauses_is_the_same_text():
    """The background job makes the search text a few rows at a time, letting the UI thread
    run between; every row still gets its text, whatever the step."""
    rows = ROWS * 7  # 35 rows, so the steps do not divide them evenly
    rows = [_person(n, r.family_name, r.organisation, r.archived) for n, r in enumerate(rows)]
    whole = search_texts(rows)
    assert len(whole) == len(rows)
    for step in (1, 2, 4, 25, 100):
        assert search_texts(rows, pause_every=step) == whole
