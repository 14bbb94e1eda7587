"""Columns of the mentoring screen's tables: mentors, pairs, meetings, suggestions, reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from cohort_desk.rules.dates import format_date
from cohort_desk.rules.wording import plural
from cohort_desk.services.mentoring.matching import Choice, SuggestionRow
from cohort_desk.services.mentoring.meetings import CohortHours, MeetingRow, QuietPair
from cohort_desk.services.mentoring.pairs import PairRow
from cohort_desk.services.mentoring.profiles import MentorRow
from cohort_desk.ui.kit.form import WARNING_BACKGROUND, WARNING_TEXT
from cohort_desk.ui.kit.rows import Column
from cohort_desk.vocabulary import MentoringPairStatus

NOTES_HIDDEN = "Hidden: press Show notes"
STATUS_NAMES = {status: status.capitalize() for status in MentoringPairStatus}


def _over(row: MentorRow) -> Any:
    return WARNING_BACKGROUND if row.over_capacity else None


def _over_text(row: MentorRow) -> Any:
    return WARNING_TEXT if row.over_capacity else None


def mentor_status(row: MentorRow, today: date | None = None) -> str:
    if row.over_capacity:
        return "Over capacity"
    return row.status_text(today or date.today())


def _mentor_column(title: str, display, **extra) -> Column[MentorRow]:  # type: ignore[no-untyped-def]
    return Column(title, display, background=_over, foreground=_over_text, **extra)


MENTOR_COLUMNS: list[Column[MentorRow]] = [
    _mentor_column("Mentor", lambda r: r.name, sort_key=lambda r: r.name.casefold()),
    _mentor_column("Organisation", lambda r: r.organisation),
    _mentor_column("Capacity", lambda r: r.capacity, align_right=True),
    _mentor_column(
        "Current",
        lambda r: r.mentees,
        align_right=True,
        tooltip=lambda r: f"{plural(r.mentees, 'active pair')}, {r.proposed} proposed",
    ),
    _mentor_column("Proposed", lambda r: r.proposed, align_right=True),
    _mentor_column("Status", mentor_status),
    _mentor_column("Expertise", lambda r: r.expertise, tooltip=lambda r: r.expertise),
    _mentor_column("Boroughs", lambda r: r.boroughs),
    _mentor_column("E-mail", lambda r: r.email),
]

PAIR_COLUMNS: list[Column[PairRow]] = [
    Column("Mentee", lambda r: r.mentee_name, tooltip=lambda r: r.mentee_email),
    Column("Mentor", lambda r: r.mentor_name, tooltip=lambda r: r.mentor_email),
    Column("Cohort", lambda r: r.cohort),
    Column("Status", lambda r: STATUS_NAMES.get(r.status, r.status)),
    Column("Started", lambda r: format_date(r.started_on), sort_key=lambda r: r.started_on),
    Column("Ended", lambda r: format_date(r.ended_on), sort_key=lambda r: r.ended_on),
    Column("Meetings", lambda r: r.meetings, align_right=True),
    Column("Hours", lambda r: f"{r.hours:.1f}", sort_key=lambda r: r.minutes, align_right=True),
    Column("Last met", lambda r: format_date(r.last_meeting), sort_key=lambda r: r.last_meeting),
    Column(
        "Why this pair",
        lambda r: r.end_reason if r.status == MentoringPairStatus.ENDED else "; ".join(r.reasons),
        tooltip=lambda r: "; ".join(r.reasons),
    ),
]


def _notes(row: MeetingRow) -> str:
    if not row.has_notes:
        return "(no notes)"
    return row.notes if row.notes is not None else NOTES_HIDDEN


MEETING_COLUMNS: list[Column[MeetingRow]] = [
    Column("Date", lambda r: format_date(r.held_on), sort_key=lambda r: r.held_on),
    Column("Minutes", lambda r: r.minutes, align_right=True),
    Column("How", lambda r: r.mode.capitalize()),
    Column("Notes", _notes, tooltip=lambda r: r.notes or ""),
]


class Decision:
    PENDING = "To decide"
    ACCEPTED = "Accepted"
    REJECTED = "Rejected"


class SuggestionItem:
    """One suggestion as the administrator works through it: the chosen mentor may be
    swapped for an alternative, and the decision is kept until the pair is saved."""

    def __init__(self, row: SuggestionRow) -> None:
        self.row = row
        self.choice: Choice = row.choice
        self.decision = Decision.PENDING

    @property
    def swapped(self) -> bool:
        return self.choice.mentor_id != self.row.choice.mentor_id

    def options(self) -> list[Choice]:
        """Every mentor that may be chosen instead of the current one, best first."""
        pool = [self.row.choice, *self.row.alternatives]
        return [c for c in pool if c.mentor_id != self.choice.mentor_id]


def _decision(item: SuggestionItem) -> str:
    if item.decision == Decision.PENDING and item.swapped:
        return "Swapped, to decide"
    return item.decision


SUGGESTION_COLUMNS: list[Column[SuggestionItem]] = [
    Column("Participant", lambda i: i.row.participant_name, tooltip=lambda i: i.row.participant),
    Column("Suggested mentor", lambda i: i.choice.mentor_name, tooltip=lambda i: i.choice.mentor),
    Column(
        "Score",
        lambda i: f"{i.choice.score:g}",
        sort_key=lambda i: i.choice.score,
        align_right=True,
    ),
    Column("Decision", _decision),
    Column(
        "Reasons",
        lambda i: "; ".join(i.choice.reasons),
        tooltip=lambda i: "\n".join(i.choice.reasons),
    ),
    Column("Alternatives", lambda i: ", ".join(c.mentor_name for c in i.options())),
]

ALTERNATIVE_COLUMNS: list[Column[Choice]] = [
    Column("Mentor", lambda c: c.mentor_name, tooltip=lambda c: c.mentor),
    Column("Score", lambda c: f"{c.score:g}", sort_key=lambda c: c.score, align_right=True),
    Column("Reasons", lambda c: "; ".join(c.reasons)),
]

QUIET_COLUMNS: list[Column[QuietPair]] = [
    Column("Mentee", lambda q: q.pair.mentee_name),
    Column("Mentor", lambda q: q.pair.mentor_name),
    Column(
        "Last met",
        lambda q: format_date(q.pair.last_meeting) or "Never",
        sort_key=lambda q: q.pair.last_meeting,
    ),
    Column("Days without a meeting", lambda q: q.days, align_right=True),
    Column("Cohort", lambda q: q.pair.cohort),
]

OVER_CAPACITY_COLUMNS: list[Column[MentorRow]] = [
    Column("Mentor", lambda r: r.name),
    Column("Capacity", lambda r: r.capacity, align_right=True),
    Column("Active mentees", lambda r: r.mentees, align_right=True),
    Column("Notes", lambda r: r.notes),
]

HOURS_COLUMNS: list[Column[CohortHours]] = [
    Column("Cohort", lambda h: h.cohort),
    Column("Pairs", lambda h: h.pairs, align_right=True),
    Column("Active pairs", lambda h: h.active_pairs, align_right=True),
    Column("Meetings", lambda h: h.meetings, align_right=True),
    Column("Hours", lambda h: f"{h.hours:.1f}", sort_key=lambda h: h.hours, align_right=True),
]
