"""Decision letters through the mail merge, on SQLite or PostgreSQL (COHORT_DESK_TEST_PG_URL):
an offer, waiting-list or regret draft for exactly those whose status changed since their last
letter; all of them written and recorded, or none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cohort_desk.db.engine import Database
from cohort_desk.errors import ConflictError, RefusedError, UserError
from cohort_desk.services.applications import intake, records, statuses
from cohort_desk.services.applications.letters import letters_due, plan_letters, write_letters
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.communications.history import written_to
from cohort_desk.services.communications.templates import list_templates
from tests.integration.application_files import applicant, forms_export
from tests.integration.mail_data import body_of, read_eml

COHORT = "SLA Cohort 3 (2027-28)"


@pytest.fixture
def apps(db: Database, tmp_path: Path) -> dict[str, records.ApplicationRow]:
    cohort = create_cohort(db, CohortInput(name=COHORT, starts_on=date(2099, 9, 1), places=1))
    path = forms_export(tmp_path / "forms.xlsx", [applicant(i) for i in range(1, 6)])
    intake.apply_applications(db, intake.plan_applications(db, path, cohort.id))
    return {r.name.split()[0]: r for r in records.list_applications(db, cohort.id)}


def _set(db: Database, app: records.ApplicationRow, *steps: str) -> None:
    for status in steps:
        statuses.set_status(db, app.id, status)


def test_letters_go_to_exactly_those_whose_decision_changed(
    db: Database, apps: dict[str, records.ApplicationRow], tmp_path: Path
) -> None:
    cohort = apps["Applicant1"].cohort_id
    _set(db, apps["Applicant1"], "shortlisted", "offered")
    _set(db, apps["Applicant2"], "shortlisted", "waiting")
    _set(db, apps["Applicant3"], "shortlisted")  # no decision yet: no letter
    _set(db, apps["Applicant4"], "not-selected")
    _set(db, apps["Applicant5"], "not-selected")
    plan = plan_letters(db, cohort)
    assert plan.summary() == "1 offer letter, 1 waiting-list letter and 2 regret letters"
    folder = tmp_path / "letters"
    result = write_letters(db, plan, folder)
    assert sorted(p.name for p in result.files) == [
        "Applicant1 Tester1 - offer-letter.eml",
        "Applicant2 Tester2 - waiting-list-letter.eml",
        "Applicant4 Tester4 - regret-letter.eml",
        "Applicant5 Tester5 - regret-letter.eml",
    ]
    offer = read_eml(folder / "Applicant1 Tester1 - offer-letter.eml")
    assert offer["To"] == "Applicant1 Tester1 <applicant1@nhs.net>"
    assert "would like to offer you a place" in body_of(offer)
    assert f"reference is {apps['Applicant1'].ref}." in body_of(offer)
    waiting = body_of(read_eml(folder / "Applicant2 Tester2 - waiting-list-letter.eml"))
    assert "where you are number 1." in " ".join(waiting.split())
    regret = body_of(read_eml(folder / "Applicant4 Tester4 - regret-letter.eml"))
    assert "not been able to offer you a place" in " ".join(regret.split())
    assert [w.template for w in written_to(db, apps["Applicant4"].person_id)] == ["regret-letter"]

    # Nothing changed since: nothing is due, said in one sentence.
    assert letters_due(db, cohort) == []
    with pytest.raises(RefusedError, match="No decision letters are due for SLA Cohort 3"):
        plan_letters(db, cohort)

    # The offer is declined (no letter for that); the place goes to the waiting list, whose
    # first person now has an offer to be told of, and only they.
    _set(db, apps["Applicant1"], "declined")
    _set(db, apps["Applicant2"], "offered")
    assert [(d.name, d.status, d.told) for d in letters_due(db, cohort)] == [
        ("Applicant2 Tester2", "offered", "waiting")
    ]
    again = write_letters(db, plan_letters(db, cohort), folder)
    assert [p.name for p in again.files] == ["Applicant2 Tester2 - offer-letter.eml"]


def test_a_change_after_planning_writes_nothing(
    db: Database, apps: dict[str, records.ApplicationRow], tmp_path: Path
) -> None:
    cohort = apps["Applicant1"].cohort_id
    _set(db, apps["Applicant4"], "not-selected")
    _set(db, apps["Applicant5"], "not-selected")
    plan = plan_letters(db, cohort)
    _set(db, apps["Applicant5"], "shortlisted")  # the panel thought again
    with pytest.raises(ConflictError, match="Applicant5 Tester5's application changed"):
        write_letters(db, plan, tmp_path / "letters")
    assert not any((tmp_path / "letters").glob("*.eml"))
    assert written_to(db, apps["Applicant4"].person_id) == []
    assert [d.name for d in letters_due(db, cohort)] == ["Applicant4 Tester4"]


def test_a_draft_already_in_the_folder_is_kept(
    db: Database, apps: dict[str, records.ApplicationRow], tmp_path: Path
) -> None:
    cohort = apps["Applicant1"].cohort_id
    _set(db, apps["Applicant4"], "not-selected")
    (tmp_path / "Applicant4 Tester4 - regret-letter.eml").write_bytes(b"mine")
    with pytest.raises(UserError, match="exists in .* already; choose an empty folder"):
        write_letters(db, plan_letters(db, cohort), tmp_path)
    assert (tmp_path / "Applicant4 Tester4 - regret-letter.eml").read_bytes() == b"mine"
    assert len(letters_due(db, cohort)) == 1
    write_letters(db, plan_letters(db, cohort), tmp_path, overwrite=True)
    assert letters_due(db, cohort) == []


def test_the_three_letters_are_built_in_templates(db: Database) -> None:
    rows = {r.name: r for r in list_templates(db)}
    for name in ("offer-letter", "waiting-list-letter", "regret-letter"):
        assert rows[name].built_in and "Decision letter" in rows[name].description
