"""Calendar files for Outlook: one session, a cohort's whole programme, or one person's
sessions, as iCalendar (documents/calendar.py writes the file)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cohort_desk import outputs
from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, CohortSession, Enrolment, Person
from cohort_desk.documents.calendar import CalendarEvent, render_calendar, safe_file_name
from cohort_desk.errors import NotFoundError, RefusedError
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.names import spoken_name
from cohort_desk.services.common import session_in
from cohort_desk.vocabulary import EnrolmentStatus

# Enrolment statuses whose sessions belong in a person's calendar (not withdrawn or deferred).
IN_CALENDAR = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)
UID_DOMAIN = "cohort-desk"


@dataclass(frozen=True)
class CalendarFile:
    file_name: str
    data: bytes
    sessions: int
    cancelled: int

    content_type = "text/calendar"


def session_uid(cs: CohortSession) -> str:
    """The session's identity in every calendar, for as long as it exists: its id and the
    moment it was made (so two databases' session 7 never collide), never its title or time,
    which may change."""
    return f"session-{cs.id}-{cs.created_at:%Y%m%dT%H%M%S%f}@{UID_DOMAIN}"


def _description(cs: CohortSession, facilitator: str) -> str:
    lines = [f"{cs.cohort.programme.name}: {cs.cohort.name}"]
    if cs.cancelled_at is not None:
        why = f" ({cs.cancel_reason})" if cs.cancel_reason else ""
        lines.insert(0, f"This session is cancelled{why}.")
    if facilitator:
        lines.append(f"Facilitator: {facilitator}")
    if cs.what_to_bring:
        lines.append(f"What to bring: {cs.what_to_bring}")
    if cs.online_link:
        lines.append(f"Join online: {cs.online_link}")
    if cs.venue and cs.online_link:
        lines.append(f"Venue: {cs.venue}")
    return "\n".join(lines)


def event_for(session: Session, cs: CohortSession) -> CalendarEvent:
    facilitator = ""
    if cs.facilitator_id is not None:
        person = session.get(Person, cs.facilitator_id)
        if person is not None and person.erased_at is None:
            facilitator = spoken_name(person.given_name, person.family_name)
    return CalendarEvent(
        uid=session_uid(cs),
        # The row's version rises with every saved change (optimistic locking), which is
        # exactly what SEQUENCE must do for a calendar to take the newer copy.
        sequence=max(cs.version - 1, 0),
        starts_at=cs.starts_at,
        ends_at=cs.ends_at,
        title=cs.title,
        location=cs.venue or cs.online_link,
        url=cs.online_link,
        description=_description(cs, facilitator),
        cancelled=cs.cancelled_at is not None,
        created=cs.created_at,
        modified=cs.updated_at,
    )


def _file(session: Session, sessions: list[CohortSession], name: str, stem: str) -> CalendarFile:
    events = [event_for(session, cs) for cs in sessions]
    return CalendarFile(
        safe_file_name(stem, ".ics"),
        render_calendar(events, name),
        len(events),
        sum(1 for e in events if e.cancelled),
    )


def session_calendar_in(session: Session, session_id: int) -> CalendarFile:
    cs = session_in(session, session_id)
    day = format_date(cs.starts_at).replace("/", "-")
    return _file(session, [cs], cs.title, f"{cs.title} {day}")


def cohort_calendar_in(session: Session, cohort: Cohort) -> CalendarFile:
    sessions = list(
        session.scalars(
            select(CohortSession)
            .where(CohortSession.cohort_id == cohort.id)
            .order_by(CohortSession.starts_at, CohortSession.id)
        )
    )
    if not sessions:
        raise RefusedError(
            f"{cohort.name} has no sessions yet, so there is nothing to put in a calendar; "
            "add its sessions first."
        )
    return _file(session, sessions, cohort.name, f"{cohort.name} sessions")


def person_sessions(session: Session, person_id: int) -> list[CohortSession]:
    """The sessions of every cohort someone is in (as participant or facilitator, not withdrawn
    or deferred), and any session they facilitate."""
    cohorts = select(Enrolment.cohort_id).where(
        Enrolment.person_id == person_id, Enrolment.status.in_(IN_CALENDAR)
    )
    return list(
        session.scalars(
            select(CohortSession)
            .where(
                or_(
                    CohortSession.cohort_id.in_(cohorts),
                    CohortSession.facilitator_id == person_id,
                )
            )
            .order_by(CohortSession.starts_at, CohortSession.id)
        )
    )


def person_calendar_in(session: Session, person: Person) -> CalendarFile:
    name = spoken_name(person.given_name, person.family_name)
    sessions = person_sessions(session, person.id)
    if not sessions:
        raise RefusedError(
            f"{name} is in no cohort with sessions, so there is nothing to put in a calendar."
        )
    return _file(session, sessions, f"{name}: sessions", f"{name} sessions")


def calendar_file(
    db: Database,
    *,
    session_id: int | None = None,
    cohort_id: int | None = None,
    person_id: int | None = None,
) -> CalendarFile:
    """The calendar of exactly one of: a session, a cohort, a person."""
    with db.read() as session:
        if session_id is not None:
            return session_calendar_in(session, session_id)
        if cohort_id is not None:
            found = session.get(Cohort, cohort_id)
            if found is None:
                raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
            return cohort_calendar_in(session, found)
        if person_id is not None:
            person = session.get(Person, person_id)
            if person is None or person.erased_at is not None:
                raise NotFoundError("That person is no longer in the database; refresh (F5).")
            return person_calendar_in(session, person)
    raise ValueError("say which session, cohort or person")


def write_calendar(
    calendar: CalendarFile, path: str | os.PathLike[str], *, overwrite: bool
) -> Path:
    """Save through the one safe-output path: an existing file only with ``overwrite``."""
    return outputs.write_file(path, calendar.data, overwrite=overwrite, what="calendar file")
