"""Erasure reaches every copy Cohort Desk manages: each automatic backup has the person erased
in it too and is then rewritten so its free pages keep no trace; a backup that cannot be opened
is destroyed. The live database is checkpointed (SQLite) or vacuumed (PostgreSQL) so the old
row versions go as well."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from cohort_desk.db import backup as backups
from cohort_desk.db.engine import Database
from cohort_desk.db.models import Person
from cohort_desk.db.opening import open_database
from cohort_desk.rules.wording import plural

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
            said = "There were no backups to scrub."
        else:
            text_ = "; ".join(parts)
            said = text_[0].upper() + text_[1:] + "."
        if not self.live_cleared:
            said += (
                " Old copies of their rows are still in the database's files because another "
                "connection kept them in use; erasing anyone later clears them."
            )
        return said


def _backups(n: int) -> str:
    return plural(n, "backup")


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


# How long an erasure on PostgreSQL waits for other connections' open reads to end before it
# says the old row versions are still in the table files (VACUUM FULL keeps a dead row version
# that a running transaction's snapshot may still see: another administrator's open work, or the
# server's own autovacuum ANALYZE).
OLD_VERSIONS_WAIT = 10.0
_KEPT = re.compile(r"(\d+) dead row versions cannot be removed yet")


def clear_old_versions(db: Database) -> bool:
    """SQLite: write the WAL back and truncate it (secure_delete is on for every connection,
    so freed space is zeroed). PostgreSQL: VACUUM FULL the personal tables, so dead row
    versions leave the table files (the server's write-ahead log keeps them until it recycles
    its segments, which Cohort Desk cannot reach; see the README). True only when none was
    kept back: the server says how many it had to keep, and we try again while it keeps any,
    for at most OLD_VERSIONS_WAIT seconds."""
    try:
        if db.is_sqlite:
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return True
        deadline = time.monotonic() + OLD_VERSIONS_WAIT
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            while True:
                # A reader's lock would otherwise hold VACUUM FULL (and this erasure) for as
                # long as the reader likes: wait for it only until the deadline.
                left = max(deadline - time.monotonic(), 0.1)
                connection.execute(text(f"SET lock_timeout = {int(left * 1000)}"))
                try:
                    kept = _vacuum_full(connection)
                except OperationalError as error:
                    if getattr(error.orig, "sqlstate", None) != "55P03":  # lock_not_available
                        raise
                    kept = -1  # still in use: the same as rows kept back
                if kept == 0:
                    return True
                if time.monotonic() >= deadline:
                    log.warning("old row versions kept back by open transactions (%d)", kept)
                    return False
                time.sleep(0.5)
    except Exception:  # noqa: BLE001 -- another administrator's open transaction, say
        log.warning("could not clear old row versions after an erasure", exc_info=True)
        return False


def _vacuum_full(connection: Connection) -> int:
    """VACUUM FULL each personal table; the number of dead row versions the server had to keep
    (from VERBOSE's detail lines), or 0 when the driver cannot tell us."""
    raw: Any = connection.connection.driver_connection
    details: list[str] = []

    def heard(diagnostic: Any) -> None:
        details.append(getattr(diagnostic, "message_detail", None) or "")

    listening = hasattr(raw, "add_notice_handler")
    if listening:
        raw.add_notice_handler(heard)
    try:
        for table in PERSONAL_TABLES:
            connection.execute(text(f"VACUUM (FULL, VERBOSE) {table}"))
    finally:
        if listening:
            raw.remove_notice_handler(heard)
    return sum(int(m.group(1)) for d in details if (m := _KEPT.search(d)))
