"""A cohort's applications with their answers and scores side by side, and adding one by hand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    APPLICATION_STATUSES,
    Application,
    Cohort,
    Organisation,
    Person,
    Score,
    SelectionCriterion,
)
from cohort_desk.db.types import utcnow
from cohort_desk.errors import NotFoundError, RefusedError, ValidationError
from cohort_desk.rules.dates import format_date, to_local
from cohort_desk.rules.names import clean_text, spoken_name
from cohort_desk.rules.selection import score_text
from cohort_desk.vocabulary import ApplicationStatus

# How a status reads in a sentence; the others read as their stored word.
_SPOKEN = {
    ApplicationStatus.OFFERED: "offered a place",
    ApplicationStatus.NOT_SELECTED: "not selected",
    ApplicationStatus.WAITING: "on the waiting list",
}
STATUS_WORDS: dict[str, str] = {
    status: _SPOKEN.get(status, status.value) for status in ApplicationStatus
}
MAX_ANSWER = 20_000  # characters: a long statement fits, a pasted book does not


def application_ref(application_id: int) -> str:
    """What the panel sees instead of a name under blind review: A0042."""
    return f"A{application_id:04d}"


def check_status(status: str) -> str:
    if status not in APPLICATION_STATUSES:
        raise ValidationError(
            f"'{status}' is not an application status; use one of "
            f"{', '.join(APPLICATION_STATUSES)}.",
            field="status",
        )
    return status


@dataclass(slots=True)
class ApplicationRow:
    id: int
    person_id: int
    cohort_id: int
    email: str
    name: str
    organisation: str
    status: str
    waiting_position: int | None
    answers: dict[str, str]
    applied_at: datetime
    source: str
    version: int
    letter_status: str
    # Criterion name -> the panel's mean score (None: nobody has scored it yet), in the
    # cohort's order of criteria; mine: this panel member's own scores.
    scores: dict[str, Fraction | None] = field(default_factory=dict)
    mine: dict[str, int] = field(default_factory=dict)
    scored_by: int = 0  # how many panel members have scored any criterion

    @property
    def ref(self) -> str:
        return application_ref(self.id)

    @property
    def total(self) -> Fraction | None:
        given = [s for s in self.scores.values() if s is not None]
        return sum(given, Fraction(0)) if given else None

    @property
    def complete(self) -> bool:
        """Every criterion has at least one panel member's score."""
        return bool(self.scores) and all(s is not None for s in self.scores.values())

    @property
    def total_text(self) -> str:
        return "" if self.total is None else score_text(self.total)

    @property
    def status_words(self) -> str:
        if self.status == ApplicationStatus.WAITING and self.waiting_position:
            return f"waiting list, number {self.waiting_position}"
        return STATUS_WORDS.get(self.status, self.status)

    def label(self, blind: bool) -> str:
        return self.ref if blind else self.name


def number(value: Fraction | None) -> int | float | None:
    """A mean score for JSON: whole numbers as integers, others to two places."""
    if value is None:
        return None
    return int(value) if value.denominator == 1 else round(float(value), 2)


def _cohort(session: Session, cohort_id: int) -> Cohort:
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
    return cohort


def list_applications(
    db: Database,
    cohort_id: int,
    status: str | None = None,
    application_id: int | None = None,
) -> list[ApplicationRow]:
    """The cohort's applications, oldest first, each with its answers and the panel's scores."""
    if status is not None:
        check_status(status)
    with db.read() as session:
        _cohort(session, cohort_id)
        return rows_in(session, db.actor, cohort_id, status, application_id)


def rows_in(
    session: Session,
    panel_member: str,
    cohort_id: int,
    status: str | None = None,
    application_id: int | None = None,
) -> list[ApplicationRow]:
    query = (
        select(Application, Person, Organisation.name)
        .join(Person, Person.id == Application.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Application.cohort_id == cohort_id)
        .order_by(Application.applied_at, Application.id)
    )
    if status is not None:
        query = query.where(Application.status == status)
    if application_id is not None:
        query = query.where(Application.id == application_id)
    criteria = list(
        session.execute(
            select(SelectionCriterion.id, SelectionCriterion.name)
            .where(SelectionCriterion.cohort_id == cohort_id)
            .order_by(SelectionCriterion.position, SelectionCriterion.id)
        )
    )
    values: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    mine: dict[int, dict[int, int]] = defaultdict(dict)
    scorers: dict[int, set[str]] = defaultdict(set)
    score_query = (
        select(Score.application_id, Score.criterion_id, Score.panel_member, Score.value)
        .join(Application, Application.id == Score.application_id)
        .where(Application.cohort_id == cohort_id)
    )
    for app_id, criterion_id, member, value in session.execute(score_query):
        values[app_id][criterion_id].append(value)
        scorers[app_id].add(member)
        if member == panel_member:
            mine[app_id][criterion_id] = value
    rows = []
    for app, person, organisation in session.execute(query):
        given = values.get(app.id, {})
        rows.append(
            ApplicationRow(
                id=app.id,
                person_id=person.id,
                cohort_id=app.cohort_id,
                email=person.email,
                name=spoken_name(person.given_name, person.family_name),
                organisation=organisation or "",
                status=app.status,
                waiting_position=app.waiting_position,
                answers=dict(app.answers or {}),
                applied_at=app.applied_at,
                source=app.source,
                version=app.version,
                letter_status=app.letter_status,
                scores={
                    name: Fraction(sum(given[cid]), len(given[cid])) if given.get(cid) else None
                    for cid, name in criteria
                },
                mine={name: mine[app.id][cid] for cid, name in criteria if cid in mine[app.id]},
                scored_by=len(scorers.get(app.id, ())),
            )
        )
    return rows


def get_application(db: Database, application_id: int) -> ApplicationRow:
    with db.read() as session:
        app = session.get(Application, application_id)
        if app is None:
            raise NotFoundError("That application is no longer in the database; refresh (F5).")
        return rows_in(session, db.actor, app.cohort_id, application_id=application_id)[0]


def application_id_for(db: Database, cohort_id: int, person_id: int) -> int:
    """The id of the person's application to the cohort, or NotFoundError saying so."""
    with db.read() as session:
        found = session.scalar(
            select(Application.id).where(
                Application.cohort_id == cohort_id, Application.person_id == person_id
            )
        )
        if found is None:
            person = session.get(Person, person_id)
            cohort = _cohort(session, cohort_id)
            who = person.email if person else "That person"
            raise NotFoundError(f"{who} has not applied to {cohort.name}.")
        return int(found)


def clean_answers(answers: dict[str, Any]) -> dict[str, str]:
    """Questions and answers as kept: question text tidied, answers with their line breaks."""
    kept: dict[str, str] = {}
    for question, answer in answers.items():
        question_text = clean_text(str(question))
        text = "\n".join(line.rstrip() for line in str(answer or "").strip().splitlines())
        if not question_text or not text:
            continue
        if len(text) > MAX_ANSWER:
            raise ValidationError(
                f"The answer to '{question_text[:60]}' is longer than {MAX_ANSWER:,} "
                "characters; shorten it.",
                field="answers",
            )
        kept[question_text[:500]] = text
    return kept


def window_refusal(cohort: Cohort, day: date) -> str | None:
    """Why an application made on ``day`` is outside the cohort's application window."""
    opens, closes = cohort.applications_open_on, cohort.applications_close_on
    if opens and day < opens:
        return (
            f"Applications to {cohort.name} open on {format_date(opens)}, after "
            f"{format_date(day)}; change the opening date first if it is to be accepted."
        )
    if closes and day > closes:
        return (
            f"Applications to {cohort.name} closed on {format_date(closes)}, before "
            f"{format_date(day)}; change the closing date first if a late application is to "
            "be accepted."
        )
    return None


def existing_application(session: Session, cohort_id: int, person_id: int) -> Application | None:
    return session.scalar(
        select(Application).where(
            Application.cohort_id == cohort_id, Application.person_id == person_id
        )
    )


def repeat_refusal(person: Person, cohort: Cohort, earlier: Application) -> str:
    return (
        f"{person.full_name} ({person.email}) already applied to {cohort.name} on "
        f"{format_date(earlier.applied_at)}; a person applies once, so nothing was added."
    )


def add_application(
    db: Database,
    cohort_id: int,
    person_id: int,
    answers: dict[str, Any] | None = None,
    applied_at: datetime | None = None,
    source: str = "window",
) -> int:
    """Record an application made outside the import (on paper, by e-mail); its id."""
    kept = clean_answers(answers or {})
    moment = applied_at or utcnow()
    with db.write() as session:
        cohort = _cohort(session, cohort_id)
        person = session.get(Person, person_id)
        if person is None or person.erased_at is not None:
            raise NotFoundError("That person is no longer in the database; refresh (F5).")
        earlier = existing_application(session, cohort_id, person_id)
        if earlier is not None:
            raise RefusedError(repeat_refusal(person, cohort, earlier))
        refusal = window_refusal(cohort, to_local(moment).date())
        if refusal:
            raise RefusedError(refusal)
        application = Application(
            person_id=person_id,
            cohort_id=cohort_id,
            status=ApplicationStatus.APPLIED,
            answers=kept,
            applied_at=moment,
            status_changed_at=moment,
            source=source,
        )
        session.add(application)
        session.flush()
        return application.id


def remove_application(db: Database, application_id: int) -> None:
    """Take back an application added by mistake (the undo of adding one by hand): refused
    once it has been scored or has moved on, since that would lose the panel's work."""
    with db.write() as session:
        app = session.get(Application, application_id)
        if app is None:
            return
        scored = session.scalar(select(Score.id).where(Score.application_id == application_id))
        if scored is not None or app.status != ApplicationStatus.APPLIED:
            raise RefusedError(
                f"Application {application_ref(app.id)} has been scored or has a new status "
                "since it was added, so it stays; set its status to withdrawn instead."
            )
        session.delete(app)
