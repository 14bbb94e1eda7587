"""Known names for organisations and professions, as a table of what files and forms say."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_desk.rules.known_names import (
    ACRONYM,
    ALIAS,
    SAME_BUT_AND,
    SAME_BUT_CASE,
    SAME_BUT_PUNCTUATION,
    SAME_BUT_SHORT_FORM,
    KnownName,
    Match,
    Unmatched,
    match_name,
    name_key,
)

KNOWN = [
    KnownName(1, "Lewisham and Greenwich NHS Trust"),
    KnownName(2, "Guy's and St Thomas' NHS Foundation Trust"),
    KnownName(3, "King's College Hospital NHS Foundation Trust"),
    KnownName(4, "NHS South East London Integrated Care Board"),
    KnownName(5, "UCLH"),
    KnownName(6, "South London and Maudsley NHS Foundation Trust", ("Maudsley Hospital",)),
    KnownName(7, "Age UK Lewisham and Southwark"),
    KnownName(8, "Royal Borough of Greenwich"),
    KnownName(9, "Oxleas NHS FT"),
]


@pytest.mark.parametrize(
    ("typed", "known_id", "why"),
    [
        ("LEWISHAM AND GREENWICH NHS TRUST", 1, SAME_BUT_CASE),
        ("lewisham and greenwich nhs trust", 1, SAME_BUT_CASE),
        ("Lewisham  and Greenwich NHS Trust ", 1, SAME_BUT_CASE),
        ("Lewisham & Greenwich NHS Trust", 1, SAME_BUT_AND),
        ("Lewisham&Greenwich NHS Trust", 1, SAME_BUT_AND),
        ("Guys and St Thomas NHS Foundation Trust", 2, SAME_BUT_PUNCTUATION),
        ("Guy’s & St Thomas’ NHS Foundation Trust", 2, SAME_BUT_PUNCTUATION),
        ("Guy's and St Thomas' NHS FT", 2, SAME_BUT_SHORT_FORM),
        ("Guy's and Saint Thomas' NHS Foundation Trust", 2, SAME_BUT_SHORT_FORM),
        ("GSTT", 2, ACRONYM),
        ("gstt", 2, ACRONYM),
        ("KCH", 3, ACRONYM),
        ("King's College Hospital NHS FT", 3, SAME_BUT_SHORT_FORM),
        ("NHS South East London ICB", 4, SAME_BUT_SHORT_FORM),
        ("SEL ICB", 4, ACRONYM),
        ("University College London Hospitals NHS Foundation Trust", 5, ACRONYM),
        ("uclh", 5, SAME_BUT_CASE),
        ("SLaM", 6, ACRONYM),
        ("SLAM", 6, ACRONYM),
        ("Maudsley Hospital", 6, ALIAS),
        ("maudsley hospital.", 6, ALIAS),
        ("Age UK Lewisham & Southwark", 7, SAME_BUT_AND),
        ("Oxleas NHS Foundation Trust", 9, SAME_BUT_SHORT_FORM),
        ("Oxleas", 9, ACRONYM),
    ],
)
def test_names_written_another_way_are_the_known_one(typed, known_id, why):
    result = match_name(typed, KNOWN)
    assert isinstance(result, Match), result
    assert (result.known.id, result.why) == (known_id, why)


@pytest.mark.parametrize(
    "typed",
    [
        "Lewisham and Greenwich",  # a different name, however close
        "Guy's and St Thomas'",
        "Greenwich Council",
        "King's College London",  # KCL is not KCH
        "UCL",
        "Bexley ICB",
        "Lewisham and Greenwich NHS Trusts",
    ],
)
def test_a_truly_new_name_is_new(typed):
    assert match_name(typed, KNOWN) == Unmatched()


def test_the_exact_known_name_needs_no_match():
    assert match_name("UCLH", KNOWN) is None
    assert match_name("  ", KNOWN) is None


def test_two_known_names_that_fit_are_offered_not_chosen():
    known = [KnownName(1, "Bromley Healthcare"), KnownName(2, "BROMLEY HEALTHCARE")]
    result = match_name("bromley healthcare", known)
    assert isinstance(result, Unmatched) and {k.id for k in result.candidates} == {1, 2}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Guy's & St Thomas' NHS Foundation Trust", "guys and st thomas nhs ft"),
        ("NHS South East London Integrated Care Board", "nhs south east london icb"),
        ("Royal Borough of Greenwich", "rb greenwich"),
        ("Hôpital Saint-Louis", "hopital st louis"),
    ],
)
def test_keys(text, key):
    assert name_key(text) == key


@given(st.sampled_from([k.name for k in KNOWN]))
def test_a_known_name_in_capitals_is_always_itself(name):
    result = match_name(name.upper(), KNOWN)
    assert result is None or (isinstance(result, Match) and result.known.name == name)


@given(st.text(max_size=40))
def test_any_text_is_matched_new_or_known_without_error(text):
    assert isinstance(match_name(text, KNOWN), Match | Unmatched | type(None))
