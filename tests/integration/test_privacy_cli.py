"""The privacy commands, driven as an administrator or an acceptance check would drive them."""

from __future__ import annotations

import json

import pytest

from cohort_desk.services import settings
from cohort_desk.services.people.records import PersonInput, create_person, find_person


@pytest.fixture
def jo(db):
    return create_person(db, PersonInput("Jo", "Bloggs", "Jo.Bloggs@nhs.net", phone="07700 900123"))


@pytest.mark.parametrize(
    ("given", "json_name", "pdf_name"),
    [("sar.json", "sar.json", "sar.pdf"), ("sar.pdf", "sar.json", "sar.pdf")],
)
def test_person_export_writes_json_and_pdf(cli, jo, tmp_path, given, json_name, pdf_name):
    result = cli("person", "export", "jo.bloggs@NHS.net", "-o", str(tmp_path / given))
    assert result.code == 0, result.err
    document = json.loads((tmp_path / json_name).read_text(encoding="utf-8"))
    assert document["person"]["phone"] == "07700 900123"
    assert (tmp_path / pdf_name).read_bytes().startswith(b"%PDF")


def test_person_export_json_reports_the_files(cli, jo, tmp_path):
    result = cli("person", "export", "jo.bloggs@nhs.net", "-o", str(tmp_path / "x"), "--json")
    assert result.code == 0
    assert result.json()["pdf"] == str(tmp_path / "x.pdf")
    assert result.json()["records"]["audit_trail"] >= 1


def test_person_export_of_an_unknown_address_is_exit_2(cli, db, tmp_path):
    result = cli("person", "export", "who@nhs.net", "-o", str(tmp_path / "x.json"))
    assert result.code == 2
    assert "who@nhs.net" in result.err and "Traceback" not in result.err


def test_person_erase_needs_yes_without_a_terminal(cli, db, jo):
    refused = cli("person", "erase", "jo.bloggs@nhs.net")
    assert refused.code == 2 and "--yes" in refused.err
    assert find_person(db, "jo.bloggs@nhs.net") is not None


def test_person_erase_with_yes_erases(cli, db, jo):
    done = cli("person", "erase", "jo.bloggs@nhs.net", "--yes", "--json")
    assert done.code == 0, done.err
    assert done.json()["placeholder"] == f"erased-{jo.id}@invalid"
    assert find_person(db, "jo.bloggs@nhs.net") is None
    again = cli("person", "erase", "jo.bloggs@nhs.net", "--yes")
    assert again.code == 2


def test_person_history_lists_changes(cli, jo):
    result = cli("person", "history", "jo.bloggs@nhs.net", "--json")
    assert result.code == 0
    assert result.json()[0]["action"] == "created"


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_audit_export(cli, jo, tmp_path, suffix):
    target = tmp_path / f"audit.{suffix}"
    result = cli("audit", "export", "-o", str(target))
    assert result.code == 0, result.err
    assert target.stat().st_size > 0


def test_audit_export_to_a_wrong_kind_of_file_is_exit_2(cli, jo, tmp_path):
    result = cli("audit", "export", "-o", str(tmp_path / "audit.txt"))
    assert result.code == 2 and ".xlsx or .csv" in result.err


def test_audit_list_with_a_bad_date_is_exit_2(cli, jo):
    result = cli("audit", "list", "--since", "31/02/2026")
    assert result.code == 2 and "February 2026 has 28 days" in result.err


def test_retention_lists_and_anonymises(cli, db, jo):
    listed = cli("retention", "--years", "1", "--json")
    assert listed.code == 0 and listed.json() == []
    # Everyone counts as inactive once the period is long past their last activity.
    from datetime import UTC, datetime

    from sqlalchemy import update

    from cohort_desk.db.models import Person

    with db.write() as session:
        old = datetime(2015, 1, 1, tzinfo=UTC)
        session.execute(update(Person).values(created_at=old, updated_at=old))
    listed = cli("retention", "--years", "5", "--json")
    assert [r["email"] for r in listed.json()] == ["Jo.Bloggs@nhs.net"]
    assert listed.json()[0]["last_activity"] == "2015-01-01"
    refused = cli("retention", "--years", "5", "--anonymise")
    assert refused.code == 2
    done = cli("retention", "--years", "5", "--anonymise", "--yes", "--json")
    assert done.json() == {"anonymised": 1, "skipped": 0}
    assert find_person(db, "jo.bloggs@nhs.net") is None


def test_equality_report_is_refused_while_switched_off(cli, db):
    from cohort_desk.services.cohorts.records import CohortInput, create_cohort

    create_cohort(db, CohortInput("Cohort 1"))
    result = cli("equality", "--cohort", "Cohort 1")
    assert result.code == 1 and "switched off" in result.err
    settings.save(db, {"equality_monitoring": "1"})
    result = cli("equality", "--cohort", "Cohort 1", "--json")
    assert result.code == 0 and result.json()["participants"] == "<5"
