"""Issue 12, item 12: a database's backups are kept under an id stored in the database, not its
file name or location: two office.db files in different folders keep two sets (each with its
daily backup), a moved or renamed database keeps its backups (and `restore` still offers the
newest good one), a copy gets a set of its own, and older location-keyed backups are still found."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from cohort_desk.db import backup as backup_module
from cohort_desk.db import backup_sets
from cohort_desk.db.opening import open_database

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COHORT_DESK_TEST_PG_URL")), reason="backups to files are of SQLite"
)

ADA, BOB = "ada.lovelace@example.org", "bob.babbage@example.org"


def _import(cli, db: Path, *emails: str) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(f"{e.split('.')[0].title()},Person,{e}\n" for e in emails)
    src = db.parent / f"people-{len(emails)}.csv"
    src.write_text("First name,Last name,Email\n" + rows, encoding="utf-8")
    result = cli("import", str(src), db=str(db))
    assert result.code == 0, result.err


def _listed(cli, db: Path) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    result = cli("backups", "--json", db=str(db))
    assert result.code == 0, result.err
    return result.json()["backups"]  # type: ignore[index,no-any-return]


def _emails(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [r[0] for r in connection.execute("SELECT email FROM people ORDER BY id")]


def _identity(db: Path) -> str | None:
    return backup_sets.read_identity(db)


def test_every_database_is_given_an_id_with_its_schema(tmp_path: Path) -> None:
    first = open_database(str(tmp_path / "a.db"))
    second = open_database(str(tmp_path / "b.db"))
    try:
        ids = {_identity(tmp_path / "a.db"), _identity(tmp_path / "b.db")}
        assert None not in ids and len(ids) == 2
        assert backup_sets.set_key(first) != backup_sets.set_key(second)
    finally:
        first.dispose()
        second.dispose()


def test_same_file_name_in_two_folders_keeps_two_sets_each_with_its_daily(
    tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "office1" / "office.db", tmp_path / "office2" / "office.db"
    for db in (first, second):
        db.parent.mkdir()
        _import(cli, db, ADA)  # the first command of the day takes the daily backup
    sets = [_listed(cli, db) for db in (first, second)]
    for listed in sets:
        assert [b["kind"] for b in listed].count("Daily") == 1, listed
    assert not {b["file"] for b in sets[0]} & {b["file"] for b in sets[1]}
    assert cli("backup", db=str(second)).code == 0
    assert len(_listed(cli, second)) == len(sets[1]) + 1
    assert len(_listed(cli, first)) == len(sets[0])  # office1's set untouched by office2's


@pytest.mark.parametrize("how", ["moved", "renamed"])
def test_a_moved_or_renamed_database_keeps_its_backups(tmp_path: Path, cli, how: str) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "office" / "office.db"
    db.parent.mkdir()
    _import(cli, db, ADA)
    assert cli("backup", db=str(db)).code == 0
    before = {b["file"] for b in _listed(cli, db)}
    assert len(before) >= 2

    moved = tmp_path / "elsewhere" / "office.db" if how == "moved" else db.with_name("team.db")
    moved.parent.mkdir(exist_ok=True)
    shutil.move(db, moved)
    after = {b["file"] for b in _listed(cli, moved)}
    assert before <= after

    # The newest good backup is still offered by `restore` with no file.
    _import(cli, moved, ADA, BOB)
    assert cli("backup", db=str(moved)).code == 0
    with sqlite3.connect(moved) as connection:
        connection.execute("DELETE FROM people WHERE email_key = ?", (BOB,))
    connection.close()
    result = cli("restore", "--yes", db=str(moved))
    assert result.code == 0, result.err
    assert "The newest good backup is" in result.out
    assert BOB in _emails(moved)


def test_a_copy_of_a_database_gets_its_own_set(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    original = tmp_path / "office.db"
    _import(cli, original, ADA)
    ours = {b["file"] for b in _listed(cli, original)}
    copy = tmp_path / "trial" / "office.db"
    copy.parent.mkdir()
    shutil.copyfile(original, copy)
    assert _identity(copy) == _identity(original)

    assert cli("backup", db=str(copy)).code == 0
    assert _identity(copy) != _identity(original)
    theirs = {b["file"] for b in _listed(cli, copy)}
    assert len(theirs) == 2 and not theirs & ours  # its own daily, and the one by hand
    assert {b["file"] for b in _listed(cli, original)} == ours


def test_location_keyed_and_unkeyed_older_backups_are_still_found(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "office.db"
    _import(cli, db, ADA)
    database = open_database(str(db))
    try:
        folder = backup_module.backup_folder(database)
        old_key = backup_module.database_key(db)
        by_place = folder / f"office-{old_key}-import-20261201-090000-000000.db"
        unkeyed = folder / "office-daily-20261130.db"
        other = folder / "office-0123456789ab-daily-20261130.db"  # another office.db's set
        for path in (by_place, unkeyed, other):
            backup_module.copy_sqlite(db, path)
        found = {b.path.name for b in backup_module.list_backups(database)}
        assert {by_place.name, unkeyed.name} <= found and other.name not in found

        backup_module.rotate_backups(database)  # adopts the location-keyed ones into the id's set
        key = backup_sets.set_key(database)
        adopted = folder / f"office-{key}-import-20261201-090000-000000.db"
        assert adopted.exists() and not by_place.exists()
        assert adopted.name in {b.path.name for b in backup_module.list_backups(database)}
    finally:
        database.dispose()
    moved = tmp_path / "moved" / "office.db"
    moved.parent.mkdir()
    shutil.move(db, moved)
    assert adopted.name in {Path(b["file"]).name for b in _listed(cli, moved)}


def test_an_older_database_is_given_an_id_when_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    open_database(str(db)).dispose()
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM settings WHERE key = 'database_id'")
        connection.execute("UPDATE alembic_version SET version_num = '0010'")
    connection.close()
    assert _identity(db) is None
    database = open_database(str(db))
    try:
        assert _identity(db) is not None
        assert backup_sets.set_key(database) == _identity(db)[:12]  # type: ignore[index]
        # The backup taken before the upgrade (keyed by place then) is in the id's set now.
        backup_module.rotate_backups(database)
        kinds = [b.kind for b in backup_module.list_backups(database)]
        assert any(k.startswith("before-upgrade") for k in kinds), kinds
    finally:
        database.dispose()


def test_a_restore_keeps_the_id_of_the_database_it_replaces(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    ours, stranger = tmp_path / "office.db", tmp_path / "other" / "office.db"
    stranger.parent.mkdir()
    _import(cli, ours, ADA)
    _import(cli, stranger, BOB)
    mine = _identity(ours)
    theirs = {b["file"] for b in _listed(cli, stranger)}
    result = cli("restore", str(stranger), "--yes", db=str(ours))
    assert result.code == 0, result.err
    assert _emails(ours) == [BOB]
    assert _identity(ours) == mine != _identity(stranger)
    assert {b["file"] for b in _listed(cli, stranger)} == theirs  # its set did not grow


def test_a_damaged_database_finds_its_set_through_the_id_last_seen_there(
    tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "office.db"
    _import(cli, db, ADA, BOB)
    assert cli("backup", db=str(db)).code == 0
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page: nothing can be read
    db.write_bytes(bytes(data))
    assert _identity(db) is None
    result = cli("restore", "--yes", db=str(db))
    assert result.code == 0, result.err
    assert "The newest good backup is" in result.out
    assert _emails(db) == [ADA, BOB]


def test_the_daily_backup_of_each_set_is_its_own(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "office.db", tmp_path / "b" / "office.db"
    opened = []
    for path in (first, second):
        path.parent.mkdir()
        opened.append(open_database(str(path)))
    try:
        day = date(2026, 12, 1)
        made = [backup_module.daily_backup_if_due(db, day) for db in opened]
        assert None not in made and made[0] != made[1]
        assert [backup_module.daily_backup_if_due(db, day) for db in opened] == [None, None]
    finally:
        for db in opened:
            db.dispose()


def _issue_one(cli, db: Path) -> str:  # type: ignore[no-untyped-def]
    """A certificate issued in ``db`` (which makes its signing key); returns its code."""
    from cohort_desk.services.certificates.issuing import issue
    from tests.integration.certificate_data import HAND_CASES, build_cohort, cohort_id

    database = open_database(str(db))
    try:
        build_cohort(database, HAND_CASES[:1])
        return issue(database, db.parent / "certs", cohort_id=cohort_id(database)).codes[0]
    finally:
        database.dispose()


def test_the_key_pinned_for_a_database_follows_its_id(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Each computer remembers the public key it saw for each database: under the database's
    id, so a moved database is still guarded, and a new database made where an old one was
    is not taken for a forgery."""
    db = tmp_path / "office.db"
    code = _issue_one(cli, db)
    moved = tmp_path / "moved" / "office.db"
    moved.parent.mkdir()
    shutil.move(db, moved)
    assert cli("verify", code, db=str(moved)).code == 0
    with sqlite3.connect(moved) as connection:  # a forger's key swapped in after the move
        connection.execute(
            "UPDATE settings SET value = ? WHERE key = 'certificate_public_key'", ("ab" * 32,)
        )
    connection.close()
    swapped = cli("verify", code, "--json", db=str(moved))
    assert swapped.code == 1 and "not the one this computer has seen" in swapped.out

    fresh = tmp_path / "office.db"  # a new database where the first one was
    second_code = _issue_one(cli, fresh)
    answer = cli("verify", second_code, "--json", db=str(fresh))
    assert answer.code == 0, answer.out
