"""Tables and properties for cohort_desk.rules.privacy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_desk.rules.privacy import (
    AGE_BANDS,
    EQUALITY_ANSWERS,
    ETHNIC_GROUPS,
    ETHNICITIES,
    PREFER_NOT_TO_SAY,
    age_band,
    ethnic_group,
    inactive_since,
    is_valid_answer,
    suppress_small,
)


@pytest.mark.parametrize(
    ("count", "threshold", "show_zero", "shown"),
    [
        (0, 5, False, "<5"),
        (0, 5, True, "0"),
        (1, 5, False, "<5"),
        (4, 5, True, "<5"),
        (5, 5, False, "5"),
        (6, 5, False, "6"),
        (123, 5, False, "123"),
        (7, 8, False, "<8"),
        (8, 8, False, "8"),
        (0, 1, False, "<1"),
        (1, 1, False, "1"),
    ],
)
def test_suppress_small(count: int, threshold: int, show_zero: bool, shown: str) -> None:
    assert suppress_small(count, threshold, show_zero) == shown


@pytest.mark.parametrize(("count", "threshold"), [(-1, 5), (3, 0)])
def test_suppress_small_rejects_nonsense(count: int, threshold: int) -> None:
    with pytest.raises(ValueError):
        suppress_small(count, threshold)


@given(st.integers(0, 10_000), st.integers(1, 50), st.booleans())
def test_suppress_small_never_shows_a_small_count(count: int, threshold: int, zero: bool) -> None:
    shown = suppress_small(count, threshold, zero)
    if shown.startswith("<"):
        assert count < threshold
    else:
        assert int(shown) == count
        assert count >= threshold or (count == 0 and zero)


@pytest.mark.parametrize(
    ("last", "today", "years", "inactive"),
    [
        (date(2023, 5, 1), date(2026, 5, 1), 3, True),  # exactly three years
        (date(2023, 5, 1), date(2026, 4, 30), 3, False),
        (date(2023, 5, 2), date(2026, 5, 1), 3, False),
        (date(2020, 1, 1), date(2026, 5, 1), 3, True),
        (date(2024, 2, 29), date(2027, 2, 28), 3, True),  # no 29/02/2027: reached on 28/02
        (date(2024, 2, 29), date(2027, 2, 27), 3, False),
        (date(2023, 3, 1), date(2028, 2, 29), 5, False),  # 2028 is a leap year
        (date(2023, 2, 28), date(2028, 2, 29), 5, True),
        (None, date(2026, 5, 1), 3, True),
        (date(2027, 1, 1), date(2026, 5, 1), 3, False),  # in the future: not inactive
        (date(2026, 5, 1), date(2026, 5, 1), 0, True),
    ],
)
def test_inactive_since(last: date | None, today: date, years: int, inactive: bool) -> None:
    assert inactive_since(last, today, years) is inactive


def test_inactive_since_rejects_negative_years() -> None:
    with pytest.raises(ValueError):
        inactive_since(date(2026, 1, 1), date(2026, 1, 1), -1)


@given(st.dates(date(1990, 1, 1), date(2060, 12, 31)), st.integers(0, 3000), st.integers(1, 10))
def test_inactive_since_is_monotonic(last: date, gap: int, years: int) -> None:
    today = last + timedelta(days=gap)
    if inactive_since(last, today, years):
        # once inactive, staying inactive longer never makes someone active again
        assert inactive_since(last, today + timedelta(days=1), years)
        assert gap >= 365 * years - 1
    else:
        assert gap <= 366 * years


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "Under 25"),
        (24, "Under 25"),
        (25, "25-34"),
        (34, "25-34"),
        (35, "35-44"),
        (54, "45-54"),
        (55, "55-64"),
        (64, "55-64"),
        (65, "65 and over"),
        (90, "65 and over"),
    ],
)
def test_age_band(age: int, band: str) -> None:
    assert age_band(age) == band


def test_age_band_rejects_negative() -> None:
    with pytest.raises(ValueError):
        age_band(-1)


def test_every_question_offers_prefer_not_to_say_last() -> None:
    for question, answers in EQUALITY_ANSWERS.items():
        assert answers[-1] == PREFER_NOT_TO_SAY, question
        assert len(set(answers)) == len(answers), question


def test_ethnicities_are_the_nineteen_ons_categories() -> None:
    assert len(ETHNIC_GROUPS) == 5
    assert len(ETHNICITIES) == 19 + 1
    assert "White: Irish" in ETHNICITIES
    for ethnicity in ETHNICITIES:
        assert ethnic_group(ethnicity) in (*ETHNIC_GROUPS, PREFER_NOT_TO_SAY)
    assert ethnic_group("Asian, Asian British or Asian Welsh: Indian") == (
        "Asian, Asian British or Asian Welsh"
    )


@pytest.mark.parametrize("bad", ["Indian", "White: Martian", "Martian: Other", ""])
def test_ethnic_group_rejects_unknown(bad: str) -> None:
    with pytest.raises(ValueError):
        ethnic_group(bad)


@pytest.mark.parametrize(
    ("question", "answer", "valid"),
    [
        ("sex", "Female", True),
        ("sex", "female", False),
        ("sex", None, True),
        ("religion", "", True),
        ("religion", "Sikh", True),
        ("gender_identity", "No", True),
        ("sexual_orientation", "Bisexual", True),
        ("disability", "Maybe", False),
        ("age_band", "25-34", True),
        ("ethnicity", "Other ethnic group: Arab", True),
    ],
)
def test_is_valid_answer(question: str, answer: str | None, valid: bool) -> None:
    assert is_valid_answer(question, answer) is valid


def test_is_valid_answer_rejects_unknown_question() -> None:
    with pytest.raises(ValueError):
        is_valid_answer("star_sign", "Leo")


def test_every_age_band_is_reachable() -> None:
    assert {age_band(age) for age in range(100)} == set(AGE_BANDS) - {PREFER_NOT_TO_SAY}
