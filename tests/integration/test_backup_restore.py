"""Restore: only sound Cohort Desk backups go in, the current contents are saved first, and the
quick check on open finds damage and the newest good backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from cohort_desk.db import backup
from cohort_desk.db.migrations import alembic_config, current_revision, head_revision
from cohort_desk.db.opening import open_database
from cohort_desk.errors import Cancelled, UserError
from cohort_desk.services.people.records import PersonInput, create_person, find_person
from cohort_desk.services.privacy.audit import AuditFilter, list_audit
from cohort_desk.services.progress import Progress
from cohort_desk.services.safety import backups
from cohort_desk.services.safety.integrity import check_database


@pytest.fixture
def sqlite_db(tmp_path: Path):
    database = open_database(str(tmp_path / "academy.db"))
    database.actor = "tester"
    create_person(database, PersonInput("Jo", "Bloggs", "jo@nhs.net"))
    yield database
    database.dispose()


@pytest.fixture
def big_db(tmp_path: Path):
    """Enough pages that damage in the middle hits real data."""
    from cohort_desk.services.demo.data import load_demo

    database = open_database(str(tmp_path / "big.db"))
    load_demo(database, people=300, seed=3)
    yield database
    database.dispose()


def _emails(db) -> set[str]:
    from cohort_desk.services.people.records import list_people

    return {p.email for p in list_people(db)}


def corrupt(path: Path) -> None:
    """Scribble over pages in the middle of the file, as a failing disk or share would."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2 - (size // 2) % 4096)
        handle.write(b"\xff" * 8192)


def test_restore_brings_back_the_backup_and_keeps_the_replaced_contents(sqlite_db, tmp_path):
    saved = backups.backup_now(sqlite_db, tmp_path / "monday.db")
    create_person(sqlite_db, PersonInput("Sam", "Later", "sam@nhs.net"))

    result = backups.restore(sqlite_db, saved)

    assert _emails(sqlite_db) == {"jo@nhs.net"}
    assert result.people == 1
    assert result.previous_saved_as is not None
    with sqlite3.connect(result.previous_saved_as) as connection:
        kept = {row[0] for row in connection.execute("SELECT email FROM people")}
    assert kept == {"jo@nhs.net", "sam@nhs.net"}
    assert check_database(sqlite_db).ok
    restored = list_audit(sqlite_db, AuditFilter(record_type="Database"))
    assert restored[0].action == "restored" and restored[0].who == "tester"
    assert restored[0].changes["from"] == str(saved)


def test_other_open_connections_see_the_restored_contents(sqlite_db, tmp_path):
    colleague = open_database(str(sqlite_db.file))
    saved = backups.backup_now(sqlite_db, tmp_path / "monday.db")
    create_person(sqlite_db, PersonInput("Sam", "Later", "sam@nhs.net"))
    assert find_person(colleague, "sam@nhs.net") is not None
    backups.restore(sqlite_db, saved)
    assert find_person(colleague, "sam@nhs.net") is None
    colleague.dispose()


def test_an_older_backup_is_brought_up_to_date_on_restore(sqlite_db, tmp_path):
    old = tmp_path / "old.db"
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{old}")
    base = ScriptDirectory.from_config(config).get_base()
    command.upgrade(config, base)
    result = backups.restore(sqlite_db, old)
    assert current_revision(sqlite_db) == head_revision()
    assert result.upgraded == (base != head_revision())
    assert _emails(sqlite_db) == set()
    assert check_database(sqlite_db).ok


def _refused(db, file: Path, match: str) -> None:
    before = _emails(db)
    with pytest.raises(UserError, match=match):
        backups.restore(db, file)
    assert _emails(db) == before
    assert not list(db.file.parent.glob(".*restore*"))


def test_a_file_that_is_not_a_database_is_refused(sqlite_db, tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("name,email\nJo,jo@nhs.net\n")
    _refused(sqlite_db, text, "not a Cohort Desk backup")


def test_a_missing_file_is_refused(sqlite_db, tmp_path):
    _refused(sqlite_db, tmp_path / "gone.db", "does not exist")


def test_a_damaged_backup_is_refused(sqlite_db, big_db, tmp_path):
    saved = backups.backup_now(big_db, tmp_path / "damaged.db")
    corrupt(saved)
    _refused(sqlite_db, saved, "damaged")


def test_another_programs_database_is_refused(sqlite_db, tmp_path):
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
    _refused(sqlite_db, foreign, "not a Cohort Desk backup")


def test_a_backup_from_a_newer_version_is_refused(sqlite_db, tmp_path):
    newer = backups.backup_now(sqlite_db, tmp_path / "newer.db")
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    _refused(sqlite_db, newer, "newer version")


def test_the_open_database_cannot_be_restored_over_itself(sqlite_db):
    _refused(sqlite_db, sqlite_db.file, "database you have open")


def test_cancel_before_replacing_changes_nothing(sqlite_db, tmp_path):
    saved = backups.backup_now(sqlite_db, tmp_path / "monday.db")
    create_person(sqlite_db, PersonInput("Sam", "Later", "sam@nhs.net"))
    progress = Progress(lambda done, _total, _text: progress.cancel() if done == 0 else None)
    with pytest.raises(Cancelled):
        backups.restore(sqlite_db, saved, progress)
    assert _emails(sqlite_db) == {"jo@nhs.net", "sam@nhs.net"}


def test_the_quick_check_on_open_finds_damage_and_offers_the_newest_good_backup(big_db):
    sqlite_db = big_db
    assert backups.quick_check_on_open(sqlite_db) == []
    good = backup.backup_before(sqlite_db, "import")
    newer_but_damaged = backup.backup_before(sqlite_db, "import")
    corrupt(newer_but_damaged)
    sqlite_db.dispose()
    corrupt(sqlite_db.file)

    problems = backups.quick_check_on_open(sqlite_db)

    assert problems and all(isinstance(p, str) for p in problems)
    offered = backups.newest_good_backup(sqlite_db)
    assert offered is not None and offered.path == good
    backups.restore(sqlite_db, offered.path)
    assert backups.quick_check_on_open(sqlite_db) == []
    assert check_database(sqlite_db).ok


def test_no_backups_means_nothing_to_offer(sqlite_db):
    assert backups.newest_good_backup(sqlite_db) is None


# The command line ---------------------------------------------------------------------------


def test_cli_backup_then_restore_with_yes(cli, sqlite_db, tmp_path):
    db = str(sqlite_db.file)
    target = tmp_path / "copy.db"
    done = cli("backup", "-o", str(target), db=db)
    assert done.code == 0 and target.exists()
    create_person(sqlite_db, PersonInput("Sam", "Later", "sam@nhs.net"))
    restored = cli("restore", str(target), "--yes", "--json", db=db)
    assert restored.code == 0, restored.err
    assert restored.json()["people"] == 1
    assert _emails(sqlite_db) == {"jo@nhs.net"}


def test_cli_restore_without_a_terminal_or_yes_refuses_and_changes_nothing(
    cli, sqlite_db, tmp_path
):
    target = backups.backup_now(sqlite_db, tmp_path / "copy.db")
    create_person(sqlite_db, PersonInput("Sam", "Later", "sam@nhs.net"))
    refused = cli("restore", str(target), db=str(sqlite_db.file))
    assert refused.code == 2
    assert "--yes" in refused.err and "Traceback" not in refused.err
    assert _emails(sqlite_db) == {"jo@nhs.net", "sam@nhs.net"}


def test_cli_restore_of_a_bad_file_is_one_sentence_and_exit_2(cli, sqlite_db, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00" * 100)
    result = cli("restore", str(bad), "--yes", db=str(sqlite_db.file))
    assert result.code == 2
    assert result.err.startswith("Error: bad.db is not a Cohort Desk backup")
    assert result.err.count("\n") == 1


def test_cli_lists_backups(cli, sqlite_db):
    backup.backup_before(sqlite_db, "import")
    listed = cli("backups", "--json", db=str(sqlite_db.file))
    assert listed.code == 0
    # The command itself is the first start of the day, so it adds the day's backup.
    assert sorted(b["kind"] for b in listed.json()["backups"]) == ["Before import", "Daily"]
