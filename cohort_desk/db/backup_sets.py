"""Which backup set a SQLite database's backups belong to: an identity stored in the database
itself (a random id made with its schema, migration 0011), never its file name or location, so
a moved or renamed database keeps its backups and two databases with the same file name in
different folders never share (or thin) one set (issue 12, item 12).

A copy of a database file carries the same id; this computer remembers where it last saw each
id, and a database found somewhere new while the original is still where it was is a copy and
is given its own id. When a database is too damaged to read its id, the id last seen at its
location is used, so the newest good backup can still be offered.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import uuid
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from cohort_desk import paths

if TYPE_CHECKING:
    from cohort_desk.db.engine import Database

log = logging.getLogger(__name__)

IDENTITY_KEY = "database_id"
#: Per computer, in the private data folder: {database location: id last seen there}.
SEEN_FILE = "backup-sets.json"
#: Characters of the id in backup names: 48 bits, far from any collision in one folder, and
#: never the 8 of the older location-keyed names.
KEY_LENGTH = 12

_known: weakref.WeakKeyDictionary[Database, str | None] = weakref.WeakKeyDictionary()


def new_identity() -> str:
    return uuid.uuid4().hex


def set_key(database: Database) -> str | None:
    """The short key naming this database's backup set, or None when it has no readable id
    (a PostgreSQL database, or a damaged file this computer has never seen)."""
    identity = identity_of(database)
    return identity[:KEY_LENGTH] if identity else None


def identity_of(database: Database) -> str | None:
    """The database's id, worked out once per open database (see the module's docstring)."""
    if database in _known:
        return _known[database]
    found = _resolve(database, database.file) if database.file is not None else None
    if found is not None:  # none yet (before migration 0011 ran): ask again next time
        _known[database] = found
    return found


def forget(database: Database) -> None:
    """Work the id out again next time (after a restore or a copy was given its own id)."""
    _known.pop(database, None)


def read_identity(file: Path) -> str | None:
    """The id stored in a SQLite file, read without changing it; None when it has none or
    cannot be read (damaged, locked, not ours)."""
    if not file.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
        try:
            row = connection.execute(
                "SELECT value FROM settings WHERE key = ?", (IDENTITY_KEY,)
            ).fetchone()
        finally:
            connection.close()
    except (sqlite3.Error, OSError):
        return None
    value = str(row[0]).strip().lower() if row and row[0] else ""
    return value if len(value) >= KEY_LENGTH and value.isalnum() else None


def _where(file: Path) -> str:
    try:
        return os.path.normcase(str(file.resolve()))
    except OSError:
        return os.path.normcase(str(file.absolute()))


def _seen() -> dict[str, str]:
    try:
        found = json.loads((paths.data_dir() / SEEN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): str(v) for k, v in found.items() if isinstance(v, str)}


def _remember(seen: dict[str, str]) -> None:
    from cohort_desk import outputs
    from cohort_desk.errors import UserError

    try:
        outputs.write_file(
            paths.data_dir() / SEEN_FILE, json.dumps(seen, indent=1).encode(), overwrite=True
        )
    except UserError:
        log.warning("could not remember where this computer's databases are")


def _same_file(a: str, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _resolve(database: Database, file: Path) -> str | None:
    where = _where(file)
    seen = _seen()
    stored = read_identity(file)
    if stored is None:
        return seen.get(where)  # too damaged to read: the id this computer last saw here
    elsewhere = [loc for loc, ident in seen.items() if ident == stored and loc != where]
    for other in elsewhere:
        if _same_file(other, file):
            continue  # the same file by another route (a mapped drive and its UNC path)
        if read_identity(Path(other)) == stored:
            stored = _give_own_identity(database, stored) or stored
            break
        del seen[other]  # the database moved from there: its backups move with it
    if seen.get(where) != stored:
        seen[where] = stored
        _remember(seen)
    return stored


def _give_own_identity(database: Database, shared: str) -> str | None:
    """This file is a copy of a database still in use elsewhere: it becomes a database of its
    own, with its own backup set, instead of sharing (and thinning) the original's."""
    fresh = new_identity()
    assert database.file is not None
    try:
        # A plain connection with a short wait: this can run while our own engine holds the
        # write lock (the backup taken before an upgrade), where a session would wait for it.
        connection = sqlite3.connect(str(database.file), timeout=1.0)
        try:
            with connection:
                connection.execute(
                    "UPDATE settings SET value = ?, version = version + 1 WHERE key = ?",
                    (fresh, IDENTITY_KEY),
                )
        finally:
            connection.close()
    except sqlite3.Error:  # read-only or busy: it shares the set until the next start
        log.warning("could not give the copied database %s its own id", database.describe())
        return None
    log.info("%s is a copy of database %s; it has its own backups now", database.describe(), shared)
    return fresh


def write_identity(database: Database, identity: str) -> None:
    """Store ``identity`` as the database's id (a copy given its own, or a restored backup
    keeping the id of the database it replaced)."""
    from cohort_desk.db.models import Setting

    with database.write() as session:
        row = session.get(Setting, IDENTITY_KEY)
        if row is None:
            session.add(Setting(key=IDENTITY_KEY, value=identity))
        elif row.value != identity:
            row.value = identity
    forget(database)
