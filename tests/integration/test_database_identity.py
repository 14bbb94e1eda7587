"""A Cohort Desk database is recognised by its application id and exact schema, not by table
names; creating the schema is serialised, so clients opening a new database at once all work."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from alembic import command

from cohort_desk.db.identity import APPLICATION_ID, FINGERPRINTS, is_ours, schema_fingerprint
from cohort_desk.db.migrations import alembic_config, head_revision
from cohort_desk.db.opening import open_database
from cohort_desk.errors import UserError


def _at_revision(path: Path, revision: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_each_revision_has_its_fingerprint(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    found = {}
    for revision in revisions:
        path = tmp_path / f"at-{revision}.db"
        _at_revision(path, revision)
        with sqlite3.connect(path) as connection:
            found[revision] = schema_fingerprint(connection)
    assert found == FINGERPRINTS, f"set FINGERPRINTS in cohort_desk/db/identity.py to {found}"
    # The same schema whichever way it was reached: made new, or upgraded step by step.
    fresh = open_database(str(tmp_path / "fresh.db"))
    fresh.dispose()
    with sqlite3.connect(tmp_path / "fresh.db") as connection:
        assert schema_fingerprint(connection) == FINGERPRINTS[head_revision()]
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_tables_named_like_ours_are_not_ours(tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    with sqlite3.connect(fake) as connection:
        connection.executescript(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);"
            f"INSERT INTO alembic_version VALUES ('{head_revision()}');"
            "CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);"
            "CREATE TABLE audit_entries (id INTEGER PRIMARY KEY);"
        )
        assert is_ours(connection) is None
    with pytest.raises(UserError, match="not a Cohort Desk database"):
        open_database(str(fake))


def test_an_old_database_without_the_id_is_accepted_and_stamped(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    _at_revision(old, "0002")
    with sqlite3.connect(old) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == 0
        assert is_ours(connection) == "0002"
    open_database(str(old)).dispose()
    with sqlite3.connect(old) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert is_ours(connection) == head_revision()


def test_another_programs_application_id_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    open_database(str(other)).dispose()
    with sqlite3.connect(other) as connection:
        connection.execute("PRAGMA application_id = 1234")
    with pytest.raises(UserError, match="not a Cohort Desk database"):
        open_database(str(other))


def test_twelve_clients_opening_a_new_database_at_once_all_succeed(db_url: str) -> None:
    errors: list[str] = []
    start = threading.Barrier(12)

    def client() -> None:
        start.wait()
        try:
            open_database(db_url).dispose()
        except Exception as exc:  # noqa: BLE001 -- every failure is what the test reports
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=client) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    database = open_database(db_url)
    try:
        from cohort_desk.db.migrations import current_revision

        assert current_revision(database) == head_revision()
    finally:
        database.dispose()
