"""Moving an application through selection: statuses, the waiting list, and the enrolment an
accepted offer makes (or a withdrawal ends). Every change returns what undo needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Application, Attendance, CohortSession, Enrolment, Person
from cohort_desk.db.types import utcnow
from cohort_desk.errors import ConflictError, NotFoundError, RefusedError
from cohort_desk.rules.names import spoken_name
from cohort_desk.rules.selection import transition_refusal
from cohort_desk.services.applications.places import ROLE, require_free_place
from cohort_desk.services.applications.records import application_ref, check_status
from cohort_desk.vocabulary import ApplicationStatus, EnrolmentStatus

GAVE_UP = "Gave up their place (application withdrawn)"
# Leaving these frees the place they held.
HOLDS_PLACE = (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED)
REACHES_SHORTLIST = (
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.WAITING,
    ApplicationStatus.OFFERED,
    ApplicationStatus.ACCEPTED,
)


@dataclass(frozen=True)
class ApplicationState:
    """Everything a status change can alter on one application, as it was before."""

    application_id: int
    status: str
    waiting_position: int | None
    status_changed_at: datetime
    shortlisted_at: datetime | None
    offered_at: datetime | None
    accepted_at: datetime | None


@dataclass(frozen=True)
class EnrolmentChange:
    """The enrolment an acceptance made or changed, or a withdrawal ended."""

    enrolment_id: int
    created: bool
    status: str = ""  # the earlier status, for one that already existed
    status_on: date | None = None
    status_reason: str = ""


@dataclass(frozen=True)
class StatusChange:
    application_id: int
    person_id: int
    label: str  # the applicant's name, for messages
    ref: str
    before: ApplicationState
    status: str
    waiting_position: int | None
    enrolment: EnrolmentChange | None
    place_freed: bool


def _state(app: Application) -> ApplicationState:
    return ApplicationState(
        app.id,
        app.status,
        app.waiting_position,
        app.status_changed_at,
        app.shortlisted_at,
        app.offered_at,
        app.accepted_at,
    )


def _label(session: Session, app: Application) -> str:
    person = session.get(Person, app.person_id)
    return spoken_name(person.given_name, person.family_name) if person else application_ref(app.id)


def waiting_list(session: Session, cohort_id: int) -> list[Application]:
    query = (
        select(Application)
        .where(Application.cohort_id == cohort_id, Application.status == ApplicationStatus.WAITING)
        .order_by(Application.waiting_position, Application.applied_at, Application.id)
    )
    return list(session.scalars(query))


def _renumber(session: Session, cohort_id: int, exclude: int | None = None) -> None:
    """Positions 1, 2, 3... in the list's order, with no gaps once someone leaves it."""
    for number, app in enumerate(
        (a for a in waiting_list(session, cohort_id) if a.id != exclude), start=1
    ):
        if app.waiting_position != number:
            app.waiting_position = number


def set_status(
    db: Database, application_id: int, status: str, expected_status: str | None = None
) -> StatusChange:
    """Change one application's status, or refuse in one sentence and change nothing.

    ``expected_status`` is the status the person saw: if someone else changed it meanwhile,
    the change is refused rather than made on top of theirs.
    """
    check_status(status)
    with db.write() as session:
        app = session.get(Application, application_id)
        if app is None:
            raise NotFoundError("That application is no longer in the database; refresh (F5).")
        if expected_status is not None and app.status != expected_status:
            raise ConflictError(
                "Someone else changed this application's status while you were looking at "
                "it; refresh (F5) and try again."
            )
        label = _label(session, app)
        refusal = transition_refusal(label, app.status, status)
        if refusal:
            raise RefusedError(refusal)
        if status == ApplicationStatus.OFFERED:
            require_free_place(session, app.cohort_id, 1)
        return change_in(session, app, status, label)


def change_in(session: Session, app: Application, status: str, label: str) -> StatusChange:
    """The change itself, inside the caller's transaction (offers make several at once)."""
    before = _state(app)
    now = utcnow()
    if app.status == ApplicationStatus.WAITING:
        app.waiting_position = None
        _renumber(session, app.cohort_id, exclude=app.id)
    if status == ApplicationStatus.WAITING:
        app.waiting_position = len(waiting_list(session, app.cohort_id)) + 1  # at the end
    app.status, app.status_changed_at = status, now
    if status in REACHES_SHORTLIST and app.shortlisted_at is None:
        app.shortlisted_at = now
    if status in (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED) and app.offered_at is None:
        app.offered_at = now
    enrolment = None
    if status == ApplicationStatus.ACCEPTED:
        app.accepted_at = app.accepted_at or now
        enrolment = _enrol(session, app)
    elif before.status == ApplicationStatus.ACCEPTED:
        enrolment = _give_up_place(session, app)
    session.flush()
    return StatusChange(
        app.id,
        app.person_id,
        label,
        application_ref(app.id),
        before,
        status,
        app.waiting_position,
        enrolment,
        place_freed=before.status in HOLDS_PLACE and status not in HOLDS_PLACE,
    )


def _participant_enrolment(session: Session, app: Application) -> Enrolment | None:
    return session.scalar(
        select(Enrolment).where(
            Enrolment.cohort_id == app.cohort_id,
            Enrolment.person_id == app.person_id,
            Enrolment.role == ROLE,
        )
    )


def _enrol(session: Session, app: Application) -> EnrolmentChange | None:
    enrolment = _participant_enrolment(session, app)
    if enrolment is None:
        enrolment = Enrolment(
            person_id=app.person_id,
            cohort_id=app.cohort_id,
            role=ROLE,
            status=EnrolmentStatus.ENROLLED,
            status_on=date.today(),
        )
        session.add(enrolment)
        session.flush()
        return EnrolmentChange(enrolment.id, created=True)
    if enrolment.status == EnrolmentStatus.ENROLLED:
        return None
    change = EnrolmentChange(
        enrolment.id, False, enrolment.status, enrolment.status_on, enrolment.status_reason
    )
    enrolment.status, enrolment.status_on, enrolment.status_reason = (
        EnrolmentStatus.ENROLLED,
        date.today(),
        "",
    )
    return change


def _give_up_place(session: Session, app: Application) -> EnrolmentChange | None:
    enrolment = _participant_enrolment(session, app)
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        return None
    change = EnrolmentChange(
        enrolment.id, False, enrolment.status, enrolment.status_on, enrolment.status_reason
    )
    enrolment.status, enrolment.status_on, enrolment.status_reason = (
        EnrolmentStatus.WITHDRAWN,
        date.today(),
        GAVE_UP,
    )
    return change


def undo_status(db: Database, change: StatusChange) -> None:
    """Put an application back as it was before ``change`` (and its enrolment with it),
    refusing if it has moved on since or the enrolment has attendance recorded."""
    with db.write() as session:
        app = session.get(Application, change.application_id)
        if app is None:
            raise NotFoundError("That application is no longer in the database; refresh (F5).")
        if app.status != change.status:
            raise ConflictError(
                f"{change.label}'s application has changed since (it is now {app.status}), "
                "so this change was not undone."
            )
        undo_in(session, app, change)


def undo_in(session: Session, app: Application, change: StatusChange) -> None:
    before = change.before
    if app.status == ApplicationStatus.WAITING:
        app.waiting_position = None
        _renumber(session, app.cohort_id, exclude=app.id)
    if before.status == ApplicationStatus.WAITING:
        # Back to its old place in the list: those from there on move down one.
        others = [a for a in waiting_list(session, app.cohort_id) if a.id != app.id]
        position = min(before.waiting_position or len(others) + 1, len(others) + 1)
        for number, other in enumerate(others, start=1):
            wanted = number if number < position else number + 1
            if other.waiting_position != wanted:
                other.waiting_position = wanted
        app.waiting_position = position
    app.status = before.status
    app.status_changed_at = before.status_changed_at
    app.shortlisted_at = before.shortlisted_at
    app.offered_at = before.offered_at
    app.accepted_at = before.accepted_at
    if change.enrolment is not None:
        _undo_enrolment(session, change.enrolment, change.label)
    session.flush()


def _undo_enrolment(session: Session, change: EnrolmentChange, label: str) -> None:
    enrolment = session.get(Enrolment, change.enrolment_id)
    if enrolment is None:
        return
    if change.created:
        marked = session.scalar(
            select(func.count())
            .select_from(Attendance)
            .join(CohortSession, CohortSession.id == Attendance.session_id)
            .where(
                Attendance.person_id == enrolment.person_id,
                CohortSession.cohort_id == enrolment.cohort_id,
            )
        )
        if marked:
            raise RefusedError(
                f"{label} already has attendance marked in the cohort, so their acceptance "
                "cannot be undone; withdraw them instead."
            )
        session.delete(enrolment)
        return
    enrolment.status = change.status
    enrolment.status_on = change.status_on
    enrolment.status_reason = change.status_reason


def redo_status(db: Database, change: StatusChange) -> StatusChange:
    """Make an undone change again; the new change (for the next undo)."""
    return set_status(db, change.application_id, change.status, change.before.status)
