"""The impact pack's figures for one period, each counted as rules/impact.py defines it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk.db.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    CommunityMembership,
    Enrolment,
    EqualityRecord,
    MentoringMeeting,
    MentoringPair,
    Organisation,
    Person,
)
from cohort_desk.rules import impact as I
from cohort_desk.rules.attendance import counts_as_attended
from cohort_desk.rules.dates import local_to_utc
from cohort_desk.rules.participants import is_counted
from cohort_desk.rules.privacy import ethnic_group
from cohort_desk.services.applications.report import ORGANISATION_KINDS
from cohort_desk.services.common import cohort_rule
from cohort_desk.services.evaluation.summary import EvaluationSummary, period_evaluation
from cohort_desk.vocabulary import Role

NOT_RECORDED = "Not recorded"
EQUALITY_QUESTIONS = (("ethnicity", "Ethnicity"), ("sex", "Sex"), ("disability", "Disability"))


@dataclass(frozen=True)
class CohortFigures:
    name: str
    participants: int
    sessions_held: int
    attended_marks: int
    completed: int  # by the period's last day
    key: int = 0  # the cohort's id, to find it in the previous period

    @property
    def attendance_rate(self) -> float | None:
        return I.rate(self.attended_marks, self.participants * self.sessions_held)

    @property
    def completion_rate(self) -> float | None:
        return I.rate(self.completed, self.participants)


@dataclass
class PeriodFigures:
    start: date
    end: date
    reached: int = 0
    new: int = 0
    returning: int = 0
    by: dict[str, Counter[str]] = field(default_factory=dict)  # "Profession" -> group -> people
    cohorts: list[CohortFigures] = field(default_factory=list)
    certificates: int = 0
    cpd_hours: float = 0.0
    pairs_active: int = 0
    meetings: int = 0
    members: int = 0
    joined: int = 0
    left: int = 0
    equality: dict[str, Counter[str]] = field(default_factory=dict)
    evaluation: EvaluationSummary | None = None

    @property
    def growth(self) -> int:
        return self.joined - self.left


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period in UTC: from the first day's local midnight to the day after the last."""
    return local_to_utc(start, time(0)), local_to_utc(end + timedelta(days=1), time(0))


def period_figures(session: Session, start: date, end: date) -> PeriodFigures:
    figures = PeriodFigures(start, end)
    begins, ends = day_bounds(start, end)
    held = [
        (int(sid), int(cid))
        for sid, cid in session.execute(
            select(CohortSession.id, CohortSession.cohort_id).where(
                CohortSession.starts_at >= begins,
                CohortSession.starts_at < ends,
                CohortSession.cancelled_at.is_(None),
            )
        )
    ]
    reached = _attended_people(session, [sid for sid, _ in held])
    before = _attended_before(session, begins)
    figures.reached = len(reached)
    figures.returning = len(reached & before)
    figures.new = figures.reached - figures.returning
    _reach_by(session, figures, reached)
    _cohorts(session, figures, held)
    _certificates(session, figures)
    _mentoring(session, figures)
    _community(session, figures)
    _equality(session, figures, reached)
    cohort_ids = sorted({cid for _, cid in held})
    figures.evaluation = period_evaluation(
        session, [sid for sid, _ in held], cohort_ids, begins, ends - timedelta(microseconds=1)
    )
    return figures


def _attendance_rows(session: Session, where: object) -> list[tuple[int, int, str, Cohort]]:
    query = (
        select(Attendance.person_id, Attendance.session_id, Attendance.status, Cohort)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .join(Cohort, Cohort.id == CohortSession.cohort_id)
        .where(where, CohortSession.cancelled_at.is_(None))  # type: ignore[arg-type]
    )
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def _attended_people(session: Session, session_ids: list[int]) -> set[int]:
    if not session_ids:
        return set()
    rows = _attendance_rows(session, Attendance.session_id.in_(session_ids))
    return {pid for pid, _sid, status, cohort in rows if counts_as_attended(status, cohort_rule(
        cohort))}  # fmt: skip


def _attended_before(session: Session, begins: datetime) -> set[int]:
    rows = _attendance_rows(session, CohortSession.starts_at < begins)
    return {pid for pid, _sid, status, cohort in rows if counts_as_attended(status, cohort_rule(
        cohort))}  # fmt: skip


def _reach_by(session: Session, figures: PeriodFigures, reached: set[int]) -> None:
    by: dict[str, Counter[str]] = {
        "Profession": Counter(), "Organisation type": Counter(), "Organisation": Counter(),
        "Borough": Counter(),
    }  # fmt: skip
    if reached:
        query = (
            select(Person.profession, Person.borough, Organisation.name, Organisation.kind)
            .outerjoin(Organisation, Organisation.id == Person.organisation_id)
            .where(Person.id.in_(reached))
        )
        for profession, borough, org, kind in session.execute(query):
            by["Profession"][profession or NOT_RECORDED] += 1
            by["Organisation type"][
                ORGANISATION_KINDS.get(kind, kind) if org else NOT_RECORDED
            ] += 1
            by["Organisation"][org or NOT_RECORDED] += 1
            by["Borough"][borough or NOT_RECORDED] += 1
    figures.by = by


def _cohorts(session: Session, figures: PeriodFigures, held: list[tuple[int, int]]) -> None:
    sessions_of: dict[int, set[int]] = defaultdict(set)
    for sid, cid in held:
        sessions_of[cid].add(sid)
    for cohort in session.scalars(
        select(Cohort)
        .where(Cohort.id.in_(list(sessions_of)))
        .order_by(Cohort.starts_on, Cohort.name)
    ):
        enrolments = {
            pid: (status, on)
            for pid, status, on in session.execute(
                select(Enrolment.person_id, Enrolment.status, Enrolment.status_on).where(
                    Enrolment.cohort_id == cohort.id, Enrolment.role == Role.PARTICIPANT
                )
            )
        }
        counted = {pid for pid, (status, _on) in enrolments.items() if is_counted(status)}
        rule = cohort_rule(cohort)
        marks = session.execute(
            select(Attendance.person_id, Attendance.status).where(
                Attendance.session_id.in_(sessions_of[cohort.id])
            )
        )
        attended = sum(1 for pid, status in marks if pid in counted and counts_as_attended(
            status, rule))  # fmt: skip
        completed = sum(1 for pid in counted if I.completed_by(*enrolments[pid], figures.end))
        figures.cohorts.append(
            CohortFigures(
                cohort.name,
                len(counted),
                len(sessions_of[cohort.id]),
                attended,
                completed,
                cohort.id,
            )  # fmt: skip
        )


def _certificates(session: Session, figures: PeriodFigures) -> None:
    count, hours = session.execute(
        select(
            func.count(Certificate.id), func.coalesce(func.sum(Certificate.cpd_hours), 0.0)
        ).where(
            Certificate.issued_on.between(figures.start, figures.end),
            Certificate.revoked_at.is_(None),
        )
    ).one()
    figures.certificates, figures.cpd_hours = int(count), round(float(hours or 0), 2)


def _mentoring(session: Session, figures: PeriodFigures) -> None:
    figures.pairs_active = int(
        session.scalar(
            select(func.count(MentoringPair.id)).where(
                MentoringPair.status.in_(I.MENTORING_ACTIVE_STATUSES),
                MentoringPair.started_on <= figures.end,
                MentoringPair.ended_on.is_(None) | (MentoringPair.ended_on >= figures.start),
            )
        )
        or 0
    )
    figures.meetings = int(
        session.scalar(
            select(func.count(MentoringMeeting.id)).where(
                MentoringMeeting.held_on.between(figures.start, figures.end)
            )
        )
        or 0
    )


def _community(session: Session, figures: PeriodFigures) -> None:
    M = CommunityMembership  # noqa: N806 - a short name keeps the three conditions readable
    figures.members = int(
        session.scalar(
            select(func.count(M.id)).where(
                M.joined_on <= figures.end, M.left_on.is_(None) | (M.left_on > figures.end)
            )
        )
        or 0
    )
    figures.joined = int(
        session.scalar(
            select(func.count(M.id)).where(M.joined_on.between(figures.start, figures.end))
        )
        or 0
    )
    figures.left = int(
        session.scalar(
            select(func.count(M.id)).where(M.left_on.between(figures.start, figures.end))
        )
        or 0
    )


def _equality(session: Session, figures: PeriodFigures, reached: set[int]) -> None:
    """Every person reached is counted once in each question, "Not given" included, so each
    column adds up to the number reached (which secondary suppression relies on)."""
    records = {}
    if reached:
        records = {
            r.person_id: r
            for r in session.scalars(
                select(EqualityRecord).where(EqualityRecord.person_id.in_(reached))
            )
        }
    for attribute, title in EQUALITY_QUESTIONS:
        counts: Counter[str] = Counter()
        for pid in reached:
            record = records.get(pid)
            answer = getattr(record, attribute) if record and not record.objected else ""
            counts[_group(attribute, answer) or "Not given"] += 1
        figures.equality[title] = counts


def _group(attribute: str, answer: str) -> str:
    """Ethnicity by its five ONS groups: 19 categories over a few dozen people would be
    nearly all "<5". An answer not from the list (typed in before it was kept) as it is."""
    if attribute != "ethnicity" or not answer:
        return answer
    try:
        return ethnic_group(answer)
    except ValueError:
        return answer
