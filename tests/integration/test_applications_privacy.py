"""An applicant's answers and the panel's notes are theirs: a subject access export includes
them, and erasure clears them (and their history in the audit trail)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Application, AuditEntry, Score
from cohort_desk.services.applications import criteria, intake, records
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.privacy.rights import erase_person, export_subject_access
from tests.integration.application_files import applicant, forms_export


def _applied(db: Database, tmp_path: Path) -> records.ApplicationRow:
    cohort = create_cohort(db, CohortInput(name="SLA 5", places=10, starts_on=date(2099, 1, 1)))
    path = forms_export(tmp_path / "f.xlsx", [applicant(1, why="My mother was a carer.")])
    intake.apply_applications(db, intake.plan_applications(db, path, cohort.id))
    (row,) = records.list_applications(db, cohort.id)
    criterion = criteria.add_criterion(db, cohort.id, "Commitment")
    criteria.record_score(db, row.id, criterion.id, 4, "Moving personal story")
    return row


def test_subject_access_includes_applications_and_scores(db: Database, tmp_path: Path) -> None:
    row = _applied(db, tmp_path)
    export_subject_access(db, row.person_id, tmp_path / "sar.json")
    document = json.loads((tmp_path / "sar.json").read_text(encoding="utf-8"))
    (application,) = document["applications"]
    assert "My mother was a carer." in application["answers"]
    (score,) = document["selection_scores"]
    assert (score["criterion"], score["score"], score["note"]) == (
        "Commitment",
        4,
        "Moving personal story",
    )


def test_erasure_clears_answers_and_notes(db: Database, tmp_path: Path) -> None:
    row = _applied(db, tmp_path)
    erase_person(db, row.person_id)
    with db.read() as session:
        assert session.scalar(select(Application.answers)) == {}
        assert session.scalar(select(Score.note)) == ""
        trail = json.dumps(
            list(
                session.scalars(
                    select(AuditEntry.changes).where(AuditEntry.person_id == row.person_id)
                )
            )
        )
    assert "My mother was a carer." not in trail and "Moving personal story" not in trail
