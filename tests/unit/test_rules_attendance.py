"""Tables and properties for cohort_desk.rules.attendance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_desk.rules.attendance import (
    STATUS_KEYS,
    STATUS_LABELS,
    STATUS_MARKS,
    AttendanceRule,
    classify_join,
    counts_as_attended,
    cpd_hours_attended,
    meets_minimum,
    status_for_key,
    summarise,
)
from cohort_desk.vocabulary import AttendanceStatus

STATUSES = tuple(AttendanceStatus)
PRESENT, LATE, LEFT_EARLY, ABSENT, APOLOGIES = STATUSES

START = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
END = START + timedelta(hours=3)
DEFAULT = AttendanceRule()
STRICT = AttendanceRule(late_counts=False, left_early_counts=False)


def test_constants_agree() -> None:
    assert set(STATUS_KEYS.values()) == set(STATUSES) == set(STATUS_LABELS) == set(STATUS_MARKS)
    assert [STATUS_MARKS[s] for s in STATUSES] == ["P", "L", "E", "A", "X"]
    assert [STATUS_LABELS[s] for s in STATUSES] == [
        "Present",
        "Late",
        "Left early",
        "Absent",
        "Apologies",
    ]


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("p", PRESENT),
        ("L", LATE),
        ("e", LEFT_EARLY),
        (" A ", ABSENT),
        ("x", APOLOGIES),
        ("q", None),
        ("", None),
        ("PL", None),
    ],
)
def test_status_for_key(key: str, status: str | None) -> None:
    assert status_for_key(key) == status


@pytest.mark.parametrize(
    ("status", "rule", "expected"),
    [
        (PRESENT, STRICT, True),
        (LATE, DEFAULT, True),
        (LATE, STRICT, False),
        (LEFT_EARLY, DEFAULT, True),
        (LEFT_EARLY, STRICT, False),
        (ABSENT, DEFAULT, False),
        (APOLOGIES, DEFAULT, False),
        (None, DEFAULT, False),
    ],
)
def test_counts_as_attended(status: str | None, rule: AttendanceRule, expected: bool) -> None:
    assert counts_as_attended(status, rule) is expected


def test_unknown_status_is_a_bug() -> None:
    with pytest.raises(ValueError):
        counts_as_attended("Present", DEFAULT)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_attendance_pct": 101},
        {"min_attendance_pct": -1},
        {"late_after_minutes": -1},
        {"left_early_minutes": -5},
    ],
)
def test_rule_rejects_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        AttendanceRule(**kwargs)  # type: ignore[arg-type]


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def before_end(minutes: float) -> datetime:
    return END - timedelta(minutes=minutes)


S = 1 / 60  # one second, in minutes


@pytest.mark.parametrize(
    ("join", "leave", "rule", "expected"),
    [
        (at(-5), END, DEFAULT, PRESENT),
        (at(10), END, DEFAULT, PRESENT),  # exactly 10 minutes late is still present
        (at(10 + S), END, DEFAULT, LATE),  # 10 min 1 s is late
        (at(0), before_end(15), DEFAULT, PRESENT),  # exactly 15 minutes early is present
        (at(0), before_end(15 + S), DEFAULT, LEFT_EARLY),
        (at(0), END + timedelta(minutes=30), DEFAULT, PRESENT),
        # both late and left early: more minutes missed wins, late on a tie
        (at(20), before_end(60), DEFAULT, LEFT_EARLY),
        (at(60), before_end(20), DEFAULT, LATE),
        (at(30), before_end(30), DEFAULT, LATE),
        (at(30), before_end(30), STRICT, LATE),
        # ...unless only one counts: the one that does not count wins
        (at(60), before_end(20), AttendanceRule(left_early_counts=False), LEFT_EARLY),
        (at(20), before_end(60), AttendanceRule(late_counts=False), LATE),
        # never really there
        (at(-60), at(0), DEFAULT, ABSENT),
        (END, END + timedelta(minutes=5), DEFAULT, ABSENT),
        # other thresholds
        (at(1), END, AttendanceRule(late_after_minutes=0), LATE),
        (at(0), END, AttendanceRule(late_after_minutes=0), PRESENT),
    ],
)
def test_classify_join(
    join: datetime, leave: datetime, rule: AttendanceRule, expected: str
) -> None:
    assert classify_join(START, END, join, leave, rule) == expected


def test_classify_join_without_end_never_left_early() -> None:
    assert classify_join(START, None, at(0), at(5), DEFAULT) == PRESENT
    assert classify_join(START, None, at(11), at(12), DEFAULT) == LATE


def test_classify_join_rejects_backwards_times() -> None:
    with pytest.raises(ValueError):
        classify_join(START, END, at(10), at(5), DEFAULT)
    with pytest.raises(ValueError):
        classify_join(END, START, at(10), at(50), DEFAULT)


@given(
    join=st.integers(-3600, 4 * 3600),
    stay=st.integers(0, 5 * 3600),
    late_counts=st.booleans(),
    early_counts=st.booleans(),
)
def test_classify_join_is_consistent(
    join: int, stay: int, late_counts: bool, early_counts: bool
) -> None:
    rule = AttendanceRule(late_counts=late_counts, left_early_counts=early_counts)
    first = START + timedelta(seconds=join)
    last = first + timedelta(seconds=stay)
    status = classify_join(START, END, first, last, rule)
    late = first - START > timedelta(minutes=10)
    early = END - last > timedelta(minutes=15)
    if last <= START or first >= END:
        assert status == ABSENT
    elif late and early:
        # the chosen status never makes someone count when either fault alone would not
        assert counts_as_attended(status, rule) == (late_counts and early_counts)
    else:
        assert status == (LATE if late else LEFT_EARLY if early else PRESENT)


@pytest.mark.parametrize(
    ("attended", "total", "pct", "expected"),
    [
        (9, 12, 75.0, True),  # exactly 75% meets 75%
        (8, 12, 75.0, False),
        (3, 4, 75.0, True),
        (2, 3, 66.7, False),  # 66.666...% is below 66.7%
        (2, 3, 66.6, True),
        (1, 3, 33.3, True),
        (7, 10, 70.0, True),
        (0, 0, 0.0, True),
        (0, 0, 75.0, True),  # nothing to miss: callers decide what it means
        (0, 5, 0.0, True),
        (10, 10, 100.0, True),
        (9, 10, 100.0, False),
    ],
)
def test_meets_minimum(attended: int, total: int, pct: float, expected: bool) -> None:
    assert meets_minimum(attended, total, pct) is expected


@given(total=st.integers(1, 500), data=st.data(), whole_pct=st.integers(0, 100))
def test_meets_minimum_matches_integer_arithmetic(
    total: int, data: st.DataObject, whole_pct: int
) -> None:
    attended = data.draw(st.integers(0, total))
    assert meets_minimum(attended, total, float(whole_pct)) == (attended * 100 >= whole_pct * total)


@pytest.mark.parametrize(
    ("statuses", "total", "held", "expected"),
    [
        # attended, marked, percentage, below, cannot_reach
        ([], 12, 0, (0, 0, None, False, False)),
        ([PRESENT] * 9 + [ABSENT] * 3, 12, 12, (9, 12, 75.0, False, False)),
        ([PRESENT] * 8 + [ABSENT] * 4, 12, 12, (8, 12, 200 / 3, True, True)),
        # 3 missed of 12 so far: 0/3 now, still 9 of 12 possible
        ([ABSENT, APOLOGIES, None], 12, 3, (0, 2, 0.0, True, False)),
        # 4 missed of 12: 8 of 12 at best, below 75%
        ([ABSENT, APOLOGIES, APOLOGIES, ABSENT], 12, 4, (0, 4, 0.0, True, True)),
        ([LATE, LEFT_EARLY, PRESENT, PRESENT], 12, 4, (4, 4, 100.0, False, False)),
        # missing entries count as not marked and not attended
        ([PRESENT], 10, 4, (1, 1, 25.0, True, True)),
        ([PRESENT], 12, 4, (1, 1, 25.0, True, False)),
    ],
)
def test_summarise(
    statuses: list[str | None],
    total: int,
    held: int,
    expected: tuple[int, int, float | None, bool, bool],
) -> None:
    s = summarise(statuses, DEFAULT, total, held)
    assert (s.attended, s.marked, s.percentage, s.below_minimum, s.cannot_reach) == expected
    assert (s.held, s.possible) == (held, total)


def test_summarise_strict_rule() -> None:
    s = summarise([LATE, LEFT_EARLY, PRESENT, PRESENT], STRICT, 4, 4)
    assert (s.attended, s.percentage, s.below_minimum, s.cannot_reach) == (2, 50.0, True, True)


@pytest.mark.parametrize(
    ("statuses", "total", "held"), [([], 3, 4), ([PRESENT] * 3, 5, 2), ([], 3, -1)]
)
def test_summarise_rejects_impossible_counts(statuses: list[str], total: int, held: int) -> None:
    with pytest.raises(ValueError):
        summarise(statuses, DEFAULT, total, held)


@given(
    statuses=st.lists(st.sampled_from([*STATUSES, None]), max_size=30),
    extra_held=st.integers(0, 5),
    future=st.integers(0, 30),
    pct=st.integers(0, 100),
)
def test_summarise_properties(
    statuses: list[str | None], extra_held: int, future: int, pct: int
) -> None:
    held = len(statuses) + extra_held
    total = held + future
    rule = AttendanceRule(min_attendance_pct=float(pct))
    s = summarise(statuses, rule, total, held)
    assert 0 <= s.attended <= s.marked <= held <= total
    if held:
        assert s.percentage is not None and 0 <= s.percentage <= 100
        assert s.below_minimum == (s.attended * 100 < pct * held)
    # cannot_reach means: even perfect attendance from now on falls short of the cohort minimum
    assert s.cannot_reach == (total > 0 and (s.attended + future) * 100 < pct * total)
    if not s.cannot_reach and total > 0:
        assert (s.attended + future) * 100 >= pct * total


@pytest.mark.parametrize(
    ("pairs", "rule", "expected"),
    [
        ([], DEFAULT, 0.0),
        ([(PRESENT, 3.0), (LATE, 1.5), (ABSENT, 2.0), (None, 2.0)], DEFAULT, 4.5),
        ([(PRESENT, 3.0), (LATE, 1.5), (LEFT_EARLY, 1.0)], STRICT, 3.0),
        ([(PRESENT, 0.1), (PRESENT, 0.2)], DEFAULT, 0.3),  # fsum, not 0.30000000000000004
        ([(APOLOGIES, 6.0)], DEFAULT, 0.0),
    ],
)
def test_cpd_hours(
    pairs: list[tuple[str | None, float]], rule: AttendanceRule, expected: float
) -> None:
    assert cpd_hours_attended(pairs, rule) == expected


def test_cpd_hours_rejects_negative() -> None:
    with pytest.raises(ValueError):
        cpd_hours_attended([(PRESENT, -1.0)], DEFAULT)


@pytest.mark.parametrize(
    ("rule", "status", "minutes", "expected"),
    [
        ("full", "present", None, 3),
        ("full", "late", None, 3),
        ("full", "left_early", 60, 3),
        ("none", "late", 150, 0),
        ("none", "present", None, 3),
        ("minutes", "late", 90, 1.5),  # 90 of 180 minutes: half the 3 hours
        ("minutes", "left_early", 200, 3),  # never more than the session
        ("minutes", "late", None, 0),  # minutes not known: no hours, as the rule says
        ("minutes", "present", None, 3),
        ("minutes", "absent", 90, 0),
        ("full", "apologies", None, 0),
    ],
)
def test_cpd_hours_for_late_and_early_follow_the_cohort_rule(rule, status, minutes, expected):
    from cohort_desk.rules.attendance import AttendanceRule, cpd_hours_attended

    assert cpd_hours_attended([(status, 3.0, minutes, 180)], AttendanceRule(partial_cpd=rule)) == (
        expected
    )


def test_full_hours_for_late_only_when_late_counts_as_attended():
    from cohort_desk.rules.attendance import AttendanceRule, cpd_hours_attended

    assert cpd_hours_attended([("late", 3.0)], AttendanceRule(late_counts=False)) == 0


def test_an_unknown_cpd_rule_is_refused():
    from cohort_desk.rules.attendance import AttendanceRule

    with pytest.raises(ValueError):
        AttendanceRule(partial_cpd="half")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "–"),
        (75, "75%"),
        (74.96, "74.9%"),
        (66.666, "66.6%"),
        (100, "100%"),
        (0, "0%"),
        (74.99999999999, "75%"),
    ],
)
def test_one_rounding_rule_for_percentages(value, text):
    from cohort_desk.rules.attendance import percentage_text

    assert percentage_text(value) == text
