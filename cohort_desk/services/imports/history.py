"""The list of past imports, oldest first, for the history screen and `cohort-desk imports`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, ImportBatch


@dataclass(slots=True)
class BatchRow:
    id: int
    file_name: str
    sheet: str
    when: datetime
    who: str
    created: int
    updated: int
    enrolled: int
    cohort: str
    role: str
    undone_at: datetime | None
    kind: str = "people"  # or "feedback": a form's responses (services.evaluation)
    responses: int = 0  # feedback responses added

    @property
    def what(self) -> str:
        return "Feedback" if self.kind == "feedback" else "People"

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


def list_batches(db: Database) -> list[BatchRow]:
    query = (
        select(ImportBatch, Cohort.name)
        .outerjoin(Cohort, Cohort.id == ImportBatch.cohort_id)
        .order_by(ImportBatch.imported_at, ImportBatch.id)
    )
    with db.read() as session:
        return [
            BatchRow(
                id=batch.id,
                file_name=batch.file_name,
                sheet=batch.sheet,
                when=batch.imported_at,
                who=batch.imported_by,
                created=int((batch.counts or {}).get("created", 0)),
                updated=int((batch.counts or {}).get("updated", 0)),
                enrolled=int((batch.counts or {}).get("enrolled", 0)),
                cohort=cohort or "",
                role=batch.role,
                undone_at=batch.undone_at,
                kind=batch.kind,
                responses=int((batch.counts or {}).get("responses", 0)),
            )
            for batch, cohort in session.execute(query)
        ]
