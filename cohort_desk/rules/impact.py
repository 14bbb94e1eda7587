"""What the impact pack counts, one rule each, so the pack's figures and its last page (the
definitions) never disagree, and the previous period it is compared with.

Attendance itself is judged by rules/attendance.py (present, or late or left early where the
cohort counts those) and who a cohort counts by rules/participants.py; this module only says
how those are put together for a period.
"""

from __future__ import annotations

from datetime import date, timedelta

from cohort_desk.errors import ValidationError
from cohort_desk.rules.attendance import percentage_text
from cohort_desk.rules.participants import COUNTED_STATUSES
from cohort_desk.vocabulary import EnrolmentStatus, MentoringPairStatus

# A pair that met at all; never one only proposed.
MENTORING_ACTIVE_STATUSES = (MentoringPairStatus.ACTIVE, MentoringPairStatus.ENDED)

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Reached",
        "A person who attended at least one session held in the period (present, or late or "
        "left early where their cohort counts those as attended), in any cohort.",
    ),
    (
        "New and returning",
        "Of those reached, new people attended no session held before the period began; "
        "returning people did.",
    ),
    (
        "Attendance rate",
        "For each cohort with sessions held in the period: the attended marks of its counted "
        "participants (" + " and ".join(COUNTED_STATUSES) + ") at those sessions, divided by "
        "the participants times the sessions held. Cancelled sessions are not held.",
    ),
    (
        "Completion rate",
        "Participants of the cohort marked completed by the period's last day, divided by "
        "its counted participants.",
    ),
    (
        "Certificates and CPD hours",
        "Certificates issued in the period and not revoked, and the CPD hours they state.",
    ),
    (
        "Active mentoring pair",
        "A pair that had started by the period's end and had not ended before it began.",
    ),
    (
        "Community of Practice",
        "Members on the period's last day (joined by then and not left); growth is those who "
        "joined in the period less those who left in it.",
    ),
    (
        "System leadership days a week",
        "The days a week of every leadership role held on the period's last day (and on the "
        "last day of each of the 8 quarters before it).",
    ),
    (
        "Evaluation",
        "Feedback about sessions held in the period, and about whole cohorts submitted in it; "
        "the response rate is responses divided by attendees; a net promoter score, worked "
        "out for each 0-10 \u201cwould you recommend\u201d question on its own, is promoters "
        "(9-10) less detractors (0-6) as a percentage of those answering; the means of the "
        "rating questions are charted one scale at a time (1 to 5 apart from 0 to 10).",
    ),
    (
        "Equality reach",
        "Those reached, by what they told us in their equality monitoring form, beside the "
        "workforce shares entered in Preferences. A count under 5 is shown as <5, and as few "
        "other counts as it takes as 5+, so that no small count can be worked out.",
    ),
)


def completed_by(status: str, status_on: date | None, end: date) -> bool:
    """Whether a participant counts as completed in a pack for a period ending on ``end``:
    marked completed on or before that day, so last quarter's pack shows the completion it
    had then. A completion with no date (recorded before dates were kept) is counted."""
    return status == EnrolmentStatus.COMPLETED and (status_on is None or status_on <= end)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of equal length just before ``start``..``end`` (both days included): as
    many whole calendar months when the period is whole months (a quarter is compared with
    the quarter before, 01/06-31/08 for 01/09-30/11), otherwise as many days."""
    if start.day == 1 and (end + timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        index = start.year * 12 + start.month - 1 - months
        return date(index // 12, index % 12 + 1, 1), start - timedelta(days=1)
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def quarter_of(day: date) -> tuple[date, date]:
    """The calendar quarter holding ``day`` (January to March, April to June...), the
    quarters the NHS financial year is also made of."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    index = first.year * 12 + first.month - 1 + 3
    return first, date(index // 12, index % 12 + 1, 1) - timedelta(days=1)


def last_quarter(today: date) -> tuple[date, date]:
    """The last whole quarter before ``today``: what the board asks about."""
    start, _end = quarter_of(today)
    return quarter_of(start - timedelta(days=1))


def last_twelve_months(today: date) -> tuple[date, date]:
    """The twelve whole months before the month of ``today``."""
    end = date(today.year, today.month, 1) - timedelta(days=1)
    index = end.year * 12 + end.month - 1 - 11
    return date(index // 12, index % 12 + 1, 1), end


def period_refusal(start: date, end: date) -> str | None:
    """One sentence when the period cannot be reported on, else None."""
    if end < start:
        return "The period ends before it begins; give --from before --to."
    if (end - start).days > 3 * 366:
        return "Choose a period of at most three years."
    return None


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage (75.0 for three in four), None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return numerator * 100 / denominator


def difference(now: float | None, before: float | None) -> float | None:
    """The change from the previous period as a number (None when either side is missing),
    rounded to hundredths so 4.24 less 3.92 is 0.32, not 0.32000000000000028."""
    if now is None or before is None:
        return None
    change = now - before
    return int(change) if change == int(change) else round(change, 2)


def format_change(change: float | None, percent: bool = False) -> str:
    """A change as printed: "+3", "-1.5", "+4.2 points" for a percentage, or "–" for none."""
    if change is None:
        return "–"
    if percent:
        sign = "+" if change > 0 else "-" if change < 0 else ""
        return f"{sign}{percentage_text(abs(change))[:-1]} points"
    if change == 0:
        return "0"
    if change == int(change):
        return f"{int(change):+,}"
    return f"{change:+,.1f}"


def change_text(now: float | None, before: float | None, percent: bool = False) -> str:
    """The change from the previous period as printed: "+3", "-1.5", "+4.2 points", or "–"
    when either side is missing."""
    return format_change(difference(now, before), percent)


SHARES_EXAMPLE = "White British=55; Asian=20"


def parse_shares(text: str) -> dict[str, float]:
    """The workforce shares typed in Preferences, "White British=55; Asian=20", by group.
    A group may name its question ("Disability: Yes=19") where its answer is shared by
    several questions."""
    shares: dict[str, float] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        group, sep, number = part.rpartition("=")
        try:
            value = float(number.strip().rstrip("%"))
        except ValueError:
            value = -1.0
        if not sep or not group.strip() or not 0 <= value <= 100:
            raise ValidationError(
                f"'{part.strip()}' is not a workforce share; write each as Group=percentage, "
                f"separated by semicolons ({SHARES_EXAMPLE}).",
                field="workforce_shares",
            )
        group = " ".join(group.split())
        _add_share(shares, group, value)
    return shares


def _add_share(shares: dict[str, float], group: str, value: float) -> None:
    """Add one group's share; a group given twice (in any case) is refused, not overwritten."""
    if group.casefold() in (g.casefold() for g in shares):
        raise ValidationError(
            f"'{group}' is given twice in the workforce shares; give each group once.",
            field="workforce_shares",
        )
    shares[group] = value


def shares_text(shares: dict[str, float]) -> str:
    """The shares as stored and shown: "White British=55; Asian=20"."""
    return "; ".join(f"{group}={value:g}" for group, value in shares.items())


def shares_from_rows(rows: list[tuple[str, str]]) -> dict[str, float]:
    """The shares as typed into the Preferences table, one (group, share) per row; blank
    rows are left out, anything else is checked and refused in one sentence."""
    shares: dict[str, float] = {}
    for group, share in rows:
        group, share = " ".join(group.split()), share.strip().rstrip("%").strip()
        if not group and not share:
            continue
        if not group:
            raise ValidationError(
                f"The share {share}% has no group; name the group or clear the share.",
                field="workforce_shares",
            )
        if ";" in group or "=" in group:
            raise ValidationError(
                f"A group's name cannot hold ';' or '=' ('{group}'); leave them out.",
                field="workforce_shares",
            )
        try:
            value = float(share)
        except ValueError:
            raise ValidationError(
                f"The share for {group} must be a number from 0 to 100, not '{share}'.",
                field="workforce_shares",
            ) from None
        if not 0 <= value <= 100:
            raise ValidationError(
                f"The share for {group} must be from 0 to 100, not {value:g}.",
                field="workforce_shares",
            )
        _add_share(shares, group, value)
    return shares
