"""Importing twice changes nothing; enrolling on import; undo reverses exactly or refuses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cohort_desk.cli import lookup
from cohort_desk.db.models import Enrolment, ImportBatch, ImportChange
from cohort_desk.errors import NotFoundError, RefusedError
from cohort_desk.services import imports
from cohort_desk.services.attendance.marking import mark
from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.imports.history import list_batches
from cohort_desk.services.people.records import (
    PersonInput,
    create_person,
    find_person,
    update_person,
)
from cohort_desk.services.sessions.records import SessionInput, add_session
from tests.integration.import_files import people_by_email, plain_workbook, snapshot

HEADER = ["Email", "First name", "Surname", "Organisation", "Job title"]


def existing(db) -> None:  # type: ignore[no-untyped-def]
    create_person(
        db,
        PersonInput(
            "Jane",
            "Smith",
            "jane@nhs.net",
            organisation="Lewisham Council",
            job_title="Ward manager",
            phone="020 7000 0000",
        ),
    )


def mixed_file(tmp_path: Path) -> Path:
    return plain_workbook(
        tmp_path / "mixed.xlsx",
        HEADER,
        [
            ["jane@nhs.net", "Jane", "Smith", "Oxleas NHS Foundation Trust", "Matron"],
            ["new.one@nhs.net", "New", "One", "Oxleas NHS Foundation Trust", "Nurse"],
            ["new.two@nhs.net", "New", "Two", "", ""],
        ],
    )


def run(db, path: Path, cohort: str | None = None, **options):  # type: ignore[no-untyped-def]
    if cohort is not None:
        options["cohort_id"] = lookup.cohort_id(db, cohort)  # as the command line does
    plan = imports.plan(db, path, **options)
    return plan, imports.apply(db, plan)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db, tmp_path) -> None:
    existing(db)
    path = mixed_file(tmp_path)
    first, batch = run(db, path)
    assert (first.created, first.updated, batch) == (2, 1, 1)
    after_first = snapshot(db)
    second, again = run(db, path)
    assert (second.created, second.updated, second.unchanged, again) == (0, 0, 3, None)
    assert [r.outcome for r in second.rows] == ["unchanged"] * 3
    # No batch, no audit entry, no version bump: nothing at all was written.
    assert snapshot(db) == after_first
    assert [b.id for b in list_batches(db)] == [1]


def test_batch_records_file_sheet_mapping_counts_and_who(db, tmp_path: Path) -> None:
    path = mixed_file(tmp_path)
    plan, batch_id = run(db, path)
    with db.read() as session:
        batch = session.get(ImportBatch, batch_id)
        assert batch is not None
        assert (batch.file_name, batch.sheet, batch.imported_by) == (
            "mixed.xlsx",
            "Sheet1",
            "tester",
        )
        assert len(batch.file_sha256) == 64 and batch.file_sha256 == plan.file_sha256
        assert batch.mapping == {
            "Email": "email",
            "First name": "given_name",
            "Surname": "family_name",
            "Organisation": "organisation",
            "Job title": "job_title",
        }
        assert batch.counts["created"] == 3 and batch.counts["rows"] == 3
        changes = session.execute(
            select(ImportChange.action, ImportChange.person_id).where(
                ImportChange.batch_id == batch_id
            )
        ).all()
    assert sorted(action for action, _ in changes) == [
        "created",
        "created",
        "created",
        "organisation",
    ]
    # The organisation's row comes first; the people's rows must still name their person.
    assert all(person_id for action, person_id in changes if action == "created")


def test_undo_reverses_an_import_exactly(db, tmp_path: Path) -> None:
    existing(db)
    before = snapshot(db)
    _plan, batch = run(db, mixed_file(tmp_path))
    assert find_person(db, "new.one@nhs.net") is not None
    result = imports.undo(db, batch)
    assert (result.removed, result.restored) == (2, 1)
    after = snapshot(db)
    # Jane's details are back; her version moved on, as any save does.
    jane_before = before["people"]["jane@nhs.net"] | {"version": None}
    assert after["people"]["jane@nhs.net"] | {"version": None} == jane_before
    assert set(after["people"]) == set(before["people"])
    assert after["organisations"] == before["organisations"]  # Oxleas was removed again
    [row] = list_batches(db)
    assert row.undone
    with pytest.raises(RefusedError, match="already undone"):
        imports.undo(db, batch)


def test_undo_of_an_unknown_batch_is_not_found(db) -> None:
    with pytest.raises(NotFoundError, match="no import number 42"):
        imports.undo(db, 42)


def test_undo_refuses_when_a_created_person_has_gained_history(db, tmp_path: Path) -> None:
    _plan, batch = run(db, mixed_file(tmp_path))
    cohort = create_cohort(db, CohortInput(name="SLA Cohort 9"))
    person = find_person(db, "new.two@nhs.net")
    assert person is not None
    enrol_people(db, cohort.id, [person.id], "participant")
    before = snapshot(db)
    with pytest.raises(RefusedError) as caught:
        imports.undo(db, batch)
    assert "New Two (new.two@nhs.net)" in caught.value.message
    assert caught.value.message.endswith("nothing was changed.")
    assert snapshot(db) == before
    assert not list_batches(db)[0].undone


def test_undo_refuses_when_an_updated_field_was_changed_again(db, tmp_path: Path) -> None:
    existing(db)
    _plan, batch = run(db, mixed_file(tmp_path))
    jane = find_person(db, "jane@nhs.net")
    assert jane is not None
    update_person(
        db,
        jane.id,
        PersonInput(
            "Jane",
            "Smith",
            "jane@nhs.net",
            organisation=jane.organisation,
            job_title="Director of nursing",
            phone=jane.phone,
        ),
        jane.version,
    )
    before = snapshot(db)
    with pytest.raises(RefusedError, match=r"Jane Smith \(jane@nhs.net\) had details changed"):
        imports.undo(db, batch)
    assert snapshot(db) == before


def test_import_with_cohort_enrols_everyone_and_undo_removes_only_those(db, tmp_path) -> None:
    existing(db)
    cohort = create_cohort(db, CohortInput(name="SLA Cohort 9"))
    jane = find_person(db, "jane@nhs.net")
    assert jane is not None
    path = mixed_file(tmp_path)
    plan, batch = run(db, path, cohort="sla cohort 9", role="participant")
    assert plan.to_enrol == 3
    with db.read() as session:
        enrolled = session.scalars(
            select(Enrolment.person_id).where(Enrolment.cohort_id == cohort.id)
        ).all()
    assert len(enrolled) == 3 and jane.id in enrolled
    again, nothing = run(db, path, cohort="SLA Cohort 9", role="participant")
    assert (again.to_enrol, nothing) == (0, None)
    imports.undo(db, batch)
    with db.read() as session:
        left = session.scalar(select(func.count()).select_from(Enrolment))
    assert left == 0
    assert set(people_by_email(db)) == {"jane@nhs.net"}


def test_undo_refuses_to_unenrol_someone_with_attendance(db, tmp_path: Path) -> None:
    existing(db)
    cohort = create_cohort(db, CohortInput(name="SLA Cohort 9"))
    _plan, batch = run(db, mixed_file(tmp_path), cohort="SLA Cohort 9")
    meeting = add_session(
        db, cohort.id, SessionInput("Launch", datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    )
    mark(db, meeting.id, {"jane@nhs.net": "present"})
    before = snapshot(db)
    with pytest.raises(RefusedError, match="Jane Smith.*attendance"):
        imports.undo(db, batch)
    assert snapshot(db) == before


def test_existing_people_already_enrolled_are_not_enrolled_twice(db, tmp_path: Path) -> None:
    existing(db)
    cohort = create_cohort(db, CohortInput(name="SLA Cohort 9"))
    jane = find_person(db, "jane@nhs.net")
    assert jane is not None
    enrol_people(db, cohort.id, [jane.id], "participant")
    plan, _batch = run(db, mixed_file(tmp_path), cohort="SLA Cohort 9")
    assert plan.to_enrol == 2
    facilitators, _ = run(db, mixed_file(tmp_path), cohort="SLA Cohort 9", role="facilitator")
    assert facilitators.to_enrol == 3


def test_unknown_cohort_and_role_without_cohort_are_refused_before_reading(db, tmp_path) -> None:
    path = mixed_file(tmp_path)
    with pytest.raises(NotFoundError, match="no cohort called 'Nope'"):
        lookup.cohort_id(db, "Nope")
    with pytest.raises(NotFoundError, match="no longer in the database"):
        imports.plan(db, path, cohort_id=10**6)
    with pytest.raises(Exception, match="cohort"):
        imports.plan(db, path, role="facilitator")


def test_undo_refuses_when_a_created_person_facilitates_a_session(db, tmp_path: Path) -> None:
    # The one statement that asks every table referring to people must see a reference that
    # is neither an enrolment nor made by the import: a session they now facilitate.
    _plan, batch = run(db, mixed_file(tmp_path))
    cohort = create_cohort(db, CohortInput(name="SLA Cohort 9"))
    person = find_person(db, "new.one@nhs.net")
    assert person is not None
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    add_session(db, cohort.id, SessionInput("Launch", start, facilitator_id=person.id))
    before = snapshot(db)
    with pytest.raises(RefusedError, match=r"New One \(new.one@nhs.net\) was added by it"):
        imports.undo(db, batch)
    assert snapshot(db) == before


def test_undo_leaves_the_batch_naming_only_the_people_it_kept(db, tmp_path: Path) -> None:
    existing(db)
    create_cohort(db, CohortInput(name="SLA Cohort 9"))
    _plan, batch = run(db, mixed_file(tmp_path), cohort="SLA Cohort 9", role="participant")
    jane = find_person(db, "jane@nhs.net")
    assert jane is not None
    imports.undo(db, batch)
    with db.read() as session:
        rows = session.execute(
            select(ImportChange.action, ImportChange.person_id, ImportChange.enrolment_id).where(
                ImportChange.batch_id == batch
            )
        ).all()
    # Jane was only updated and is still there; the people and enrolments removed are not.
    assert sorted((a, p, e) for a, p, e in rows if a != "organisation") == [
        ("created", None, None),
        ("created", None, None),
        ("updated", jane.id, None),
    ]


def test_undo_keeps_an_organisation_it_created_that_someone_else_now_belongs_to(
    db, tmp_path: Path
) -> None:
    _plan, batch = run(db, mixed_file(tmp_path))
    create_person(
        db, PersonInput("Ama", "Owusu", "ama@nhs.net", organisation="Oxleas NHS Foundation Trust")
    )
    imports.undo(db, batch)
    after = snapshot(db)
    assert set(after["people"]) == {"ama@nhs.net"}
    assert "Oxleas NHS Foundation Trust" in str(after["organisations"])
