"""Columns of the certificates register and of a cohort's eligibility table."""

from __future__ import annotations

from typing import Any

from cohort_desk.documents.text import hours_text
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.participants import COUNTED_STATUSES
from cohort_desk.rules.wording import plural
from cohort_desk.services.certificates.eligibility import EligibilityRow, issue_counts
from cohort_desk.services.certificates.register import CertificateRow
from cohort_desk.ui.kit.rows import Column


def status_text(row: CertificateRow) -> str:
    return f"Revoked {format_date(row.revoked_at)}" if row.revoked_at else "Valid"


def register_columns(muted: Any, warning: Any) -> list[Column[CertificateRow]]:
    def revoked_grey(row: CertificateRow) -> Any:
        return muted if row.revoked_at else None

    def tip(row: CertificateRow) -> str:
        lines = [f"{row.number}: {row.holder_name}, {row.course}"]
        if row.reissues:
            lines.append(
                f"Re-printed {plural(row.reissues, 'time')}, "
                f"last on {format_date(row.last_reissued_on)}"
            )
        if row.revoked_at:
            lines.append(f"Revoked {format_date(row.revoked_at)}: {row.revoke_reason}")
        return "\n".join(lines)

    return [
        Column(
            "Number",
            lambda r: r.number,
            sort_key=lambda r: (r.year, r.sequence),
            tooltip=tip,
            foreground=revoked_grey,
        ),
        Column("Name", lambda r: r.holder_name, tooltip=tip, foreground=revoked_grey),
        Column("Course", lambda r: r.course, tooltip=lambda r: r.course, foreground=revoked_grey),
        Column(
            "Issued",
            lambda r: format_date(r.issued_on),
            sort_key=lambda r: r.issued_on,
            foreground=revoked_grey,
        ),
        Column(
            "Status",
            status_text,
            tooltip=lambda r: r.revoke_reason,
            foreground=lambda r: warning if r.revoked_at else None,
        ),
        Column("Code", lambda r: r.code, foreground=revoked_grey),
        Column(
            "CPD hours",
            lambda r: hours_text(r.cpd_hours) if r.cpd_hours else "",
            sort_key=lambda r: r.cpd_hours or 0,
            align_right=True,
            foreground=revoked_grey,
        ),
        Column("Kind", lambda r: r.kind.capitalize(), foreground=revoked_grey),
        Column(
            "Re-printed",
            lambda r: r.reissues or "",
            sort_key=lambda r: r.reissues,
            align_right=True,
            foreground=revoked_grey,
        ),
        Column("E-mail", lambda r: r.email, foreground=revoked_grey),
        Column("Issued by", lambda r: r.issued_by, foreground=revoked_grey),
    ]


def eligible_text(row: EligibilityRow) -> str:
    if row.override:
        return "Yes, by hand" if row.eligible else "No, by hand"
    return "Yes" if row.eligible else "No"


def eligibility_columns(muted: Any, warning: Any) -> list[Column[EligibilityRow]]:
    def grey(row: EligibilityRow) -> Any:
        return None if row.enrolment_status in COUNTED_STATUSES else muted

    return [
        Column("Family name", lambda r: r.family_name, foreground=grey),
        Column("Given name", lambda r: r.given_name, foreground=grey),
        Column("E-mail", lambda r: r.email, foreground=grey),
        Column("Enrolment", lambda r: r.enrolment_status.capitalize(), foreground=grey),
        Column(
            "Attended",
            lambda r: f"{r.attended} of {r.sessions}",
            sort_key=lambda r: (r.attended / r.sessions) if r.sessions else 0,
            align_right=True,
            foreground=grey,
        ),
        Column(
            "CPD hours",
            lambda r: hours_text(r.cpd_hours),
            sort_key=lambda r: r.cpd_hours,
            align_right=True,
            foreground=grey,
        ),
        Column(
            "Eligible",
            eligible_text,
            foreground=lambda r: None if r.eligible else warning,
        ),
        Column(
            "Certificate",
            lambda r: f"{r.certificate} (revoked)" if r.revoked else (r.certificate or ""),
            foreground=grey,
        ),
        Column("Why", lambda r: r.reason, tooltip=lambda r: r.reason, foreground=grey),
    ]


def eligibility_summary(rows: list[EligibilityRow]) -> str:
    counts = issue_counts(rows)
    return (
        f"{counts.eligible} of {counts.candidates} eligible; {counts.holders} have a "
        f"certificate; {counts.new} waiting to be issued"
    )
