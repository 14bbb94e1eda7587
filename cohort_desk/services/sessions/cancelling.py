"""Cancelling a session, and taking the cancellation back.

A cancelled session stays on record, with when and why: calendars exported afterwards carry it
as STATUS:CANCELLED (so it disappears from people's Outlook in place), no attendance can be
marked for it, and it no longer counts among the sessions a participant must attend.
"""

from __future__ import annotations

from sqlalchemy import func, select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Attendance, CohortSession
from cohort_desk.db.types import utcnow
from cohort_desk.errors import ConflictError, RefusedError, ValidationError
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.wording import plural
from cohort_desk.services.common import session_in
from cohort_desk.services.sessions.records import SessionRow, get_session

MAX_REASON = 200


def _check_version(cs: CohortSession, version: int | None) -> None:
    if version is not None and cs.version != version:
        raise ConflictError(
            "Someone else changed this session while you were looking at it; reload it (F5)."
        )


def cancel_session(
    db: Database, session_id: int, reason: str = "", version: int | None = None
) -> SessionRow:
    """Mark a session cancelled. One that already has attendance marked took place, so it is
    refused: clear its marks first if it really did not happen."""
    why = " ".join(reason.split())
    if len(why) > MAX_REASON:
        raise ValidationError(f"Keep the reason under {MAX_REASON} characters.", "reason")
    with db.write() as session:
        cs = session_in(session, session_id)
        _check_version(cs, version)
        if cs.cancelled_at is not None:
            raise RefusedError(f"'{cs.title}' on {format_date(cs.starts_at)} is already cancelled.")
        marked = session.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.session_id == cs.id)
        )
        if marked:
            raise RefusedError(
                f"'{cs.title}' has attendance marked for {plural(marked, 'person')}, so it took "
                "place and cannot be cancelled; clear the marks first if it did not happen."
            )
        cs.cancelled_at, cs.cancel_reason = utcnow(), why
    return get_session(db, session_id)


def reinstate_session(db: Database, session_id: int, version: int | None = None) -> SessionRow:
    """Take a cancellation back: the session is on again, as it was."""
    with db.write() as session:
        cs = session_in(session, session_id)
        _check_version(cs, version)
        if cs.cancelled_at is None:
            raise RefusedError(f"'{cs.title}' on {format_date(cs.starts_at)} is not cancelled.")
        cs.cancelled_at, cs.cancel_reason = None, ""
    return get_session(db, session_id)


def refuse_if_cancelled(cs: CohortSession) -> None:
    """Attendance is never marked for a session that did not take place."""
    if cs.cancelled_at is not None:
        raise RefusedError(
            f"'{cs.title}' on {format_date(cs.starts_at)} was cancelled, so no attendance can "
            "be marked for it; reinstate it first if it took place after all."
        )
