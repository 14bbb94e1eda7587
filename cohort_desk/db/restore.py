"""Restoring a SQLite database from a backup: check the file, bring its schema up to date and
erase again anyone erased since, all on a staging copy; back up what is there now; then put the
staged copy in place in one step (SQLite's online backup into a sound database, one transaction;
a rename over a damaged one), so a crash at any point leaves the old database or the whole
new one, never a restored copy in which an erased person is back."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cohort_desk import unfinished
from cohort_desk.errors import ConflictError, UserError
from cohort_desk.unfinished import SQLITE_SIDES, TEMP_PREFIX, TEMP_SUFFIX

if TYPE_CHECKING:
    from cohort_desk.db.engine import Database

log = logging.getLogger(__name__)

Step = Callable[[int, int, str], None]
#: Work done on the staged copy before it replaces anything (re-applying erasures): returns
#: how many people it erased again.
Rework = Callable[["Database"], int]
STEPS = 4
_LOCK_TIMEOUT_S = 10.0
#: How long a restore waits for others to finish saving before it gives up and says who.
WAIT_FOR_WRITERS_S = 15.0
_BUSY = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


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
    can read; otherwise say what it holds. Ours means our application id (or none, from before
    it was stamped) and exactly the schema our migrations made at its revision."""
    from cohort_desk.db.identity import APPLICATION_ID, FINGERPRINTS, schema_fingerprint

    name = path.name
    not_ours = UserError(
        f"{name} is not a Cohort Desk backup (another program's database, or one changed "
        "outside Cohort Desk); choose a .db file made by Cohort Desk."
    )
    if path.is_dir():
        raise UserError(f"{path} is a folder; choose the backup file inside it to restore.")
    if not path.is_file():
        raise UserError(f"The file {path} does not exist; choose a backup file to restore.")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError:
        raise UserError(f"Cohort Desk cannot read {name}; check you may open it.") from None
    if header != b"SQLite format 3\x00":
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
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            if app_id not in (0, APPLICATION_ID):
                raise not_ours
            try:
                found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError:
                raise not_ours from None
            revision = found[0] if found else ""
            if revision not in known_revisions():
                if app_id == APPLICATION_ID:
                    raise UserError(
                        f"{name} was saved by a newer version of Cohort Desk; install the "
                        "newer version to restore it."
                    )
                raise not_ours
            if schema_fingerprint(connection) != FINGERPRINTS.get(revision):
                raise not_ours
            people = connection.execute("SELECT count(*) FROM people").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise UserError(
            f"{name} is damaged or is not a Cohort Desk database, so it was not restored; "
            "choose another backup."
        ) from None
    return BackupCheck(revision=revision, people=int(people))


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from cohort_desk.db.migrations import alembic_config

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _live_page_size(live: Path) -> int:
    try:
        with live.open("rb") as handle:
            header = handle.read(18)
        size = int.from_bytes(header[16:18], "big")
        size = 65536 if size == 1 else size
        return size if 512 <= size <= 65536 and size & (size - 1) == 0 else 4096
    except OSError:
        return 4096


def _compact(staging: Path, page_size: int) -> None:
    """Rewrite the staged copy: the live file's page size (the backup API cannot copy into a
    WAL database of another page size) and no free pages still holding erased details."""
    staged = sqlite3.connect(str(staging), isolation_level=None)
    try:
        staged.execute("PRAGMA journal_mode=DELETE")
        staged.execute("PRAGMA secure_delete=ON")
        staged.execute(f"PRAGMA page_size={int(page_size)}")
        staged.execute("VACUUM")
    finally:
        staged.close()


def _prepare_staged(staging: Path, rework: Rework | None, identity: str | None) -> int:
    """Bring the staged copy to this version's schema and redo the erasures on it; it keeps
    the id of the database it replaces, so its backups stay one set (issue 12)."""
    from cohort_desk.db.backup_sets import write_identity
    from cohort_desk.db.opening import open_database

    staged_db = open_database(str(staging), backup=False)
    try:
        if identity is not None:
            write_identity(staged_db, identity)
        return rework(staged_db) if rework is not None else 0
    finally:
        staged_db.dispose()


def _copy_into_live(staging: Path, live: Path) -> None:
    """One write transaction on the live file: a crash part-way leaves the old contents. Waits
    at most WAIT_FOR_WRITERS_S for others saving, then says who has the database open."""
    from cohort_desk.db.holders import held_by_sentence

    deadline = time.monotonic() + WAIT_FOR_WRITERS_S

    class _GaveUp(Exception):
        pass

    def waited(status: int, _remaining: int, _total: int) -> None:
        if status in _BUSY and time.monotonic() > deadline:
            raise _GaveUp

    source = sqlite3.connect(str(staging))
    try:
        dest = sqlite3.connect(str(live), timeout=1.0)
        try:
            source.backup(dest, progress=waited, sleep=0.25)
        finally:
            dest.close()
    except _GaveUp:
        raise ConflictError(
            f"The database was not restored because {held_by_sentence(live)} and kept saving "
            f"for {WAIT_FOR_WRITERS_S:.0f} seconds; close Cohort Desk there, then restore again."
        ) from None
    finally:
        source.close()


def _rename_over_damaged(staging: Path, live: Path) -> None:
    """A damaged file cannot be written through SQLite: its WAL and shared-memory files go
    first (a WAL left beside the new file would be replayed into it), then one rename."""
    for side in ("-wal", "-shm", "-journal"):
        live.with_name(live.name + side).unlink(missing_ok=True)
    os.replace(staging, live)


def _is_damaged(live: Path) -> bool:
    try:
        connection = sqlite3.connect(str(live), timeout=_LOCK_TIMEOUT_S)
        try:
            return [row[0] for row in connection.execute("PRAGMA quick_check")] != ["ok"]
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return True


def _keep_damaged_copy(database: Database, live: Path) -> Path:
    import shutil

    from cohort_desk.db.backup import event_backup_path

    target = event_backup_path(database, "damaged")
    try:
        shutil.copyfile(live, target)
        target.chmod(0o600)
        wal = live.with_name(live.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    except OSError as exc:
        raise UserError(
            f"The damaged database could not be kept aside in {target.parent} ({exc.strerror}), "
            "so nothing was restored; free some space there and try again."
        ) from None
    log.warning("kept the damaged database %s as %s before restoring", live, target)
    return target


def restore_sqlite(
    database: Database, file: Path, step: Step | None = None, rework: Rework | None = None
) -> RestoreResult:
    """Replace the open database's contents with ``file``'s after checking it and backing up
    the current contents. ``rework`` runs on the staged copy before it replaces anything.
    ``step(done, total, text)`` reports progress and may raise Cancelled up to the point of
    replacing; nothing changes before then. Works when the live file is too damaged to open."""
    from cohort_desk import paths
    from cohort_desk.db import backup_sets
    from cohort_desk.db.audit import record_event
    from cohort_desk.db.backup import backup_before, copy_sqlite
    from cohort_desk.db.migrations import head_revision

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
    # A part-file's name, noted before it is made: a restore killed part-way leaves a full
    # copy of the backup beside the database, which the next start then removes.
    staging = live.with_name(f"{TEMP_PREFIX}restore-{os.getpid()}{TEMP_SUFFIX}")
    noted = unfinished.begin_file(staging)
    try:
        try:
            staging.unlink(missing_ok=True)
            paths.create_private_file(staging)
            copy_sqlite(file, staging)
        except (OSError, sqlite3.Error) as exc:
            raise UserError(f"{file.name} could not be read for restoring ({exc}).") from None
        upgraded = checked.revision != head_revision()
        report(1, STEPS, "Bringing the backup up to date…")
        again = _prepare_staged(staging, rework, backup_sets.identity_of(database))
        _compact(staging, _live_page_size(live))
        report(2, STEPS, "Backing up the current database…")
        damaged = live.exists() and _is_damaged(live)
        if damaged:
            # The online backup API cannot read a damaged database, and restoring is then the
            # point: keep the damaged file's bytes aside instead, for whoever repairs it.
            previous: Path | None = _keep_damaged_copy(database, live)
        else:
            previous = backup_before(database, "restore")
        report(3, STEPS, "Restoring…")
        # Our own pooled connections would otherwise hold the old pages and locks.
        database.engine.dispose()
        if damaged or not live.exists():
            _rename_over_damaged(staging, live)
        else:
            _copy_into_live(staging, live)
    finally:
        for side in ("", *SQLITE_SIDES):
            staging.with_name(staging.name + side).unlink(missing_ok=True)
        unfinished.end(noted)
    with database.write() as session:
        record_event(
            session,
            "Database",
            None,
            "restored",
            {"from": str(file), "previous_saved_as": str(previous) if previous else None},
        )
    backup_sets.forget(database)
    log.info("restored %s from %s (previous contents in %s)", live, file, previous)
    report(STEPS, STEPS, "Restored.")
    return RestoreResult(file, previous, head_revision(), upgraded, checked.people, again)
