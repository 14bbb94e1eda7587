"""Who a cohort counts as its participants, once, for every list, tab, register, report and total.

Enrolled and completed people are counted: they are on the registers and expected at the
sessions ("completed" only records that the completion certificate was issued). Withdrawn and
deferred people stay listed with their status but are not counted, so "32 participants" in the
cohort list and "Participants (32)" on the cohort's tab agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from cohort_desk.rules.wording import plural
from cohort_desk.vocabulary import EnrolmentStatus, Role

COUNTED_STATUSES: tuple[EnrolmentStatus, ...] = (
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.COMPLETED,
)
NOT_COUNTED_STATUSES: tuple[EnrolmentStatus, ...] = (
    EnrolmentStatus.WITHDRAWN,
    EnrolmentStatus.DEFERRED,
)


def is_counted(status: str) -> bool:
    """Whether an enrolment with this status counts towards the cohort's numbers."""
    return status in COUNTED_STATUSES


def counts_as_participant(role: str, status: str) -> bool:
    """Whether an enrolment counts among a cohort's participants."""
    return role == Role.PARTICIPANT and is_counted(status)


def count_counted(statuses: Iterable[str]) -> int:
    return sum(1 for status in statuses if is_counted(status))


def members_text(statuses: Iterable[str], word: str = "participant") -> str:
    """'32 participants', or '32 participants (1 withdrawn, 2 deferred)' when some are listed
    but not counted."""
    tally = Counter(statuses)
    counted = sum(tally[status] for status in COUNTED_STATUSES)
    others = [f"{tally[status]:,} {status}" for status in NOT_COUNTED_STATUSES if tally[status]]
    text = plural(counted, word)
    return f"{text} ({', '.join(others)})" if others else text
