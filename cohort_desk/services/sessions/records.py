"""Sessions of a cohort: add, edit, duplicate, create a repeating series, list."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Attendance, Cohort, CohortSession, FeedbackResponse, Person
from cohort_desk.errors import ConflictError, NotFoundError, ValidationError
from cohort_desk.rules.dates import UK, to_local
from cohort_desk.rules.names import spoken_name
from cohort_desk.rules.wording import plural
from cohort_desk.services.common import cohort_in, require_text
from cohort_desk.vocabulary import SessionKind

MAX_SERIES = 100


@dataclass(frozen=True)
class SessionInput:
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    kind: str = SessionKind.WORKSHOP
    venue: str = ""
    online_link: str = ""
    facilitator_id: int | None = None
    cpd_hours: float = 0.0
    required: bool = False
    notes: str = ""
    what_to_bring: str = ""


@dataclass(slots=True)
class SessionRow:
    id: int
    cohort_id: int
    cohort: str
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime | None
    venue: str
    online_link: str
    facilitator_id: int | None
    facilitator: str
    cpd_hours: float
    required: bool
    notes: str
    marked: int
    version: int
    what_to_bring: str = ""
    cancelled_at: datetime | None = None
    cancel_reason: str = ""

    @property
    def where(self) -> str:
        return self.venue or self.online_link

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


def _check(data: SessionInput) -> SessionInput:
    title = require_text(data.title, "title", "The session's title")
    if data.starts_at.tzinfo is None:
        raise ValueError("session times must be aware datetimes")
    if data.ends_at is not None and data.ends_at <= data.starts_at:
        raise ValidationError("The session must end after it starts.", field="ends_at")
    if data.kind not in set(SessionKind):
        raise ValidationError(
            f"'{data.kind}' is not a kind of session; choose one of {', '.join(SessionKind)}.",
            field="kind",
        )
    if not 0 <= data.cpd_hours <= 100:
        raise ValidationError("CPD hours must be between 0 and 100.", field="cpd_hours")
    if len(data.what_to_bring) > 2000:
        raise ValidationError("Keep what to bring under 2,000 characters.", field="what_to_bring")
    return replace(
        data,
        title=title,
        venue=data.venue.strip(),
        online_link=data.online_link.strip(),
        what_to_bring=data.what_to_bring.strip(),
    )


def add_session(db: Database, cohort_id: int, data: SessionInput) -> SessionRow:
    data = _check(data)
    with db.write() as session:
        cohort_in(session, cohort_id)
        return _insert(session, cohort_id, data)


def _insert(session: object, cohort_id: int, data: SessionInput) -> SessionRow:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    row = CohortSession(cohort_id=cohort_id, **data.__dict__)
    session.add(row)
    session.flush()
    return _rows(session, CohortSession.id == row.id)[0]


def update_session(db: Database, session_id: int, data: SessionInput, version: int) -> SessionRow:
    data = _check(data)
    with db.write() as session:
        row = session.get(CohortSession, session_id)
        if row is None:
            raise NotFoundError("That session is no longer in the database; refresh (F5).")
        if row.version != version:
            raise ConflictError(
                "Someone else changed this session while you were editing; reload it (F5)."
            )
        for key, value in data.__dict__.items():
            setattr(row, key, value)
        session.flush()
        return _rows(session, CohortSession.id == session_id)[0]


def delete_session(db: Database, session_id: int) -> None:
    with db.write() as session:
        row = session.get(CohortSession, session_id)
        if row is None:
            raise NotFoundError("That session is no longer in the database; refresh (F5).")
        _refuse_if_used(session, row)
        session.delete(row)


def delete_sessions(db: Database, session_ids: list[int]) -> int:
    """Delete several sessions at once (undoing a series), all or none: a session with
    attendance marked stops the whole delete."""
    with db.write() as session:
        rows = [r for r in (session.get(CohortSession, i) for i in session_ids) if r is not None]
        for row in rows:
            _refuse_if_used(session, row)
        for row in rows:
            session.delete(row)
        return len(rows)


def _refuse_if_used(session: Session, row: CohortSession) -> None:
    """A session with attendance or feedback is history: it is changed, never deleted."""
    marked = session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.session_id == row.id)
    )
    if marked:
        raise ValidationError(
            f"'{row.title}' already has attendance marked for {plural(marked, 'person')}, "
            "so it cannot be deleted; change its details instead."
        )
    responses = session.scalar(
        select(func.count())
        .select_from(FeedbackResponse)
        .where(FeedbackResponse.session_id == row.id)
    )
    if responses:
        raise ValidationError(
            f"'{row.title}' has {plural(responses, 'feedback response')}, so it cannot be "
            "deleted; "
            "change its details instead, or undo the feedback import first."
        )


def duplicate_session(db: Database, session_id: int, days_later: int = 7) -> SessionRow:
    """A copy of a session one week (or ``days_later`` days) on, keeping the local clock time."""
    original = get_session(db, session_id)
    return add_session(db, original.cohort_id, _shifted(original, days_later))


def _shifted(row: SessionRow, days: int) -> SessionInput:
    # Shift in local time, so a 09:30 session stays at 09:30 across the clock change.
    def shift(moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        local = to_local(moment).replace(tzinfo=None) + timedelta(days=days)
        return local.replace(tzinfo=UK).astimezone(moment.tzinfo)

    starts = shift(row.starts_at)
    assert starts is not None
    return SessionInput(
        title=row.title,
        starts_at=starts,
        ends_at=shift(row.ends_at),
        kind=row.kind,
        venue=row.venue,
        online_link=row.online_link,
        facilitator_id=row.facilitator_id,
        cpd_hours=row.cpd_hours,
        required=row.required,
        notes=row.notes,
        what_to_bring=row.what_to_bring,
    )


def create_series(
    db: Database, cohort_id: int, first: SessionInput, every_weeks: int, until: date
) -> list[SessionRow]:
    """The first session and its repeats every N weeks on the same weekday up to ``until``."""
    first = _check(first)
    if every_weeks < 1:
        raise ValidationError("Repeat every 1 week or more.", field="every_weeks")
    if until < to_local(first.starts_at).date():
        raise ValidationError("The series must end on or after its first session.", "until")
    template = SessionRow(
        0,
        cohort_id,
        "",
        first.title,
        first.kind,
        first.starts_at,
        first.ends_at,
        first.venue,
        first.online_link,
        first.facilitator_id,
        "",
        first.cpd_hours,
        first.required,
        first.notes,
        0,
        0,
        first.what_to_bring,
    )
    planned: list[SessionInput] = []
    step = 0
    while True:
        data = _shifted(template, step * 7 * every_weeks)
        if to_local(data.starts_at).date() > until:
            break
        planned.append(data)
        step += 1
        if len(planned) > MAX_SERIES:
            raise ValidationError(
                f"That series would make more than {MAX_SERIES} sessions; choose an earlier end.",
                field="until",
            )
    with db.write() as session:
        if session.get(Cohort, cohort_id) is None:
            raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
        return [_insert(session, cohort_id, data) for data in planned]


def _rows(session: object, *where: object) -> list[SessionRow]:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    marked = (
        select(Attendance.session_id, func.count().label("n"))
        .group_by(Attendance.session_id)
        .subquery()
    )
    query = (
        select(CohortSession, Cohort.name, Person.given_name, Person.family_name, marked.c.n)
        .join(Cohort, Cohort.id == CohortSession.cohort_id)
        .outerjoin(Person, Person.id == CohortSession.facilitator_id)
        .outerjoin(marked, marked.c.session_id == CohortSession.id)
        .where(*where)  # type: ignore[arg-type]
        .order_by(CohortSession.starts_at, CohortSession.id)
    )
    return [
        SessionRow(
            id=s.id,
            cohort_id=s.cohort_id,
            cohort=cohort,
            title=s.title,
            kind=s.kind,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            venue=s.venue,
            online_link=s.online_link,
            facilitator_id=s.facilitator_id,
            facilitator=spoken_name(given, family),
            cpd_hours=s.cpd_hours,
            required=s.required,
            notes=s.notes,
            marked=int(n or 0),
            version=s.version,
            what_to_bring=s.what_to_bring,
            cancelled_at=s.cancelled_at,
            cancel_reason=s.cancel_reason,
        )
        for s, cohort, given, family, n in session.execute(query)
    ]


def list_sessions(db: Database, cohort_id: int | None = None) -> list[SessionRow]:
    with db.read() as session:
        where = [] if cohort_id is None else [CohortSession.cohort_id == cohort_id]
        return _rows(session, *where)


def get_session(db: Database, session_id: int) -> SessionRow:
    with db.read() as session:
        rows = _rows(session, CohortSession.id == session_id)
    if not rows:
        raise NotFoundError(
            f"There is no session number {session_id}; "
            "'cohort-desk session list --cohort NAME' shows the numbers."
        )
    return rows[0]
