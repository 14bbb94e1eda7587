"""Restore as the fault campaign attacked it: look-alike files, a damaged live database, another
program writing, and a crash at each step; plus backups keyed by database and bounded in number
and size."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cohort_desk.db import backup as backup_module
from cohort_desk.db import restore as restore_module
from cohort_desk.db.migrations import head_revision
from cohort_desk.db.opening import open_database
from cohort_desk.errors import ConflictError

ADA, BOB = "ada.lovelace@example.org", "bob.babbage@example.org"


def _import(cli, db: Path, *emails: str) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(f"{e.split('.')[0].title()},Person,{e}\n" for e in emails)
    src = db.with_name(f"people-{len(emails)}.csv")
    src.write_text("First name,Last name,Email\n" + rows, encoding="utf-8")
    assert cli("import", str(src), db=str(db)).code == 0


def _emails(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [r[0] for r in connection.execute("SELECT email FROM people ORDER BY id")]


def _backup(cli, db: Path, target: Path) -> Path:  # type: ignore[no-untyped-def]
    result = cli("backup", "-o", str(target), db=str(db))
    assert result.code == 0, result.err
    return target


@pytest.fixture
def live(tmp_path: Path, cli) -> Path:  # type: ignore[no-untyped-def]
    db = tmp_path / "office.db"
    _import(cli, db, ADA, BOB)
    return db


def test_a_file_with_our_table_names_is_not_restored(live: Path, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "lookalike.db"
    with sqlite3.connect(fake) as connection:
        connection.executescript(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);"
            f"INSERT INTO alembic_version VALUES ('{head_revision()}');"
            "CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);"
            "CREATE TABLE audit_entries (id INTEGER PRIMARY KEY);"
        )
    result = cli("restore", str(fake), "--yes", db=str(live))
    assert result.code == 2 and "not a Cohort Desk backup" in result.err, result.err
    assert _emails(live) == [ADA, BOB]
    assert cli("people", "--json", db=str(live)).code == 0


def test_restore_works_when_the_live_database_cannot_be_opened(live: Path, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    saved = _backup(cli, live, tmp_path / "monday.db")
    for side in ("-wal", "-shm"):
        Path(f"{live}{side}").unlink(missing_ok=True)
    data = bytearray(live.read_bytes())
    data[0:100] = b"\x13" * 100  # the header, and with it the schema's root, is gone
    live.write_bytes(bytes(data))
    assert cli("people", db=str(live)).code == 2  # refused in a sentence, not a traceback
    result = cli("restore", str(saved), "--yes", db=str(live))
    assert result.code == 0, result.err
    assert _emails(live) == [ADA, BOB]
    assert cli("check", db=str(live)).code == 0


def test_restore_offers_the_newest_good_backup_from_the_command_line(live: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("backup", db=str(live)).code == 0  # an automatic-style backup in the folder
    _import(cli, live, "carol.c@example.org")
    assert cli("restore", db=str(live)).code == 2  # no terminal and no --yes: nothing changes
    assert len(_emails(live)) == 3
    result = cli("restore", "--latest", "--yes", db=str(live))
    assert result.code == 0, result.err
    assert "newest good backup" in result.out
    assert _emails(live) == [ADA, BOB]


@pytest.mark.skipif(
    sys.platform != "linux", reason="db/holders.py names the holder from /proc, on Linux only"
)
def test_restore_waits_a_bounded_time_then_says_who_holds_the_database(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(str(live))
    saved = backup_module.backup_sqlite(database, tmp_path / "copy.db")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(live)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); c.execute('DELETE FROM audit_entries')\n"
            "print('holding', flush=True); time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr(restore_module, "WAIT_FOR_WRITERS_S", 1.0)
        started = time.monotonic()
        with pytest.raises(ConflictError) as refused:
            restore_module.restore_sqlite(database, saved)
        assert time.monotonic() - started < 30
        assert f"process {holder.pid}" in refused.value.message
    finally:
        holder.kill()
        holder.wait()
        database.dispose()
    assert _emails(live) == [ADA, BOB]


CRASH_POINTS = {
    # Each replaces one step of the restore with a hard kill (no clean-up runs).
    "before re-erasing": "restore._prepare_staged",
    "after re-erasing, before replacing": "restore._compact",
    "before the copy into place": "restore._copy_into_live",
    "after the copy into place": "audit.record_event",
}


@pytest.mark.parametrize("point", list(CRASH_POINTS))
def test_a_crash_at_any_point_never_brings_an_erased_person_back(
    point: str,
    live: Path,
    cli,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    saved = _backup(cli, live, tmp_path / "before-erasure.db")
    assert cli("person", "erase", ADA, "--yes", db=str(live)).code == 0
    module, name = CRASH_POINTS[point].split(".")
    script = textwrap.dedent(
        f"""
        import os
        from cohort_desk.db import {module} as target
        from cohort_desk.db.opening import open_database
        from cohort_desk.services.safety.backups import restore

        def crash(*args, **kwargs):
            os._exit(9)

        setattr(target, {name!r}, crash)
        db = open_database({str(live)!r})
        restore(db, {str(saved)!r})
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, timeout=120)
    assert done.returncode == 9
    emails = _emails(live)
    assert ADA not in emails and BOB in emails, (point, emails)
    raw = b"".join(p.read_bytes() for p in live.parent.glob(f"{live.name}*") if p.is_file())
    assert ADA.encode() not in raw and b"Lovelace" not in raw
    assert cli("check", db=str(live)).code == 0


def test_two_databases_with_one_name_keep_their_own_backups(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a" / "office.db", tmp_path / "b" / "office.db"
    for db in (first, second):
        db.parent.mkdir()
        _import(cli, db, ADA)
        assert cli("backups", "--json", db=str(db)).json()["backups"], db  # type: ignore[index]
    listed = [
        {b["file"] for b in cli("backups", "--json", db=str(db)).json()["backups"]}  # type: ignore[index]
        for db in (first, second)
    ]
    assert listed[0] and listed[1] and not listed[0] & listed[1]


def test_automatic_backups_are_bounded_per_hour_and_in_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(str(tmp_path / "busy.db"))
    try:
        for _ in range(20):
            backup_module.backup_before(database, "import")
        events = [b for b in backup_module.list_backups(database) if b.kind != "daily"]
        assert len(events) <= backup_module.KEEP_EVENT_PER_HOUR
        newest = events[0].path
        folder = backup_module.backup_folder(database)
        stem = backup_module._stem(database)
        for days in range(3):  # yesterday's and older dailies, and one event per past hour
            day = date.today() - timedelta(days=days + 1)
            (folder / f"{stem}-daily-{day:%Y%m%d}.db").write_bytes(b"x" * 1000)
            stamp = (datetime.now() - timedelta(hours=days + 1)).strftime("%Y%m%d-%H%M%S-%f")
            (folder / f"{stem}-import-{stamp}.db").write_bytes(b"x" * 1000)
        monkeypatch.setattr(backup_module, "MAX_TOTAL_BYTES", 1)
        backup_module.rotate_backups(database)
        left = backup_module.list_backups(database)
        assert [b.path for b in left if b.kind != "daily"] == [newest]  # oldest thinned first
        assert len([b for b in left if b.kind == "daily"]) == 3  # the dailies' promise kept
    finally:
        database.dispose()
