"""Mentoring pairs: assign by hand under the hard rules, activate, end with a date and reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Cohort,
    Enrolment,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
    Organisation,
    Person,
)
from cohort_desk.errors import NotFoundError, RefusedError, ValidationError
from cohort_desk.rules.collation import collation_key
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.matching import Weights, hard_rule_violation, normalise, score
from cohort_desk.rules.participants import COUNTED_STATUSES
from cohort_desk.rules.wording import plural
from cohort_desk.services.common import person_in
from cohort_desk.services.mentoring.profiles import mentee_value, mentor_value, places_taken
from cohort_desk.vocabulary import CURRENT_PAIR_STATUSES, MentoringPairStatus, Role


class OverCapacityError(RefusedError):
    """The mentor's places are all taken; the window offers to assign anyway."""


@dataclass(slots=True)
class PairRow:
    id: int
    mentor_id: int
    mentor_name: str
    mentor_email: str
    mentee_id: int
    mentee_name: str
    mentee_email: str
    cohort_id: int | None
    cohort: str
    status: str
    proposed_on: date | None
    started_on: date | None
    ended_on: date | None
    end_reason: str
    score: float | None
    reasons: list[str] = field(default_factory=list)
    meetings: int = 0
    minutes: int = 0
    last_meeting: date | None = None
    version: int = 0

    @property
    def hours(self) -> float:
        return self.minutes / 60


def _organisation_name(session: Session, person: Person) -> str:
    if person.organisation_id is None:
        return ""
    org = session.get(Organisation, person.organisation_id)
    return org.name if org else ""


def _latest_cohort(session: Session, person_id: int) -> int | None:
    """The cohort a mentee most recently joined as a participant, for reports per cohort."""
    return session.scalar(
        select(Enrolment.cohort_id)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(
            Enrolment.person_id == person_id,
            Enrolment.role == Role.PARTICIPANT,
            Enrolment.status.in_(COUNTED_STATUSES),
        )
        .order_by(Cohort.starts_on.desc().nulls_last(), Cohort.id.desc())
        .limit(1)
    )


def create_pair_in(
    session: Session,
    mentor: Person,
    mentee: Person,
    *,
    today: date,
    status: str = MentoringPairStatus.ACTIVE,
    cohort_id: int | None = None,
    allow_over_capacity: bool = False,
    weights: Weights | None = None,
) -> MentoringPair:
    """Check every hard rule, then create the pair with its score and reasons.

    The checks read the pairs already flushed in this session, so several pairs made in
    one transaction (accept all) are counted against each mentor's capacity.
    """
    if status not in CURRENT_PAIR_STATUSES:
        raise ValidationError("A new pair is either proposed or active.", field="status")
    profile = session.scalar(select(MentorProfile).where(MentorProfile.person_id == mentor.id))
    if profile is None:
        raise RefusedError(f"{mentor.full_name} is not a mentor; add a mentor profile first.")
    if mentor.id == mentee.id:
        raise RefusedError("Nobody can mentor themselves; choose a different mentor.")
    if not profile.active or mentor.archived_at is not None:
        raise RefusedError(
            f"{mentor.full_name} is not taking mentees (their profile is marked not active); "
            "choose another mentor or make their profile active first."
        )
    if profile.paused_until is not None and profile.paused_until > today:
        raise RefusedError(
            f"{mentor.full_name} is paused until {format_date(profile.paused_until)}; choose "
            "another mentor or change the pause date in their profile."
        )
    mentor_org = _organisation_name(session, mentor)
    mentee_org = _organisation_name(session, mentee)
    if normalise(mentee_org) and normalise(mentee_org) == normalise(mentor_org):
        raise RefusedError(
            f"{mentor.full_name} and {mentee.full_name} both work at {mentee_org}, and a mentor "
            "must come from another organisation to avoid line-management conflicts; "
            "choose another mentor."
        )
    current = session.scalar(
        select(MentoringPair).where(
            MentoringPair.mentee_id == mentee.id,
            MentoringPair.status.in_(CURRENT_PAIR_STATUSES),
        )
    )
    if current is not None:
        who = session.get(Person, current.mentor_id)
        kind = "an active" if current.status == MentoringPairStatus.ACTIVE else "a proposed"
        raise RefusedError(
            f"{mentee.full_name} already has {kind} pair with "
            f"{who.full_name if who else 'another mentor'}; end that pair first."
        )
    places = places_taken(session).get(mentor.id, (0, 0))
    mentor_v = mentor_value(profile, mentor, mentor_org, places)
    mentee_v = mentee_value(mentee, mentee_org)
    if mentor_v.free_places <= 0 and not allow_over_capacity:
        raise OverCapacityError(
            f"{mentor.full_name} already has {plural(places[0] + places[1], 'mentee')} against a "
            f"capacity of {profile.capacity}; choose another mentor or raise their capacity."
        )
    if mentor_v.free_places > 0:
        # A safety net: the rules module is the one definition of a hard rule.
        broken = hard_rule_violation(mentee_v, mentor_v, today)
        if broken is not None:
            raise RefusedError(f"This pair breaks a rule: {broken}; choose another mentor.")
    points, reasons = score(mentee_v, mentor_v, weights or Weights())
    pair = MentoringPair(
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        cohort_id=cohort_id if cohort_id is not None else _latest_cohort(session, mentee.id),
        status=status,
        proposed_on=today,
        started_on=today if status == MentoringPairStatus.ACTIVE else None,
        score=points,
        reasons=reasons,
    )
    session.add(pair)
    session.flush()
    return pair


def assign_mentor(
    db: Database,
    mentor_id: int,
    mentee_id: int,
    *,
    today: date | None = None,
    status: str = MentoringPairStatus.ACTIVE,
    cohort_id: int | None = None,
    allow_over_capacity: bool = False,
) -> PairRow:
    """Pair a mentor and a mentee by hand; one sentence saying which rule is broken if any."""
    with db.write() as session:
        mentor = person_in(session, mentor_id)
        mentee = person_in(session, mentee_id)
        pair = create_pair_in(
            session,
            mentor,
            mentee,
            today=today or date.today(),
            status=status,
            cohort_id=cohort_id,
            allow_over_capacity=allow_over_capacity,
        )
        return pair_rows(session, MentoringPair.id == pair.id)[0]


def _pair(session: Session, pair_id: int) -> MentoringPair:
    pair = session.get(MentoringPair, pair_id)
    if pair is None:
        raise NotFoundError(f"There is no mentoring pair number {pair_id}; refresh the list.")
    return pair


def activate_pair(db: Database, pair_id: int, on: date | None = None) -> PairRow:
    """A proposed pair has been accepted by both people and starts."""
    with db.write() as session:
        pair = _pair(session, pair_id)
        if pair.status != MentoringPairStatus.PROPOSED:
            raise RefusedError(f"Only a proposed pair can be started; this one is {pair.status}.")
        pair.status = MentoringPairStatus.ACTIVE
        pair.started_on = on or date.today()
        session.flush()
        return pair_rows(session, MentoringPair.id == pair.id)[0]


def end_pair(db: Database, pair_id: int, on: date, reason: str) -> PairRow:
    """End a pair (or turn down a proposal) with the date and the reason."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Give a reason for ending the pair.", field="reason")
    if len(reason) > 200:
        raise ValidationError("Keep the reason under 200 characters.", field="reason")
    with db.write() as session:
        pair = _pair(session, pair_id)
        if pair.status == MentoringPairStatus.ENDED:
            raise RefusedError("This pair has already ended.")
        start = pair.started_on or pair.proposed_on
        if start is not None and on < start:
            raise ValidationError(
                f"A pair cannot end before it began ({format_date(start)}).", field="ended_on"
            )
        pair.status = MentoringPairStatus.ENDED
        pair.ended_on = on
        pair.end_reason = reason
        session.flush()
        return pair_rows(session, MentoringPair.id == pair.id)[0]


def pair_rows(session: Session, *where: ColumnElement[bool]) -> list[PairRow]:
    mentor, mentee = aliased(Person), aliased(Person)
    meetings = (
        select(
            MentoringMeeting.pair_id,
            func.count().label("n"),
            func.coalesce(func.sum(MentoringMeeting.minutes), 0).label("minutes"),
            func.max(MentoringMeeting.held_on).label("last"),
        )
        .group_by(MentoringMeeting.pair_id)
        .subquery()
    )
    order = case(
        {MentoringPairStatus.ACTIVE: 0, MentoringPairStatus.PROPOSED: 1},
        value=MentoringPair.status,
        else_=2,
    )
    query = (
        select(MentoringPair, mentor, mentee, Cohort.name, meetings)
        .join(mentor, mentor.id == MentoringPair.mentor_id)
        .join(mentee, mentee.id == MentoringPair.mentee_id)
        .outerjoin(Cohort, Cohort.id == MentoringPair.cohort_id)
        .outerjoin(meetings, meetings.c.pair_id == MentoringPair.id)
        .where(*where)
        .order_by(order, func.lower(mentee.family_name), MentoringPair.id)
    )
    found = list(session.execute(query))
    # SQL's lower() folds only A-Z ("Ó Briain" came after "Zhang"): within each status, sorted
    # again by the mentee's family name as the listing rule folds it.
    rank = {MentoringPairStatus.ACTIVE: 0, MentoringPairStatus.PROPOSED: 1}
    found.sort(key=lambda f: (rank.get(f[0].status, 2), collation_key(f[2].family_name), f[0].id))
    rows = []
    for pair, m, e, cohort, _pid, n, minutes, last in found:
        rows.append(
            PairRow(
                id=pair.id,
                mentor_id=m.id,
                mentor_name=m.full_name,
                mentor_email=m.email,
                mentee_id=e.id,
                mentee_name=e.full_name,
                mentee_email=e.email,
                cohort_id=pair.cohort_id,
                cohort=cohort or "",
                status=pair.status,
                proposed_on=pair.proposed_on,
                started_on=pair.started_on,
                ended_on=pair.ended_on,
                end_reason=pair.end_reason,
                score=pair.score,
                reasons=list(pair.reasons or []),
                meetings=int(n or 0),
                minutes=int(minutes or 0),
                last_meeting=last,
                version=pair.version,
            )
        )
    return rows


def list_pairs(
    db: Database,
    status: str | None = None,
    cohort_id: int | None = None,
    person_id: int | None = None,
) -> list[PairRow]:
    """Pairs, active first, then proposed, then ended; optionally one status, cohort or person."""
    where: list[ColumnElement[bool]] = []
    if status:
        where.append(MentoringPair.status == status)
    if cohort_id is not None:
        where.append(MentoringPair.cohort_id == cohort_id)
    if person_id is not None:
        where.append(
            (MentoringPair.mentor_id == person_id) | (MentoringPair.mentee_id == person_id)
        )
    with db.read() as session:
        return pair_rows(session, *where)


def get_pair(db: Database, pair_id: int) -> PairRow:
    with db.read() as session:
        rows = pair_rows(session, MentoringPair.id == pair_id)
        if not rows:
            raise NotFoundError(f"There is no mentoring pair number {pair_id}; refresh the list.")
        return rows[0]
