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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
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
# The ids of the rows of each kind a change may alter or delete; rows it makes are found
# whatever the ids. A kind not named here is read whole.
Scope = Mapping[str, Iterable[int]]


@dataclass(frozen=True)
class Snapshot:
    """The rows of some kinds at one moment, by (kind, id), and what was read: per kind the
    ids in scope (None: every row) and the highest id then, so a snapshot taken after the
    change reads the same rows and those made since."""

    rows: dict[Key, State]
    reach: dict[str, tuple[frozenset[int] | None, int]] = field(default_factory=dict)


def _state(row: Base) -> State:
    columns = row.__table__.columns
    return tuple((c.key, _frozen(getattr(row, c.key))) for c in columns if c.key not in _OWN)


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def snapshot(db: Database, kinds: Iterable[str], only: Scope | None = None) -> Snapshot:
    """The rows of ``kinds`` now; of a kind named in ``only``, just the rows with those ids.

    Read as plain columns, not ORM objects, and only what a change can touch: reading every
    membership as objects, twice per change, made recording consent take 0.9 s with 10,000
    members (issue 22)."""
    only = only or {}
    reach: dict[str, tuple[frozenset[int] | None, int]] = {}
    with db.read() as session:
        for kind in kinds:
            table = KINDS[kind].__table__
            ids = frozenset(only[kind]) if kind in only else None
            reach[kind] = (ids, session.scalar(select(func.max(table.c.id))) or 0)
        return _read(session, reach, since=False)


def snapshot_after(db: Database, before: Snapshot) -> Snapshot:
    """The rows ``before`` read, as they are now, and every row made since."""
    with db.read() as session:
        return _read(session, before.reach, since=True)


def _read(
    session: Session, reach: dict[str, tuple[frozenset[int] | None, int]], since: bool
) -> Snapshot:
    rows: dict[Key, State] = {}
    for kind, (ids, highest) in reach.items():
        table = KINDS[kind].__table__
        columns = [c for c in table.columns if c.key not in _OWN]
        names = [c.key for c in columns]
        query = select(table.c.id, *columns)
        if ids is not None:
            made = [table.c.id > highest] if since else []
            query = query.where(or_(table.c.id.in_(sorted(ids)), *made))
        for row_id, *values in session.execute(query):
            rows[(kind, row_id)] = tuple(zip(names, map(_frozen, values), strict=True))
    return Snapshot(rows, dict(reach))


def changed(before: Snapshot, after: Snapshot) -> list[Key]:
    """The rows a change made, altered or removed."""
    # Items compared as sets, in C: a Python test per row took 30 ms over 10,000 rows.
    return sorted({key for key, _ in before.rows.items() ^ after.rows.items()})


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
