"""Equality monitoring: only with the switch on, never beside names, reported with "<5"."""

from __future__ import annotations

import pytest

from cohort_desk.cli import lookup
from cohort_desk.errors import RefusedError, ValidationError
from cohort_desk.rules.privacy import PREFER_NOT_TO_SAY
from cohort_desk.services import settings
from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.privacy.audit import export_audit, person_history
from cohort_desk.services.privacy.equality import (
    EqualityAnswers,
    _suppressed,
    equality_report,
    export_equality_report,
    get_answers,
    record_answers,
)

WHITE_BRITISH = "White: English, Welsh, Scottish, Northern Irish or British"
INDIAN = "Asian, Asian British or Asian Welsh: Indian"


@pytest.fixture
def cohort(db):
    settings.save(db, {"equality_monitoring": "1"})
    create_cohort(db, CohortInput("Cohort 7"))
    ids = [create_person(db, PersonInput(f"P{n}", "Person", f"p{n}@nhs.net")).id for n in range(12)]

    enrol_people(db, lookup.cohort_id(db, "Cohort 7"), ids, "participant")
    return ids


def test_nothing_is_recorded_while_the_switch_is_off(db):
    jo = create_person(db, PersonInput("Jo", "Bloggs", "jo@nhs.net"))
    with pytest.raises(RefusedError, match="switched off"):
        record_answers(db, jo.id, EqualityAnswers(sex="Female"))
    with pytest.raises(RefusedError, match="switched off"):
        get_answers(db, jo.id)


def test_answers_are_saved_and_read_back_for_that_person(db, cohort):
    record_answers(db, cohort[0], EqualityAnswers(sex="Female", ethnicity=INDIAN))
    assert get_answers(db, cohort[0]) == EqualityAnswers(sex="Female", ethnicity=INDIAN)
    assert get_answers(db, cohort[1]) == EqualityAnswers()


def test_an_answer_not_on_the_list_is_refused_naming_the_field(db, cohort):
    with pytest.raises(ValidationError) as caught:
        record_answers(db, cohort[0], EqualityAnswers(religion="Jedi"))
    assert caught.value.field == "religion"


def test_an_objection_keeps_no_answers(db, cohort):
    record_answers(db, cohort[0], EqualityAnswers(sex="Male", objected=True))
    assert get_answers(db, cohort[0]) == EqualityAnswers(objected=True)


def test_the_audit_trail_says_answers_changed_but_never_what_they_are(db, cohort, tmp_path):
    record_answers(db, cohort[0], EqualityAnswers(sex="Female", religion="Sikh"))
    entry = person_history(db, cohort[0])[0]
    assert entry.record_label == "equality monitoring" and entry.changes is None
    export_audit(db, tmp_path / "audit.csv")
    assert "Sikh" not in (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")


def test_the_people_list_never_carries_equality_answers(cli, db, cohort):
    record_answers(db, cohort[0], EqualityAnswers(sex="Female", religion="Sikh"))
    listed = cli("people", "--json")
    assert listed.code == 0
    assert "Sikh" not in listed.out and "religion" not in listed.out


def test_the_cohort_report_suppresses_small_counts(db, cohort):
    for index, pid in enumerate(cohort):
        sex = "Female" if index < 7 else "Male" if index < 10 else PREFER_NOT_TO_SAY
        ethnicity = WHITE_BRITISH if index < 6 else INDIAN
        record_answers(db, pid, EqualityAnswers(sex=sex, ethnicity=ethnicity))
    report = equality_report(db, lookup.cohort_id(db, "cohort 7"))
    lines = {(line.question, line.answer): line.shown for line in report.lines}
    assert report.participants == "12"
    assert lines[("Sex", "Female")] == "7"
    assert lines[("Sex", "Male")] == "<5"
    assert lines[("Sex", PREFER_NOT_TO_SAY)] == "<5"
    assert lines[("Ethnic group", "White")] == "6"
    assert lines[("Ethnic group", "Asian, Asian British or Asian Welsh")] == "6"
    assert lines[("Age band", "Not answered")] == "12"
    assert all(shown == "<5" or shown == "5+" or int(shown) >= 5 for shown in lines.values())


def test_a_lone_hidden_count_cannot_be_worked_out_from_the_total():
    assert _suppressed([20, 3, 7]) == ["20", "<5", "5+"]
    assert _suppressed([20, 3, 0]) == ["20", "<5", "<5"]


def test_the_report_exports_as_a_spreadsheet(db, cohort, tmp_path):
    record_answers(db, cohort[0], EqualityAnswers(sex="Female"))
    export_equality_report(db, lookup.cohort_id(db, "Cohort 7"), tmp_path / "eq.csv")
    text = (tmp_path / "eq.csv").read_text(encoding="utf-8-sig")
    assert "Question,Answer,Participants" in text and "p0@nhs.net" not in text
