"""Demo feedback: what a Microsoft Forms evaluation of a few held sessions, and of the first
cohort as a whole, would have brought in, so the evaluation views and the impact pack show
real numbers on the demo.

Written as a feedback import would write it (one ImportBatch of kind "feedback" per form,
answers kept with their scales), so undo, erasure and the summaries treat it like any other
import. Kept apart from data.py, with its own random stream, so the rest of the demo data
stays exactly as it was for a given seed.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from cohort_desk.db.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    FeedbackAnswer,
    FeedbackResponse,
    ImportBatch,
    Person,
)
from cohort_desk.db.types import utcnow
from cohort_desk.rules.dates import local_to_utc
from cohort_desk.vocabulary import AttendanceStatus, Role

_RESPONSES = cast(Table, FeedbackResponse.__table__)
_ANSWERS = cast(Table, FeedbackAnswer.__table__)
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)
FIRST_DAY = -200  # sessions held from about 200 days ago up to yesterday are evaluated
RESPONSE_CHANCE = 0.65
NAMED_CHANCE = 0.7
QUOTE_CHANCE = 0.45

OVERALL = "Overall, how would you rate this session? (1-5)"
RELEVANT = "The session was relevant to my role"
RECOMMEND = "How likely are you to recommend this session to a colleague?"
USEFUL = "Which parts of the session were most useful?"
CHANGE = "What is one thing you will do differently as a result?"
IMPROVE = "What could we improve?"
QUOTE = "May we quote your comments (without your name) in our reports?"
AGREE = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
PARTS = ("Case studies", "Small group work", "Action learning", "Speakers", "Networking")
CHANGES = (
    "Bring the voluntary sector into our discharge meetings from the start.",
    "Ask who is missing from the room before we agree a plan.",
    "Use the stakeholder map with my team next week.",
    "Spend less time in my own organisation's meetings and more in the borough's.",
    "Try the coaching questions in my next one-to-one.",
    "Share our waiting list data with the council before we are asked.",
    "Start each project by asking what matters to the people who use the service.",
)
IMPROVEMENTS = (
    "More time in small groups; the plenary ran long.",
    "Send the reading a week before, not the day before.",
    "The room was cold and the sound was poor at the back.",
    "Fewer slides, more discussion.",
    "A break in the afternoon would help.",
    "Nothing; it was one of the best days of the programme.",
    "Better joining instructions for those online.",
)
# Comments that name the facilitator: shown with "[name]" unless the writer agreed to quotes.
PRAISE = (
    "{name} made the hardest conversation of the day feel safe.",
    "Thank you to {name} for keeping us to time and still letting us go deep.",
)
SESSION_FORM = (OVERALL, RELEVANT, RECOMMEND, USEFUL, CHANGE, IMPROVE, QUOTE)  # column order
WHOLE_COHORT = "SLA Cohort 1 (2025-26)"
COHORT_QUESTIONS = (
    ("Overall, how would you rate the programme? (1-5)", "1-5"),
    ("How likely are you to recommend the Academy to a colleague? (0-10)", "0-10"),
    ("What difference has the programme made to your work?", "text"),
    (QUOTE, "consent"),
)
COHORT_DIFFERENCES = (
    "I now chair a group across three organisations that I would not have joined a year ago.",
    "My team and the council's team share one plan for frailty.",
    "I understand how decisions are made across the system and where to push.",
    "A network of peers I call on every week.",
)


@dataclass(frozen=True)
class _Answer:
    question: str
    scale: str
    value: float | None
    text: str


def add_feedback(session: Session, today: date) -> int:
    """Feedback for the sessions held lately and for the first cohort; returns the responses."""
    rng = random.Random(f"cohort-desk-feedback-{today.isoformat()}")
    since = local_to_utc(today + timedelta(days=FIRST_DAY), datetime.min.time())
    until = local_to_utc(today, datetime.min.time())
    held = session.scalars(
        select(CohortSession)
        .where(CohortSession.starts_at >= since, CohortSession.starts_at < until)
        .order_by(CohortSession.starts_at, CohortSession.id)
    ).all()
    total = 0
    for index, row in enumerate(held):
        if row.cohort.name == "CCPL Winter 2026-27":
            continue
        attendees = list(
            session.scalars(
                select(Attendance.person_id)
                .where(Attendance.session_id == row.id, Attendance.status.in_(ATTENDED))
                .order_by(Attendance.person_id)
            )
        )
        facilitator = session.get(Person, row.facilitator_id) if row.facilitator_id else None
        name = facilitator.given_name if facilitator is not None else "the facilitator"
        quality = (0.6, 0.8, 0.7, 0.9, 0.75)[index % 5]  # how well each session landed
        forms = [
            (pid, _session_answers(rng, quality, name))
            for pid in attendees
            if rng.random() < RESPONSE_CHANCE
        ]
        label = f"Feedback - {row.title} ({row.cohort.name}).xlsx"
        total += _write(
            session, rng, row.cohort_id, row.id, label, row.starts_at, forms, SESSION_FORM
        )
    cohort = session.scalar(select(Cohort).where(Cohort.name == WHOLE_COHORT))
    if cohort is not None and cohort.ends_on is not None and cohort.ends_on < today:
        members = session.scalars(
            select(Enrolment.person_id)
            .where(Enrolment.cohort_id == cohort.id, Enrolment.role == Role.PARTICIPANT)
            .order_by(Enrolment.person_id)
        ).all()
        forms = [(pid, _cohort_answers(rng)) for pid in members if rng.random() < 0.5]
        ended = local_to_utc(cohort.ends_on, datetime.min.time())
        label = f"Programme evaluation ({cohort.name}).xlsx"
        total += _write(
            session,
            rng,
            cohort.id,
            None,
            label,
            ended,
            forms,
            tuple(q for q, _s in COHORT_QUESTIONS),
        )
    return total


def _rating(rng: random.Random, quality: float, low: int, high: int) -> int:
    """A score leaning towards the top of the scale as the session landed well."""
    spread = high - low
    drawn = rng.betavariate(2 + 8 * quality, 1.5 + 2 * (1 - quality))
    return low + min(spread, round(drawn * spread))


def _session_answers(rng: random.Random, quality: float, name: str) -> list[_Answer]:
    overall = _rating(rng, quality, 1, 5)
    relevant = _rating(rng, quality, 1, 5)
    recommend = _rating(rng, quality, 0, 10)
    parts = ";".join(rng.sample(PARTS, rng.randint(1, 3))) + ";"  # as Forms writes them
    answers = [
        _Answer(OVERALL, "1-5", float(overall), str(overall)),
        _Answer(RELEVANT, "1-5", float(relevant), AGREE[relevant - 1]),
        _Answer(RECOMMEND, "0-10", float(recommend), str(recommend)),
        _Answer(USEFUL, "choice", None, parts),
    ]
    if rng.random() < 0.6:
        answers.append(_Answer(CHANGE, "text", None, rng.choice(CHANGES)))
    if rng.random() < 0.45:
        praise = rng.random() < 0.25
        said = rng.choice(PRAISE).format(name=name) if praise else rng.choice(IMPROVEMENTS)
        answers.append(_Answer(IMPROVE, "text", None, said))
    return answers


def _cohort_answers(rng: random.Random) -> list[_Answer]:
    overall = _rating(rng, 0.85, 1, 5)
    recommend = _rating(rng, 0.85, 0, 10)
    (q1, s1), (q2, s2), (q3, s3), _quote = COHORT_QUESTIONS
    answers = [
        _Answer(q1, s1, float(overall), str(overall)),
        _Answer(q2, s2, float(recommend), str(recommend)),
    ]
    if rng.random() < 0.7:
        answers.append(_Answer(q3, s3, None, rng.choice(COHORT_DIFFERENCES)))
    return answers


def _write(
    session: Session,
    rng: random.Random,
    cohort_id: int,
    session_id: int | None,
    file_name: str,
    held: datetime,
    forms: list[tuple[int, list[_Answer]]],
    order: tuple[str, ...],
) -> int:
    """One form's export, imported: its batch, responses and answers."""
    if not forms:
        return 0
    named = [rng.random() < NAMED_CHANCE for _ in forms]
    batch = ImportBatch(
        kind="feedback",
        file_name=file_name,
        file_sha256=hashlib.sha256(file_name.encode("utf-8")).hexdigest(),
        sheet="Sheet1",
        mapping={a.question: a.scale for _pid, answers in forms for a in answers},
        counts={
            "rows": len(forms),
            "responses": len(forms),
            "named": sum(named),
            "anonymous": len(forms) - sum(named),
            "already_imported": 0,
            "skipped": 0,
            "errors": 0,
        },
        cohort_id=cohort_id,
        imported_by="demo",
        imported_at=held + timedelta(days=10),
    )
    session.add(batch)
    session.flush()
    target = f"s{session_id}" if session_id is not None else f"c{cohort_id}"
    now = utcnow()
    responses: list[dict[str, Any]] = []
    consents: list[bool] = []
    for number, ((pid, _answers), is_named) in enumerate(zip(forms, named, strict=True), 1):
        consent = is_named and rng.random() < QUOTE_CHANCE
        consents.append(consent)
        responses.append(
            {
                "batch_id": batch.id,
                "cohort_id": cohort_id,
                "session_id": session_id,
                "person_id": pid if is_named else None,
                "dedupe_key": f"{target}:id:{number}",
                "submitted_at": held + timedelta(hours=rng.randint(2, 96)),
                "consent_to_quote": consent,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    session.execute(insert(_RESPONSES), responses)
    ids = dict(
        session.execute(
            select(_RESPONSES.c.dedupe_key, _RESPONSES.c.id).where(
                _RESPONSES.c.batch_id == batch.id
            )
        ).all()
    )
    rows: list[dict[str, Any]] = []
    for response, (_pid, answers), consent in zip(responses, forms, consents, strict=True):
        quote = _Answer(QUOTE, "consent", 1.0 if consent else 0.0, "Yes" if consent else "No")
        for answer in [*answers, quote]:
            rows.append(
                {
                    "response_id": ids[response["dedupe_key"]],
                    "position": order.index(answer.question),
                    "question": answer.question,
                    "scale": answer.scale,
                    "value": answer.value,
                    "text": answer.text,
                }
            )
    session.execute(insert(_ANSWERS), rows)
    return len(forms)
