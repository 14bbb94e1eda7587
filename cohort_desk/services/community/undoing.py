"""Undo and redo for Mentoring and Community changes (issue 15 item 1): the rows a change
touched are read before and after it, and putting one state back is the undo, the other the
redo. Exact whatever the change was (a pair assigned, started or ended; a meeting logged or
deleted; a mentor's profile; members added, consent recorded, someone leaving; a leadership
role), without a
reverse service for each, and the audit trail records the undo like any change.

A row put back keeps its id, so a later change on the undo stack still finds it. When someone
else changed one of those rows meanwhile, nothing is put back and the person is told.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    CommunityMembership,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
)
from cohort_desk.db.models.base import Base
from cohort_desk.errors import ConflictError, RefusedError

# In the order rows are made (a meeting needs its pair); deleted in the reverse order.
KINDS: dict[str, type[Base]] = {
    "mentors": MentorProfile,
    "pairs": MentoringPair,
    "meetings": MentoringMeeting,
    "members": CommunityMembership,
    "roles": LeadershipRole,
}
# Kept by the database itself: an undo is a new change, with its own version and time.
_OWN = {"id", "version", "created_at", "updated_at"}

Key = tuple[str, int]
State = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Snapshot:
    """The rows of some kinds at one moment, by (kind, id)."""

    rows: dict[Key, State]


def _state(row: Base) -> State:
    columns = row.__table__.columns
    return tuple((c.key, _frozen(getattr(row, c.key))) for c in columns if c.key not in _OWN)


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def snapshot(db: Database, kinds: Iterable[str]) -> Snapshot:
    rows: dict[Key, State] = {}
    with db.read() as session:
        for kind in kinds:
            for row in session.scalars(select(KINDS[kind])):
                rows[(kind, row.id)] = _state(row)  # type: ignore[attr-defined]
    return Snapshot(rows)


def changed(before: Snapshot, after: Snapshot) -> list[Key]:
    """The rows a change made, altered or removed."""
    keys = set(before.rows) | set(after.rows)
    return sorted(k for k in keys if before.rows.get(k) != after.rows.get(k))


def put_back(db: Database, wanted: Snapshot, now: Snapshot, keys: Iterable[Key]) -> None:
    """Make the rows ``keys`` as they are in ``wanted`` (absent: deleted), provided they are
    still as in ``now``."""
    keys = list(keys)
    order = list(KINDS)
    with db.write() as session:
        for key in keys:
            current = _current(session, key)
            if (None if current is None else _state(current)) != now.rows.get(key):
                raise ConflictError(
                    "Someone changed these records after this change was made, so it cannot "
                    "be taken back; refresh (F5) and change them by hand."
                )
        removing = [k for k in keys if k not in wanted.rows]
        for kind, row_id in sorted(removing, key=lambda k: -order.index(k[0])):
            row = _current(session, (kind, row_id))
            if row is None:
                continue
            if kind == "pairs" and _meetings_left(session, row_id, keys):
                raise RefusedError(
                    "This pair has meetings logged since; delete them before taking it back."
                )
            session.delete(row)
            session.flush()
        for kind, row_id in sorted(
            (k for k in keys if k in wanted.rows), key=lambda k: order.index(k[0])
        ):
            values = dict(wanted.rows[(kind, row_id)])
            values = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
            row = _current(session, (kind, row_id))
            if row is None:
                session.add(KINDS[kind](id=row_id, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
            session.flush()


def _current(session: Session, key: Key) -> Any:
    kind, row_id = key
    return session.get(KINDS[kind], row_id)


def _meetings_left(session: Session, pair_id: int, keys: list[Key]) -> bool:
    going = {row_id for kind, row_id in keys if kind == "meetings"}
    ids = session.scalars(
        select(MentoringMeeting.id).where(MentoringMeeting.pair_id == pair_id)
    ).all()
    return bool(set(ids) - going)
