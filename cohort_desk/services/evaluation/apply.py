"""Apply a feedback plan in one transaction (one ImportBatch of kind "feedback"), and undo it.

Responses and answers go in with Core statements, which the audit listener does not see: the
trail records the import as one event with its counts, never the comments themselves, so a
comment's words are kept in one place only (where erasure can reach them).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from cohort_desk.db.audit import record_event
from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Cohort,
    CohortSession,
    FeedbackAnswer,
    FeedbackResponse,
    ImportBatch,
)
from cohort_desk.db.types import utcnow
from cohort_desk.services.evaluation.plan import FeedbackPlan
from cohort_desk.services.imports.apply import backup_first
from cohort_desk.services.imports.freshness import StalePlanError
from cohort_desk.services.progress import NO_PROGRESS, Progress

log = logging.getLogger(__name__)
KIND = "feedback"
CHUNK = 500
_RESPONSES = cast(Table, FeedbackResponse.__table__)
_ANSWERS = cast(Table, FeedbackAnswer.__table__)
_AGAIN = "nothing was imported; preview the import again and apply the new preview"


def apply_feedback(
    db: Database, plan: FeedbackPlan, progress: Progress = NO_PROGRESS
) -> int | None:
    """Add the plan's new responses; returns the batch id, or None when every response was
    imported before (then nothing at all is written)."""
    new = plan.new
    if not new:
        return None
    backup_first(db, "import")
    with db.write() as session:
        target = plan.target
        if session.get(Cohort, target.cohort_id) is None or (
            target.session_id is not None and session.get(CohortSession, target.session_id) is None
        ):
            raise StalePlanError(f"The {target.label} was removed after the preview; {_AGAIN}.")
        taken = session.scalar(
            select(func.count())
            .select_from(_RESPONSES)
            .where(_RESPONSES.c.dedupe_key.in_([r.key for r in new]))
        )
        if taken:
            raise StalePlanError(
                f"Someone imported some of these responses after the preview; {_AGAIN}."
            )
        batch = ImportBatch(
            kind=KIND,
            file_name=plan.file_name,
            file_sha256=plan.file_sha256,
            sheet=plan.sheet,
            mapping={q.heading: q.scale for q in plan.questions},
            counts=plan.counts(),
            cohort_id=target.cohort_id,
            imported_by=db.actor,
        )
        session.add(batch)
        session.flush()
        now = utcnow()
        for start in range(0, len(new), CHUNK):
            chunk = new[start : start + CHUNK]
            rows = [
                {
                    "batch_id": batch.id,
                    "cohort_id": target.cohort_id,
                    "session_id": target.session_id,
                    "person_id": r.person_id,
                    "dedupe_key": r.key,
                    "submitted_at": r.submitted,
                    "consent_to_quote": r.consent,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for r in chunk
            ]
            session.execute(insert(_RESPONSES), rows)
            ids = dict(
                session.execute(
                    select(_RESPONSES.c.dedupe_key, _RESPONSES.c.id).where(
                        _RESPONSES.c.dedupe_key.in_([r.key for r in chunk])
                    )
                ).all()
            )
            answers: list[dict[str, Any]] = [
                {
                    "response_id": ids[r.key],
                    "position": a.position,
                    "question": a.question[:500],
                    "scale": a.scale,
                    "value": a.value,
                    "text": a.text,
                }
                for r in chunk
                for a in r.answers
            ]
            if answers:
                session.execute(insert(_ANSWERS), answers)
            progress.step(start + len(chunk), len(new), "Adding responses…")
        record_event(
            session,
            "ImportBatch",
            batch.id,
            "imported feedback",
            {"file": plan.file_name, "about": target.label, **plan.counts()},
        )
        log.info("feedback import %s of %s: %s", batch.id, plan.file_name, plan.counts())
        return int(batch.id)


@dataclass(frozen=True)
class FeedbackUndo:
    batch_id: int
    file_name: str
    removed: int


def undo_feedback(session: Session, batch: ImportBatch) -> FeedbackUndo:
    """Remove every response the batch added, in the caller's write transaction: nothing
    else refers to a response, so a feedback import can always be undone exactly."""
    ids = list(session.scalars(select(_RESPONSES.c.id).where(_RESPONSES.c.batch_id == batch.id)))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(delete(_ANSWERS).where(_ANSWERS.c.response_id.in_(chunk)))
        session.execute(delete(_RESPONSES).where(_RESPONSES.c.id.in_(chunk)))
    batch.undone_at = utcnow()
    record_event(session, "ImportBatch", batch.id, "undone", {"responses removed": len(ids)})
    return FeedbackUndo(batch.id, batch.file_name, len(ids))
