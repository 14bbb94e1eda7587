"""Attendance changes made undoable: the marks are read before and after, and undo or redo
writes one of the two back (services/attendance/restore.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtGui import QUndoStack

from cohort_desk.db.engine import Database
from cohort_desk.rules.attendance import STATUS_LABELS
from cohort_desk.rules.wording import plural
from cohort_desk.services.attendance.restore import Marks, marks_of, restore_marks
from cohort_desk.ui.kit.undo import push_done

T = TypeVar("T")
SessionMarks = list[tuple[int, Marks]]  # (session id, marks) for each session touched


def mark_words(status: str | None, who: str) -> str:
    """'Mark Ada Okafor present', 'Mark 3 people late', 'Clear Ada Okafor's mark'."""
    if status is None:
        return f"Clear {who}'s mark" if not who[0].isdigit() else f"Clear the marks of {who}"
    return f"Mark {who} {STATUS_LABELS[status].lower()}"


def who(names: list[str]) -> str:
    return names[0] if len(names) == 1 else plural(len(names), "person", "people")


def change_marks(
    db: Database,
    stack: QUndoStack,
    text: str,
    people: dict[int, Iterable[int]],
    work: Callable[[], T],
    after: Callable[[], Any],
) -> T:
    """Run ``work`` (which marks people at sessions, raising UserError to refuse) and put it
    on ``stack`` as one change, when it changed anything. ``people``: session id -> the
    people whose marks it may change."""
    wanted = {session_id: list(ids) for session_id, ids in people.items()}
    before = [(sid, marks_of(db, sid, ids)) for sid, ids in wanted.items()]
    result = work()
    now = [(sid, marks_of(db, sid, ids)) for sid, ids in wanted.items()]
    if before != now:
        push_done(stack, text, lambda: _write(db, before), lambda: _write(db, now), after)
    return result


def _write(db: Database, marks: SessionMarks) -> None:
    for session_id, saved in marks:
        restore_marks(db, session_id, saved)
