"""The audit trail: who changed what about a person, the filtered viewer, and the export."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest

from cohort_desk.errors import UserError
from cohort_desk.services.people.records import PersonInput, create_person, update_person
from cohort_desk.services.privacy.audit import (
    AuditFilter,
    describe_changes,
    export_audit,
    list_audit,
    person_history,
)


def _jo(db):
    return create_person(
        db,
        PersonInput(given_name="Jo", family_name="Bloggs", email="jo@nhs.net", job_title="Nurse"),
    )


def test_person_history_shows_who_changed_which_field_newest_first(db):
    jo = _jo(db)
    db.actor = "Priya (admin)"
    update_person(
        db, jo.id, PersonInput("Jo", "Bloggs", "jo@nhs.net", job_title="Matron"), jo.version
    )
    history = person_history(db, jo.id)
    assert [h.action for h in history] == ["updated", "created"]
    latest = history[0]
    assert latest.who == "Priya (admin)"
    assert latest.record_label == "person"
    assert latest.changes == {"job_title": ["Nurse", "Matron"]}
    assert latest.summary == "job title: Nurse → Matron"
    assert history[1].who == "tester"
    assert "given name: Jo" in history[1].summary
    assert len(latest.when) == len("28/11/2026 09:30")


def test_history_of_one_person_leaves_out_everyone_else(db):
    jo = _jo(db)
    create_person(db, PersonInput("Sam", "Other", "sam@nhs.net"))
    assert {h.person_id for h in person_history(db, jo.id)} == {jo.id}


def test_describe_changes_reads_like_a_sentence():
    assert describe_changes(None) == ""
    assert describe_changes({"phone": ["", "020 7946 0000"]}) == "phone: (blank) → 020 7946 0000"
    assert describe_changes({"notes": ["old", None]}, "deleted") == "notes: old removed"
    assert describe_changes({"active": [True, False]}) == "active: yes → no"
    assert (
        describe_changes({"starts_on": [None, "2026-02-02"]}, "created") == "starts on: 02/02/2026"
    )
    assert describe_changes({"organisation_id": [None, 7]}) == "organisation id: (blank) → 7"


def test_the_viewer_filters_by_who_and_date(db):
    _jo(db)
    db.actor = "someone else"
    create_person(db, PersonInput("Sam", "Other", "sam@nhs.net"))
    assert {r.who for r in list_audit(db, AuditFilter(who="Someone Else"))} == {"someone else"}
    assert list_audit(db, AuditFilter(until=date(2000, 1, 1))) == []
    assert len(list_audit(db, AuditFilter(record_type="person"))) == 2


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_writes_every_entry_oldest_first(db, tmp_path, suffix):
    jo = _jo(db)
    update_person(db, jo.id, PersonInput("Jo", "Bloggs", "jo@nhs.net", job_title="Matron"), 1)
    target = tmp_path / f"audit{suffix}"
    assert export_audit(db, target) == 2
    if suffix == ".xlsx":
        rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    else:
        with target.open(encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    assert list(rows[0][:5]) == ["When", "Who", "Record", "Record id", "Action"]
    assert [r[4] for r in rows[1:]] == ["created", "updated"]
    assert rows[2][6] == "job title: Nurse → Matron"


def test_export_refuses_a_format_it_cannot_write(db, tmp_path):
    with pytest.raises(UserError, match=r"\.xlsx or \.csv"):
        export_audit(db, tmp_path / "audit.pdf")


def test_a_new_record_is_traced_to_its_own_id(db):
    jo = _jo(db)
    created = person_history(db, jo.id)[-1]
    assert (created.action, created.record_id) == ("created", jo.id)
