"""After `person erase`, the erased person's e-mail and names are in no byte of the database,
its side files or any backup Cohort Desk manages; a backup that cannot be opened is destroyed
and listed. On PostgreSQL the table files are rewritten (their write-ahead log is the server's)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cohort_desk.db import backup as backup_module

ADA = "ada.quietly-unusual@example.org"
SECRETS = (ADA.encode(), b"Adelheid", b"Quietlyunusual")


def _seed(cli, db: str | None = None) -> None:  # type: ignore[no-untyped-def]
    src = Path(os.environ["COHORT_DESK_HOME"]).parent / "people.csv"
    src.write_text(
        "First name,Last name,Email,Notes\n"
        f"Adelheid,Quietlyunusual,{ADA},Adelheid likes tea\n"
        "Bob,Keeper,bob.keeper@example.org,\n",
        encoding="utf-8",
    )
    result = cli("import", str(src), *(["--db", db] if db else []))
    assert result.code == 0, result.err


def _bytes_of(paths: list[Path]) -> bytes:
    return b"".join(p.read_bytes() for p in paths if p.is_file())


def test_erasure_scrubs_every_backup_and_the_live_file(cli, db_url: str) -> None:  # type: ignore[no-untyped-def]
    if "://" in db_url:
        pytest.skip("SQLite files; PostgreSQL has its own test below")
    _seed(cli)
    for _ in range(3):
        assert cli("backup").code == 0  # backups in the folder that hold Adelheid
    live = Path(db_url)
    from cohort_desk.db.opening import open_database

    database = open_database(db_url)
    folder = backup_module.backup_folder(database)
    broken = folder / f"{backup_module._stem(database)}-import-20260101-090000-000000.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000 + ADA.encode())
    database.dispose()
    before = sorted(folder.iterdir())
    assert any(s in _bytes_of(before) for s in SECRETS)

    result = cli("person", "erase", ADA, "--yes")
    assert result.code == 0, result.err
    assert "Erased from 3 backups too" in result.out
    assert broken.name in result.out and "destroyed" in result.out
    assert not broken.exists()
    copies = sorted(folder.iterdir()) + sorted(live.parent.glob(f"{live.name}*"))
    found = _bytes_of(copies)
    for secret in SECRETS:
        assert secret not in found, secret
    people = cli("people", "--json").json()
    assert [p["email"] for p in people] == ["bob.keeper@example.org"]  # type: ignore[index]


def test_erasure_on_postgresql_rewrites_the_table_files(cli, db_url: str) -> None:  # type: ignore[no-untyped-def]
    if "://" not in db_url:
        pytest.skip("needs COHORT_DESK_TEST_PG_URL")
    from sqlalchemy import create_engine, text

    _seed(cli)
    assert cli("person", "erase", ADA, "--yes").code == 0
    engine = create_engine(db_url)
    with engine.connect() as connection:
        data_dir = connection.execute(text("SHOW data_directory")).scalar()
        # Each table that held her, with its indexes and TOAST table.
        relatives = connection.execute(
            text(
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
                "WHERE c.relname IN ('people', 'audit_entries', 'import_changes') "
                "OR c.oid IN (SELECT indexrelid FROM pg_index i JOIN pg_class t "
                "ON t.oid = i.indrelid WHERE t.relname IN ('people', 'audit_entries')) "
                "OR c.oid IN (SELECT reltoastrelid FROM pg_class "
                "WHERE relname IN ('people', 'audit_entries', 'import_changes'))"
            )
        ).scalars()
        files = [Path(data_dir) / r for r in relatives if r]
    engine.dispose()
    if not files or not os.access(files[0], os.R_OK):
        pytest.skip("the server's files are not readable from here")
    found = _bytes_of(files)
    for secret in SECRETS:
        assert secret not in found, secret


def _table_files(db_url: str) -> list[Path]:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as connection:
        data_dir = connection.execute(text("SHOW data_directory")).scalar()
        relatives = connection.execute(
            text(
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
                "WHERE c.relname IN ('people', 'audit_entries', 'import_changes')"
            )
        ).scalars()
        files = [Path(data_dir) / r for r in relatives if r]
    engine.dispose()
    if not files or not os.access(files[0], os.R_OK):
        pytest.skip("the server's files are not readable from here")
    return files


def _reader_holding_a_snapshot(db_url: str, read: str = "SELECT 1"):  # type: ignore[no-untyped-def]
    """Another connection in the middle of a repeatable-read transaction: its snapshot may still
    see the rows about to be erased, so the server keeps their old versions while it is open
    (as another administrator's open work, or autovacuum's ANALYZE, does)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url, isolation_level="REPEATABLE READ")
    connection = engine.connect()
    connection.execute(text(read)).scalar()
    return engine, connection


# A snapshot alone keeps old row versions; reading the table also holds a lock that VACUUM FULL
# waits on.
READERS = pytest.mark.parametrize("read", ["SELECT 1", "SELECT count(*) FROM people"])


@READERS
def test_erasure_on_postgresql_waits_for_an_open_reader(cli, db_url: str, read: str) -> None:  # type: ignore[no-untyped-def]
    if "://" not in db_url:
        pytest.skip("needs COHORT_DESK_TEST_PG_URL")
    import threading

    _seed(cli)
    engine, reader = _reader_holding_a_snapshot(db_url, read)
    ends = threading.Timer(1.5, reader.close)  # the other administrator finishes soon
    ends.start()
    try:
        result = cli("person", "erase", ADA, "--yes", "--json")
    finally:
        ends.join()
        engine.dispose()
    assert result.code == 0, result.err
    assert result.json()["old_versions_cleared"] is True  # type: ignore[index]
    found = _bytes_of(_table_files(db_url))
    for secret in SECRETS:
        assert secret not in found, secret


@READERS
def test_erasure_on_postgresql_says_when_old_versions_stay(  # type: ignore[no-untyped-def]
    cli, db_url: str, monkeypatch, read: str
) -> None:
    if "://" not in db_url:
        pytest.skip("needs COHORT_DESK_TEST_PG_URL")
    from cohort_desk.services.privacy import scrub

    monkeypatch.setattr(scrub, "OLD_VERSIONS_WAIT", 1.0)
    _seed(cli)
    engine, reader = _reader_holding_a_snapshot(db_url, read)
    try:
        result = cli("person", "erase", ADA, "--yes")
    finally:
        reader.close()
        engine.dispose()
    assert result.code == 0, result.err
    assert "Old copies of their rows are still in the database's files" in result.out
    assert cli("people", "--json").json()[0]["email"] == "bob.keeper@example.org"  # type: ignore[index]
