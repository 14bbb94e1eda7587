"""Backup copies of a SQLite database through SQLite's online backup API (never a raw file copy,
which can catch a live database half-written)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cohort_desk import paths
from cohort_desk.errors import UserError

if TYPE_CHECKING:
    from cohort_desk.db.engine import Database


def event_backup_path(database: Database, reason: str) -> Path:
    """Where an automatic backup taken before ``reason`` (an upgrade, an import...) goes."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    stem = database.file.stem if database.file else "database"
    return paths.default_backup_dir() / f"{stem}-{reason}-{stamp}.db"


def backup_sqlite(database: Database, target: Path) -> Path:
    """Copy the open SQLite database to ``target`` consistently, even while others write."""
    source_path = database.file
    if source_path is None:
        raise UserError(
            "Backups to a file are made from SQLite databases; back up a PostgreSQL "
            "database with pg_dump (see the README)."
        )
    target = Path(target)
    if target.exists() and target.is_dir():
        raise UserError(f"{target} is a folder; give the name of the backup file to write.")
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} does not exist; create it or choose another.")
    partial = target.with_name(target.name + ".partial")
    try:
        source = sqlite3.connect(str(source_path))
        try:
            dest = sqlite3.connect(str(partial))
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        # Renaming last means a crash never leaves something that looks like a finished backup.
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"The backup could not be written to {target}: {exc}.") from None
    return target
