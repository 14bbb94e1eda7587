"""Every folder the app reads from or writes to, in one place, overridable for tests."""

from __future__ import annotations

import importlib.resources
import os
import sys
from pathlib import Path

import platformdirs

from cohort_desk import APP_ID

# Tests and portable installs point everything the app writes at one folder with this variable.
HOME_ENV = "COHORT_DESK_HOME"
# What Cohort Desk creates holds people's details: only the account that made it may read it.
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def private_folder(path: Path, ours: bool = True) -> Path:
    """Create ``path`` (and missing parents) readable only by this account (0700 on POSIX).

    The mode is given at creation, not set afterwards, so there is no moment when others
    could read it. With ``ours`` (a folder only Cohort Desk uses, not one a person chose) an
    existing folder left open by an older version is closed up too.
    """
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_FOLDER_MODE)
        except FileExistsError:
            pass
    if ours:
        _close_up(path)
    return path


def _close_up(path: Path) -> None:
    if os.name != "posix":
        return  # Windows: the folders sit in the user's own profile, which others cannot read
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o077:
            path.chmod(info.st_mode & ~0o077)
    except OSError:
        pass


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 if it does not exist; True when it was created.

    SQLite gives a database's -wal, -shm and -journal files the database file's own mode, so
    making the file first this way keeps all of them private.
    """
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    os.close(handle)
    return True


def readable_by_others(path: Path) -> bool:
    """Whether other accounts on this computer can read ``path`` (POSIX permission bits)."""
    if os.name != "posix":
        return False
    try:
        return bool(path.stat().st_mode & 0o044)
    except OSError:
        return False


def _base(kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override) / kind
    # On Windows: the database, backups and logs stay on this PC, in %LOCALAPPDATA%\cohort-desk
    # (a roaming profile would copy a live SQLite file at every log-on and log-off);
    # preferences follow the person to other office PCs, in %APPDATA%\cohort-desk.
    # appauthor=False keeps platformdirs from adding a company folder level.
    elif kind == "data":
        path = Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
    elif kind == "logs":
        path = Path(platformdirs.user_log_dir(APP_ID, appauthor=False))
    elif kind == "config":
        path = Path(platformdirs.user_config_dir(APP_ID, appauthor=False, roaming=True))
    else:
        raise ValueError(kind)
    return private_folder(path)


def data_dir() -> Path:
    """Where the default database lives."""
    return _base("data")


def log_dir() -> Path:
    """Where the rotating log file lives."""
    return _base("logs")


def config_dir() -> Path:
    """Where per-computer preferences (not shared settings) live."""
    return _base("config")


def documents_dir() -> Path:
    """Where save and open dialogs start the first time: the person's Documents folder
    (under COHORT_DESK_HOME when that is set, so tests never touch the real one)."""
    override = os.environ.get(HOME_ENV)
    path = Path(override) / "documents" if override else Path(platformdirs.user_documents_dir())
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "cohort_desk.db"


def keys_dir() -> Path:
    """Where this computer keeps the academy's certificate signing key: outside every
    database and every backup, readable by this account only."""
    return private_folder(data_dir() / "keys")


def default_backup_dir() -> Path:
    return private_folder(data_dir() / "backups")


def resources_dir() -> Path:
    """Shipped fonts, icons and images, found the same way in every kind of install.

    A wheel and the PyInstaller folder hold them inside the package, as cohort_desk/resources
    (setup.py and build.spec put them there); a source checkout or an editable install has
    them in resources/ at the top of the repository, beside the package.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "cohort_desk" / "resources"
    installed = Path(str(importlib.resources.files("cohort_desk"))) / "resources"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
