"""Settings the organisation's IT places once per computer, read by every user's Cohort Desk.

    Windows:  %ProgramData%\\Cohort Desk\\cohort-desk.ini
    Linux:    /etc/cohort-desk/cohort-desk.ini
    macOS:    /Library/Application Support/Cohort Desk/cohort-desk.ini

    [cohort-desk]
    database = postgresql+psycopg://cohortdesk@db-server/cohortdesk
    backup_folder = \\\\files\\Academy\\Cohort Desk backups

``database`` is the database opened when neither --db nor COHORT_DESK_DB names one (so every
administrator of the office opens the shared PostgreSQL database); ``backup_folder`` is where
automatic backups go, and cannot be changed in the app. Both show in Preferences as set by the
organisation. A missing file is normal; an unreadable one is logged and ignored, never a reason
for the app not to start.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# Tests (and anyone trying a settings file out) point at another file with this variable.
SETTINGS_ENV = "COHORT_DESK_ORG_SETTINGS"
SECTION = "cohort-desk"
KEYS = ("database", "backup_folder")


def settings_file() -> Path:
    """Where IT places the file on this kind of computer."""
    override = os.environ.get(SETTINGS_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        program_data = os.environ.get("ProgramData") or r"C:\ProgramData"
        return Path(program_data) / "Cohort Desk" / "cohort-desk.ini"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Cohort Desk/cohort-desk.ini")
    return Path("/etc/cohort-desk/cohort-desk.ini")


@dataclass(frozen=True)
class OrganisationSettings:
    """What the file sets; None for what it leaves to each user."""

    file: Path
    database: str | None = None
    backup_folder: str | None = None
    problem: str | None = None  # why the file was ignored, for Preferences and the log

    @property
    def any(self) -> bool:
        return bool(self.database or self.backup_folder)


def load() -> OrganisationSettings:
    """Read the file now (it is small, and IT may change it while the app runs)."""
    path = settings_file()
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may add a byte-order mark
    except FileNotFoundError:
        return OrganisationSettings(path)
    except (OSError, UnicodeDecodeError) as exc:
        return _ignored(path, f"it could not be read ({getattr(exc, 'strerror', None) or exc})")
    import configparser  # only when there is a file: most computers have none (issue 22)

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        return _ignored(path, f"it is not a valid settings file ({exc.message.splitlines()[0]})")
    if not parser.has_section(SECTION):
        return _ignored(path, f"it has no [{SECTION}] section")
    values = {key: (parser.get(SECTION, key, fallback="") or "").strip() or None for key in KEYS}
    unknown = sorted(set(parser.options(SECTION)) - set(KEYS))
    if unknown:
        log.warning("organisation settings %s: ignoring unknown %s", path, ", ".join(unknown))
    return OrganisationSettings(path, values["database"], values["backup_folder"])


def _ignored(path: Path, why: str) -> OrganisationSettings:
    problem = f"The organisation's settings file {path} was ignored because {why}."
    log.warning(problem)
    return OrganisationSettings(path, problem=problem)
