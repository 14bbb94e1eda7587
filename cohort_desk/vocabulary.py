"""The words the records are kept in: roles, statuses and kinds, each defined once.

Every value is the string the database already stores, and a ``StrEnum`` member
*is* that string: it compares equal to it, writes it to the database and to JSON unchanged, so
no migration was needed and the command line prints the same words as before.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A person's part in a cohort (an enrolment's role)."""

    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"


class EnrolmentStatus(StrEnum):
    """Where an enrolment stands. "completed" records that a completion certificate was issued."""

    ENROLLED = "enrolled"
    WITHDRAWN = "withdrawn"
    DEFERRED = "deferred"
    COMPLETED = "completed"


class AttendanceStatus(StrEnum):
    """A mark on the register, in the order a register or a menu shows them."""

    PRESENT = "present"
    LATE = "late"
    LEFT_EARLY = "left_early"
    ABSENT = "absent"
    APOLOGIES = "apologies"


class AttendanceSource(StrEnum):
    """Where an attendance mark came from, kept for the audit trail."""

    WINDOW = "window"
    REGISTER = "register"
    FILE = "file"
    COMMAND_LINE = "command line"
    DEMO = "demo"


class SessionKind(StrEnum):
    WORKSHOP = "workshop"
    ACTION_LEARNING_SET = "action learning set"
    MASTERCLASS = "masterclass"
    WEBINAR = "webinar"
    COACHING = "coaching"
    CELEBRATION = "celebration"
    OTHER = "other"


class OrganisationKind(StrEnum):
    TRUST = "trust"
    COUNCIL = "council"
    PRIMARY_CARE = "primary care"
    ICB = "ICB"
    VOLUNTARY = "voluntary"
    OTHER = "other"


class CertificateKind(StrEnum):
    """Completion of a cohort, or attendance at one session."""

    COMPLETION = "completion"
    ATTENDANCE = "attendance"


class CertificateOverride(StrEnum):
    """An administrator's decision by hand about a completion certificate."""

    AWARD = "award"
    WITHHOLD = "withhold"


class CertificateState(StrEnum):
    """Whether an issued certificate still stands, as the published verification page says."""

    VALID = "valid"
    REVOKED = "revoked"


class MentoringPairStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ENDED = "ended"


#: Pairs that hold a mentor's place and keep a mentee from being paired again.
CURRENT_PAIR_STATUSES = (MentoringPairStatus.ACTIVE, MentoringPairStatus.PROPOSED)


class ApplicationStatus(StrEnum):
    """Where an application to a cohort stands, in the order selection moves it on.

    "waiting" is the waiting list; "accepted" enrols the applicant in the cohort.
    """

    APPLIED = "applied"
    SHORTLISTED = "shortlisted"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    NOT_SELECTED = "not-selected"
    WAITING = "waiting"


class MeetingMode(StrEnum):
    IN_PERSON = "in person"
    ONLINE = "online"


def values(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    """The stored strings of a vocabulary, in order: for choices and "use one of ..." messages."""
    return tuple(member.value for member in vocabulary)
