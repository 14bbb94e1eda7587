"""Where a SQLite file lives: resolving --db, and telling a local disk from a network share."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from cohort_desk import paths
from cohort_desk.errors import UserError

DB_ENV = "COHORT_DESK_DB"
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "davfs"}


def resolve_url(db: str | None) -> URL:
    """The database to open: --db, else $COHORT_DESK_DB, else the per-user default file."""
    text = db or os.environ.get(DB_ENV) or str(paths.default_database_path())
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError:
            raise UserError(
                f"'{text}' is not a database address Cohort Desk understands; give a file path "
                "or a URL such as postgresql+psycopg://user@host/dbname."
            ) from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise UserError(
                f"Cohort Desk works with SQLite files and PostgreSQL, not "
                f"'{url.get_backend_name()}'; give a file path or a postgresql+psycopg:// URL."
            )
        return url
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for PostgreSQL and in-memory databases."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse, with one sentence, a path that cannot hold a Cohort Desk database."""
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a database file; give the path of a .db file.")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(16)
        except OSError:
            raise UserError(
                f"Cohort Desk cannot read {path}; check that you have permission to open it."
            ) from None
        if header and header != b"SQLite format 3\x00":
            raise UserError(
                f"{path} is not a Cohort Desk database (it is some other kind of file); "
                "choose a .db file made by Cohort Desk, or a new file name."
            )
    elif not path.parent.is_dir():
        raise UserError(
            f"The folder {path.parent} does not exist; create it first or choose another place."
        )


def is_network_path(path: Path) -> bool:
    """True when the file is on a network share, where SQLite's locking cannot be trusted."""
    text = str(path)
    if sys.platform == "win32":
        if text.startswith("\\\\"):
            return True
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # type: ignore[attr-defined]
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    best, fstype = "", ""
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype in NETWORK_FILESYSTEMS
