"""Attendance statuses, who counts as attended, join-time classification and percentages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from math import floor

from cohort_desk.vocabulary import AttendanceStatus

#: Keyboard letters for quick marking in the attendance grid ("E" for early: "L" is late).
STATUS_KEYS: dict[str, str] = {
    "P": AttendanceStatus.PRESENT,
    "L": AttendanceStatus.LATE,
    "E": AttendanceStatus.LEFT_EARLY,
    "A": AttendanceStatus.ABSENT,
    "X": AttendanceStatus.APOLOGIES,
}

#: Words shown to a person.
STATUS_LABELS: dict[str, str] = {
    AttendanceStatus.PRESENT: "Present",
    AttendanceStatus.LATE: "Late",
    AttendanceStatus.LEFT_EARLY: "Left early",
    AttendanceStatus.ABSENT: "Absent",
    AttendanceStatus.APOLOGIES: "Apologies",
}

#: One-letter marks for printed registers; the same letters as the keyboard keys.
STATUS_MARKS: dict[str, str] = {status: key for key, status in STATUS_KEYS.items()}


#: A cohort's rule for the CPD hours of someone late or leaving early, and how to say it.
PARTIAL_CPD: dict[str, str] = {
    "full": "the session's full hours",
    "none": "no hours",
    "minutes": "hours for the minutes attended",
}


@dataclass(frozen=True)
class AttendanceRule:
    """A cohort's attendance rule (stored on the cohort).

    ``min_attendance_pct`` is a share of *all* the cohort's sessions, 0 to 100. Someone is late
    when they first join more than ``late_after_minutes`` after the start, and left early when
    they last leave more than ``left_early_minutes`` before the end.
    """

    min_attendance_pct: float = 75.0
    late_counts: bool = True
    left_early_counts: bool = True
    late_after_minutes: int = 10
    left_early_minutes: int = 15
    partial_cpd: str = "full"  # CPD hours for late arrivals and early leavers: PARTIAL_CPD

    def __post_init__(self) -> None:
        if self.partial_cpd not in PARTIAL_CPD:
            raise ValueError(f"partial_cpd must be one of {sorted(PARTIAL_CPD)}")
        if not 0 <= self.min_attendance_pct <= 100:
            raise ValueError(f"min_attendance_pct must be 0-100, not {self.min_attendance_pct}")
        if self.late_after_minutes < 0 or self.left_early_minutes < 0:
            raise ValueError("late and left-early thresholds cannot be negative")


def status_for_key(key: str) -> str | None:
    """The status for a keyboard letter (either case), or None for any other key."""
    return STATUS_KEYS.get(key.strip().upper()) if len(key.strip()) == 1 else None


def counts_as_attended(status: str | None, rule: AttendanceRule) -> bool:
    """Whether a status counts towards attendance under ``rule``.

    Present always counts; late and left early count when the rule says so; absent, apologies
    and None (not marked yet) never count. An unknown status is a bug and raises ValueError.
    """
    if status is None:
        return False
    if status == AttendanceStatus.PRESENT:
        return True
    if status == AttendanceStatus.LATE:
        return rule.late_counts
    if status == AttendanceStatus.LEFT_EARLY:
        return rule.left_early_counts
    if status in (AttendanceStatus.ABSENT, AttendanceStatus.APOLOGIES):
        return False
    raise ValueError(f"unknown attendance status: {status!r}")


def classify_join(
    session_start: datetime,
    session_end: datetime | None,
    first_join: datetime,
    last_leave: datetime,
    rule: AttendanceRule,
) -> str:
    """The status for someone seen between ``first_join`` and ``last_leave`` (e.g. from an
    online meeting's report).

    Thresholds are strict: joining exactly ``late_after_minutes`` after the start is present, a
    second more is late (likewise for leaving early). With no ``session_end`` nobody can leave
    early. Joining after the end, or leaving before the start, is absent.

    Late *and* left early: a register holds one status, so we pick the one that matters for
    the completion rule. If only one of the two counts as attended under ``rule``, the one that
    does not count wins, so being late as well never rescues leaving an hour early (and vice
    versa). Otherwise the one with more minutes missed wins, late on a tie.

    All four times must be alike (all timezone-aware, ideally UTC, or all naive).
    """
    if last_leave < first_join:
        raise ValueError("last_leave is before first_join")
    if session_end is not None and session_end < session_start:
        raise ValueError("session_end is before session_start")
    if last_leave <= session_start or (session_end is not None and first_join >= session_end):
        return AttendanceStatus.ABSENT

    missed_start = first_join - session_start
    missed_end = session_end - last_leave if session_end is not None else timedelta(0)
    late = missed_start > timedelta(minutes=rule.late_after_minutes)
    left_early = missed_end > timedelta(minutes=rule.left_early_minutes)

    if late and left_early:
        if rule.late_counts != rule.left_early_counts:
            return AttendanceStatus.LEFT_EARLY if rule.late_counts else AttendanceStatus.LATE
        return AttendanceStatus.LEFT_EARLY if missed_end > missed_start else AttendanceStatus.LATE
    if late:
        return AttendanceStatus.LATE
    if left_early:
        return AttendanceStatus.LEFT_EARLY
    return AttendanceStatus.PRESENT


def _exact_pct(pct: float) -> Fraction:
    # Fraction(str(...)) keeps the decimal a person typed (66.7 is 667/10, not a binary float),
    # so "meets the minimum" is decided exactly with integers.
    return Fraction(str(pct))


def meets_minimum(attended: int, total: int, min_pct: float) -> bool:
    """Whether ``attended`` of ``total`` is at least ``min_pct`` percent, decided exactly.

    9 of 12 meets 75%; 2 of 3 does not meet 66.7%. 0 of 0 meets any minimum by arithmetic:
    callers decide what a cohort without sessions means.
    """
    if attended < 0 or total < 0:
        raise ValueError("counts cannot be negative")
    return attended * 100 >= _exact_pct(min_pct) * total


@dataclass(frozen=True)
class AttendanceSummary:
    """One person's attendance across one cohort, as shown on the cohort's attendance screen.

    ``attended``: held sessions that count as attended. ``marked``: held sessions with any
    status recorded. ``held``: sessions held so far. ``possible``: all sessions in the cohort.
    ``percentage``: attended / held * 100, None before any session is held.
    ``below_minimum``: the current percentage is under the rule's minimum.
    ``cannot_reach``: even attending every remaining session cannot reach the minimum of the
    whole cohort, so an administrator may want to talk to them now.
    """

    attended: int
    marked: int
    held: int
    possible: int
    percentage: float | None
    below_minimum: bool
    cannot_reach: bool


def summarise(
    statuses: Sequence[str | None],
    rule: AttendanceRule,
    sessions_total: int,
    sessions_held: int,
) -> AttendanceSummary:
    """Summarise one person's statuses for the sessions held so far (None = not marked).

    Apologies are not attended: the minimum is a share of all sessions, and an apology is a
    courtesy, not attendance. A held session that is not marked (None, or missing from
    ``statuses`` when it is shorter than ``sessions_held``) counts as not attended, so an
    unfinished register shows as a low percentage rather than a flattering one; ``marked``
    lets the screen say so.
    """
    if not 0 <= sessions_held <= sessions_total:
        raise ValueError("need 0 <= sessions_held <= sessions_total")
    if len(statuses) > sessions_held:
        raise ValueError("more statuses than sessions held")
    attended = sum(1 for status in statuses if counts_as_attended(status, rule))
    marked = sum(1 for status in statuses if status is not None)
    remaining = sessions_total - sessions_held
    if sessions_held == 0:
        percentage: float | None = None
        below = False
    else:
        percentage = attended * 100 / sessions_held
        below = not meets_minimum(attended, sessions_held, rule.min_attendance_pct)
    cannot_reach = sessions_total > 0 and not meets_minimum(
        attended + remaining, sessions_total, rule.min_attendance_pct
    )
    return AttendanceSummary(
        attended=attended,
        marked=marked,
        held=sessions_held,
        possible=sessions_total,
        percentage=percentage,
        below_minimum=below,
        cannot_reach=cannot_reach,
    )


CpdMark = tuple[str | None, float] | tuple[str | None, float, int | None, int | None]


def session_cpd_hours(
    status: str | None,
    cpd_hours: float,
    rule: AttendanceRule,
    minutes_attended: int | None = None,
    session_minutes: int | None = None,
) -> Fraction:
    """One session's CPD hours for one person, exactly.

    Present: the full hours. Late or left early, by the cohort's ``partial_cpd`` rule: "full"
    gives the full hours when the status counts as attended (as the percentage does); "none"
    gives nothing; "minutes" gives the share of the session's minutes attended, and nothing
    when the minutes are not known (a Teams report records them; a register tick does not).
    """
    if not cpd_hours >= 0:
        raise ValueError(f"CPD hours must be a number of at least 0, not {cpd_hours}")
    hours = Fraction(str(cpd_hours))
    if status in (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY):
        if rule.partial_cpd == "none":
            return Fraction(0)
        if rule.partial_cpd == "minutes":
            if minutes_attended is None or not session_minutes:
                return Fraction(0)
            share = Fraction(max(0, min(minutes_attended, session_minutes)), session_minutes)
            return hours * share
    return hours if counts_as_attended(status, rule) else Fraction(0)


def cpd_hours_attended(sessions: Iterable[CpdMark], rule: AttendanceRule) -> float:
    """Total CPD hours from (status, cpd_hours[, minutes attended, session minutes]) per
    session, by session_cpd_hours. Hours are added as the decimals a person typed, so 0.1 +
    0.2 hours is 0.3, and a share of minutes is rounded to the hundredth only at the end."""
    total = sum(
        (session_cpd_hours(mark[0], mark[1], rule, *mark[2:]) for mark in sessions), Fraction(0)
    )
    return round(float(total), 2)


def percentage_text(value: float | None) -> str:
    """The one way Cohort Desk writes an attendance percentage, on paper and on screen.

    Rounded *down* to one decimal place, so 74.96% prints as 74.9% and never as the 75% a
    certificate needs; a whole number drops its ".0" (75%, not 75.0%). None (no session held
    yet) is a dash.
    """
    if value is None:
        return "–"
    tenths = floor(value * 10 + 1e-9)
    whole, part = divmod(tenths, 10)
    return f"{whole}%" if part == 0 else f"{whole}.{part}%"


def share_text(attended: int, total: int) -> str:
    """``attended`` of ``total`` by the same rule ("66.6%"), "–" when there is nothing yet."""
    return percentage_text(None if total == 0 else attended * 100 / total)


def minimum_text(pct: float) -> str:
    """A cohort's minimum as the person typed it ("75%", "66.67%"): a bar is never rounded,
    or 66.67% would read as 66.6% and look easier than it is."""
    return f"{Decimal(str(pct)).normalize():f}%"
