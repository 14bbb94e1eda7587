"""Saving a calendar file (.ics) from the Sessions and Cohorts screens."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.wording import plural
from cohort_desk.services.communications import calendar_file, write_calendar
from cohort_desk.ui.kit import files
from cohort_desk.ui.kit.undo import attempt

CALENDAR = {"Calendar for Outlook, Google or Apple (*.ics)": ".ics"}


def save_calendar(
    parent: QWidget,
    db: Database,
    *,
    session_id: int | None = None,
    cohort_id: int | None = None,
    person_id: int | None = None,
) -> bool:
    """Ask where, then write the session's, cohort's or person's calendar there; the status
    bar offers to open it (which in Outlook adds the entries)."""
    found = attempt(
        parent,
        lambda: calendar_file(db, session_id=session_id, cohort_id=cohort_id, person_id=person_id),
    )
    if found is None:
        return False
    path = files.ask_save_path(parent, "calendars", "Save calendar file", found.file_name, CALENDAR)
    if path is None:
        return False
    # The save dialog has asked before replacing a file.
    written = attempt(parent, lambda: write_calendar(found, path, overwrite=True))
    if written is None:
        return False
    count = plural(found.sessions, "session")
    files.saved(parent, written, f"the calendar of {count} as {written.name}")
    return True
