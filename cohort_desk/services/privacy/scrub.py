"""Erasure reaches every copy Cohort Desk manages: each automatic backup has the person erased
in it too and is then rewritten so its free pages keep no trace; a backup that cannot be opened
is destroyed. The live database is checkpointed (SQLite) or vacuumed (PostgreSQL) so the old
row versions go as well."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from cohort_desk.db import backup as backups
from cohort_desk.db.engine import Database
from cohort_desk.db.models import Person
from cohort_desk.db.opening import open_database

log = logging.getLogger(__name__)

#: Tables that can hold something about a person; on PostgreSQL these are rewritten after an
#: erasure so their dead row versions (the old values) leave the table files.
PERSONAL_TABLES = (
    "people",
    "attendance",
    "enrolments",
    "certificates",
    "mentor_profiles",
    "mentoring_pairs",
    "mentoring_meetings",
    "community_memberships",
    "leadership_roles",
    "equality_records",
    "import_changes",
    "audit_entries",
    "messages_sent",
)


@dataclass
class ScrubReport:
    """What happened to the copies: backups scrubbed in place, destroyed, or not holding the
    person at all; and whether the live database's old row versions were cleared."""

    scrubbed: list[Path] = field(default_factory=list)
    destroyed: list[Path] = field(default_factory=list)
    without_them: int = 0
    live_cleared: bool = False

    @property
    def sentence(self) -> str:
        parts = []
        if self.scrubbed:
            parts.append(f"erased from {_backups(len(self.scrubbed))} too")
        if self.destroyed:
            names = ", ".join(p.name for p in self.destroyed[:3])
            more = f" and {len(self.destroyed) - 3:,} more" if len(self.destroyed) > 3 else ""
            verb = "was" if len(self.destroyed) == 1 else "were"
            parts.append(
                f"{_backups(len(self.destroyed))} that could not be opened {verb} destroyed "
                f"({names}{more})"
            )
        if self.without_them:
            verb = "does" if self.without_them == 1 else "do"
            parts.append(f"{_backups(self.without_them)} {verb} not hold them")
        if not parts:
            return "There were no backups to scrub."
        text_ = "; ".join(parts)
        return text_[0].upper() + text_[1:] + "."


def _backups(n: int) -> str:
    return f"{n:,} backup" if n == 1 else f"{n:,} backups"


Anonymise = Callable[[Session, Person], object]


def scrub_everywhere(
    db: Database, people: Sequence[tuple[int, datetime]], anonymise: Anonymise
) -> ScrubReport:
    """Erase ``people`` (id, created_at) from every automatic backup of ``db``, and clear the
    old row versions in the live database. ``anonymise(session, person)`` is the erasure."""
    report = ScrubReport()
    if db.file is not None:
        for found in backups.list_backups(db):
            _scrub_backup(found.path, people, anonymise, report)
    report.live_cleared = clear_old_versions(db)
    return report


def _scrub_backup(
    path: Path, people: Sequence[tuple[int, datetime]], anonymise: Anonymise, report: ScrubReport
) -> None:
    try:
        changed = _erase_in_copy(path, people, anonymise)
        _rewrite(path)
    except Exception:  # noqa: BLE001 -- any copy we cannot scrub must not survive
        log.warning("backup %s could not be scrubbed; destroying it", path.name, exc_info=True)
        _destroy(path)
        report.destroyed.append(path)
        return
    if changed:
        report.scrubbed.append(path)
    else:
        report.without_them += 1


def _erase_in_copy(
    path: Path, people: Sequence[tuple[int, datetime]], anonymise: Anonymise
) -> bool:
    copy = open_database(str(path), backup=False)  # brought up to date so the erasure fits
    try:
        changed = False
        with copy.write() as session:
            for pid, created in people:
                person = session.get(Person, pid)
                # The same record only: id and creation time both match.
                if person is None or person.created_at != created:
                    continue
                anonymise(session, person)
                changed = True
        return changed
    finally:
        copy.dispose()


def _rewrite(path: Path) -> None:
    """VACUUM with secure_delete: the freed pages that held the old values are gone, and the
    file is one self-contained file again (no -wal beside it)."""
    connection = sqlite3.connect(str(path), isolation_level=None)
    try:
        connection.execute("PRAGMA secure_delete=ON")
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("VACUUM")
    finally:
        connection.close()


def _destroy(path: Path) -> None:
    for victim in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            if victim.is_file():
                size = victim.stat().st_size
                with open(victim, "r+b") as handle:  # overwrite first: unlinking frees, not wipes
                    handle.write(b"\0" * size)
                    handle.flush()
                    os.fsync(handle.fileno())
            victim.unlink(missing_ok=True)
        except OSError:
            log.warning("could not destroy %s", victim, exc_info=True)


def clear_old_versions(db: Database) -> bool:
    """SQLite: write the WAL back and truncate it (secure_delete is on for every connection,
    so freed space is zeroed). PostgreSQL: VACUUM FULL the personal tables, so dead row
    versions leave the table files (the server's write-ahead log keeps them until it recycles
    its segments, which Cohort Desk cannot reach; see the README)."""
    try:
        if db.is_sqlite:
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return True
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in PERSONAL_TABLES:
                connection.execute(text(f"VACUUM FULL {table}"))
        return True
    except Exception:  # noqa: BLE001 -- another administrator's open transaction, say
        log.warning("could not clear old row versions after an erasure", exc_info=True)
        return False
