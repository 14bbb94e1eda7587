"""Putting attendance marks back as they were: what undo and redo of a mark need.

Marks are read before a change (one key, Mark all present, a Teams report applied) and after
it; undo writes the first back, redo the second. Each is one transaction through the ORM, so
the audit trail records the reversal like any change, and a mark nobody had is removed
rather than left as "absent".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Attendance
from cohort_desk.services.attendance.marking import session_marks
from cohort_desk.services.common import session_in


@dataclass(frozen=True)
class SavedMark:
    """One person's mark as it stood: everything a register line shows of it."""

    status: str
    note: str
    source: str
    recorded_by: str
    minutes_attended: int | None


Marks = dict[int, SavedMark | None]  # person id -> their mark, or None for not marked


def marks_of(db: Database, session_id: int, person_ids: Iterable[int] | None = None) -> Marks:
    """The marks of these people (everyone marked, when None) at one session."""
    with db.read() as session:
        session_in(session, session_id)
        rows = session_marks(session, session_id)
        wanted = list(rows) if person_ids is None else list(person_ids)
        return {pid: _saved(rows.get(pid)) for pid in wanted}


def _saved(row: Attendance | None) -> SavedMark | None:
    if row is None:
        return None
    return SavedMark(row.status, row.note, row.source, row.recorded_by, row.minutes_attended)


def restore_marks(db: Database, session_id: int, marks: Mapping[int, SavedMark | None]) -> int:
    """Make these people's marks exactly as given; returns how many changed."""
    changed = 0
    with db.write() as session:
        session_in(session, session_id)
        rows = session_marks(session, session_id)
        for person_id, wanted in marks.items():
            row = rows.get(person_id)
            if wanted is None:
                if row is not None:
                    session.delete(row)  # one by one, so the audit trail records each
                    changed += 1
                continue
            if row is None:
                row = Attendance(session_id=session_id, person_id=person_id)
                session.add(row)
            elif _saved(row) == wanted:
                continue
            row.status, row.note, row.source = wanted.status, wanted.note, wanted.source
            row.recorded_by, row.minutes_attended = wanted.recorded_by, wanted.minutes_attended
            changed += 1
    return changed
