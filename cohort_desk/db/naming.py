"""Which database --db names, as text, without SQLAlchemy: the window says what it is opening
before the half second of importing SQLAlchemy that opening it takes."""

from __future__ import annotations

import os
import re
from pathlib import Path

from cohort_desk import organisation, paths

DB_ENV = "COHORT_DESK_DB"

_PASSWORD = re.compile(r"^([^:/]+://[^:/@]*):[^@]*@")


def database_text(db: str | None) -> str:
    """--db, else $COHORT_DESK_DB, else the one the organisation's settings file names, else
    the per-user default file."""
    return (
        db
        or os.environ.get(DB_ENV)
        or organisation.load().database
        or str(paths.default_database_path())
    )


def describe_unopened(db: str | None) -> str:
    """The database as the status bar will name it once open (Database.describe): the file,
    or the server's address with its password hidden."""
    text = database_text(db)
    if text.startswith("sqlite:///") and len(text) > len("sqlite:///"):
        # A URL's path is opened as written (location.sqlite_file), so it is named as written:
        # resolving it gave "C:\tmp\x.db" while opening and "\tmp\x.db" once open on Windows.
        return str(Path(text.removeprefix("sqlite:///")))
    if "://" in text:
        return _PASSWORD.sub(r"\1:***@", text)
    try:
        return str(Path(text).expanduser().resolve())
    except (OSError, RuntimeError, ValueError):
        return text
