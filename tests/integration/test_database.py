"""Opening databases: creation, migration with a backup first, refusing what we cannot use."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from alembic import command
from sqlalchemy import select, text

from cohort_desk.db.migrations import alembic_config, current_revision, head_revision
from cohort_desk.db.models import AuditEntry, Cohort, CohortSession, Programme
from cohort_desk.db.opening import open_database
from cohort_desk.errors import ConflictError, UserError
from cohort_desk.services.people.records import PersonInput, create_person, update_person

sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("COHORT_DESK_TEST_PG_URL")), reason="about SQLite files"
)


def test_a_new_database_is_created_at_the_current_schema(db):
    assert current_revision(db) == head_revision()
    with db.read() as session:
        tables = set(
            session.execute(
                text(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                )
                if not db.is_sqlite
                else text("SELECT name FROM sqlite_master WHERE type = 'table'")
            ).scalars()
        )
    assert {"people", "cohorts", "sessions", "attendance", "certificates"} <= tables


@sqlite_only
def test_sqlite_is_opened_with_foreign_keys_and_wal(db):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@sqlite_only
def test_an_older_database_is_backed_up_then_upgraded(tmp_path, isolated_home):
    path = tmp_path / "old.db"
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    command.upgrade(config, "0001")
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO programmes (name, description, version, created_at, updated_at) "
            "VALUES ('Old programme', '', 1, '2026-01-01', '2026-01-01')"
        )
    database = open_database(str(path))
    assert current_revision(database) == head_revision()
    backups = list((isolated_home / "data" / "backups").glob("old-*-before-upgrade-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert raw.execute("SELECT name FROM programmes").fetchone() == ("Old programme",)
    with database.read() as session:
        assert session.scalar(select(Programme.name)) == "Old programme"
    database.dispose()


@sqlite_only
def test_a_database_from_a_newer_version_is_refused_unchanged(tmp_path):
    path = tmp_path / "newer.db"
    open_database(str(path)).dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()
    with pytest.raises(UserError, match="newer version of Cohort Desk"):
        open_database(str(path))
    assert path.read_bytes() == before


@sqlite_only
@pytest.mark.parametrize(
    ("content", "message"),
    [(b"name,email\nJo,jo@nhs.net\n", "not a Cohort Desk database"), (None, "is a folder")],
)
def test_unusable_files_are_refused_with_a_sentence(tmp_path, content, message):
    path = tmp_path / "thing.db"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        open_database(str(path))


@sqlite_only
def test_a_sqlite_file_with_foreign_tables_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(UserError, match="not a Cohort Desk database"):
        open_database(str(path))


def test_times_are_stored_in_utc_and_come_back_aware(db):
    summer = datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    with db.write() as session:
        programme = Programme(name="P")
        session.add(programme)
        session.flush()
        cohort = Cohort(name="C", programme_id=programme.id)
        session.add(cohort)
        session.flush()
        session.add(CohortSession(cohort_id=cohort.id, title="T", starts_at=summer))
    with db.read() as session:
        stored = session.scalar(select(CohortSession.starts_at))
    assert stored == summer
    assert stored.utcoffset() == timedelta(0)
    assert stored.hour == 8


def test_naive_times_are_refused(db):
    with pytest.raises(Exception, match="naive"):
        with db.write() as session:
            programme = Programme(name="P")
            session.add(programme)
            session.flush()
            cohort = Cohort(name="C", programme_id=programme.id)
            session.add(cohort)
            session.flush()
            session.add(
                CohortSession(cohort_id=cohort.id, title="T", starts_at=datetime(2026, 1, 1, 9, 0))
            )
    with db.read() as session:
        assert session.scalar(select(Programme)) is None  # the whole transaction rolled back


def test_a_stale_edit_is_refused_not_silently_saved(db):
    person = create_person(db, PersonInput("Ada", "Lovelace", "ada@nhs.net"))
    update_person(db, person.id, PersonInput("Ada", "King", "ada@nhs.net"), person.version)
    with pytest.raises(ConflictError, match="changed by someone else"):
        update_person(db, person.id, PersonInput("Ada", "Byron", "ada@nhs.net"), person.version)


def test_every_change_is_in_the_audit_trail_with_who_and_what(db):
    person = create_person(db, PersonInput("Grace", "Hopper", "grace@nhs.net"))
    update_person(
        db, person.id, PersonInput("Grace", "Murray Hopper", "grace@nhs.net"), person.version
    )
    with db.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.record_type == "Person").order_by(AuditEntry.id)
        ).all()
    assert [e.action for e in entries] == ["created", "updated"]
    assert all(e.who == "tester" and e.person_id == person.id for e in entries)
    assert entries[1].changes == {"family_name": ["Hopper", "Murray Hopper"]}


def test_the_fast_path_knows_the_newest_migration():
    from cohort_desk.db.migrations import SCHEMA_HEAD

    # Opening skips Alembic when a database is at SCHEMA_HEAD; a new migration must move it.
    assert SCHEMA_HEAD == head_revision()
