"""Feedback and people's rights: what a subject access export shows of someone's feedback,
and what erasure leaves of it.

Erasure keeps a person's ratings as anonymous counts (the evaluation figures stay true) but
blanks their free-text answers and their leave to be quoted, and takes their name out of
everyone else's comments: once their name is gone from the database, display-time redaction
could no longer find it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from cohort_desk.db.models import (
    Cohort,
    CohortSession,
    FeedbackAnswer,
    FeedbackResponse,
    Person,
)
from cohort_desk.rules import feedback as F
from cohort_desk.rules.redaction import KnownNames, remove_names


def feedback_given(session: Session, pid: int) -> list[dict[str, Any]]:
    """Their named responses, one line per answer, for the subject access export."""
    query = (
        select(FeedbackAnswer, FeedbackResponse, CohortSession.title, Cohort.name)
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
        .join(Cohort, Cohort.id == FeedbackResponse.cohort_id)
        .outerjoin(CohortSession, CohortSession.id == FeedbackResponse.session_id)
        .where(FeedbackResponse.person_id == pid)
        .order_by(FeedbackResponse.id, FeedbackAnswer.position)
    )
    return [
        {
            "about": title or f"{cohort} (the whole cohort)",
            "submitted_at": response.submitted_at,
            "question": answer.question,
            "answer": answer.text if answer.value is None else f"{answer.value:g}",
            "consent_to_quote": response.consent_to_quote,
        }
        for answer, response, title, cohort in session.execute(query)
    ]


def erase_from_feedback(session: Session, person: Person) -> None:
    """Before ``person``'s identity is replaced: blank their comments, withdraw their leave to
    be quoted, and take their name out of every other comment."""
    own = select(FeedbackResponse.id).where(FeedbackResponse.person_id == person.id)
    session.execute(
        update(FeedbackAnswer)
        .where(FeedbackAnswer.response_id.in_(own), FeedbackAnswer.scale == F.TEXT)
        .values(text="")
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(FeedbackResponse)
        .where(FeedbackResponse.person_id == person.id)
        .values(consent_to_quote=False, version=FeedbackResponse.version + 1)
        .execution_options(synchronize_session=False)
    )
    names = [n for n in (person.given_name, person.family_name, person.preferred_name) if n]
    full = f"{person.given_name} {person.family_name}"
    if not names:
        return
    mentions = select(FeedbackAnswer.id, FeedbackAnswer.text).where(
        FeedbackAnswer.scale == F.TEXT,
        or_(*(FeedbackAnswer.text.contains(name, autoescape=True) for name in names)),
    )
    changed = [
        {"id": answer_id, "text": remove_names(text, KnownNames(), [*names, full])}
        for answer_id, text in session.execute(mentions)
    ]
    if changed:
        session.execute(update(FeedbackAnswer), changed)
