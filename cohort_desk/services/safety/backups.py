"""Backups as a person uses them: back up now, choose the folder, list, restore, and the quick
check on open that offers the newest good backup when the database is damaged."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from cohort_desk import paths
from cohort_desk.db import backup as backups
from cohort_desk.db.backup import BackupFile
from cohort_desk.db.engine import Database
from cohort_desk.db.failures import database_failure, scrub
from cohort_desk.db.restore import RestoreResult, check_backup_file, restore_sqlite
from cohort_desk.errors import DamagedError, UserError
from cohort_desk.services import settings
from cohort_desk.services.certificates.key_backup import copy_beside_backups
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.services.safety.daily import daily_backup as daily_backup
from cohort_desk.services.safety.integrity import check_database

log = logging.getLogger(__name__)

KIND_LABELS = {"daily": "Daily", "manual": "Backup now", "restore": "Before a restore"}


@dataclass(frozen=True)
class BackupRow:
    """One backup in the folder, for the list on the Data and privacy screen."""

    path: Path
    kind: str
    taken: str  # dd/mm/yyyy hh:mm, local time
    size_mb: float
    taken_at: datetime  # for sorting

    @property
    def name(self) -> str:
        return self.path.name


def describe_kind(kind: str) -> str:
    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    if kind.startswith("before-upgrade"):
        return "Before an upgrade"
    return "Before " + kind.replace("-", " ")


def _row(backup: BackupFile) -> BackupRow:
    stamp = backup.taken.strftime("%d/%m/%Y" if backup.kind == "daily" else "%d/%m/%Y %H:%M")
    return BackupRow(
        backup.path, describe_kind(backup.kind), stamp, backup.size / 1_048_576, backup.taken
    )


def backup_now(db: Database, target: Path | str | None = None, *, overwrite: bool = False) -> Path:
    """A backup on demand: to ``target`` (an existing file replaced only with ``overwrite``),
    or into the backup folder when none is given."""
    if target is None:
        path = backups.backup_before(db, "manual")
        if path is None:
            raise UserError(
                "Backups to a file are made from SQLite databases; back up a PostgreSQL "
                "database with pg_dump (see the README)."
            )
        copy_beside_backups(db)
        return path
    return backups.backup_sqlite(db, Path(target).expanduser(), overwrite=overwrite)


def backup_folder(db: Database) -> Path:
    return backups.backup_folder(db)


def set_backup_folder(db: Database, folder: str) -> Path:
    """Choose where automatic backups go (a network share, say); blank means the default."""
    settings.save(db, {"backup_folder": folder})  # checked there, organisation's lock too
    return backup_folder(db) if settings.get(db, "backup_folder") else paths.default_backup_dir()


def list_backups(db: Database) -> list[BackupRow]:
    return [_row(b) for b in backups.list_backups(db)]


def restore(db: Database, file: Path | str, progress: Progress = NO_PROGRESS) -> RestoreResult:
    """Replace the database with a backup after checking it; the current contents are backed
    up first, so a restore can itself be undone by restoring that copy. Anyone erased since
    the backup was taken is erased again on the staged copy, before it replaces anything: a
    restore (or a crash during one) must not bring an erased person back."""
    from cohort_desk.services.privacy.rights import erased_people, reapply_erasures

    try:
        erased = erased_people(db)
    except (UserError, DBAPIError):  # a damaged database: restoring is the point
        log.warning("could not list erased people through the database; reading it raw")
        erased = _erased_people_raw(db)
    return restore_sqlite(
        db, Path(file), progress.step, rework=lambda staged: reapply_erasures(staged, erased)
    )


def _erased_people_raw(db: Database) -> list[tuple[int, datetime]]:
    """The erased people of a database too damaged for the usual read: often the people
    table itself is still readable page by page."""
    import sqlite3

    from cohort_desk.db.types import UTCDateTime

    if db.file is None:
        return []
    try:
        connection = sqlite3.connect(f"{db.file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "SELECT id, created_at FROM people WHERE erased_at IS NOT NULL"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        log.warning("could not read who was erased from the damaged database")
        return []
    convert = UTCDateTime().process_result_value
    found = []
    for pid, created in rows:
        try:
            found.append((int(pid), convert(datetime.fromisoformat(created), db.engine.dialect)))
        except (TypeError, ValueError):
            continue
    return [(pid, when) for pid, when in found if when is not None]


def quick_check_on_open(db: Database) -> list[str]:
    """Damage found by a quick check, in plain words; empty when the database is sound.
    Raises UserError (one sentence) when the database cannot be checked for another reason.

    Cheap enough for every start (SQLite's quick_check skips the index cross-checks).
    The app start-up shows these and offers ``newest_good_backup``.
    """
    try:
        return check_database(db, quick=True).problems
    except DamagedError as exc:
        return [exc.message]
    except DBAPIError as exc:
        log.warning("quick check failed on %s: %s", db.describe(), scrub(str(exc)))
        failure = database_failure(exc, db.describe())
        if isinstance(failure, DamagedError):
            return [failure.message]
        # Not damage (no permission, read-only, a stopped server): said as it is, and no
        # backup is offered for it.
        raise failure or UserError(
            f"The database {db.describe()} could not be checked; the log says why."
        ) from None


def newest_good_backup(db: Database) -> BackupRow | None:
    """The newest backup of this database that passes the integrity check, if any."""
    for backup in backups.list_backups(db):
        try:
            check_backup_file(backup.path)
        except UserError as exc:
            log.info("skipping backup %s: %s", backup.path, exc.message)
            continue
        return _row(backup)
    return None
