"""Automatic backups: once a day, before risky work, rotated, in the folder the user chose."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cohort_desk.db import backup, backup_sets
from cohort_desk.db.engine import Database
from cohort_desk.db.opening import open_database
from cohort_desk.errors import ValidationError
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.safety import backups


@pytest.fixture
def sqlite_db(tmp_path: Path):
    """Backups to files are a SQLite matter, whatever database the suite runs against."""
    database = open_database(str(tmp_path / "academy.db"))
    database.actor = "tester"
    create_person(database, PersonInput("Jo", "Bloggs", "jo@nhs.net"))
    yield database
    database.dispose()


def _people_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT email FROM people ORDER BY id")]


def test_the_first_start_of_the_day_backs_up_and_later_starts_do_not(sqlite_db, isolated_home):
    first = backup.daily_backup_if_due(sqlite_db, date(2026, 11, 28))
    key = backup_sets.set_key(sqlite_db)
    assert first == isolated_home / "data" / "backups" / f"academy-{key}-daily-20261128.db"
    assert _people_in(first) == ["jo@nhs.net"]
    assert backup.daily_backup_if_due(sqlite_db, date(2026, 11, 28)) is None
    assert backup.daily_backup_if_due(sqlite_db, date(2026, 11, 29)).name.endswith("1129.db")


def test_a_backup_is_one_self_contained_file_even_from_a_wal_database(sqlite_db):
    path = backup.backup_before(sqlite_db, "import")
    key = backup_sets.set_key(sqlite_db)
    assert path is not None and f"academy-{key}-import-" in path.name
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not path.with_name(path.name + "-wal").exists()
    assert not list(path.parent.glob("*.partial"))


def test_backups_taken_while_someone_else_is_writing_are_consistent(sqlite_db, tmp_path):
    other = open_database(str(sqlite_db.file))
    with other.write() as session:
        from cohort_desk.db.models import Person

        session.add(
            Person(given_name="Half", family_name="Done", email="h@x.org", email_key="h@x.org")
        )
        session.flush()
        # The writer has not committed: the backup holds the database as it was before.
        path = backup.backup_sqlite(sqlite_db, tmp_path / "during.db")
    other.dispose()
    assert _people_in(path) == ["jo@nhs.net"]


def _touch(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(b"SQLite format 3\x00")
    return path


def test_rotation_keeps_fourteen_daily_and_a_month_of_event_backups(sqlite_db, isolated_home):
    folder = backup.backup_folder(sqlite_db)
    today = date(2026, 11, 28)
    for days in range(20):
        _touch(folder, f"academy-daily-{today - timedelta(days=days):%Y%m%d}.db")
    recent = _touch(folder, f"academy-import-{datetime(2026, 11, 1, 9):%Y%m%d-%H%M%S-%f}.db")
    old = _touch(folder, f"academy-restore-{datetime(2026, 10, 20, 9):%Y%m%d-%H%M%S-%f}.db")
    other_db = _touch(folder, "other-daily-20200101.db")
    someone_elses = _touch(folder, "holiday photos.db")

    removed = backup.rotate_backups(sqlite_db, today)

    dailies = sorted(p.name for p in folder.glob("academy-daily-*.db"))
    assert len(dailies) == 14
    assert dailies[0] == f"academy-daily-{today - timedelta(days=13):%Y%m%d}.db"
    assert recent.exists() and not old.exists()
    assert other_db.exists() and someone_elses.exists()
    assert len(removed) == 7


def test_the_chosen_backup_folder_is_used_and_remembered(sqlite_db, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    backups.set_backup_folder(sqlite_db, str(share))
    assert backups.backup_folder(sqlite_db) == share.resolve()
    made = backups.backup_now(sqlite_db)
    assert made.parent == share.resolve()
    assert [row.path for row in backups.list_backups(sqlite_db)] == [made]
    assert backups.list_backups(sqlite_db)[0].kind == "Backup now"


def test_a_folder_that_does_not_exist_is_refused(sqlite_db, tmp_path):
    with pytest.raises(ValidationError, match="does not exist") as caught:
        backups.set_backup_folder(sqlite_db, str(tmp_path / "nowhere"))
    assert caught.value.field == "backup_folder"


def test_an_offline_backup_share_does_not_stop_a_backup_before_an_import(
    sqlite_db, tmp_path, isolated_home
):
    share = tmp_path / "share"
    share.mkdir()
    backups.set_backup_folder(sqlite_db, str(share))
    share.rmdir()
    share.write_text("the share is gone and a file sits in its place")
    path = backup.backup_before(sqlite_db, "import")
    assert path is not None and path.parent == isolated_home / "data" / "backups"


def test_postgres_has_no_file_backups(monkeypatch, sqlite_db):
    monkeypatch.setattr(Database, "file", property(lambda self: None))
    assert backup.backup_before(sqlite_db, "import") is None
    assert backup.daily_backup_if_due(sqlite_db) is None
    with pytest.raises(Exception, match="pg_dump"):
        backups.backup_now(sqlite_db)
