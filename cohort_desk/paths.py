"""Every folder the app reads from or writes to, in one place, overridable for tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from cohort_desk import APP_ID

# Tests and portable installs point everything the app writes at one folder with this variable.
HOME_ENV = "COHORT_DESK_HOME"


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
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """Where the default database lives."""
    return _base("data")


def log_dir() -> Path:
    """Where the rotating log file lives."""
    return _base("logs")


def config_dir() -> Path:
    """Where per-computer preferences (not shared settings) live."""
    return _base("config")


def default_database_path() -> Path:
    return data_dir() / "cohort_desk.db"


def default_backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """Shipped fonts, icons and images: beside the package, or inside a frozen build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
