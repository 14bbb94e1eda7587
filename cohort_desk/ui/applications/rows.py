"""The Applications table's columns: who (or a reference, under blind review), status, the
panel's mean score on each criterion, the total, and when they applied."""

from __future__ import annotations

from typing import Any

from cohort_desk.rules.dates import format_datetime
from cohort_desk.rules.selection import score_text
from cohort_desk.services.applications.records import ApplicationRow
from cohort_desk.ui.kit.rows import Column, highest
from cohort_desk.vocabulary import ApplicationStatus

# The statuses the Show list offers, as a person reads them; "mine" is what I have yet to score.
SHOW_CHOICES: list[tuple[str, str | None]] = [
    ("All applications", None),
    ("Still to score by me", "mine"),
    ("Applied", ApplicationStatus.APPLIED),
    ("Shortlisted", ApplicationStatus.SHORTLISTED),
    ("Waiting list", ApplicationStatus.WAITING),
    ("Offered", ApplicationStatus.OFFERED),
    ("Accepted", ApplicationStatus.ACCEPTED),
    ("Declined", ApplicationStatus.DECLINED),
    ("Not selected", ApplicationStatus.NOT_SELECTED),
    ("Withdrawn", ApplicationStatus.WITHDRAWN),
]
STATUS_LABELS = {value: label for label, value in SHOW_CHOICES if value and value != "mine"}
STILL_SCORED = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.WAITING,
    ApplicationStatus.OFFERED,
    ApplicationStatus.NOT_SELECTED,
)


def status_text(row: ApplicationRow) -> str:
    if row.status == ApplicationStatus.WAITING and row.waiting_position:
        return f"Waiting list ({row.waiting_position})"
    return STATUS_LABELS.get(row.status, row.status)


def status_order(row: ApplicationRow) -> tuple[int, int]:
    """Sorts by stage, the waiting list in its own order."""
    order = [
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.OFFERED,
        ApplicationStatus.WAITING,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.APPLIED,
        ApplicationStatus.DECLINED,
    ]
    rank = order.index(row.status) if row.status in order else len(order)
    return rank, row.waiting_position or 0


def to_score_by_me(row: ApplicationRow) -> bool:
    return row.status in STILL_SCORED and len(row.mine) < len(row.scores)


def _mean(name: str) -> Any:
    return lambda r: "" if r.scores.get(name) is None else score_text(r.scores[name])


def application_columns(criteria: list[str], blind: bool) -> list[Column[ApplicationRow]]:
    """Under blind review the first columns are the reference only: no name, e-mail or
    organisation reaches the table, its tooltips or an export."""
    who: list[Column[ApplicationRow]] = [
        Column("Ref", lambda r: r.ref, lambda r: r.id, widest_row=highest("id"))
    ]
    if not blind:
        who += [
            Column("Name", lambda r: r.name),
            Column("E-mail", lambda r: r.email),
            Column("Organisation", lambda r: r.organisation),
        ]
    scores = [
        Column(
            name,
            _mean(name),
            lambda r, n=name: r.scores.get(n),
            align_right=True,
            tooltip=lambda r, n=name: f"Your score: {r.mine[n]}" if n in r.mine else "",
        )
        for name in criteria
    ]
    return [
        *who,
        Column("Status", status_text, status_order),
        *scores,
        Column(
            "Total",
            lambda r: r.total_text,
            lambda r: r.total,
            align_right=True,
            tooltip=lambda r: "Not yet scored on every criterion" if not r.complete else "",
        ),
        Column("Scored by", lambda r: r.scored_by or "", align_right=True),
        Column("Applied", lambda r: format_datetime(r.applied_at), lambda r: r.applied_at),
    ]


def search_text(row: ApplicationRow, blind: bool) -> str:
    """What the search field looks in: under blind review, never the names."""
    answers = "\n".join(row.answers.values())
    who = row.ref if blind else f"{row.ref}\n{row.name}\n{row.email}\n{row.organisation}"
    return f"{who}\n{answers}".casefold()
