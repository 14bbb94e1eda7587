"""Files Cohort Desk makes are private (0600, folders 0700), and the audit trail's "who" is the
account the system says is running, not an environment variable anyone can set."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cohort_desk.db.opening import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
pwd = pytest.importorskip("pwd", reason="POSIX user accounts")  # absent on Windows


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_database_wal_backups_and_logs_are_private(tmp_path: Path, isolated_home: Path) -> None:
    old = os.umask(0o022)  # the usual default, under which files came out 0644
    try:
        from cohort_desk.db.backup import backup_before
        from cohort_desk.logging_setup import setup_logging

        db_file = tmp_path / "office.db"
        database = open_database(str(db_file))
        with database.write() as session:  # a write makes the -wal and -shm files
            session.connection().exec_driver_sql("SELECT 1")
        saved = backup_before(database, "import")
        assert saved is not None
        log_file = setup_logging()
        for path in [db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm"), saved]:
            if path.exists():
                assert _mode(path) == 0o600, path
        if log_file is not None:
            assert _mode(log_file) == 0o600
        assert _mode(saved.parent) == 0o700
        assert _mode(isolated_home / "data") == 0o700
        database.dispose()
    finally:
        os.umask(old)


def test_who_is_the_system_account_not_logname(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LOGNAME", "dr.who")
    monkeypatch.setenv("USER", "dr.who")
    monkeypatch.setenv("USERNAME", "dr.who")
    database = open_database(str(tmp_path / "who.db"))
    try:
        assert database.actor == pwd.getpwuid(os.getuid()).pw_name
        assert "dr.who" not in database.actor
    finally:
        database.dispose()


def test_who_on_postgresql_names_the_database_role(db) -> None:  # type: ignore[no-untyped-def]
    from cohort_desk.db.actor import os_account

    fresh = open_database(db.url.render_as_string(hide_password=False))
    try:
        if fresh.is_sqlite:
            assert fresh.actor == os_account()
        else:
            with fresh.engine.connect() as connection:
                role = connection.exec_driver_sql("SELECT current_user").scalar()
            assert fresh.actor == f"{os_account()} (role {role})"
    finally:
        fresh.dispose()


def test_check_warns_when_others_can_read_the_database(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    db_file = tmp_path / "open.db"
    assert cli("check", db=str(db_file)).code == 0
    assert "Warning" not in cli("check", db=str(db_file)).err
    db_file.chmod(0o644)
    result = cli("check", db=str(db_file))
    assert result.code == 0 and "Other accounts on this computer can read open.db" in result.err
