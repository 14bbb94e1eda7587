"""Backup copies of a SQLite database through SQLite's online backup API (never a raw file copy,
which can catch a live database half-written), the rotating set of automatic backups, and
restore."""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from cohort_desk import organisation, outputs, paths
from cohort_desk.db import backup_sets
from cohort_desk.errors import UserError

if TYPE_CHECKING:
    from cohort_desk.db.engine import Database

log = logging.getLogger(__name__)

KEEP_DAILY = 14
KEEP_EVENT_DAYS = 30
#: Backups taken before imports, undos and the like, kept per clock hour (the newest ones):
#: a minute of scripted imports once left 616 backups (2.2 GB).
KEEP_EVENT_PER_HOUR = 6
#: All of one database's backups together; past this the oldest event backups go first.
#: The daily ones are never thinned for size (14 of them are promised).
MAX_TOTAL_BYTES = 2 * 1024**3
#: Kinds never thinned by count or size: the bytes of a damaged database kept for repair.
PRECIOUS_KINDS = {"damaged"}
BACKUP_FOLDER_KEY = "backup_folder"
_STAMP = "%Y%m%d-%H%M%S-%f"
_LOCK_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class BackupFile:
    """One automatic backup found in the backup folder."""

    path: Path
    kind: str  # "daily" or the event it was taken before ("import", "restore"...)
    taken: datetime  # local time, from the file name
    size: int


def backup_folder(database: Database) -> Path:
    """The folder the organisation's settings file sets, else the one chosen in the app, else
    the data folder's backups."""
    chosen = organisation.load().backup_folder or _chosen_folder(database)
    if chosen:
        return Path(chosen).expanduser()
    return paths.default_backup_dir()


def _chosen_folder(database: Database) -> str:
    # The settings table by name (db/light.py): every command's daily-backup check comes here,
    # and declaring the models for it cost `people --json` a tenth of a second (issue 22).
    from cohort_desk.db.light import settings

    try:
        with database.read() as session:
            value = session.scalar(
                select(settings.c.value).where(settings.c.key == BACKUP_FOLDER_KEY)
            )
    except Exception:  # a database too old or too damaged to read settings from
        log.warning("could not read the backup folder setting", exc_info=True)
        return ""
    return (value or "").strip()


def _usable_folder(database: Database) -> Path:
    """The backup folder, created if need be; the default one if the chosen one is out of
    reach (a network share that is offline must not stop an import going ahead safely)."""
    folder = backup_folder(database)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        log.warning("backup folder %s is out of reach; using the default", folder)
        return paths.default_backup_dir()


def _stem(database: Database) -> str:
    """The start of this database's new backup names: its file name (for people reading the
    folder) and the key of its backup set, from the id stored in the database (see
    cohort_desk.db.backup_sets); the location's key when no id can be read."""
    if database.file is None:
        return "database"
    key = backup_sets.set_key(database) or database_key(database.file)
    return f"{database.file.stem}-{key}"


def database_key(file: Path) -> str:
    """The older key of a backup set: a hash of where the database was (before issue 12's
    ids); such backups are still found, and renamed into the id's set at the next rotation."""
    try:
        where = str(file.resolve())
    except OSError:
        where = str(file.absolute())
    return hashlib.sha256(os.path.normcase(where).encode("utf-8")).hexdigest()[:8]


def _legacy_stem(database: Database) -> str:
    # Backups named before any key (issue 12): still listed, thinned and scrubbed.
    return database.file.stem if database.file else "database"


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "event"


def event_backup_path(database: Database, reason: str) -> Path:
    """Where an automatic backup taken before ``reason`` (an upgrade, an import...) goes."""
    stamp = datetime.now().strftime(_STAMP)
    return _usable_folder(database) / f"{_stem(database)}-{_slug(reason)}-{stamp}.db"


def daily_backup_path(database: Database, day: date) -> Path:
    return _usable_folder(database) / f"{_stem(database)}-daily-{day:%Y%m%d}.db"


def _source_file(database: Database) -> Path:
    if database.file is None:
        raise UserError(
            "Backups to a file are made from SQLite databases; back up a PostgreSQL "
            "database with pg_dump (see the README)."
        )
    return database.file


def backup_sqlite(database: Database, target: Path, *, overwrite: bool = False) -> Path:
    """A backup by hand to ``target`` (``backup -o FILE``): refused where an output may not
    go (see cohort_desk.outputs); an existing file is replaced only with ``overwrite``."""
    source_path = _source_file(database)

    def write(temp: Path) -> None:
        try:
            copy_sqlite(source_path, temp)
        except sqlite3.Error as exc:
            log.warning("backup of %s failed: %s", database.describe(), exc)
            raise UserError(
                f"The backup could not be made ({_why(exc)}); nothing was written."
            ) from None

    return outputs.write_file(target, write, overwrite=overwrite, what="backup")


def _why(exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full"
    if "locked" in text or "busy" in text:
        return "someone else is saving to the database just now"
    if "malformed" in text or "not a database" in text:
        return "the database is damaged"
    return "the database could not be read"


def write_automatic_backup(database: Database, target: Path) -> Path:
    """Copy the open SQLite database into the backup folder consistently, even while others
    write; a crash never leaves something that looks like a finished backup."""
    source_path = _source_file(database)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        paths.create_private_file(partial)
        copy_sqlite(source_path, partial)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(outputs.describe_os_error(exc, target)) from None
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"The backup {target.name} could not be made ({_why(exc)}).") from None
    return target


def copy_sqlite(source_path: Path, target: Path) -> None:
    """The online backup API, source to target, leaving the target a single self-contained
    file (rollback journal, not WAL, so it can sit on a share or be mailed)."""
    source = sqlite3.connect(str(source_path), timeout=_LOCK_TIMEOUT_S)
    try:
        dest = sqlite3.connect(str(target), timeout=_LOCK_TIMEOUT_S)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        source.close()


def backup_before(database: Database, reason: str) -> Path | None:
    """Take an automatic backup before an import, undo, restore or erasure; returns the file,
    or None for PostgreSQL (whose backups belong to the server's pg_dump routine)."""
    if database.file is None or not database.file.exists():
        return None
    target = write_automatic_backup(database, event_backup_path(database, reason))
    log.info("backed up %s to %s before %s", database.describe(), target, reason)
    rotate_backups(database)
    return target


def daily_backup_if_due(database: Database, today: date | None = None) -> Path | None:
    """The first start of each day backs the database up; later starts that day do nothing.
    Returns the new backup, or None when none was due (or the database is PostgreSQL)."""
    if database.file is None or not database.file.exists():
        return None
    target = daily_backup_path(database, today or date.today())
    if target.exists():
        return None
    write_automatic_backup(database, target)
    log.info("daily backup of %s written to %s", database.describe(), target)
    rotate_backups(database, today=today)
    return target


def is_managed_backup(database: Database, path: Path) -> bool:
    """Whether ``path`` is (or would be named as) one of this database's automatic backups,
    which no export or hand-made backup may replace."""
    folder = backup_folder(database)
    try:
        if path.parent != folder.resolve():
            return False
    except OSError:
        return False
    name = path.name.removesuffix(".partial")
    return any(p.match(name) for pair in _patterns(database) for p in pair)


def managed_backup_refusal(database: Database, path: Path) -> str | None:
    """Why no output may be written to ``path``: it is one of the automatic backups."""
    if is_managed_backup(database, path):
        return (
            f"{path.name} is one of Cohort Desk's automatic backups; choose a name "
            "outside the backup folder."
        )
    return None


_DAILY = r"daily-(\d{8})\.db$"
_EVENT = r"(.+)-(\d{8}-\d{6}-\d{6})\.db$"
# Not a keyed name: the older location keys had 8 hex digits, the ids' keys have 12.
_UNKEYED = r"(?!(?:[0-9a-f]{8}|[0-9a-f]{12})-)"


def _patterns(database: Database) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(daily, event) name patterns: the database's id set under any file name (it may have
    been renamed since), the set keyed by its present location, and the oldest names with
    no key at all (which never match another database's keyed names)."""
    prefixes = []
    if database.file is not None and (key := backup_sets.set_key(database)):
        prefixes.append(rf"^.+-{re.escape(key)}-")
    if database.file is not None:
        prefixes.append(rf"^{re.escape(database.file.stem)}-{database_key(database.file)}-")
    prefixes.append(rf"^{re.escape(_legacy_stem(database))}-{_UNKEYED}")
    return [(re.compile(prefix + _DAILY), re.compile(prefix + _EVENT)) for prefix in prefixes]


def adopt_location_backups(database: Database) -> int:
    """Rename the backups keyed by this database's location (before ids) into its id's set,
    so that they stay with it if it is moved; returns how many were renamed."""
    key = backup_sets.set_key(database)
    if database.file is None or key is None:
        return 0
    folder = backup_folder(database)
    old = f"{database.file.stem}-{database_key(database.file)}-"
    new = f"{database.file.stem}-{key}-"
    renamed = 0
    for path in folder.glob(f"{glob.escape(old)}*.db") if folder.is_dir() else []:
        target = path.with_name(new + path.name.removeprefix(old))
        try:
            if not target.exists():
                path.rename(target)
                renamed += 1
        except OSError:
            log.warning("could not move backup %s into its database's set", path.name)
    return renamed


def list_backups(database: Database) -> list[BackupFile]:
    """This database's automatic backups in the backup folder, newest first."""
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    patterns = _patterns(database)
    found: list[BackupFile] = []
    for path in folder.iterdir():
        parsed = _parse(path.name, patterns)
        if parsed is None:
            continue
        kind, taken = parsed
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupFile(path, kind, taken, size))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def _parse(
    name: str, patterns: list[tuple[re.Pattern[str], re.Pattern[str]]]
) -> tuple[str, datetime] | None:
    for daily, event in patterns:
        try:
            if (match := daily.match(name)) is not None:
                return "daily", datetime.strptime(match[1], "%Y%m%d")
            if (match := event.match(name)) is not None:
                return match[1], datetime.strptime(match[2], _STAMP)
        except ValueError:  # a name shaped like ours with an impossible date
            return None
    return None


def _thinned(backups: list[BackupFile], today: date) -> list[BackupFile]:
    """Which backups go: dailies past the newest 14; event backups older than 30 days, past
    the newest few of their clock hour, or (oldest first) while all of them together are over
    the size limit. The newest event backup always stays: it was taken for a reason."""
    dailies = [b for b in backups if b.kind == "daily"]
    events = [b for b in backups if b.kind != "daily"]  # newest first
    cutoff = datetime.combine(today - timedelta(days=KEEP_EVENT_DAYS), datetime.min.time())
    doomed = dailies[KEEP_DAILY:] + [b for b in events if b.taken < cutoff]
    per_hour: dict[datetime, int] = {}
    for backup in events:
        if backup in doomed or backup.kind in PRECIOUS_KINDS:
            continue
        hour = backup.taken.replace(minute=0, second=0, microsecond=0)
        per_hour[hour] = per_hour.get(hour, 0) + 1
        if per_hour[hour] > KEEP_EVENT_PER_HOUR:
            doomed.append(backup)
    total = sum(b.size for b in backups if b not in doomed)
    for backup in reversed(events[1:]):  # oldest first, never the newest
        if total <= MAX_TOTAL_BYTES:
            break
        if backup not in doomed and backup.kind not in PRECIOUS_KINDS:
            doomed.append(backup)
            total -= backup.size
    return doomed


def rotate_backups(database: Database, today: date | None = None) -> list[Path]:
    """Thin this database's backups (see ``_thinned``); delete only files its backups are
    named like, never anything else in a shared folder."""
    today = today or date.today()
    adopt_location_backups(database)
    removed: list[Path] = []
    for backup in _thinned(list_backups(database), today):
        try:
            backup.path.unlink()
            removed.append(backup.path)
        except OSError:
            log.warning("could not remove old backup %s", backup.path)
    key = backup_sets.set_key(database)
    for start in {
        f"*-{key}" if key else glob.escape(_stem(database)),
        glob.escape(_legacy_stem(database)),
    }:
        _remove_stale_partials(backup_folder(database), start)
    return removed


def _remove_stale_partials(folder: Path, start: str) -> None:
    # A partial is left only by a crash mid-backup; an hour-old one is not in progress.
    limit = datetime.now(UTC).timestamp() - 3600
    for path in folder.glob(f"{start}-*.db.partial"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass
