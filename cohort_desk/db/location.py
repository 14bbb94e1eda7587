"""Where a SQLite file lives: resolving --db, and telling a local disk from a network share."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from cohort_desk.db.naming import database_text
from cohort_desk.errors import UserError

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "davfs"}


def resolve_url(db: str | None) -> URL:
    """The database to open: --db, else $COHORT_DESK_DB, else the one the organisation's
    settings file names, else the per-user default file."""
    text = database_text(db)
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
        _check_driver(url)
        return url
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))


def _check_driver(url: URL) -> None:
    """Only the drivers Cohort Desk is built with, and only databases that outlive the
    command: a database in memory said "Added" and kept nothing."""
    if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
        raise UserError(
            f"Cohort Desk reaches PostgreSQL through psycopg, not {url.get_driver_name()}; "
            "write the address as postgresql+psycopg://user@host/dbname."
        )
    if url.get_backend_name() == "sqlite":
        if url.get_driver_name() != "pysqlite":
            raise UserError(
                f"Cohort Desk opens SQLite files itself, not through {url.get_driver_name()}; "
                "give the database's file path."
            )
        if url.database in (None, "", ":memory:"):
            raise UserError(
                "A SQLite database in memory is gone when Cohort Desk stops, so nothing "
                "would be kept; give a file path."
            )


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for PostgreSQL and in-memory databases."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def check_sqlite_file(path: Path) -> None:
    """Refuse, with one sentence, a path that cannot hold a Cohort Desk database."""
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a database file; give the path of a .db file.")
    for suffix in SQLITE_COMPANIONS:
        beside = path.name.removesuffix(suffix)
        if beside != path.name and beside and path.with_name(beside).is_file():
            # Made into a database of its own, it would be taken (and reset) as the other's.
            raise UserError(
                f"{path.name} is a file SQLite keeps beside the database {beside}, not a "
                f"database; give {beside} itself."
            )
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
    if sys.platform == "win32":
        return _windows_network_path(str(path))
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return False
    return mount_type(str(path.resolve()), mounts) in NETWORK_FILESYSTEMS


def _unescape_mount(field: str) -> str:
    """The kernel writes a space in a mount point as \\040 (tab \\011, newline \\012, backslash
    \\134), so "/mnt/Team Share" appears as "/mnt/Team\\040Share"."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mount_type(resolved: str, mounts: str) -> str:
    """The file system type of the deepest mount point holding ``resolved`` (an absolute
    path), read from the text of /proc/mounts; "" when none matches."""
    best, fstype = "", ""
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1])
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, fstype = point, parts[2]
    return fstype


DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive or a UNC share


def _windows_network_path(text: str) -> bool:
    """A mapped drive (Z:), a UNC path (\\\\server\\share) or a folder on a share.

    GetVolumePathNameW finds the volume root for any path (spaces, \\\\?\\ long-path prefixes,
    folders mounted from elsewhere), which GetDriveTypeW then classifies.
    """
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.GetVolumePathNameW.argtypes = (wintypes.LPCWSTR, wintypes.LPWSTR, wintypes.DWORD)
    kernel32.GetVolumePathNameW.restype = wintypes.BOOL
    kernel32.GetDriveTypeW.argtypes = (wintypes.LPCWSTR,)
    kernel32.GetDriveTypeW.restype = wintypes.UINT
    full = os.path.abspath(text)
    root = ctypes.create_unicode_buffer(32768)
    if kernel32.GetVolumePathNameW(full, root, len(root)):
        volume = root.value
    else:  # a share that cannot be reached at all is still a share
        volume = os.path.splitdrive(full)[0] + "\\"
    if volume.startswith("\\\\?\\UNC\\") or (
        volume.startswith("\\\\") and not volume.startswith(("\\\\?\\", "\\\\.\\"))
    ):
        return True
    return bool(kernel32.GetDriveTypeW(volume) == DRIVE_REMOTE)
