"""Equality monitoring: a person's own answers, recorded only while the preference allows it,
and aggregate reports per cohort where any count below 5 is shown as "<5".

The answers are special-category data: nothing here lists them beside names, and the audit
trail records only that they changed, never what they are (db/audit.py withholds the values).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from sqlalchemy import delete, func, select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Enrolment, EqualityRecord, Person
from cohort_desk.errors import NotFoundError, RefusedError, UserError, ValidationError
from cohort_desk.rules.privacy import (
    EQUALITY_ANSWERS,
    PREFER_NOT_TO_SAY,
    ethnic_group,
    is_valid_answer,
    suppress_small,
)
from cohort_desk.services import settings
from cohort_desk.services.common import cohort_in
from cohort_desk.vocabulary import Role

QUESTIONS = {
    "age_band": "Age band",
    "sex": "Sex",
    "gender_identity": "Gender identity same as sex registered at birth",
    "ethnicity": "Ethnic group",
    "disability": "Disability",
    "sexual_orientation": "Sexual orientation",
    "religion": "Religion or belief",
}
NOT_ANSWERED = "Not answered"
SWITCHED_OFF = (
    "Equality monitoring is switched off; an administrator can switch it on in Preferences."
)


@dataclass(frozen=True)
class EqualityAnswers:
    """One person's answers; "" means not answered. ``objected``: they asked us to hold none."""

    age_band: str = ""
    sex: str = ""
    gender_identity: str = ""
    ethnicity: str = ""
    disability: str = ""
    sexual_orientation: str = ""
    religion: str = ""
    objected: bool = False


ANSWER_FIELDS = tuple(f.name for f in fields(EqualityAnswers) if f.name != "objected")


@dataclass(frozen=True)
class ReportLine:
    question: str
    answer: str
    shown: str  # a count, or "<5"


@dataclass(frozen=True)
class EqualityReport:
    cohort: str
    participants: str  # suppressed too: a cohort of 3 is itself a small number
    lines: list[ReportLine]


def monitoring_enabled(db: Database) -> bool:
    return settings.get(db, "equality_monitoring") == "1"


def _require_enabled(db: Database) -> None:
    if not monitoring_enabled(db):
        raise RefusedError(SWITCHED_OFF)


def get_answers(db: Database, person_id: int) -> EqualityAnswers:
    """The person's own answers, for the dialog that edits them (never for a list)."""
    _require_enabled(db)
    with db.read() as session:
        record = session.scalar(select(EqualityRecord).where(EqualityRecord.person_id == person_id))
        if record is None:
            return EqualityAnswers()
        return EqualityAnswers(
            **{name: getattr(record, name) for name in ANSWER_FIELDS}, objected=record.objected
        )


def record_answers(db: Database, person_id: int, answers: EqualityAnswers) -> None:
    """Save someone's answers (each from the census lists, or blank). An objection clears
    them all and keeps only the fact of the objection, so no one asks again."""
    _require_enabled(db)
    for name in ANSWER_FIELDS:
        if not is_valid_answer(name, getattr(answers, name)):
            raise ValidationError(
                f"'{getattr(answers, name)}' is not one of the answers for "
                f"{QUESTIONS[name].lower()}; choose one from the list.",
                field=name,
            )
    values = {name: "" if answers.objected else getattr(answers, name) for name in ANSWER_FIELDS}
    with db.write() as session:
        person = session.get(Person, person_id)
        if person is None or person.erased_at is not None:
            raise NotFoundError("That person is no longer in the database; refresh the list (F5).")
        record = session.scalar(select(EqualityRecord).where(EqualityRecord.person_id == person_id))
        if record is None:
            record = EqualityRecord(person_id=person_id)
            session.add(record)
        for name, value in values.items():
            setattr(record, name, value)
        record.objected = answers.objected


def clear_answers(db: Database, person_id: int) -> None:
    """Delete someone's answers altogether (allowed even with monitoring switched off)."""
    with db.write() as session:
        session.execute(delete(EqualityRecord).where(EqualityRecord.person_id == person_id))


def _bucket(question: str, answer: str) -> str:
    if not answer:
        return NOT_ANSWERED
    if question == "ethnicity":
        try:
            return ethnic_group(answer)
        except ValueError:
            return NOT_ANSWERED
    return answer


def _categories(question: str) -> list[str]:
    if question == "ethnicity":
        groups = list(dict.fromkeys(ethnic_group(e) for e in EQUALITY_ANSWERS["ethnicity"]))
        return [g for g in groups if g != PREFER_NOT_TO_SAY] + [PREFER_NOT_TO_SAY]
    return list(EQUALITY_ANSWERS[question])


def _suppressed(counts: list[int]) -> list[str]:
    """Small-number suppression plus a secondary cell: with the cohort's size known, a single
    hidden cell could be worked out from the others, so the next smallest is shown only as
    "5+" (true, and no longer enough to subtract from)."""
    shown = [suppress_small(c) for c in counts]
    hidden = [i for i, text in enumerate(shown) if text.startswith("<")]
    others = [i for i in range(len(counts)) if i not in hidden]
    if len(hidden) == 1 and others:
        shown[min(others, key=lambda i: counts[i])] = "5+"
    return shown


def equality_report(db: Database, cohort_id: int) -> EqualityReport:
    """Counts of the cohort's participants by each answer, small numbers suppressed."""
    _require_enabled(db)
    with db.read() as session:
        cohort = cohort_in(session, cohort_id)
        query = (
            select(EqualityRecord)
            .join(Enrolment, Enrolment.person_id == EqualityRecord.person_id)
            .join(Person, Person.id == Enrolment.person_id)
            .where(Enrolment.cohort_id == cohort.id, Enrolment.role == Role.PARTICIPANT)
            .where(Person.erased_at.is_(None))
        )
        records = [r for r in session.scalars(query) if not r.objected]
        participants = session.scalar(
            select(func.count(Enrolment.person_id.distinct())).where(
                Enrolment.cohort_id == cohort.id, Enrolment.role == Role.PARTICIPANT
            )
        )
        name = cohort.name
    lines: list[ReportLine] = []
    total = int(participants or 0)
    for question, label in QUESTIONS.items():
        answers = [_bucket(question, getattr(r, question)) for r in records]
        categories = _categories(question) + [NOT_ANSWERED]
        counts = [answers.count(c) for c in categories]
        counts[-1] += total - len(records)  # no record, or objected: not answered
        for category, text in zip(categories, _suppressed(counts), strict=True):
            lines.append(ReportLine(label, category, text))
    return EqualityReport(name, suppress_small(total), lines)


def export_equality_report(db: Database, cohort_id: int, path: str | os.PathLike[str]) -> None:
    from cohort_desk.sheets.writing import SheetOut, write_csv, write_xlsx

    report = equality_report(db, cohort_id)
    target = Path(path)
    rows = [[line.question, line.answer, line.shown] for line in report.lines]
    headers = ["Question", "Answer", "Participants"]
    if target.suffix.lower() == ".xlsx":
        write_xlsx(target, [SheetOut(f"Equality {report.cohort}"[:31], headers, rows)])
    elif target.suffix.lower() == ".csv":
        write_csv(target, headers, rows)
    else:
        raise UserError("Save the equality report as .xlsx or .csv.")
