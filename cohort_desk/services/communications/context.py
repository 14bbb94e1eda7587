"""What a template's placeholders can say: plain dicts of text and numbers built from records,
so a template never sees a database object (and the sandbox has nothing to reach into).

Times are written out in UK time as a reader wants them ("Tuesday 3 March 2026 at 09:30"),
never as Python datetimes a template could call methods on.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.models import Certificate, Cohort, CohortSession, Organisation, Person
from cohort_desk.db.types import utcnow
from cohort_desk.documents.text import clock, long_date
from cohort_desk.rules.names import spoken_name
from cohort_desk.services import settings
from cohort_desk.services.certificates.files import cohort_dates

Values = dict[str, Any]

#: Every placeholder, with what it says, in the order the template editor lists them.
PLACEHOLDERS: list[tuple[str, str]] = [
    ("given_name", "the person's given name"),
    ("preferred_name", "the name they like to be called (else the given name)"),
    ("family_name", "family name"),
    ("full_name", "given and family name"),
    ("title", "Dr, Ms…"),
    ("email", "their e-mail address"),
    ("organisation", "their organisation"),
    ("job_title", "their job title"),
    ("cohort.name", "the cohort's name"),
    ("cohort.programme", "the programme's name"),
    ("cohort.dates", "the cohort's dates, e.g. February to September 2026"),
    ("cohort.min_attendance", "the attendance needed to complete, in %"),
    ("cohort.sessions", "the cohort's sessions (a list: {% for s in cohort.sessions %})"),
    ("cohort.next_session", "the next session to come, or nothing"),
    ("session.title", "the session's title"),
    ("session.start", "day, date and start time, e.g. Tuesday 3 March 2026 at 09:30"),
    ("session.date", "day and date"),
    ("session.time", "e.g. 09:30 to 12:30"),
    ("session.end", "end time"),
    ("session.where", "venue, or the online link"),
    ("session.venue", "venue"),
    ("session.online_link", "the Teams or Zoom link"),
    ("session.facilitator", "the facilitator's name"),
    ("session.what_to_bring", "what to bring"),
    ("session.cpd_hours", "CPD hours"),
    ("session.cancelled", "true when the session is cancelled"),
    ("session.cancel_reason", "why it was cancelled"),
    ("certificate.number", "the certificate's number"),
    ("certificate.code", "its verification code"),
    ("certificate.course", "what it is for"),
    ("certificate.kind", "completion or attendance"),
    ("certificate.issued_on", "the date it was issued"),
    ("certificate.cpd_hours", "CPD hours on it"),
    ("mentor.full_name", "the mentor (mentor-introduction): also .given_name, .email, …"),
    ("mentee.full_name", "the mentee (mentor-introduction): also .given_name, .email, …"),
    ("academy.name", "the academy's name"),
    ("academy.contact", "the academy's contact"),
]


def person_values(person: Person, organisation: str) -> Values:
    return {
        "given_name": person.given_name,
        "preferred_name": person.preferred_name or person.given_name,
        "family_name": person.family_name,
        "full_name": spoken_name(person.given_name, person.family_name),
        "title": person.title,
        "email": person.email,
        "organisation": organisation,
        "job_title": person.job_title,
        "profession": person.profession,
    }


def people_values(session: Session, ids: set[int]) -> dict[int, Values]:
    query = (
        select(Person, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Person.id.in_(ids))
    )
    return {p.id: person_values(p, org or "") for p, org in session.execute(query)}


def _facilitator(session: Session, cs: CohortSession) -> str:
    if cs.facilitator_id is None:
        return ""
    person = session.get(Person, cs.facilitator_id)
    if person is None or person.erased_at is not None:
        return ""
    return spoken_name(person.given_name, person.family_name)


def session_values(session: Session, cs: CohortSession) -> Values:
    start = f"{long_date(cs.starts_at)} at {clock(cs.starts_at)}"
    end = clock(cs.ends_at) if cs.ends_at else ""
    return {
        "title": cs.title,
        "kind": cs.kind,
        "start": start,
        "date": long_date(cs.starts_at),
        "time": f"{clock(cs.starts_at)} to {end}" if end else clock(cs.starts_at),
        "end": end,
        "where": cs.venue or cs.online_link or "online",
        "venue": cs.venue,
        "online_link": cs.online_link,
        "facilitator": _facilitator(session, cs),
        "what_to_bring": cs.what_to_bring,
        "cpd_hours": f"{cs.cpd_hours:g}",
        "cancelled": cs.cancelled_at is not None,
        "cancel_reason": cs.cancel_reason,
    }


def cohort_sessions(session: Session, cohort_id: int) -> list[CohortSession]:
    query = (
        select(CohortSession)
        .where(CohortSession.cohort_id == cohort_id)
        .order_by(CohortSession.starts_at, CohortSession.id)
    )
    return list(session.scalars(query))


def cohort_values(session: Session, cohort: Cohort, now: datetime | None = None) -> Values:
    now = now or utcnow()
    sessions = cohort_sessions(session, cohort.id)
    coming = [s for s in sessions if s.starts_at >= now and s.cancelled_at is None]
    return {
        "name": cohort.name,
        "programme": cohort.programme.name,
        "dates": cohort_dates(session, cohort),
        "min_attendance": f"{cohort.min_attendance_pct:g}",
        "sessions": [session_values(session, s) for s in sessions],
        "next_session": session_values(session, coming[0]) if coming else None,
    }


def next_session(session: Session, cohort_id: int, now: datetime | None = None) -> int | None:
    """The cohort's next session to come that is not cancelled: a reminder's subject."""
    now = now or utcnow()
    return session.scalar(
        select(CohortSession.id)
        .where(
            CohortSession.cohort_id == cohort_id,
            CohortSession.starts_at >= now,
            CohortSession.cancelled_at.is_(None),
        )
        .order_by(CohortSession.starts_at, CohortSession.id)
        .limit(1)
    )


def certificate_values(cert: Certificate) -> Values:
    return {
        "number": cert.number,
        "code": cert.code,
        "course": cert.course,
        "kind": cert.kind,
        "holder_name": cert.holder_name,
        "issued_on": long_date(cert.issued_on, weekday=False),
        "cpd_hours": f"{cert.cpd_hours:g}" if cert.cpd_hours else "",
    }


def academy_values(session: Session) -> Values:
    return {
        "name": settings.get_in(session, "academy_name"),
        "contact": settings.get_in(session, "academy_contact"),
    }


def _sample_person(given: str, family: str, job: str, organisation: str) -> Values:
    return {
        "given_name": given,
        "preferred_name": given,
        "family_name": family,
        "full_name": f"{given} {family}",
        "title": "",
        "email": f"{given.lower()}.{family.lower()}@nhs.net",
        "organisation": organisation,
        "job_title": job,
        "profession": "Nursing",
    }


def sample_context(extra: Values | None = None) -> Values:
    """Every placeholder filled with fictional values: a template is tried against this when
    saved, so a misspelt placeholder is found then, not while writing forty e-mails."""
    first = {
        "title": "Action learning set 1",
        "kind": "action learning set",
        "start": f"{long_date(date(2026, 3, 3))} at 09:30",
        "date": long_date(date(2026, 3, 3)),
        "time": "09:30 to 12:30",
        "end": "12:30",
        "where": "Guy's Hospital, Education Centre",
        "venue": "Guy's Hospital, Education Centre",
        "online_link": "",
        "facilitator": "Grace Okafor",
        "what_to_bring": "Your reflective log",
        "cpd_hours": "3",
        "cancelled": False,
        "cancel_reason": "",
    }
    mentee = _sample_person("Ama", "Mensah", "Ward Manager", "King's College Hospital")
    return {
        **mentee,
        "person": mentee,
        "cohort": {
            "name": "SLA Cohort 7",
            "programme": "Systems Leadership Academy",
            "dates": "February to September 2026",
            "min_attendance": "75",
            "sessions": [first],
            "next_session": first,
        },
        "session": first,
        "certificate": {
            "number": "SLA-2026-0042",
            "code": "K7QF-29XD",
            "course": "Systems Leadership Academy",
            "kind": "completion",
            "holder_name": "Ama Mensah",
            "issued_on": long_date(date(2026, 9, 30), weekday=False),
            "cpd_hours": "24",
        },
        "mentee": mentee,
        "mentor": _sample_person("Tom", "Baker", "Director of Nursing", "Lewisham and Greenwich"),
        "academy": {"name": "Systems Leadership Academy", "contact": "academy@nhs.net"},
        **(extra or {}),
    }
