"""Restoring a SQLite database from a backup: check the file, bring its schema up to date on a
staging copy, back up what is there now, then copy it in through the online backup API."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cohort_desk.errors import ConflictError, UserError

if TYPE_CHECKING:
    from cohort_desk.db.engine import Database

log = logging.getLogger(__name__)

Step = Callable[[int, int, str], None]
STEPS = 4
_LOCK_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class BackupCheck:
    """What a candidate file holds, once it has passed the checks."""

    revision: str
    people: int
    upgraded: bool = False


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_saved_as: Path | None
    revision: str
    upgraded: bool
    people: int
    erased_again: int = 0  # people erased since the backup, erased again after restoring


def _open_readonly(path: Path) -> sqlite3.Connection:
    # immutable=1: a finished backup is not being written, and this way no -wal or -shm file
    # is created beside it (it may sit on a read-only share).
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def check_backup_file(path: Path) -> BackupCheck:
    """Refuse, with one sentence, a file that is not a sound Cohort Desk database this version
    can read; otherwise say what it holds."""
    name = path.name
    if not path.is_file():
        raise UserError(f"The file {path} does not exist; choose a backup file to restore.")
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise UserError(
                f"{name} is not a Cohort Desk backup (it is not a database file); "
                "choose a .db file made by Cohort Desk."
            )
    try:
        connection = _open_readonly(path)
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise UserError(
                    f"{name} is damaged (the integrity check failed), so it was not "
                    "restored; choose another backup."
                )
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if not {"alembic_version", "people", "audit_entries"} <= tables:
                raise UserError(
                    f"{name} is a database but not one made by Cohort Desk; "
                    "choose a Cohort Desk backup."
                )
            found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            people = connection.execute("SELECT count(*) FROM people").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise UserError(
            f"{name} is damaged or is not a Cohort Desk database, so it was not restored; "
            "choose another backup."
        ) from None
    revision = found[0] if found else ""
    if revision not in known_revisions():
        raise UserError(
            f"{name} was saved by a newer version of Cohort Desk; install the newer "
            "version to restore it."
        )
    return BackupCheck(revision=revision, people=int(people))


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from cohort_desk.db.migrations import alembic_config

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _match_page_size(staging: Path, live: Path) -> None:
    """The backup API cannot copy into a WAL database of another page size; a backup from
    an older tool may have one, so the staging copy is rebuilt with the live page size."""
    conn = sqlite3.connect(str(live), timeout=_LOCK_TIMEOUT_S)
    try:
        wanted = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    staged = sqlite3.connect(str(staging))
    try:
        if staged.execute("PRAGMA page_size").fetchone()[0] != wanted:
            staged.execute(f"PRAGMA page_size={int(wanted)}")
            staged.execute("VACUUM")
    finally:
        staged.close()


def _upgrade(staging: Path) -> None:
    from cohort_desk.db.opening import open_database

    staged_db = open_database(str(staging), backup=False)
    staged_db.dispose()


def _copy_into_live(staging: Path, live: Path) -> None:
    source = sqlite3.connect(str(staging))
    try:
        dest = sqlite3.connect(str(live), timeout=_LOCK_TIMEOUT_S)
        try:
            # pages=-1 (the default) copies everything in one step: one write transaction on
            # the live file, so a crash part-way leaves the old contents, never a mixture.
            source.backup(dest)
        finally:
            dest.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise ConflictError(
                "Someone else is using the database just now, so it was not restored; "
                "ask them to close Cohort Desk, then restore again."
            ) from None
        raise
    finally:
        source.close()


def _is_damaged(live: Path) -> bool:
    try:
        connection = sqlite3.connect(str(live), timeout=_LOCK_TIMEOUT_S)
        try:
            return [row[0] for row in connection.execute("PRAGMA quick_check")] != ["ok"]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return "malformed" in str(exc) or "not a database" in str(exc)


def _keep_damaged_copy(database: Database, live: Path) -> Path:
    import shutil

    from cohort_desk.db.backup import event_backup_path

    target = event_backup_path(database, "damaged")
    try:
        shutil.copyfile(live, target)
        wal = live.with_name(live.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    except OSError as exc:
        raise UserError(
            f"The damaged database could not be kept aside in {target.parent} ({exc}), so "
            "nothing was restored; free some space there and try again."
        ) from None
    log.warning("kept the damaged database %s as %s before restoring", live, target)
    return target


def restore_sqlite(database: Database, file: Path, step: Step | None = None) -> RestoreResult:
    """Replace the open database's contents with ``file``'s after checking it and backing up
    the current contents. ``step(done, total, text)`` reports progress and may raise
    Cancelled up to the point of replacing; nothing changes before then."""
    from cohort_desk.db.audit import record_event
    from cohort_desk.db.backup import backup_before, copy_sqlite

    report = step or (lambda _d, _t, _x: None)
    live = database.file
    if live is None:
        raise UserError(
            "Restoring from a file works on SQLite databases; restore a PostgreSQL "
            "database with pg_restore (see the README)."
        )
    file = Path(file).expanduser()
    if file.exists() and live.exists() and file.resolve() == live.resolve():
        raise UserError("That file is the database you have open; choose a backup copy to restore.")
    report(0, STEPS, "Checking the backup…")
    checked = check_backup_file(file)
    staging = live.with_name(f".{live.name}.restore-{os.getpid()}.tmp")
    try:
        try:
            copy_sqlite(file, staging)
        except (OSError, sqlite3.Error) as exc:
            raise UserError(f"{file.name} could not be read for restoring: {exc}.") from None
        from cohort_desk.db.migrations import head_revision

        upgraded = checked.revision != head_revision()
        if upgraded:
            report(1, STEPS, "Bringing the backup up to date…")
            _upgrade(staging)
        _match_page_size(staging, live)
        report(2, STEPS, "Backing up the current database…")
        try:
            previous = backup_before(database, "restore")
        except UserError:
            # The online backup API cannot read a damaged database, and restoring is then
            # the point: keep the damaged file's bytes aside instead, for whoever repairs it.
            if not _is_damaged(live):
                raise
            previous = _keep_damaged_copy(database, live)
        report(3, STEPS, "Restoring…")
        # Our own pooled connections would otherwise hold the old pages and locks.
        database.engine.dispose()
        _copy_into_live(staging, live)
    finally:
        for leftover in (staging, staging.with_name(staging.name + "-journal")):
            leftover.unlink(missing_ok=True)
    with database.write() as session:
        record_event(
            session,
            "Database",
            None,
            "restored",
            {"from": str(file), "previous_saved_as": str(previous) if previous else None},
        )
    log.info("restored %s from %s (previous contents in %s)", live, file, previous)
    report(STEPS, STEPS, "Restored.")
    return RestoreResult(file, previous, head_revision(), upgraded, checked.people)
