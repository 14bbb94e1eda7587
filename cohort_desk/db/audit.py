"""The audit trail, written automatically: every insert, update and delete made through a
write session becomes an AuditEntry in the same transaction, so no service can forget one."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from cohort_desk.db.bulk import insert_rows
from cohort_desk.db.types import utcnow

if TYPE_CHECKING:
    from types import ModuleType

# Bookkeeping columns that change on every save and say nothing to a reader of the history.
SKIPPED_COLUMNS = {"version", "created_at", "updated_at", "email_key", "recorded_at", "signature"}
# Tables that are themselves history, or whose values must never be copied into the trail.
NOT_AUDITED_NAMES = ("AuditEntry", "ImportChange", "VerificationEntry")
VALUES_WITHHELD_NAMES = ("EqualityRecord",)
SECRET_SETTINGS = {"certificate_secret"}
_ENTRY_COLUMNS = ("record_type", "record_id", "action", "changes", "person_id")


@cache
def _models() -> ModuleType:
    """The models, imported at the first flush rather than with this module: every open
    database installs the listener below, and a command that only reads (`people --json`)
    should not declare every model for it (a tenth of a second, issue 22)."""
    from cohort_desk.db import models

    return models


@cache
def _classes(names: tuple[str, ...]) -> tuple[type, ...]:
    return tuple(getattr(_models(), name) for name in names)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _person_of(obj: Any) -> int | None:
    if isinstance(obj, _models().Person):
        return obj.id  # type: ignore[no-any-return]
    for attr in ("person_id", "mentee_id"):
        value = getattr(obj, attr, None)
        if value is not None:
            return int(value)
    return None


def _changes(obj: Any, action: str) -> dict[str, list[Any]] | None:
    if isinstance(obj, _classes(VALUES_WITHHELD_NAMES)):
        return None
    if isinstance(obj, _models().Setting) and obj.key in SECRET_SETTINGS:
        return {"value": ["<secret>", "<secret>"]}
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SKIPPED_COLUMNS or key == "id":
            continue
        history = state.attrs[key].history
        if action == "created":
            value = history.added[0] if history.added else getattr(obj, key, None)
            if value not in (None, "", False):
                changes[key] = [None, _plain(value)]
        elif action == "deleted":
            value = (
                history.deleted[0]
                if history.deleted
                else history.unchanged[0]
                if (history.unchanged)
                else None
            )
            if value not in (None, ""):
                changes[key] = [_plain(value), None]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[key] = [_plain(old), _plain(new)]
    return changes


def _record_id(obj: Any) -> int | None:
    # Read the key from the object: a row inserted in this flush has no identity yet.
    state = inspect(obj)
    key = state.identity or state.mapper.primary_key_from_instance(obj)
    if key and isinstance(key[0], int):
        return key[0]
    return None


def _after_flush(session: Session, _context: Any) -> None:
    rows: list[dict[str, Any]] = []
    who = session.info.get("actor", "unknown")
    now = utcnow()
    groups = (("created", session.new), ("updated", session.dirty), ("deleted", session.deleted))
    for action, objects in groups:
        for obj in objects:
            if isinstance(obj, _classes(NOT_AUDITED_NAMES)):
                continue
            changes = _changes(obj, action)
            if action == "updated" and changes == {}:
                continue
            rows.append(
                {
                    "at": now,
                    "who": who,
                    "record_type": type(obj).__name__,
                    "record_id": _record_id(obj),
                    "action": session.info.get("audit_action", action)
                    if action == "updated"
                    else action,
                    "changes": changes,
                    "person_id": _person_of(obj),
                }
            )
    if rows:
        session.connection().execute(insert(_models().AuditEntry), rows)


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "after_flush", _after_flush)


def record_event(
    session: Session,
    record_type: str,
    record_id: int | None,
    action: str,
    changes: dict[str, Any] | None = None,
    person_id: int | None = None,
) -> None:
    """Record something that is not a plain row change (an export, an erasure, a restore)."""
    session.add(
        _models().AuditEntry(
            at=utcnow(),
            who=session.info.get("actor", "unknown"),
            record_type=record_type,
            record_id=record_id,
            action=action,
            changes=changes,
            person_id=person_id,
        )
    )


def record_rows(session: Session, entries: list[dict[str, Any]]) -> None:
    """Audit rows changed by set-based statements, which the listener above never sees
    (imports and their undo write thousands of rows at once), in the same transaction.

    Each entry has record_type, record_id, action, person_id and changes as field ->
    [before, after] of JSON values (plain_value), in the shape the listener writes, so the
    trail reads the same.
    """
    shared = {"at": utcnow(), "who": session.info.get("actor", "unknown")}
    pick = itemgetter(*_ENTRY_COLUMNS)
    table = _models().AuditEntry.__table__
    insert_rows(session.connection(), table, _ENTRY_COLUMNS, [pick(e) for e in entries], shared)


def plain_value(value: Any) -> Any:
    """A value as the trail stores it in JSON (dates as ISO text)."""
    # Text, numbers and None, nearly every value an undo audits (issue 22), are kept as
    # they are without _plain's isinstance tests.
    if type(value) in _AS_IS:
        return value
    return _plain(value)


_AS_IS = frozenset({str, int, float, bool, type(None)})
