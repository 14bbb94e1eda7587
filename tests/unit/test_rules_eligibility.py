"""Tables and properties for cohort_desk.rules.eligibility."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_desk.errors import ValidationError
from cohort_desk.rules.attendance import AttendanceRule
from cohort_desk.rules.eligibility import (
    Decision,
    attendance_certificate_eligible,
    completion_decision,
    validate_override,
)
from cohort_desk.vocabulary import AttendanceStatus
from cohort_desk.vocabulary import CertificateOverride as Override

PRESENT, LATE, LEFT_EARLY, ABSENT, APOLOGIES = AttendanceStatus

SESSIONS = list(range(1, 13))
TITLES = {1: "Opening day", 6: "Population health", 12: "Closing workshop"}


def decide(
    attended: set[int],
    required: set[int] | None = None,
    min_pct: float = 75.0,
    override: Override | None = None,
    override_reason: str | None = None,
    status: str = "enrolled",
    sessions: list[int] | None = None,
) -> Decision:
    return completion_decision(
        attended,
        SESSIONS if sessions is None else sessions,
        required or set(),
        min_pct,
        override,
        override_reason,
        status,
        TITLES,
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"attended": set(range(1, 10))},
            Decision(True, "Attended 9 of 12 sessions (75%), meets the 75% minimum"),
        ),
        (
            {"attended": set(range(1, 9))},
            Decision(False, "Attended 8 of 12 sessions (66.6%), below the 75% minimum"),
        ),
        (
            {"attended": set(SESSIONS)},
            Decision(True, "Attended 12 of 12 sessions (100%), meets the 75% minimum"),
        ),
        (
            {"attended": set(range(1, 12)), "required": {12}},
            Decision(False, "Missed a required session: Closing workshop"),
        ),
        (
            {"attended": set(range(2, 11)), "required": {12, 1, 6}},
            Decision(False, "Missed required sessions: Opening day, Closing workshop"),
        ),
        (
            {"attended": {2, 3}, "required": {12, 7}},
            Decision(
                False,
                "Missed required sessions: session 7, Closing workshop; "
                "Attended 2 of 12 sessions (16.6%), below the 75% minimum",
            ),
        ),
        (
            {"attended": set(SESSIONS), "status": "withdrawn"},
            Decision(False, "Withdrawn from the cohort"),
        ),
        (
            {"attended": set(SESSIONS), "status": "deferred"},
            Decision(False, "Deferred to a later cohort"),
        ),
        (
            {"attended": set(SESSIONS), "status": "completed"},
            Decision(True, "Attended 12 of 12 sessions (100%), meets the 75% minimum"),
        ),
        (
            {"attended": set(), "override": "award", "override_reason": " Long illness "},
            Decision(True, "Awarded by hand: Long illness"),
        ),
        (
            {
                "attended": set(),
                "status": "withdrawn",
                "override": "award",
                "override_reason": "Completed the work",
            },
            Decision(True, "Awarded by hand: Completed the work"),
        ),
        (
            {"attended": set(SESSIONS), "override": "withhold", "override_reason": "Complaint"},
            Decision(False, "Withheld by hand: Complaint"),
        ),
        (
            {"attended": set(SESSIONS), "override": "withhold"},
            Decision(False, "Withheld by hand: no reason recorded"),
        ),
        # minimum with a decimal: figures shown with the same number of decimals, rounded down
        (
            {"attended": {1, 2}, "sessions": [1, 2, 3], "min_pct": 66.7},
            Decision(False, "Attended 2 of 3 sessions (66.6%), below the 66.7% minimum"),
        ),
        (
            {"attended": {1, 2}, "sessions": [1, 2, 3], "min_pct": 66.6},
            Decision(True, "Attended 2 of 3 sessions (66.6%), meets the 66.6% minimum"),
        ),
        (
            {"attended": {1}, "sessions": [1], "min_pct": 100.0},
            Decision(True, "Attended 1 of 1 session (100%), meets the 100% minimum"),
        ),
        (
            {"attended": set(), "sessions": [], "min_pct": 0.0},
            Decision(False, "The cohort has no sessions yet"),
        ),
        # a session from another cohort does not count
        (
            {"attended": {1, 2, 99}, "sessions": [1, 2, 3, 4]},
            Decision(False, "Attended 2 of 4 sessions (50%), below the 75% minimum"),
        ),
    ],
)
def test_completion_decision(kwargs: dict[str, object], expected: Decision) -> None:
    assert decide(**kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"attended": set(), "status": "graduated"},
        {"attended": set(), "required": {99}},
        {"attended": set(), "sessions": [1, 1, 2]},
        {"attended": set(), "min_pct": 120.0},
        {"attended": set(), "override": "maybe"},
    ],
)
def test_completion_decision_rejects_bugs(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        decide(**kwargs)  # type: ignore[arg-type]


def test_override_needs_a_reason() -> None:
    validate_override(None, None)
    validate_override("award", "Completed the project")
    with pytest.raises(ValidationError) as caught:
        validate_override("withhold", "  ")
    assert caught.value.field == "override_reason"
    assert "withholding" in caught.value.message


@given(
    total=st.integers(1, 60),
    data=st.data(),
    min_pct=st.sampled_from([0.0, 50.0, 66.7, 70.0, 75.0, 80.5, 90.0, 100.0]),
    required=st.sets(st.integers(1, 60), max_size=4),
)
def test_completion_properties(
    total: int, data: st.DataObject, min_pct: float, required: set[int]
) -> None:
    sessions = list(range(1, total + 1))
    required = {r for r in required if r <= total}
    attended = data.draw(st.sets(st.sampled_from(sessions)))
    decision = completion_decision(
        attended, sessions, required, min_pct, None, None, "enrolled", None
    )
    share_ok = len(attended) * 100 >= min_pct * total - 1e-9
    assert decision.eligible == (share_ok and required <= attended)
    if required <= attended:
        # the figure shown agrees with the verdict: "meets" never sits beside a figure below
        shown = float(decision.reason.split("(")[1].split("%")[0])
        assert (shown >= min_pct) == decision.eligible
    # attending more never loses eligibility
    more = completion_decision(
        set(sessions), sessions, required, min_pct, None, None, "enrolled", None
    )
    assert more.eligible


@pytest.mark.parametrize(
    ("status", "rule", "expected"),
    [
        (PRESENT, AttendanceRule(), True),
        (LATE, AttendanceRule(), True),
        (LATE, AttendanceRule(late_counts=False), False),
        (LEFT_EARLY, AttendanceRule(left_early_counts=False), False),
        (ABSENT, AttendanceRule(), False),
        (APOLOGIES, AttendanceRule(), False),
        (None, AttendanceRule(), False),
    ],
)
def test_attendance_certificate(status: str | None, rule: AttendanceRule, expected: bool) -> None:
    assert attendance_certificate_eligible(status, rule) is expected
