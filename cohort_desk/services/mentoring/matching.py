"""Mentor suggestions for a cohort: the database's people as rules.matching values, and back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Cohort,
    Enrolment,
    MentoringPair,
    MentorProfile,
    Organisation,
    Person,
)
from cohort_desk.errors import NotFoundError, RefusedError
from cohort_desk.rules.matching import Mentee, Mentor, Weights, score, suggest
from cohort_desk.services.common import cohort_in
from cohort_desk.services.mentoring.pairs import PairRow, create_pair_in, pair_rows
from cohort_desk.services.mentoring.profiles import mentee_value, mentor_value, places_taken
from cohort_desk.vocabulary import CURRENT_PAIR_STATUSES, EnrolmentStatus, MentoringPairStatus, Role


@dataclass(frozen=True)
class Choice:
    """A mentor who could be suggested for a participant, with the score and its reasons."""

    mentor_id: int
    mentor: str  # e-mail
    mentor_name: str
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class SuggestionRow:
    participant_id: int
    participant: str  # e-mail
    participant_name: str
    choice: Choice
    alternatives: list[Choice] = field(default_factory=list)


@dataclass(frozen=True)
class UnmatchedRow:
    participant_id: int
    participant: str
    participant_name: str
    reason: str
    alternatives: list[Choice] = field(default_factory=list)


@dataclass(frozen=True)
class MatchReport:
    cohort_id: int
    cohort: str
    suggestions: list[SuggestionRow]
    unmatched: list[UnmatchedRow]

    def as_json(self) -> dict[str, object]:
        """The document `match --json` prints; scripts rely on its shape."""
        return {
            "suggestions": [
                {
                    "participant": s.participant,
                    "mentor": s.choice.mentor,
                    "score": s.choice.score,
                    "reasons": s.choice.reasons,
                    "alternatives": [a.mentor for a in s.alternatives],
                }
                for s in self.suggestions
            ],
            "unmatched": [
                {"participant": u.participant, "reason": u.reason} for u in self.unmatched
            ],
        }


@dataclass
class _Pool:
    """Everyone in one run, keyed by person id as text (the rules' keys)."""

    people: dict[str, Person]
    mentees: list[Mentee]
    mentors: list[Mentor]


def _organisations(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Organisation.id, Organisation.name)).all())


def _pool(session: Session, cohort: Cohort) -> _Pool:
    orgs = _organisations(session)
    # Anyone with an active or proposed pair already has (or is about to have) a mentor.
    paired = select(MentoringPair.mentee_id).where(MentoringPair.status.in_(CURRENT_PAIR_STATUSES))
    mentees = session.scalars(
        select(Person)
        .join(Enrolment, Enrolment.person_id == Person.id)
        .where(
            Enrolment.cohort_id == cohort.id,
            Enrolment.role == Role.PARTICIPANT,
            Enrolment.status == EnrolmentStatus.ENROLLED,
            Person.archived_at.is_(None),
            Person.erased_at.is_(None),
            Person.id.not_in(paired),
        )
    ).all()
    taken = places_taken(session)
    profiles = session.execute(
        select(MentorProfile, Person)
        .join(Person, Person.id == MentorProfile.person_id)
        .where(Person.erased_at.is_(None))
    ).all()
    people = {str(p.id): p for p in mentees}
    people.update({str(p.id): p for _, p in profiles})
    return _Pool(
        people=people,
        mentees=[mentee_value(p, orgs.get(p.organisation_id or 0, "")) for p in mentees],
        mentors=[
            mentor_value(profile, p, orgs.get(p.organisation_id or 0, ""), taken.get(p.id, (0, 0)))
            for profile, p in profiles
        ],
    )


def suggest_for_cohort(
    db: Database, cohort_id: int, today: date | None = None, weights: Weights | None = None
) -> MatchReport:
    """Suggestions for every enrolled participant of the cohort who has no mentor yet."""
    with db.read() as session:
        return _suggest_in(session, cohort_in(session, cohort_id), today, weights)


def _suggest_in(
    session: Session, cohort: Cohort, today: date | None, weights: Weights | None
) -> MatchReport:
    today = today or date.today()
    weights = weights or Weights()
    pool = _pool(session, cohort)
    result = suggest(pool.mentees, pool.mentors, weights, today)
    mentees = {m.key: m for m in pool.mentees}
    mentors = {m.key: m for m in pool.mentors}

    def choice(mentee_key: str, mentor_key: str) -> Choice:
        person = pool.people[mentor_key]
        points, reasons = score(mentees[mentee_key], mentors[mentor_key], weights)
        return Choice(person.id, person.email, person.full_name, points, reasons)

    def label(key: str) -> tuple[int, str, str]:
        person = pool.people[key]
        return person.id, person.email, person.full_name

    suggestions = [
        SuggestionRow(
            *label(s.mentee),
            choice=choice(s.mentee, s.mentor),
            alternatives=[choice(s.mentee, a) for a in s.alternatives],
        )
        for s in result.suggestions
    ]
    unmatched = [
        UnmatchedRow(
            *label(u.mentee),
            reason=u.reason,
            alternatives=[choice(u.mentee, a) for a in u.alternatives],
        )
        for u in result.unmatched
    ]
    by_name = lambda row: (row.participant_name.casefold(), row.participant_id)  # noqa: E731
    return MatchReport(
        cohort.id, cohort.name, sorted(suggestions, key=by_name), sorted(unmatched, key=by_name)
    )


def accept_matches(
    db: Database,
    cohort_id: int,
    choices: Sequence[tuple[int, int]],
    today: date | None = None,
) -> list[PairRow]:
    """Make active pairs of (participant id, mentor id) choices, all or none.

    Every hard rule is checked again inside the transaction, counting the pairs made a
    moment before in it, so a swap that would overfill a mentor is refused, not saved.
    """
    today = today or date.today()
    with db.write() as session:
        ids = []
        for mentee_id, mentor_id in choices:
            mentee = session.get(Person, mentee_id)
            mentor = session.get(Person, mentor_id)
            if mentee is None or mentor is None:
                raise NotFoundError("Someone in these suggestions is no longer in the database.")
            try:
                pair = create_pair_in(
                    session,
                    mentor,
                    mentee,
                    today=today,
                    status=MentoringPairStatus.ACTIVE,
                    cohort_id=cohort_id,
                )
            except RefusedError as exc:
                raise RefusedError(
                    f"Nothing was saved: {mentee.full_name} with {mentor.full_name}: "
                    f"{exc.message[0].lower()}{exc.message[1:]}"
                ) from None
            ids.append(pair.id)
        if not ids:
            return []
        rows = {row.id: row for row in pair_rows(session, MentoringPair.id.in_(ids))}
        return [rows[i] for i in ids]


def accept_all(db: Database, cohort_id: int, today: date | None = None) -> MatchReport:
    """`match --apply`: suggest, then make every suggestion an active pair."""
    report = suggest_for_cohort(db, cohort_id, today)
    accept_matches(
        db,
        report.cohort_id,
        [(s.participant_id, s.choice.mentor_id) for s in report.suggestions],
        today,
    )
    return report
