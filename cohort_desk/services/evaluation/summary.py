"""Evaluation summaries: for a session, a cohort or a period, the response rate, each rating
question's distribution, mean and median, the net promoter score, multiple-choice counts and
the comments, with names taken out unless the writer agreed to be quoted."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    FeedbackAnswer,
    FeedbackResponse,
    Person,
)
from cohort_desk.errors import NotFoundError
from cohort_desk.rules import evaluation as E
from cohort_desk.rules import feedback as F
from cohort_desk.rules.attendance import counts_as_attended
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.redaction import KnownNames, known_names, remove_names
from cohort_desk.rules.search import fold
from cohort_desk.services.common import cohort_rule, session_in
from cohort_desk.vocabulary import Role


@dataclass(frozen=True)
class QuestionFigures:
    question: str
    scale: str
    n: int
    mean: float | None
    median: float | None
    distribution: dict[int, int]
    recommend: bool = False
    nps: int | None = None  # a 0-10 "would you recommend" question's own net promoter score

    @property
    def nps_label(self) -> str:
        """What its net promoter score is of: "recommend this session"."""
        return E.recommend_label(self.question)

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "scale": self.scale,
            "n": self.n,
            "mean": self.mean,
            "median": self.median,
            "distribution": {str(point): count for point, count in self.distribution.items()},
        }


@dataclass(frozen=True)
class ChoiceFigures:
    question: str
    n: int  # people who answered
    counts: list[tuple[str, int]]  # each option ticked, most chosen first


@dataclass(frozen=True)
class Comment:
    question: str
    about: str  # the session it is about ("Leading change, 04/11/2026") or "The whole cohort"
    text: str  # names taken out unless quoted
    quoted: bool  # the writer agreed to be quoted


@dataclass(frozen=True)
class EvaluationSummary:
    about: str
    responses: int
    attendees: int
    response_rate: float | None
    nps: int | None  # the one recommend question's; None with none, or with several
    questions: list[QuestionFigures]
    choices: list[ChoiceFigures]
    comments: list[Comment]

    @property
    def promoter_scores(self) -> list[QuestionFigures]:
        """The 0-10 "would you recommend" questions answered, each with its own score: a
        cohort asked about each session and about the Academy has two, never pooled."""
        return [q for q in self.questions if q.recommend and q.nps is not None]

    def as_json(self) -> dict[str, Any]:
        """`evaluation --json`: exactly the keys the command line promises."""
        return {
            "responses": self.responses,
            "attendees": self.attendees,
            "response_rate": self.response_rate,
            "nps": self.nps,
            "questions": [q.as_json() for q in self.questions],
        }


def session_evaluation(db: Database, session_id: int) -> EvaluationSummary:
    with db.read() as session:
        found = session_in(session, session_id)
        about = f"{found.title}, {format_date(found.starts_at)} ({found.cohort.name})"
        attendees = session_attendees(session, [found.id])
        return _summarise(session, about, FeedbackResponse.session_id == found.id, attendees)


def cohort_evaluation(db: Database, cohort_id: int) -> EvaluationSummary:
    """Feedback about the cohort's sessions and about the cohort as a whole."""
    with db.read() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
        attendees = cohort_attendees(session, cohort.id)
        return _summarise(session, cohort.name, FeedbackResponse.cohort_id == cohort.id, attendees)


def evaluation_for(
    db: Database, session_id: int | None, cohort_id: int | None
) -> EvaluationSummary:
    """The command line's way in: a session, or else a cohort."""
    if session_id is not None:
        return session_evaluation(db, session_id)
    assert cohort_id is not None, "a session or a cohort"
    return cohort_evaluation(db, cohort_id)


def period_evaluation(
    session: Session, sessions_held: list[int], cohort_ids: list[int], start: datetime,
    end: datetime,
) -> EvaluationSummary:  # fmt: skip
    """Feedback about the sessions held in a period, and cohort feedback submitted in it."""
    about_period = FeedbackResponse.session_id.in_(sessions_held) | (
        FeedbackResponse.session_id.is_(None) & FeedbackResponse.submitted_at.between(start, end)
    )
    with_feedback = list(
        session.scalars(
            select(FeedbackResponse.session_id)
            .distinct()
            .where(FeedbackResponse.session_id.in_(sessions_held))
        )
    )
    attendees = session_attendees(session, [i for i in with_feedback if i is not None])
    whole = session.scalars(
        select(FeedbackResponse.cohort_id)
        .distinct()
        .where(
            FeedbackResponse.session_id.is_(None),
            FeedbackResponse.submitted_at.between(start, end),
        )
    )
    attendees += sum(participants_who_attended(session, c) for c in whole)
    return _summarise(session, "period", about_period, attendees)


def session_attendees(session: Session, session_ids: Iterable[int]) -> int:
    """People marked as attending these sessions (present, or late or left early where the
    cohort counts those), each session counted on its own."""
    ids = list(session_ids)
    if not ids:
        return 0
    query = (
        select(Attendance.status, Cohort)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .join(Cohort, Cohort.id == CohortSession.cohort_id)
        .where(Attendance.session_id.in_(ids))
    )
    return sum(1 for status, cohort in session.execute(query) if counts_as_attended(
        status, cohort_rule(cohort)))  # fmt: skip


def cohort_attendees(session: Session, cohort_id: int) -> int:
    """For a cohort: the attendees of each session with feedback, plus, where there is feedback
    about the whole cohort, each participant who attended at least one of its sessions."""
    with_feedback = session.scalars(
        select(FeedbackResponse.session_id)
        .distinct()
        .where(FeedbackResponse.cohort_id == cohort_id, FeedbackResponse.session_id.is_not(None))
    )
    total = session_attendees(session, [i for i in with_feedback if i is not None])
    whole = session.scalar(
        select(func.count()).where(
            FeedbackResponse.cohort_id == cohort_id, FeedbackResponse.session_id.is_(None)
        )
    )
    return total + (participants_who_attended(session, cohort_id) if whole else 0)


def participants_who_attended(session: Session, cohort_id: int) -> int:
    """The cohort's participants who attended at least one of its sessions."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        return 0
    rule = cohort_rule(cohort)
    attended: set[int] = set()
    query = (
        select(Attendance.person_id, Attendance.status)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .join(
            Enrolment,
            (Enrolment.person_id == Attendance.person_id)
            & (Enrolment.cohort_id == CohortSession.cohort_id)
            & (Enrolment.role == Role.PARTICIPANT),
        )
        .where(CohortSession.cohort_id == cohort_id)
    )
    for person_id, status in session.execute(query):
        if counts_as_attended(status, rule):
            attended.add(person_id)
    return len(attended)


def _summarise(
    session: Session, about: str, which: ColumnElement[bool], attendees: int
) -> EvaluationSummary:
    query = (
        select(
            FeedbackAnswer,
            FeedbackResponse.consent_to_quote,
            CohortSession.title,
            CohortSession.starts_at,
        )  # fmt: skip
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
        .outerjoin(CohortSession, CohortSession.id == FeedbackResponse.session_id)
        .where(which)
        .order_by(CohortSession.starts_at, FeedbackResponse.id, FeedbackAnswer.position)
    )
    responses = session.scalar(select(func.count()).select_from(FeedbackResponse).where(which))
    ratings: dict[tuple[str, str], list[float]] = defaultdict(list)
    headings: dict[tuple[str, str], str] = {}
    choices: dict[str, Counter[str]] = defaultdict(Counter)
    answered: Counter[str] = Counter()
    raw_comments: list[tuple[str, str, str, bool]] = []
    for answer, quoted, title, starts in session.execute(query):
        key = (fold(answer.question), answer.scale)
        headings.setdefault(key, answer.question)
        if answer.value is not None and answer.scale not in (F.CONSENT, F.CHOICE, F.TEXT):
            ratings[key].append(answer.value)
        elif answer.scale == F.CHOICE:
            answered[headings[key]] += 1
            choices[headings[key]].update(F.choices_of(answer.text))
        elif answer.scale == F.TEXT and answer.text.strip():
            where = f"{title}, {format_date(starts)}" if title else "The whole cohort"
            raw_comments.append((headings[key], where, answer.text, bool(quoted)))
    questions = []
    for key, values in ratings.items():
        figures = E.summarise_ratings(values, key[1])
        question = F.Question(headings[key], F.RATING, *E.parse_scale(key[1]))
        nps = E.net_promoter_score(values) if question.is_recommend else None
        questions.append(QuestionFigures(headings[key], key[1], figures.n, figures.mean,
                                         figures.median, figures.distribution,
                                         question.is_recommend, nps))  # fmt: skip
    # Two recommend questions ask about different things (this session, the Academy): each
    # has its score, and the summary's single score is given only when there is one.
    scores = [q.nps for q in questions if q.recommend]
    names = _known_names(session) if any(not q for *_, q in raw_comments) else KnownNames()
    comments = [
        Comment(question, where, text if quoted else remove_names(text, names), quoted)
        for question, where, text, quoted in raw_comments
    ]
    return EvaluationSummary(
        about=about,
        responses=int(responses or 0),
        attendees=attendees,
        response_rate=E.response_rate(int(responses or 0), attendees),
        nps=scores[0] if len(scores) == 1 else None,
        questions=questions,
        choices=[
            ChoiceFigures(q, answered[q], counts.most_common()) for q, counts in choices.items()
        ],
        comments=comments,
    )


_names_cache: dict[object, KnownNames] = {}


def _known_names(session: Session) -> KnownNames:
    """Everyone's names, read again only when people were added, changed or erased."""
    stamp = session.execute(select(func.count(Person.id), func.max(Person.updated_at))).one()
    key = (str(session.get_bind().engine.url), *stamp)
    if key not in _names_cache:
        people = session.execute(
            select(Person.given_name, Person.family_name, Person.preferred_name).where(
                Person.erased_at.is_(None)
            )
        )
        _names_cache.clear()
        _names_cache[key] = known_names(people.all())
    return _names_cache[key]
