"""The whole selection journey through the services, on SQLite or PostgreSQL
(COHORT_DESK_TEST_PG_URL): import applications, shortlist, score, offer more places than there
are and be refused, decline, the waiting list proposes the next, accept enrols."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Application, AuditEntry, Enrolment, Person, Score
from cohort_desk.errors import ConflictError, RefusedError
from cohort_desk.services import imports
from cohort_desk.services.applications import criteria, intake, offers, records, statuses
from cohort_desk.services.applications.places import places_of
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from tests.integration.application_files import applicant, forms_export


@pytest.fixture
def cohort(db: Database) -> int:
    row = create_cohort(
        db,
        CohortInput(
            name="SLA Cohort 3 (2027-28)",
            starts_on=date(2099, 9, 1),
            places=3,
            applications_open_on=date(2027, 1, 1),
            applications_close_on=date(2027, 1, 31),
        ),
    )
    return row.id


def _import(db: Database, cohort: int, path: Path) -> tuple[intake.ApplicationsPlan, int | None]:
    plan = intake.plan_applications(db, path, cohort)
    return plan, intake.apply_applications(db, plan)


def _by_email(db: Database, cohort: int) -> dict[str, records.ApplicationRow]:
    return {r.email: r for r in records.list_applications(db, cohort)}


def test_the_whole_journey(db: Database, cohort: int, tmp_path: Path) -> None:
    people = [applicant(i) for i in range(1, 9)]
    late = applicant(99, sent=datetime(2027, 2, 3, 10, 0))
    again = applicant(1, why="A second go", sent=datetime(2027, 1, 20, 9, 0))
    plan, batch = _import(db, cohort, forms_export(tmp_path / "forms.xlsx", [*people, late, again]))

    # Eight applications; the late one is an error row, the second from applicant1 a repeat.
    assert batch is not None and len(plan.applications) == 8
    assert [(r.row, r.outcome) for r in plan.rows if r.outcome != "new"] == [
        (10, "error"),
        (11, "repeat"),
    ]
    assert "closed on 31/01/2027" in plan.errors[0].message
    assert plan.left_out == ["Ethnic group"]  # equality data never sits beside a name
    apps = _by_email(db, cohort)
    first = apps["applicant1@nhs.net"]
    assert first.answers["Why do you want to join the Academy?"] == (
        "To lead across the system.\nReason number 1."
    )
    assert "Ethnic group" not in first.answers and first.status == "applied"

    # The same file again is nothing but repeats: nothing is written.
    again_plan, again_batch = _import(db, cohort, tmp_path / "forms.xlsx")
    assert again_batch is None and len(again_plan.repeats) == 9

    # Criteria and the panel's scores; applicant1 is waiting, 2..7 shortlisted.
    commitment = criteria.add_criterion(db, cohort, "Commitment to system working", (1, 5))
    impact = criteria.add_criterion(db, cohort, "Impact on patients", (1, 5))
    for email in [f"applicant{i}@nhs.net" for i in range(2, 8)]:
        statuses.set_status(db, apps[email].id, "shortlisted")
    statuses.set_status(db, apps["applicant1@nhs.net"].id, "waiting")
    marks = {2: (3, 3), 3: (5, 4), 4: (4, 4), 5: (4, 4), 6: (2, 2), 7: (1, 5)}
    for number, (a, b) in marks.items():
        app_id = apps[f"applicant{number}@nhs.net"].id
        criteria.record_score(db, app_id, commitment.id, a, "clear examples")
        criteria.record_score(db, app_id, impact.id, b)
    # A second panel member scores applicant 6 higher: the mean counts.
    criteria.record_score(db, apps["applicant6@nhs.net"].id, commitment.id, 4, panel_member="bob")
    six = _by_email(db, cohort)["applicant6@nhs.net"]
    assert six.scores["Commitment to system working"] == 3 and six.total == 5
    with pytest.raises(Exception, match="from 1 to 5"):
        criteria.record_score(db, six.id, commitment.id, 6)

    # More offers than places: refused in one sentence, nothing changed.
    with pytest.raises(RefusedError, match="only 3 free places.*offer at most 3"):
        offers.plan_offers(db, cohort, 4)
    assert _by_email(db, cohort)["applicant1@nhs.net"].status == "waiting"

    # Three offers: the waiting list first, then by total; 4 and 5 tie on 8, 4 applied first.
    plan_three = offers.plan_offers(db, cohort)
    assert [r.email for r in plan_three.chosen] == [
        "applicant1@nhs.net",
        "applicant3@nhs.net",
        "applicant4@nhs.net",
    ]
    assert any(
        "Applicant4 Tester4 and Applicant5 Tester5 both total 8" in t for t in plan_three.order.ties
    )
    offers.make_offers(db, plan_three)
    assert places_of(db, cohort).free == 0
    with pytest.raises(RefusedError, match="All 3 places"):
        offers.plan_offers(db, cohort, 1)
    with pytest.raises(RefusedError, match="All 3 places"):
        statuses.set_status(db, apps["applicant5@nhs.net"].id, "offered")

    # Applicant 5 goes on the waiting list (at the end: number 1, the list being empty now).
    waiting = statuses.set_status(db, apps["applicant5@nhs.net"].id, "waiting")
    assert waiting.waiting_position == 1
    statuses.set_status(db, apps["applicant2@nhs.net"].id, "waiting")
    assert _by_email(db, cohort)["applicant2@nhs.net"].waiting_position == 2

    # A decline frees a place: the first on the waiting list is proposed, not offered.
    declined = statuses.set_status(db, apps["applicant3@nhs.net"].id, "declined")
    assert declined.place_freed
    proposed = offers.proposal(db, cohort)
    assert proposed is not None and proposed.email == "applicant5@nhs.net"
    assert _by_email(db, cohort)["applicant5@nhs.net"].status == "waiting"
    offers.offer_proposed(db, proposed)
    now = _by_email(db, cohort)
    assert now["applicant5@nhs.net"].status == "offered"
    assert now["applicant2@nhs.net"].waiting_position == 1  # moved up, no gap
    assert offers.proposal(db, cohort) is None

    # Accepting enrols; undoing the acceptance takes the enrolment away again.
    accepted = statuses.set_status(db, apps["applicant4@nhs.net"].id, "accepted")
    with db.read() as session:
        enrolment = session.scalar(
            select(Enrolment).where(Enrolment.person_id == accepted.person_id)
        )
        assert enrolment is not None and enrolment.status == "enrolled"
        assert enrolment.role == "participant"
    statuses.undo_status(db, accepted)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Enrolment)) == 0
    statuses.redo_status(db, accepted)

    # An enrolled person who withdraws before the start frees the place: proposed again.
    statuses.set_status(db, apps["applicant4@nhs.net"].id, "withdrawn")
    with db.read() as session:
        assert session.scalar(select(Enrolment.status)) == "withdrawn"
    assert offers.proposal(db, cohort).email == "applicant2@nhs.net"  # type: ignore[union-attr]

    # Every change is in the audit trail, by the account that made it.
    with db.read() as session:
        kinds = set(
            tuple(r) for r in session.execute(select(AuditEntry.record_type, AuditEntry.action))
        )
        assert {
            ("Application", "created"),
            ("Application", "updated"),
            ("Score", "created"),
        } <= kinds
        assert {("Enrolment", "created"), ("Enrolment", "deleted")} <= kinds
        assert set(session.scalars(select(AuditEntry.who))) == {"tester"}

    # Scored applications keep the import from being undone; nothing changes.
    with pytest.raises(RefusedError, match="cannot be undone"):
        imports.undo(db, batch)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 8


def test_undo_import_removes_the_applications_and_new_people(
    db: Database, cohort: int, tmp_path: Path
) -> None:
    _plan, batch = _import(
        db, cohort, forms_export(tmp_path / "f.xlsx", [applicant(1), applicant(2)])
    )
    assert batch is not None
    result = imports.undo(db, batch)
    assert result.removed == 2
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 0
        assert session.scalar(select(func.count()).select_from(Person)) == 0
        deleted = session.scalars(
            select(AuditEntry.record_type).where(AuditEntry.action == "deleted")
        ).all()
        assert deleted.count("Application") == 2


def test_one_application_per_person(db: Database, cohort: int, tmp_path: Path) -> None:
    _import(db, cohort, forms_export(tmp_path / "f.xlsx", [applicant(1)]))
    person = _by_email(db, cohort)["applicant1@nhs.net"].person_id
    with pytest.raises(RefusedError, match="already applied to SLA Cohort 3"):
        records.add_application(
            db, cohort, person, {"Why?": "again"}, datetime(2027, 1, 9).astimezone()
        )


def test_a_hand_application_outside_the_window_is_refused(db: Database, cohort: int) -> None:
    with db.write() as session:
        session.add(
            Person(
                given_name="Ama", family_name="Owusu", email="ama@nhs.net", email_key="ama@nhs.net"
            )
        )
    with db.read() as session:
        person = session.scalar(select(Person.id))
    assert person is not None
    with pytest.raises(RefusedError, match="closed on 31/01/2027"):
        records.add_application(db, cohort, person, {}, datetime(2027, 2, 2, 12).astimezone())
    app_id = records.add_application(
        db, cohort, person, {"Why": "Paper form"}, datetime(2027, 1, 9, 12).astimezone()
    )
    records.remove_application(db, app_id)  # the undo of adding it
    assert records.list_applications(db, cohort) == []


def test_offers_to_the_shortlisted_wait_for_every_score(
    db: Database, cohort: int, tmp_path: Path
) -> None:
    _import(db, cohort, forms_export(tmp_path / "f.xlsx", [applicant(1), applicant(2)]))
    apps = _by_email(db, cohort)
    for row in apps.values():
        statuses.set_status(db, row.id, "shortlisted")
    with pytest.raises(RefusedError, match="no selection criteria"):
        offers.plan_offers(db, cohort)
    criterion = criteria.add_criterion(db, cohort, "Commitment", (1, 5))
    criteria.record_score(db, apps["applicant1@nhs.net"].id, criterion.id, 4)
    with pytest.raises(RefusedError, match="Applicant2 Tester2 is shortlisted but has no score"):
        offers.plan_offers(db, cohort)
    with pytest.raises(RefusedError, match="Only 2 people"):
        offers.plan_offers(db, cohort, 3)


def test_status_changes_that_make_no_sense_are_refused(
    db: Database, cohort: int, tmp_path: Path
) -> None:
    _import(db, cohort, forms_export(tmp_path / "f.xlsx", [applicant(1)]))
    app = _by_email(db, cohort)["applicant1@nhs.net"]
    with pytest.raises(RefusedError, match="Only an offer can be accepted"):
        statuses.set_status(db, app.id, "accepted")
    with pytest.raises(RefusedError, match="already applied"):
        statuses.set_status(db, app.id, "applied")
    with pytest.raises(ConflictError):
        statuses.set_status(db, app.id, "shortlisted", expected_status="waiting")


def test_scores_are_kept_per_panel_member_and_undone(
    db: Database, cohort: int, tmp_path: Path
) -> None:
    _import(db, cohort, forms_export(tmp_path / "f.xlsx", [applicant(1)]))
    app = _by_email(db, cohort)["applicant1@nhs.net"]
    criterion = criteria.add_criterion(db, cohort, "Commitment", (1, 5))
    first = criteria.record_score(db, app.id, criterion.id, 2, "thin")
    second = criteria.record_score(db, app.id, criterion.id, 4, "better on reflection")
    assert first.value is None and second.value == 2
    criteria.restore_score(db, second)
    assert [(s.value, s.note) for s in criteria.scores_of(db, app.id)] == [(2, "thin")]
    criteria.restore_score(db, first)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Score)) == 0
    with pytest.raises(RefusedError, match="cannot be removed"):
        criteria.record_score(db, app.id, criterion.id, 3)
        criteria.remove_criterion(db, criterion.id)
