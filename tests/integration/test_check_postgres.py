"""`check` on PostgreSQL: the server-side problems a shared database develops are reported."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.safety.integrity import check_database

pytestmark = pytest.mark.skipif(
    not os.environ.get("COHORT_DESK_TEST_PG_URL"), reason="needs COHORT_DESK_TEST_PG_URL"
)


def test_a_sound_server_database_passes(cli, db):
    create_person(db, PersonInput("Jo", "Bloggs", "jo@nhs.net"))
    report = check_database(db)
    assert report.ok, report.problems
    assert {"record numbering", "indexes", "foreign keys enforced"} <= set(report.checked)
    assert cli("check").code == 0


def test_numbering_left_behind_by_a_copy_is_found(cli, db):
    create_person(db, PersonInput("Jo", "Bloggs", "jo@nhs.net"))
    with db.engine.begin() as connection:
        # What a data copy without its sequences leaves: rows beyond the sequence.
        connection.execute(text("SELECT setval(pg_get_serial_sequence('people', 'id'), 1, false)"))
        connection.execute(
            text(
                "INSERT INTO people (id, given_name, family_name, email, email_key, version, "
                "created_at, updated_at) "
                "VALUES (40, 'A', 'B', 'a@b.org', 'a@b.org', 1, now(), now())"
            )
        )
    result = cli("check", "--json")
    assert result.code == 1
    assert any("numbering" in p and "people" in p for p in result.json()["problems"])
