"""Who counts as a cohort's participant: one rule for every list, count, register and figure."""

from __future__ import annotations

from cohort_desk.vocabulary import EnrolmentStatus, Role

#: Withdrawn and deferred people are not expected at sessions, so they are left off registers
#: and out of a cohort's counts and attendance figures. "completed" still counts: it only
#: records that the completion certificate was issued.
COUNTED_STATUSES: tuple[EnrolmentStatus, ...] = (
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.COMPLETED,
)


def counts_as_participant(role: str, status: str) -> bool:
    """Whether an enrolment counts among a cohort's participants."""
    return role == Role.PARTICIPANT and status in COUNTED_STATUSES
