"""What was written to whom: one MessageSent row per person per draft, read back for the
"already written" warning, a person's history and their subject-access export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, CohortSession, MessageSent


@dataclass(frozen=True, slots=True)
class WrittenLine:
    written_at: datetime
    written_by: str
    template: str
    subject: str
    about: str  # the cohort, or the session and its cohort
    attachments: tuple[str, ...]


def last_written(
    session: Session,
    template: str,
    person_ids: set[int],
    cohort_id: int | None,
    session_id: int | None,
) -> dict[int, datetime]:
    """When each person last had this template written for this cohort or session."""
    if not person_ids:
        return {}
    query = (
        select(MessageSent.person_id, func.max(MessageSent.written_at))
        .where(
            MessageSent.template == template,
            MessageSent.person_id.in_(person_ids),
            MessageSent.cohort_id.is_(None)
            if cohort_id is None
            else MessageSent.cohort_id == cohort_id,
            MessageSent.session_id.is_(None)
            if session_id is None
            else MessageSent.session_id == session_id,
        )
        .group_by(MessageSent.person_id)
    )
    return {pid: when for pid, when in session.execute(query)}


def record_written(
    session: Session,
    person_ids: Iterable[int],
    template: str,
    subject: str,
    cohort_id: int | None,
    session_id: int | None,
    attachments: Iterable[str],
    file_name: str,
    actor: str,
    when: datetime,
) -> None:
    names = list(attachments)
    for person_id in person_ids:
        session.add(
            MessageSent(
                person_id=person_id,
                template=template,
                subject=subject[:300],
                cohort_id=cohort_id,
                session_id=session_id,
                written_at=when,
                written_by=actor,
                attachments=names,
                file_name=file_name[:260],
            )
        )


def written_rows(session: Session, person_id: int) -> list[tuple[MessageSent, str]]:
    """Everything written to one person, oldest first, with what it was about."""
    query = (
        select(MessageSent, Cohort.name, CohortSession.title)
        .outerjoin(Cohort, Cohort.id == MessageSent.cohort_id)
        .outerjoin(CohortSession, CohortSession.id == MessageSent.session_id)
        .where(MessageSent.person_id == person_id)
        .order_by(MessageSent.written_at, MessageSent.id)
    )
    found = []
    for row, cohort, title in session.execute(query):
        about = f"{title} ({cohort})" if title and cohort else title or cohort or ""
        found.append((row, about))
    return found


def written_to(db: Database, person_id: int) -> list[WrittenLine]:
    with db.read() as session:
        return [
            WrittenLine(
                row.written_at,
                row.written_by,
                row.template,
                row.subject,
                about,
                tuple(row.attachments or ()),
            )
            for row, about in written_rows(session, person_id)
        ]
