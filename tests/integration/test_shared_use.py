"""Several administrators on one database: no silent overwrites (optimistic locking, on SQLite
and PostgreSQL), a plain "someone else is saving" when SQLite is busy, and a warning about
SQLite files on network drives."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import select, text

from cohort_desk.db import engine as engine_module
from cohort_desk.db import location
from cohort_desk.db.models import Person
from cohort_desk.db.opening import open_database
from cohort_desk.errors import ConflictError
from cohort_desk.services.people.records import (
    PersonInput,
    create_person,
    get_person,
    list_people,
    update_person,
)

sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("COHORT_DESK_TEST_PG_URL")), reason="about SQLite files"
)


@pytest.fixture
def two_admins(db, db_url):
    """Priya and Sam, each with their own connection to the same database."""
    priya = db
    priya.actor = "priya"
    sam = open_database(db_url)
    sam.actor = "sam"
    yield priya, sam
    sam.dispose()


def _edit(row, **changes):
    values = {
        "given_name": row.given_name,
        "family_name": row.family_name,
        "email": row.email,
        "job_title": row.job_title,
        "phone": row.phone,
    }
    values.update(changes)
    return PersonInput(**values)


def test_a_save_over_someone_elses_newer_save_is_refused(two_admins):
    priya, sam = two_admins
    create_person(priya, PersonInput("Jo", "Bloggs", "jo@nhs.net", job_title="Nurse"))
    seen_by_priya = get_person(priya, 1)
    seen_by_sam = get_person(sam, 1)

    update_person(sam, 1, _edit(seen_by_sam, job_title="Matron"), seen_by_sam.version)
    with pytest.raises(ConflictError, match="changed by someone else") as caught:
        update_person(priya, 1, _edit(seen_by_priya, phone="0207"), seen_by_priya.version)

    assert "reload" in caught.value.message
    now = get_person(priya, 1)
    assert (now.job_title, now.phone) == ("Matron", "")
    assert now.version == seen_by_priya.version + 1


def test_after_reloading_the_second_save_goes_through(two_admins):
    priya, sam = two_admins
    create_person(priya, PersonInput("Jo", "Bloggs", "jo@nhs.net"))
    update_person(sam, 1, _edit(get_person(sam, 1), job_title="Matron"), 1)
    fresh = get_person(priya, 1)
    update_person(priya, 1, _edit(fresh, phone="0207"), fresh.version)
    assert (get_person(sam, 1).job_title, get_person(sam, 1).phone) == ("Matron", "0207")


def test_the_version_column_catches_an_overwrite_inside_one_unit_of_work(two_admins):
    """Even code that skips the service's version check cannot overwrite: the UPDATE itself
    carries the version, so the database refuses a stale row."""
    priya, sam = two_admins
    create_person(priya, PersonInput("Jo", "Bloggs", "jo@nhs.net"))
    with priya.read() as session:
        stale = session.get(Person, 1)  # loaded, then the session ends (as a screen would)
    update_person(sam, 1, _edit(get_person(sam, 1), job_title="Matron"), 1)
    with pytest.raises(ConflictError, match="reload"):
        with priya.write() as session:
            mine = session.merge(stale, load=False)
            mine.job_title = "Nurse"
    assert get_person(sam, 1).job_title == "Matron"


@sqlite_only
def test_a_second_writer_while_the_first_is_saving_gets_a_plain_sentence(db_url, monkeypatch):
    first = open_database(db_url)
    # A short busy timeout keeps the test quick; the app waits BUSY_TIMEOUT_MS (8 s).
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    second = open_database(db_url)
    try:
        with first.write() as session:
            session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the write lock is held
            with pytest.raises(ConflictError) as caught:
                create_person(second, PersonInput("Sam", "Second", "sam@nhs.net"))
        assert caught.value.message == (
            "Someone else is saving to the database just now; try again in a moment."
        )
        create_person(second, PersonInput("Sam", "Second", "sam@nhs.net"))  # lock released
        assert [p.email for p in list_people(first)] == ["sam@nhs.net"]
    finally:
        first.dispose()
        second.dispose()


def test_two_people_saving_at_once_both_get_their_work_saved(db_url):
    """Short transactions and the busy timeout: writers wait their turn, nothing is lost."""
    admins = [open_database(db_url) for _ in range(2)]
    failures: list[BaseException] = []

    def work(index: int) -> None:
        try:
            for n in range(25):
                create_person(
                    admins[index], PersonInput("P", f"{index}-{n}", f"p{index}.{n}@x.org")
                )
        except BaseException as exc:  # reported below, on the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert failures == []
        with admins[0].read() as session:
            assert len(session.scalars(select(Person.id)).all()) == 50
    finally:
        for admin in admins:
            admin.dispose()


@sqlite_only
def test_a_database_on_a_network_drive_warns_and_points_to_postgresql(tmp_path, monkeypatch, cli):
    monkeypatch.setattr(location, "is_network_path", lambda path: True)
    path = tmp_path / "on-share.db"
    database = open_database(str(path))
    try:
        assert len(database.warnings) == 1
        assert "network drive" in database.warnings[0]
        assert "PostgreSQL" in database.warnings[0]
        with database.engine.connect() as connection:
            # WAL needs shared memory, which network file systems do not give reliably.
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() != "wal"
    finally:
        database.dispose()
    result = cli("check", db=str(path))
    assert result.code == 0
    assert result.err.startswith("Warning: This database is on a network drive")


@sqlite_only
def test_a_local_database_gives_no_warning(db):
    assert db.warnings == []
