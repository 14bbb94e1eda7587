"""Retention review: people with no activity for a number of years, and anonymising them in bulk
after a person has looked at the list and confirmed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk.db.backup import backup_before
from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    CommunityMembership,
    Enrolment,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
    Organisation,
    Person,
    person_ref,
)
from cohort_desk.errors import ValidationError
from cohort_desk.rules.dates import to_local
from cohort_desk.rules.privacy import inactive_since
from cohort_desk.services import settings
from cohort_desk.services.privacy.rights import anonymise_in
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.vocabulary import MentoringPairStatus


@dataclass(frozen=True)
class RetentionRow:
    person_id: int
    name: str
    email: str
    organisation: str
    last_activity: date | None
    archived: bool

    @property
    def ref(self) -> str:
        return person_ref(self.person_id)


@dataclass(frozen=True)
class AnonymiseResult:
    anonymised: int
    skipped: int  # had activity by the time the review was confirmed
    backup: str | None


def retention_years(db: Database, years: int | None = None) -> int:
    value = int(settings.get(db, "retention_years")) if years is None else years
    if not 1 <= value <= 100:
        raise ValidationError(
            "The retention period must be between 1 and 100 years.", field="retention_years"
        )
    return value


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_local(value).date()
    day: date = value
    return day


def _latest(found: dict[int, date], rows: Iterable[Any]) -> None:
    for person_id, value in rows:
        day = _as_date(value)
        if person_id is not None and day is not None and day > found.get(person_id, date.min):
            found[person_id] = day


def last_activity(session: Session, today: date) -> dict[int, date]:
    """Each person's most recent sign of activity: their record changing, a session, a
    certificate, an enrolment, mentoring, the community, a role. Ongoing things (an active
    mentoring pair, a role with no end, a current mentor profile) count as today."""
    found: dict[int, date] = {}
    grouped: list[tuple[Any, Any, type[Any] | None]] = [
        (Person.id, func.max(Person.updated_at), None),
        (Person.id, func.max(Person.created_at), None),
        (Attendance.person_id, func.max(CohortSession.starts_at), CohortSession),
        (Certificate.person_id, func.max(Certificate.issued_on), None),
        (Enrolment.person_id, func.max(Enrolment.status_on), None),
        (Enrolment.person_id, func.max(Cohort.ends_on), Cohort),
        (Enrolment.person_id, func.max(Cohort.starts_on), Cohort),
        (MentoringPair.mentor_id, func.max(MentoringPair.ended_on), None),
        (MentoringPair.mentee_id, func.max(MentoringPair.ended_on), None),
        (MentoringPair.mentor_id, func.max(MentoringPair.started_on), None),
        (MentoringPair.mentee_id, func.max(MentoringPair.started_on), None),
        (CommunityMembership.person_id, func.max(CommunityMembership.joined_on), None),
        (CommunityMembership.person_id, func.max(CommunityMembership.left_on), None),
        (LeadershipRole.person_id, func.max(LeadershipRole.ends_on), None),
        (LeadershipRole.person_id, func.max(LeadershipRole.starts_on), None),
        (MentorProfile.person_id, func.max(MentorProfile.updated_at), None),
    ]
    for key, latest, joined in grouped:
        query = select(key, latest).group_by(key)
        if joined is CohortSession:
            query = query.join(CohortSession, CohortSession.id == Attendance.session_id)
        elif joined is Cohort:
            query = query.join(Cohort, Cohort.id == Enrolment.cohort_id)
        _latest(found, session.execute(query))
    for mentor, mentee in session.execute(
        select(MentoringPair.mentor_id, MentoringPair.mentee_id).where(
            MentoringPair.status == MentoringPairStatus.ACTIVE
        )
    ):
        found[mentor] = found[mentee] = today
    for (person_id,) in session.execute(
        select(LeadershipRole.person_id).where(LeadershipRole.ends_on.is_(None))
    ):
        found[person_id] = today
    meetings = (
        select(col, func.max(MentoringMeeting.held_on))
        .join(MentoringPair, MentoringPair.id == MentoringMeeting.pair_id)
        .group_by(col)
        for col in (MentoringPair.mentor_id, MentoringPair.mentee_id)
    )
    for query in meetings:
        _latest(found, session.execute(query))
    return found


def _candidates(session: Session, years: int, today: date) -> list[RetentionRow]:
    latest = last_activity(session, today)
    query = (
        select(Person, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Person.erased_at.is_(None))
    )
    rows = [
        RetentionRow(
            person.id,
            person.full_name,
            person.email,
            org or "",
            latest.get(person.id),
            person.archived_at is not None,
        )
        for person, org in session.execute(query)
        if inactive_since(latest.get(person.id), today, years)
    ]
    return sorted(rows, key=lambda r: (r.last_activity or date.min, r.name.casefold()))


def retention_candidates(
    db: Database, years: int | None = None, today: date | None = None
) -> list[RetentionRow]:
    """People (not yet erased) with no activity for ``years`` (default: the preference),
    longest-inactive first. Only a list for a person to decide on; nothing is changed."""
    years = retention_years(db, years)
    with db.read() as session:
        return _candidates(session, years, today or date.today())


def anonymise_people(
    db: Database,
    person_ids: list[int],
    years: int | None = None,
    today: date | None = None,
    progress: Progress = NO_PROGRESS,
) -> AnonymiseResult:
    """Anonymise the chosen people in one transaction (Cancel undoes all of it), skipping any
    who became active since the list was shown. A backup is taken first."""
    years = retention_years(db, years)
    today = today or date.today()
    backup = backup_before(db, "retention") if person_ids else None
    done = skipped = 0
    reason = f"retention review: no activity for {years} years"
    with db.write() as session:
        still = {r.person_id for r in _candidates(session, years, today)}
        for index, person_id in enumerate(person_ids):
            progress.step(index, len(person_ids), f"Anonymising {index + 1} of {len(person_ids)}…")
            person = session.get(Person, person_id)
            if person is None or person_id not in still:
                skipped += 1
                continue
            anonymise_in(session, person, "anonymised", reason)
            done += 1
        progress.step(len(person_ids), len(person_ids), "Saving…")
    return AnonymiseResult(done, skipped, str(backup) if backup else None)
