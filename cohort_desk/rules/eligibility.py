"""Who may have a certificate: completion of a cohort, or attendance at one session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cohort_desk.errors import ValidationError
from cohort_desk.rules.attendance import (
    AttendanceRule,
    counts_as_attended,
    meets_minimum,
    minimum_text,
    share_text,
)
from cohort_desk.rules.wording import agree
from cohort_desk.vocabulary import CertificateOverride, EnrolmentStatus

# "completed" is decided like "enrolled": it records that a certificate was issued, and a
# re-issue must reach the same decision.
_LEFT_COHORT: dict[str, str] = {
    EnrolmentStatus.WITHDRAWN: "Withdrawn from the cohort",
    EnrolmentStatus.DEFERRED: "Deferred to a later cohort",
}


@dataclass(frozen=True)
class Decision:
    """Whether a certificate may be issued, and a plain-English reason to show beside it."""

    eligible: bool
    reason: str


def validate_override(override: CertificateOverride | None, reason: str | None) -> None:
    """Refuse an award or withholding by hand without a reason: the audit trail needs one.

    Call this where an administrator sets the override; ``completion_decision`` itself copes
    with an old record that has no reason.
    """
    if override is not None and override not in set(CertificateOverride):
        raise ValueError(f"unknown override: {override!r}")
    if override is not None and not (reason or "").strip():
        verb = "awarding" if override == CertificateOverride.AWARD else "withholding"
        raise ValidationError(
            f"Give a reason for {verb} the certificate by hand.", field="override_reason"
        )


def completion_decision(
    attended_session_ids: set[int],
    all_session_ids: Sequence[int],
    required_session_ids: set[int],
    min_pct: float,
    override: CertificateOverride | None,
    override_reason: str | None,
    enrolment_status: str,
    session_titles: Mapping[int, str] | None = None,
) -> Decision:
    """Decide whether someone has completed a cohort and may have a completion certificate.

    In order: an override by hand wins ("Awarded by hand: <reason>" / "Withheld by hand:
    <reason>"); then withdrawn or deferred people are not eligible; then every required session
    must have been attended and the attended share of *all* the cohort's sessions must meet
    ``min_pct``. When both fail the reason names both, separated by "; ".

    ``attended_session_ids`` are the sessions that count as attended (see
    ``counts_as_attended``); ids outside ``all_session_ids`` (another cohort's sessions) are
    ignored. ``all_session_ids`` are in the order to list them (by date). Missed required
    sessions are named from ``session_titles``, falling back to "session <id>".
    """
    if override is not None and override not in set(CertificateOverride):
        raise ValueError(f"unknown override: {override!r}")
    if not 0 <= min_pct <= 100:
        raise ValueError(f"min_pct must be 0-100, not {min_pct}")
    if enrolment_status not in set(EnrolmentStatus):
        raise ValueError(f"unknown enrolment status: {enrolment_status!r}")
    if len(set(all_session_ids)) != len(all_session_ids):
        raise ValueError("all_session_ids has duplicates")
    if not required_session_ids <= set(all_session_ids):
        # A required session from elsewhere would be silently unmissable: that is a bug.
        raise ValueError("required_session_ids must be sessions of the cohort")

    why = (override_reason or "").strip() or "no reason recorded"
    if override == CertificateOverride.AWARD:
        return Decision(True, f"Awarded by hand: {why}")
    if override == CertificateOverride.WITHHOLD:
        return Decision(False, f"Withheld by hand: {why}")
    if enrolment_status in _LEFT_COHORT:
        return Decision(False, _LEFT_COHORT[enrolment_status])

    total = len(all_session_ids)
    if total == 0:
        return Decision(False, "The cohort has no sessions yet")

    titles = session_titles or {}
    missed_required = [
        titles.get(sid) or f"session {sid}"
        for sid in all_session_ids
        if sid in required_session_ids and sid not in attended_session_ids
    ]
    attended = sum(1 for sid in all_session_ids if sid in attended_session_ids)
    meets = meets_minimum(attended, total, min_pct)
    noun = "session" if total == 1 else "sessions"
    share = (
        f"Attended {attended} of {total} {noun} ({share_text(attended, total)}), "
        f"{'meets' if meets else 'below'} the {minimum_text(min_pct)} minimum"
    )
    problems: list[str] = []
    if missed_required:
        missed = agree(len(missed_required), "a required session", "required sessions")
        problems.append(f"Missed {missed}: " + ", ".join(missed_required))
    if not meets:
        problems.append(share)
    if problems:
        return Decision(False, "; ".join(problems))
    return Decision(True, share)


def attendance_certificate_eligible(status: str | None, rule: AttendanceRule) -> bool:
    """Whether a session's status earns a certificate of attendance for that session.

    The same test as counting towards completion, so a late arrival gets a certificate exactly
    when the cohort's rule counts late as attended.
    """
    return counts_as_attended(status, rule)
