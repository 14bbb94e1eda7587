"""Helpers for attendance tests: a cohort with people, and Teams reports in their real shape."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cohort_desk.rules.dates import local_to_utc
from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.sessions.records import SessionInput, add_session


@dataclass
class Setup:
    cohort: str
    cohort_id: int
    session_ids: list[int]
    emails: list[str]  # enrolled participants, in the order given
    ids: dict[str, int] = field(default_factory=dict)  # e-mail -> person id


def make_cohort(
    db: object,
    names: Sequence[tuple[str, str]],
    sessions: Sequence[tuple[str, str, str]] = (("Launch", "2026-02-02 09:30", "12:30"),),
    cohort: str = "Test Cohort",
    organisation: str = "Lewisham and Greenwich NHS Trust",
    **rule: object,
) -> Setup:
    """A cohort with the given participants (given, family) and sessions (title, start, end)."""
    from cohort_desk.rules.dates import parse_date, parse_time

    row = create_cohort(db, CohortInput(name=cohort, **rule))  # type: ignore[arg-type]
    ids = []
    for title, start, end in sessions:
        day, clock = start.split()
        starts = local_to_utc(parse_date(day), parse_time(clock))
        ends = local_to_utc(parse_date(day), parse_time(end))
        ids.append(add_session(db, row.id, SessionInput(title, starts, ends, cpd_hours=3)).id)  # type: ignore[arg-type]
    setup = Setup(cohort, row.id, ids, [])
    for given, family in names:
        email = f"{given}.{family}@nhs.net".lower().replace(" ", "").replace("'", "")
        person = create_person(
            db,  # type: ignore[arg-type]
            PersonInput(given, family, email, organisation=organisation),
        )
        setup.emails.append(email)
        setup.ids[email] = person.id
    enrol_people(db, row.id, list(setup.ids.values()), "participant")  # type: ignore[arg-type]
    return setup


def add_outsider(db: object, given: str, family: str) -> str:
    """Someone in the database but not enrolled (an organiser, say)."""
    email = f"{given}.{family}@nhs.net".lower()
    create_person(db, PersonInput(given, family, email))  # type: ignore[arg-type]
    return email


def stamp(moment: datetime, style: str) -> str:
    """A timestamp as Teams writes it: US `2/2/26, 9:55:00 AM` or UK `02/02/2026, 09:55:00`."""
    if style == "us":
        hour = moment.hour % 12 or 12
        half = "AM" if moment.hour < 12 else "PM"
        return f"{moment.month}/{moment.day}/{moment:%y}, {hour}:{moment:%M:%S} {half}"
    return f"{moment:%d/%m/%Y, %H:%M:%S}"


def _duration(first: datetime, last: datetime) -> str:
    minutes = int((last - first).total_seconds() // 60)
    return f"{minutes // 60}h {minutes % 60}m" if minutes >= 60 else f"{minutes}m"


@dataclass
class Attendee:
    name: str
    email: str
    visits: list[tuple[datetime, datetime]]  # (join, leave) in the organiser's local time
    role: str = "Attendee"


def teams_report(attendees: Sequence[Attendee], title: str = "Launch", style: str = "us") -> str:
    """The text of a Teams attendance report: Summary, Participants, In-Meeting Activities."""
    every = [moment for a in attendees for visit in a.visits for moment in visit]
    start, end = min(every), max(every)
    lines = [
        "1. Summary",
        f"Meeting title\t{title}",
        f"Attended participants\t{len(attendees)}",
        f"Start time\t{stamp(start, style)}",
        f"End time\t{stamp(end, style)}",
        f"Meeting duration\t{_duration(start, end)}",
        "Average attendance time\t1h 30m",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for a in attendees:
        first = min(j for j, _ in a.visits)
        last = max(leave for _, leave in a.visits)
        lines.append(
            f"{a.name}\t{stamp(first, style)}\t{stamp(last, style)}\t{_duration(first, last)}"
            f"\t{a.email}\t{a.email}\t{a.role}"
        )
    lines += ["", "3. In-Meeting Activities", "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole"]
    for a in attendees:
        for join, leave in a.visits:
            lines.append(
                f"{a.name}\t{stamp(join, style)}\t{stamp(leave, style)}\t{_duration(join, leave)}"
                f"\t{a.email}\t{a.role}"
            )
    return "\r\n".join(lines) + "\r\n"


def write_teams_report(path: Path, attendees: Sequence[Attendee], **kw: str) -> Path:
    """Saved as Teams saves it: UTF-16 with a byte-order mark, tab-separated."""
    path.write_bytes(teams_report(attendees, **kw).encode("utf-16"))
    return path


def at(day: str, clock: str) -> datetime:
    """A naive local time from '2026-02-02' and '09:55'."""
    return datetime.fromisoformat(f"{day} {clock}")
