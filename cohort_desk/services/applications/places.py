"""How many of a cohort's places are taken and free, and the one refusal for offering more."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Application, Cohort, Enrolment
from cohort_desk.errors import NotFoundError, RefusedError
from cohort_desk.rules.dates import today_in_uk
from cohort_desk.rules.participants import COUNTED_STATUSES
from cohort_desk.rules.selection import places_refusal
from cohort_desk.vocabulary import ApplicationStatus, Role

ROLE = Role.PARTICIPANT  # the role an accepted offer enrols in


@dataclass(frozen=True)
class Places:
    cohort: str
    places: int | None
    offered: int  # offers not yet answered
    enrolled: int  # participants holding a place
    waiting: int
    started: bool

    @property
    def taken(self) -> int:
        return self.offered + self.enrolled

    @property
    def free(self) -> int:
        return max(0, (self.places or 0) - self.taken)


def cohort_in(session: Session, cohort_id: int) -> Cohort:
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
    return cohort


def places_in(session: Session, cohort_id: int) -> Places:
    """Places held: open offers, and participants enrolled (however they came in). Someone who
    withdrew or deferred before the start gave their place up; after the start it stays used,
    since nobody can join halfway."""
    cohort = cohort_in(session, cohort_id)
    offered = session.scalar(
        select(func.count())
        .select_from(Application)
        .where(Application.cohort_id == cohort_id, Application.status == ApplicationStatus.OFFERED)
    )
    holding: ColumnElement[bool] = Enrolment.status.in_(COUNTED_STATUSES)
    if cohort.starts_on is not None:
        holding = or_(holding, Enrolment.status_on >= cohort.starts_on)
    enrolled = session.scalar(
        select(func.count())
        .select_from(Enrolment)
        .where(Enrolment.cohort_id == cohort_id, Enrolment.role == ROLE, holding)
    )
    waiting = session.scalar(
        select(func.count())
        .select_from(Application)
        .where(Application.cohort_id == cohort_id, Application.status == ApplicationStatus.WAITING)
    )
    started = cohort.starts_on is not None and cohort.starts_on <= today_in_uk()
    return Places(
        cohort.name,
        cohort.places,
        int(offered or 0),
        int(enrolled or 0),
        int(waiting or 0),
        started,
    )


def places_of(db: Database, cohort_id: int) -> Places:
    with db.read() as session:
        return places_in(session, cohort_id)


def require_free_place(session: Session, cohort_id: int, wanted: int) -> Places:
    """Refuse, in one sentence, offers beyond the cohort's free places."""
    places = places_in(session, cohort_id)
    if places.places is None:
        raise RefusedError(
            f"{places.cohort} has no number of places yet, so no offer was made; set it first "
            f'(cohort-desk cohort edit "{places.cohort}" --places N, or Edit cohort).'
        )
    refusal = places_refusal(wanted, places.free, places.places, places.cohort)
    if refusal:
        raise RefusedError(refusal)
    return places
