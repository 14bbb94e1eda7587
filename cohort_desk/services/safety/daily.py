"""The day's first backup, taken when the window or a command opens the database.

Apart from services/safety/backups.py, whose other work (settings, restore, the signing key)
declares every model: each command-line call makes this check, and `people --json` paid a
tenth of a second for those imports (issue 22).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from cohort_desk.db import backup as backups
from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError

log = logging.getLogger(__name__)


def daily_backup(db: Database, today: date | None = None) -> Path | None:
    """Called at start-up: the day's first backup, never stopping the app when it fails."""
    try:
        made = backups.daily_backup_if_due(db, today)
    except (UserError, OSError) as exc:
        log.warning("daily backup of %s failed: %s", db.describe(), exc)
        return None
    if made is not None:
        from cohort_desk.services.certificates.key_backup import copy_beside_backups

        copy_beside_backups(db)  # the signing key's encrypted export, apart from the .db files
    return made
