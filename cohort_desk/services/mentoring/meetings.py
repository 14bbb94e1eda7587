"""The meetings log of each mentoring pair, and the reports drawn from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, MentoringMeeting, MentoringPair
from cohort_desk.errors import NotFoundError, RefusedError, ValidationError
from cohort_desk.rules.dates import format_date
from cohort_desk.services.mentoring.pairs import PairRow, list_pairs
from cohort_desk.vocabulary import MeetingMode, MentoringPairStatus

MAX_MINUTES = 8 * 60


@dataclass(slots=True)
class MeetingRow:
    """One meeting. ``notes`` is None unless asked for: notes are shown only on purpose."""

    id: int
    pair_id: int
    held_on: date
    minutes: int
    mode: str
    has_notes: bool
    notes: str | None


@dataclass(slots=True)
class QuietPair:
    """A pair with no meeting for a while: when they last met, if ever, and for how long not."""

    pair: PairRow
    since: date | None  # the last meeting, or the start when they never met
    days: int


@dataclass(slots=True)
class CohortHours:
    cohort: str
    pairs: int
    active_pairs: int
    meetings: int
    hours: float


def log_meeting(
    db: Database,
    pair_id: int,
    held_on: date,
    minutes: int,
    mode: str,
    notes: str = "",
    today: date | None = None,
) -> MeetingRow:
    """Record a meeting that took place."""
    today = today or date.today()
    if held_on > today:
        raise ValidationError(
            "A meeting can be logged only once it has taken place; check the date.",
            field="held_on",
        )
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValidationError(
            f"A meeting's length must be between 1 and {MAX_MINUTES} minutes.", field="minutes"
        )
    if mode not in set(MeetingMode):
        raise ValidationError("A meeting is either in person or online.", field="mode")
    with db.write() as session:
        pair = session.get(MentoringPair, pair_id)
        if pair is None:
            raise NotFoundError(f"There is no mentoring pair number {pair_id}; refresh the list.")
        if pair.status == MentoringPairStatus.PROPOSED:
            raise RefusedError("This pair is only proposed; start it before logging its meetings.")
        start = pair.started_on or pair.proposed_on
        if start is not None and held_on < start:
            raise ValidationError(
                f"This pair began on {format_date(start)}; a meeting cannot be before that.",
                field="held_on",
            )
        meeting = MentoringMeeting(
            pair_id=pair_id, held_on=held_on, minutes=minutes, mode=mode, notes=notes.strip()
        )
        session.add(meeting)
        session.flush()
        return _row(meeting, with_notes=False)


def _row(meeting: MentoringMeeting, with_notes: bool) -> MeetingRow:
    return MeetingRow(
        id=meeting.id,
        pair_id=meeting.pair_id,
        held_on=meeting.held_on,
        minutes=meeting.minutes,
        mode=meeting.mode,
        has_notes=bool(meeting.notes),
        notes=meeting.notes if with_notes else None,
    )


def list_meetings(db: Database, pair_id: int, with_notes: bool = False) -> list[MeetingRow]:
    """A pair's meetings, latest first; their notes only when ``with_notes``."""
    with db.read() as session:
        meetings = session.scalars(
            select(MentoringMeeting)
            .where(MentoringMeeting.pair_id == pair_id)
            .order_by(MentoringMeeting.held_on.desc(), MentoringMeeting.id.desc())
        )
        return [_row(m, with_notes) for m in meetings]


def delete_meeting(db: Database, meeting_id: int) -> None:
    """Remove a meeting logged by mistake (the audit trail keeps what it said)."""
    with db.write() as session:
        meeting = session.get(MentoringMeeting, meeting_id)
        if meeting is None:
            raise NotFoundError("That meeting is no longer in the log; refresh the list.")
        session.delete(meeting)


def pairs_without_meeting(db: Database, weeks: int, today: date | None = None) -> list[QuietPair]:
    """Active pairs whose last meeting (or start, if they never met) is more than ``weeks``
    weeks ago, longest quiet first."""
    if weeks < 1:
        raise ValidationError("Give the number of weeks as 1 or more.", field="weeks")
    today = today or date.today()
    cutoff = today - timedelta(weeks=weeks)
    quiet = []
    for pair in list_pairs(db, status=MentoringPairStatus.ACTIVE):
        since = pair.last_meeting or pair.started_on or pair.proposed_on
        if since is None or since < cutoff:
            days = (today - since).days if since else 0
            quiet.append(QuietPair(pair, since, days))
    quiet.sort(key=lambda q: (-q.days, q.pair.mentee_name.casefold()))
    return quiet


def hours_per_cohort(db: Database) -> list[CohortHours]:
    """Pairs, meetings and hours of mentoring for each cohort (pairs with none: "No cohort")."""
    with db.read() as session:
        pairs = session.execute(
            select(
                MentoringPair.cohort_id,
                func.count(),
                func.sum(case((MentoringPair.status == MentoringPairStatus.ACTIVE, 1), else_=0)),
            ).group_by(MentoringPair.cohort_id)
        ).all()
        meetings = dict(
            (cohort_id, (n, minutes))
            for cohort_id, n, minutes in session.execute(
                select(
                    MentoringPair.cohort_id,
                    func.count(MentoringMeeting.id),
                    func.coalesce(func.sum(MentoringMeeting.minutes), 0),
                )
                .join(MentoringPair, MentoringPair.id == MentoringMeeting.pair_id)
                .group_by(MentoringPair.cohort_id)
            )
        )
        names = dict(session.execute(select(Cohort.id, Cohort.name)).all())
    rows = []
    for cohort_id, n_pairs, n_active in pairs:
        n_meetings, minutes = meetings.get(cohort_id, (0, 0))
        rows.append(
            CohortHours(
                cohort=names.get(cohort_id, "No cohort") if cohort_id else "No cohort",
                pairs=int(n_pairs),
                active_pairs=int(n_active or 0),
                meetings=int(n_meetings),
                hours=round(int(minutes) / 60, 2),
            )
        )
    rows.sort(key=lambda r: (r.cohort == "No cohort", r.cohort.casefold()))
    return rows
