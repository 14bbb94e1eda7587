"""Offering places in the fair order (the waiting list first, then the shortlisted by total
score), and proposing the next person on the waiting list when a place frees: proposed to a
person, never offered silently."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Application
from cohort_desk.errors import ConflictError, RefusedError, ValidationError
from cohort_desk.rules.selection import Candidate, OfferOrder, offer_order
from cohort_desk.rules.wording import agree, plural
from cohort_desk.services.applications.places import (
    Places,
    cohort_in,
    places_in,
    require_free_place,
)
from cohort_desk.services.applications.records import ApplicationRow, rows_in
from cohort_desk.services.applications.statuses import StatusChange, change_in
from cohort_desk.vocabulary import ApplicationStatus


@dataclass(frozen=True)
class OfferPlan:
    """Who would be offered the places, in order, and why; nothing is written."""

    cohort_id: int
    places: Places
    order: OfferOrder
    count: int
    rows: dict[int, ApplicationRow]
    statuses: dict[int, str]  # application id -> status when planned (checked on apply)

    @property
    def chosen(self) -> list[ApplicationRow]:
        return [self.rows[p.candidate.key] for p in self.order.picks[: self.count]]

    @property
    def reasons(self) -> list[str]:
        return [p.reason for p in self.order.picks[: self.count]]


def candidates_of(rows: list[ApplicationRow], blind: bool) -> list[Candidate]:
    return [
        Candidate(
            key=r.id,
            label=r.label(blind),
            status=r.status,
            applied_at=r.applied_at,
            waiting_position=r.waiting_position,
            total=r.total,
        )
        for r in rows
        if r.status in (ApplicationStatus.WAITING, ApplicationStatus.SHORTLISTED)
    ]


def plan_offers(db: Database, cohort_id: int, count: int | None = None) -> OfferPlan:
    """The next ``count`` offers (all the free places when None): the waiting list in its
    order, then the shortlisted by total score. Refused in one sentence when there are not
    that many free places or people to offer them to, or when a shortlisted application that
    would be put in order has not been scored on every criterion."""
    if count is not None and count < 1:
        # A bad option (exit 2), not a reason about the data.
        raise ValidationError("Say how many places to offer: at least 1.")
    with db.read() as session:
        cohort = cohort_in(session, cohort_id)
        places = require_free_place(session, cohort_id, count or 1)
        rows = [
            r
            for r in rows_in(session, db.actor, cohort_id)
            if r.status in (ApplicationStatus.WAITING, ApplicationStatus.SHORTLISTED)
        ]
        blind = cohort.blind_review
    candidates = candidates_of(rows, blind)
    waiting = sum(1 for c in candidates if c.status == ApplicationStatus.WAITING)
    wanted = count if count is not None else min(places.free, len(candidates))
    if not candidates:
        raise RefusedError(
            f"Nobody in {places.cohort} is on the waiting list or shortlisted, so no offer was "
            "made; shortlist applications first."
        )
    if wanted > len(candidates):
        raise RefusedError(
            f"Only {plural(len(candidates), 'person')} {agree(len(candidates), 'is')} on the "
            f"waiting list or shortlisted in {places.cohort}, so {plural(wanted, 'offer')} "
            f"{agree(wanted, 'was')} refused; offer at most {len(candidates)}."
        )
    if wanted > waiting:
        _require_scored(rows, blind, places.cohort)
    order = offer_order(candidates, wanted)
    return OfferPlan(
        cohort_id, places, order, wanted, {r.id: r for r in rows}, {r.id: r.status for r in rows}
    )


def _require_scored(rows: list[ApplicationRow], blind: bool, cohort: str) -> None:
    shortlisted = [r for r in rows if r.status == ApplicationStatus.SHORTLISTED]
    if shortlisted and not shortlisted[0].scores:
        raise RefusedError(
            f"{cohort} has no selection criteria, so the shortlisted cannot be put in order of "
            "score; add criteria and score the shortlisted applications first."
        )
    for row in shortlisted:
        missing = [name for name, value in row.scores.items() if value is None]
        if missing:
            raise RefusedError(
                f"{row.label(blind)} is shortlisted but has no score yet for '{missing[0]}', "
                "so the order of offers would not be fair; score every shortlisted "
                "application first."
            )


def make_offers(db: Database, plan: OfferPlan) -> list[StatusChange]:
    """Offer the places the plan shows, in one transaction: refused if any chosen application
    or the free places changed since the plan was made."""
    with db.write() as session:
        require_free_place(session, plan.cohort_id, plan.count)
        changes = []
        for row in plan.chosen:
            app = session.get(Application, row.id)
            if app is None or app.status != plan.statuses[row.id]:
                raise ConflictError(
                    f"{row.name}'s application changed after the offers were planned; nothing "
                    "was offered: plan the offers again."
                )
            changes.append(change_in(session, app, ApplicationStatus.OFFERED, row.name))
        return changes


@dataclass(frozen=True)
class Proposal:
    """A free place and the first on the waiting list: put to a person, never acted on alone."""

    cohort_id: int
    free: int
    application_id: int
    label: str
    name: str
    email: str

    def sentence(self) -> str:
        places = "A place is" if self.free == 1 else f"{self.free} places are"
        return (
            f"{places} free; the first on the waiting list is {self.label}. Offer them the place?"
        )


def proposal(db: Database, cohort_id: int) -> Proposal | None:
    """The next offer to propose, when a place is free before the start and someone waits."""
    with db.read() as session:
        cohort = cohort_in(session, cohort_id)
        places = places_in(session, cohort_id)
        if places.places is None or places.started or places.free == 0 or not places.waiting:
            return None
        first = session.scalar(
            select(Application.id)
            .where(
                Application.cohort_id == cohort_id, Application.status == ApplicationStatus.WAITING
            )
            .order_by(Application.waiting_position, Application.applied_at, Application.id)
            .limit(1)
        )
        row = rows_in(session, db.actor, cohort_id, application_id=first)[0]
        return Proposal(
            cohort_id, places.free, row.id, row.label(cohort.blind_review), row.name, row.email
        )


def offer_proposed(db: Database, proposed: Proposal) -> StatusChange:
    """Offer the proposed place, if it is still free and they are still first in line."""
    with db.write() as session:
        require_free_place(session, proposed.cohort_id, 1)
        app = session.get(Application, proposed.application_id)
        first = session.scalar(
            select(Application.id)
            .where(
                Application.cohort_id == proposed.cohort_id,
                Application.status == ApplicationStatus.WAITING,
            )
            .order_by(Application.waiting_position, Application.applied_at, Application.id)
            .limit(1)
        )
        if app is None or first != app.id:
            raise ConflictError(
                "The waiting list changed since the place was proposed; refresh (F5) and look "
                "again."
            )
        return change_in(session, app, ApplicationStatus.OFFERED, proposed.name)
