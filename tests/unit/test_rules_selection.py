"""The selection rules as tables: four-fifths flags, the order of offers with its ties, status
changes, and suppression that never shows a count under 5 nor lets one be worked out."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohort_desk.rules.selection import (
    PRIMARY,
    SECONDARY,
    WITHHELD,
    Candidate,
    four_fifths,
    offer_order,
    places_refusal,
    suppress_column,
    transition_refusal,
)

# (groups as (name, applied, offered)) -> the groups flagged
FOUR_FIFTHS_CASES = [
    # the textbook case: 60% against 40% is a ratio of 0.67
    ([("A", 100, 60), ("B", 50, 20)], {"B"}),
    # exactly four fifths is not under it
    ([("A", 10, 5), ("B", 10, 4)], set()),
    # just under
    ([("A", 100, 50), ("B", 100, 39)], {"B"}),
    # equal rates
    ([("A", 20, 10), ("B", 40, 20)], set()),
    # a group with fewer than 5 applications is not compared, however low its rate
    ([("A", 20, 10), ("B", 4, 0)], set()),
    # nor are "Not given" and "Prefer not to say"
    ([("A", 20, 10), ("Not given", 30, 0), ("Prefer not to say", 9, 0)], set()),
    # nobody offered anything: no highest rate, nothing flagged
    ([("A", 20, 0), ("B", 20, 0)], set()),
    # a group with none offered among others with offers
    ([("A", 10, 5), ("B", 10, 0), ("C", 10, 4)], {"B"}),
    # three groups, the highest is the reference for all
    ([("A", 10, 9), ("B", 10, 7), ("C", 10, 8)], {"B"}),
    # a single group is its own highest
    ([("A", 10, 1)], set()),
]


@pytest.mark.parametrize(("groups", "flagged"), FOUR_FIFTHS_CASES)
def test_four_fifths_flags(groups: list[tuple[str, int, int]], flagged: set[str]) -> None:
    rates = four_fifths(groups, ("Not given", "Prefer not to say"))
    assert {r.group for r in rates if r.flagged} == flagged


def test_four_fifths_ratios_are_exact() -> None:
    a, b = four_fifths([("A", 100, 60), ("B", 50, 20)])
    assert a.ratio == 1 and b.ratio == Fraction(2, 3) and b.rate == Fraction(2, 5)


def test_impossible_counts_are_a_bug() -> None:
    with pytest.raises(ValueError):
        four_fifths([("A", 3, 4)])


DAY = datetime(2027, 1, 4, 9, 0)


def _c(key: int, status: str, total: int | None = None, position: int | None = None) -> Candidate:
    return Candidate(
        key,
        f"P{key}",
        status,
        DAY + timedelta(hours=key),
        waiting_position=position,
        total=None if total is None else Fraction(total),
    )


def test_the_waiting_list_comes_first_then_the_highest_totals() -> None:
    people = [
        _c(1, "shortlisted", 10),
        _c(2, "waiting", position=2),
        _c(3, "shortlisted", 14),
        _c(4, "waiting", position=1),
        _c(5, "shortlisted", 12),
    ]
    order = offer_order(people)
    assert [p.candidate.key for p in order.picks] == [4, 2, 3, 5, 1]
    assert order.picks[0].reason == "number 1 on the waiting list"
    assert order.picks[2].reason == "shortlisted, total score 14"
    assert order.ties == []


def test_ties_keep_the_order_of_applying_and_are_explained() -> None:
    people = [_c(3, "shortlisted", 12), _c(1, "shortlisted", 12), _c(2, "shortlisted", 15)]
    order = offer_order(people, offering=2)
    assert [p.candidate.key for p in order.picks] == [2, 1, 3]
    (tie,) = order.ties
    assert tie.startswith("P1 and P3 both total 12")
    assert "P1 applied first, on 04/01/2027 at 10:00" in tie
    assert "only 1 of them can be offered a place now, so P1 is offered first" in tie


def test_ties_beyond_the_offers_are_not_mentioned() -> None:
    people = [_c(1, "shortlisted", 15), _c(2, "shortlisted", 12), _c(3, "shortlisted", 12)]
    assert offer_order(people, offering=1).ties == []
    # The same order, whatever order the rows come in.
    assert [p.candidate.key for p in offer_order(people[::-1]).picks] == [1, 2, 3]


@pytest.mark.parametrize(
    ("requested", "free", "places", "expected"),
    [
        (3, 3, 10, None),
        (4, 3, 10, "only 3 free places (10 in all, 7 offered or enrolled), so 4 offers"),
        (1, 0, 12, "All 12 places in C are taken (12 offered or enrolled)"),
        (2, 1, 5, "only 1 free place ("),
        (1, 0, 1, "The only place in C is taken (1 offered or enrolled)"),
    ],
)
def test_offering_more_than_the_free_places(
    requested: int, free: int, places: int, expected: str | None
) -> None:
    sentence = places_refusal(requested, free, places, "C")
    assert (sentence is None) if expected is None else (expected in str(sentence))


@pytest.mark.parametrize(
    ("current", "new", "refused"),
    [
        ("applied", "shortlisted", False),
        ("shortlisted", "waiting", False),
        ("offered", "accepted", False),
        ("offered", "declined", False),
        ("accepted", "withdrawn", False),
        ("withdrawn", "applied", False),
        ("shortlisted", "accepted", True),
        ("waiting", "declined", True),
        ("accepted", "declined", True),
        ("accepted", "waiting", True),
        ("withdrawn", "offered", True),
        ("waiting", "waiting", True),
    ],
)
def test_status_changes(current: str, new: str, refused: bool) -> None:
    assert (transition_refusal("Ama", current, new) is not None) == refused


SUPPRESSION_CASES = [
    ([12, 8, 6], ["12", "8", "6"]),
    ([12, 3, 6], ["12", PRIMARY, SECONDARY]),  # 3 alone could be worked out: 6 hides too
    ([12, 3, 2], ["12", PRIMARY, PRIMARY]),  # two under 5 with a sum of 5: not pinned
    ([12, 0, 0], [SECONDARY, PRIMARY, PRIMARY]),  # two zeros would be pinned by the total
    ([2, 1], [PRIMARY, PRIMARY]),  # the total itself is under 5, and printed "<5"
    ([5, 0], [WITHHELD, WITHHELD]),  # 0 and 5+ beside a total of 5 would still tell
    ([7, 0, 5], [SECONDARY, PRIMARY, SECONDARY]),
    # A table lists only groups somebody is in, so every "<5" is at least 1: three of them
    # beside 60 of 63 would each be exactly 1, and the 60 must hide too.
    ([60, 1, 1, 1], [SECONDARY, PRIMARY, PRIMARY, PRIMARY]),
    ([60, 2, 1], ["60", PRIMARY, PRIMARY]),  # 3 over two cells: 1 and 2, or 2 and 1
    ([10, 1, 1], [SECONDARY, PRIMARY, PRIMARY]),  # 2 over two cells of at least 1: both 1
    ([40, 9, 1, 1], ["40", SECONDARY, PRIMARY, PRIMARY]),  # the next smallest hides, not 40
    ([6, 1], [SECONDARY, PRIMARY]),  # 7 in all: the "<5" could be 1 or 2
    ([5, 1], [WITHHELD, WITHHELD]),  # 6 in all: beside "5+" the "<5" could only be 1
]


@pytest.mark.parametrize(("counts", "shown"), SUPPRESSION_CASES)
def test_suppression(counts: list[int], shown: list[str]) -> None:
    assert suppress_column(counts) == shown


def _bounds(text: str, least: int = 0) -> range:
    return {PRIMARY: range(least, 5), SECONDARY: range(5, 60), WITHHELD: range(0, 60)}.get(
        text, range(int(text), int(text) + 1) if text.isdigit() else range(0)
    )


@settings(deadline=None)  # a loaded machine is slow, not wrong
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5))
def test_no_count_under_5_is_shown_or_can_be_worked_out(counts: list[int]) -> None:
    shown = suppress_column(counts)
    for count, text in zip(counts, shown, strict=True):
        assert not (text.isdigit() and int(text) < 5), (counts, shown)
        assert count in _bounds(text)
    if sum(counts) < 5:
        return  # the total is printed "<5": there is nothing exact to subtract from
    # A reader who takes "<5" as 0-4, and one who knows every listed group has someone in it
    # (1-4), must both be left with at least two values for each "<5" cell.
    for least in (0, 1):
        for i, values in _fillings(counts, shown, least).items():
            assert len(values) >= 2, (counts, shown, least, i)


def _fillings(counts: list[int], shown: list[str], least: int) -> dict[int, set[int]]:
    """Every value each "<5" cell can take in a filling of the hidden cells that agrees with
    what is printed and the total."""
    total = sum(counts)
    hidden = [i for i, t in enumerate(shown) if not t.isdigit()]
    known = sum(counts[i] for i in range(len(counts)) if i not in hidden)
    ranges = [
        range(_bounds(shown[i], least).start, min(_bounds(shown[i], least).stop, total + 1))
        for i in hidden
    ]
    seen: dict[int, set[int]] = {i: set() for i in hidden if shown[i] == PRIMARY}
    for values in product(*ranges):
        if known + sum(values) == total:
            for i, v in zip(hidden, values, strict=True):
                if i in seen:
                    seen[i].add(v)
    return seen


@pytest.mark.parametrize(("counts", "shown"), SUPPRESSION_CASES)
def test_the_table_cases_leave_every_small_cell_open(counts: list[int], shown: list[str]) -> None:
    if sum(counts) >= 5:
        for least in (0, 1):
            assert all(len(v) >= 2 for v in _fillings(counts, shown, least).values())
