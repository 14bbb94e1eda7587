"""People whose names start with an accented or special capital are listed where a person
looks for them: "Ó Briain" among the O's, not after "Zhang" (SQLite's lower() folds only A-Z)."""

from __future__ import annotations

import pytest

from cohort_desk.services.people.listing import list_people
from cohort_desk.services.people.records import PeopleFilter, PersonInput, create_person

PEOPLE = [
    ("Wei", "Zhang"),
    ("Siân", "Ó Briain"),
    ("Chidi", "Obi"),
    ("Marie", "Éclair"),
    ("Zoltán", "Ábel"),
    ("Ann", "Adams"),
    ("Piotr", "Łukasz"),
    ("Ingrid", "Øvergaard"),
    ("Jana", "Šimková"),
    ("Émile", "Smith"),
    ("Alice", "Smith"),
    ("Priya", ""),  # a single name: listed last, as the window's sort puts blanks
    ("Tom", "Evans"),
]
LISTED = [
    ("Zoltán", "Ábel"),
    ("Ann", "Adams"),
    ("Marie", "Éclair"),
    ("Tom", "Evans"),
    ("Piotr", "Łukasz"),
    ("Siân", "Ó Briain"),
    ("Chidi", "Obi"),
    ("Ingrid", "Øvergaard"),
    ("Jana", "Šimková"),
    ("Alice", "Smith"),
    ("Émile", "Smith"),
    ("Wei", "Zhang"),
    ("Priya", ""),
]


@pytest.fixture
def named(db):  # type: ignore[no-untyped-def]
    for n, (given, family) in enumerate(PEOPLE):
        create_person(db, PersonInput(given, family, f"person{n}@nhs.net"))
    return db


def _names(rows) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(row.given_name, row.family_name) for row in rows]


def test_everyone_is_listed_with_accented_capitals_among_their_letters(named):
    assert _names(list_people(named)) == LISTED


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 5, 8, 12, 13, 40])
def test_the_first_few_are_the_first_few_of_the_whole_list(named, limit):
    """The People screen's first screenful (a limited read) shows the list's top rows."""
    assert _names(list_people(named, PeopleFilter(), limit=limit)) == LISTED[:limit]


def test_a_search_lists_its_finds_in_the_same_order(named):
    found = list_people(named, PeopleFilter(search="smith"), limit=None)
    assert _names(found) == [("Alice", "Smith"), ("Émile", "Smith")]


def test_equal_names_keep_the_order_of_their_ids(db):
    first = create_person(db, PersonInput("Aoife", "Ó Briain", "a1@nhs.net"))
    second = create_person(db, PersonInput("Aoife", "O Briain", "a2@nhs.net"))
    third = create_person(db, PersonInput("aoife", "o briain", "a3@nhs.net"))
    assert [row.id for row in list_people(db)] == [first.id, second.id, third.id]
    assert [row.id for row in list_people(db, PeopleFilter(), limit=2)] == [first.id, second.id]


def test_single_names_do_not_take_the_first_places_of_a_short_list(db):
    """SQL puts a blank family name first; the list puts it last, so a limited read must too."""
    for n, (given, family) in enumerate(
        [("Priya", ""), ("Ravi", ""), ("Ben", "Baker"), ("Ann", "Adams"), ("Cy", "Cole")]
    ):
        create_person(db, PersonInput(given, family, f"p{n}@nhs.net"))
    first = list_people(db, PeopleFilter(), limit=2)
    assert _names(first) == [("Ann", "Adams"), ("Ben", "Baker")]
    assert _names(list_people(db))[-2:] == [("Priya", ""), ("Ravi", "")]


def test_a_later_letter_with_an_accent_is_not_taken_for_an_early_one(db):
    """Names outside ASCII that cannot come first are not read whole, but must still be
    chosen right: "Ábel" beats "Baker"; "Zoë" and "Bø" do not beat "Adams"."""
    for n, (given, family) in enumerate(
        [("Zoë", "Zed"), ("Ole", "Bø"), ("Ann", "Adams"), ("Ben", "Baker"), ("Zoltán", "Ábel")]
    ):
        create_person(db, PersonInput(given, family, f"p{n}@nhs.net"))
    assert _names(list_people(db, PeopleFilter(), limit=1)) == [("Zoltán", "Ábel")]
    assert _names(list_people(db, PeopleFilter(), limit=2)) == [
        ("Zoltán", "Ábel"),
        ("Ann", "Adams"),
    ]
    assert _names(list_people(db, PeopleFilter(), limit=4)) == _names(list_people(db))[:4]
