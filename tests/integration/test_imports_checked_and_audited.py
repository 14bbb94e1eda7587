"""Apply checks every record against the preview (issue 12 item 2), and an import's field changes
are audited like hand edits, as is its undo (issue 12 item 10)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cohort_desk.db.models import AuditEntry, ImportBatch
from cohort_desk.services import imports
from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.people.records import (
    PersonInput,
    create_person,
    find_person,
    update_person,
)
from cohort_desk.services.privacy.audit import describe_changes, person_history
from tests.integration.import_files import people_by_email, plain_workbook, snapshot

HEADER = ["Email", "First name", "Surname", "Organisation", "Job title"]


@pytest.fixture
def jane(db):
    return create_person(
        db,
        PersonInput(
            "Jane", "Smith", "jane@nhs.net", organisation="Lewisham Council", job_title="Nurse"
        ),
    )


def sign_ups(tmp_path: Path) -> Path:
    return plain_workbook(
        tmp_path / "sign-ups.xlsx",
        HEADER,
        [
            ["jane@nhs.net", "Jane", "Smith", "Oxleas NHS Foundation Trust", "Matron"],
            ["ade@nhs.net", "Ade", "Bello", "Oxleas NHS Foundation Trust", "Pharmacist"],
        ],
    )


def audit_count(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


# --- issue 12 item 2: the plan is checked against the versions it was made from ----------


def test_a_hand_edit_after_the_preview_is_refused_and_kept(db, jane, tmp_path) -> None:
    plan = imports.plan(db, sign_ups(tmp_path))
    # Minutes pass in the window; someone corrects Jane's job title by hand.
    row = find_person(db, "jane@nhs.net")
    edited = PersonInput(
        row.given_name,
        row.family_name,
        row.email,
        organisation=row.organisation,
        job_title="Ward sister",
    )
    update_person(db, row.id, edited, row.version)
    before, audits = snapshot(db), audit_count(db)
    with pytest.raises(imports.StalePlanError) as caught:
        imports.apply(db, plan)
    assert caught.value.message == (
        "Jane Smith (jane@nhs.net) was changed after this import was previewed (their job "
        "title is now 'Ward sister'); nothing was imported; preview the import again and apply "
        "the new preview."
    )
    assert snapshot(db) == before and audit_count(db) == audits  # nothing written
    assert people_by_email(db)["jane@nhs.net"]["job_title"] == "Ward sister"
    # Planned again, the import shows the file against the hand edit and applies.
    again = imports.plan(db, sign_ups(tmp_path))
    [change] = [r.changes for r in again.rows if r.email == "jane@nhs.net"]
    assert [(c.field, c.before, c.after) for c in change if c.field == "job_title"] == [
        ("job_title", "Ward sister", "Matron")
    ]
    assert imports.apply(db, again) is not None


def test_an_edit_to_a_field_the_file_does_not_set_is_named_too(db, jane, tmp_path) -> None:
    plan = imports.plan(db, sign_ups(tmp_path))
    row = find_person(db, "jane@nhs.net")
    update_person(
        db,
        row.id,
        PersonInput(
            row.given_name,
            row.family_name,
            row.email,
            organisation=row.organisation,
            job_title=row.job_title,
            phone="020 7946 0000",
        ),
        row.version,
    )
    with pytest.raises(imports.StalePlanError, match=r"their phone is now '020 7946 0000'"):
        imports.apply(db, plan)


def test_someone_added_by_hand_after_the_preview_is_named(db, tmp_path) -> None:
    plan = imports.plan(db, sign_ups(tmp_path))
    create_person(db, PersonInput("Adebayo", "Bello", "ade@nhs.net"))
    with pytest.raises(imports.StalePlanError, match=r"^Adebayo Bello \(ade@nhs.net\) was added"):
        imports.apply(db, plan)
    assert people_by_email(db).keys() == {"ade@nhs.net"}


def test_an_enrolment_made_by_hand_after_the_preview_is_refused(db, jane, tmp_path) -> None:
    cohort = create_cohort(db, CohortInput(name="Cohort 6"))
    plan = imports.plan(db, sign_ups(tmp_path), cohort_id=cohort.id)
    enrol_people(db, cohort.id, [jane.id], "participant")
    with pytest.raises(imports.StalePlanError, match="jane@nhs.net was enrolled in this cohort"):
        imports.apply(db, plan)


def test_a_refused_apply_leaves_the_plan_usable(db, jane, tmp_path) -> None:
    """apply works on copies: a plan is never changed by applying it."""
    plan = imports.plan(db, sign_ups(tmp_path))
    people = [replace(p) for p in plan.people]
    imports.apply(db, plan)
    assert [(p.person_id, p.action) for p in plan.people] == [
        (p.person_id, p.action) for p in people
    ]


# --- issue 12 item 10: every field an import changes is audited like a hand edit ------------


def test_import_changes_are_in_the_trail_and_the_persons_history(db, jane, tmp_path) -> None:
    cohort = create_cohort(db, CohortInput(name="Cohort 6"))
    with db.read() as session:
        last = session.scalar(select(func.max(AuditEntry.id)))
    batch = imports.apply(db, imports.plan(db, sign_ups(tmp_path), cohort_id=cohort.id))
    with db.read() as session:
        imported = session.execute(
            select(AuditEntry.record_type, AuditEntry.action, AuditEntry.who).where(
                AuditEntry.record_type != "ImportBatch", AuditEntry.id > last
            )
        ).all()
        organisation_id = session.scalar(
            select(func.max(AuditEntry.record_id)).where(AuditEntry.record_type == "Organisation")
        )
    assert sorted((t, a) for t, a, _who in imported) == [
        ("Enrolment", "created"),
        ("Enrolment", "created"),
        ("Organisation", "created"),
        ("Person", "created"),
        ("Person", "updated"),
    ]
    assert {who for _t, _a, who in imported} == {"tester"}

    history = person_history(db, jane.id)
    updated = next(r for r in history if r.record_type == "Person" and r.action == "updated")
    assert updated.changes == {
        "organisation_id": [jane_organisation(db, "Lewisham Council"), organisation_id],
        "job_title": ["Nurse", "Matron"],
    }
    ade = find_person(db, "ade@nhs.net")
    [created] = [r for r in person_history(db, ade.id) if r.record_type == "Person"]
    assert created.action == "created"
    assert describe_changes(created.changes, "created").startswith(
        "given name: Ade; family name: Bello; email: ade@nhs.net"
    )
    assert batch is not None


def jane_organisation(db, name: str) -> int:
    from cohort_desk.db.models import Organisation

    with db.read() as session:
        return session.scalar(select(Organisation.id).where(Organisation.name == name))


def test_undo_is_audited_and_the_trail_keeps_the_import(db, jane, tmp_path) -> None:
    batch = imports.apply(db, imports.plan(db, sign_ups(tmp_path)))
    ade = find_person(db, "ade@nhs.net")
    imports.undo(db, batch)
    history = person_history(db, jane.id)
    restored = history[0]
    assert (restored.action, restored.changes["job_title"]) == ("updated", ["Matron", "Nurse"])
    with db.read() as session:
        removed = session.execute(
            select(AuditEntry.action, AuditEntry.changes).where(
                AuditEntry.record_type == "Person", AuditEntry.record_id == ade.id
            )
        ).all()
        batches = session.scalar(select(func.count()).select_from(ImportBatch))
    assert [action for action, _c in removed] == ["created", "deleted"]
    assert removed[1][1]["email"] == ["ade@nhs.net", None]
    assert batches == 1


def test_cli_person_history_shows_what_an_import_changed(cli, tmp_path) -> None:
    path = sign_ups(tmp_path)
    assert cli("import", str(path)).code == 0
    history = cli("person", "history", "ade@nhs.net", "--json")
    assert history.code == 0
    [created] = [e for e in history.json() if e["record"] == "Person"]
    assert created["action"] == "created"
    assert created["changes"]["job_title"] == [None, "Pharmacist"]
