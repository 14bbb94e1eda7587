"""db.bulk.insert_rows writes exactly what a Core insert of the same rows writes (on SQLite, and
on PostgreSQL when COHORT_DESK_TEST_PG_URL is set): defaults, JSON (null included), UTC times."""

from __future__ import annotations

import importlib
import json
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from sqlalchemy import String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from cohort_desk.db.bulk import insert_rows
from cohort_desk.db.models import AuditEntry, ImportBatch, ImportChange, Person

PEOPLE = cast(Table, Person.__table__)
AUDIT = cast(Table, AuditEntry.__table__)
CHANGES = cast(Table, ImportChange.__table__)
WHEN = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the clocks go forward


def _people(prefix: str) -> list[dict[str, Any]]:
    return [
        {"given_name": "Ama", "family_name": "Mensah", "email": f"{prefix}a@nhs.net", "phone": ""},
        {"given_name": "Nguyễn", "family_name": "", "email": f"{prefix}b@nhs.net", "phone": "1"},
    ]


def _read(db: Any, table: Table, where: Any) -> list[dict[str, Any]]:
    with db.read() as session:
        rows = session.execute(select(table).where(where).order_by(table.c.id)).mappings()
        return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def test_people_with_defaults_and_shared_times_as_core_writes_them(db: Any) -> None:
    columns = ("given_name", "family_name", "email", "email_key", "phone")
    with db.write() as session:
        core = [
            p | {"email_key": p["email"], "created_at": WHEN, "updated_at": WHEN}
            for p in _people("core-")
        ]
        session.execute(insert(PEOPLE), core)
        bulk = [p | {"email_key": p["email"]} for p in _people("bulk-")]
        rows = [tuple(p.get(c, "") for c in columns) for p in bulk]
        shared = {"created_at": WHEN, "updated_at": WHEN}
        insert_rows(session.connection(), PEOPLE, columns, rows, shared)
    by_core = _read(db, PEOPLE, PEOPLE.c.email.like("core-%"))
    by_bulk = _read(db, PEOPLE, PEOPLE.c.email.like("bulk-%"))
    for row in by_core + by_bulk:
        row["email"] = row["email"].partition("-")[2]
        row["email_key"] = row["email_key"].partition("-")[2]
    assert by_bulk == by_core
    assert by_bulk[0]["version"] == 1 and by_bulk[0]["notes"] == ""
    assert by_bulk[1]["created_at"] == WHEN


def test_json_and_null_json_as_core_writes_them(db: Any) -> None:
    with db.write() as session:
        batch = ImportBatch(file_name="f.xlsx", file_sha256="0" * 64, sheet="S", mapping={})
        session.add(batch)
        session.flush()
        changes = [
            {"batch_id": batch.id, "action": "created", "before": None},
            {"batch_id": batch.id, "action": "updated", "before": {"phone": "1", "é": [None]}},
        ]
        session.execute(insert(CHANGES), [c | {"person_id": None} for c in changes])
        columns = ("batch_id", "person_id", "action", "before")
        rows = [(c["batch_id"], None, c["action"], c["before"]) for c in changes]
        insert_rows(session.connection(), CHANGES, columns, rows)
    everything = _read(db, CHANGES, CHANGES.c.batch_id.is_not(None))
    core, bulk = everything[:2], everything[2:]
    assert bulk == core
    with db.read() as session:
        # JSON null, as the Core insert stores it, not SQL NULL.
        stored_null = session.scalars(
            select(CHANGES.c.id).where(CHANGES.c.before.is_(None), CHANGES.c.action == "created")
        ).all()
        assert stored_null == []


def test_audit_rows_keep_their_instant_in_utc(db: Any) -> None:
    with db.write() as session:
        columns = ("record_type", "record_id", "action", "changes", "person_id")
        rows = [("Person", 1, "created", {"given_name": [None, "Ama"]}, 1)]
        insert_rows(session.connection(), AUDIT, columns, rows, {"at": WHEN, "who": "tester"})
    (row,) = _read(db, AUDIT, AUDIT.c.record_type == "Person")
    assert row == {
        "at": WHEN,
        "who": "tester",
        "record_type": "Person",
        "record_id": 1,
        "action": "created",
        "changes": {"given_name": [None, "Ama"]},
        "person_id": 1,
    }


def test_new_people_found_by_key_when_not_above_the_highest_id(db: Any, tmp_path: Any) -> None:
    """apply finds its new people's ids above the highest id before; were SQLite ever to
    pick lower ones (it does at the largest rowid), they are still found, by their keys."""
    # The module, not the package's apply function of the same name.
    work_class = importlib.import_module("cohort_desk.services.imports.apply")._Work
    with db.write() as session:
        rows = [p | {"email_key": p["email"]} for p in _people("")]
        session.execute(
            insert(PEOPLE), [r | {"created_at": WHEN, "updated_at": WHEN} for r in rows]
        )
        work = work_class(session, None, [])
        everyone = {"a@nhs.net", "b@nhs.net"}
        by_range = work._new_ids(0, everyone)
        by_key = work._new_ids(10**9, everyone)
    assert by_range == by_key and set(by_key) == everyone


def test_a_refused_row_is_sqlalchemys_integrity_error_as_from_an_insert(db: Any) -> None:
    columns = ("given_name", "family_name", "email", "email_key")
    twice = [("Ama", "Mensah", "a@nhs.net", "a@nhs.net")] * 2
    with pytest.raises(IntegrityError), db.write() as session:
        insert_rows(session.connection(), PEOPLE, columns, twice, {"created_at": WHEN})
    assert _read(db, PEOPLE, PEOPLE.c.email_key == "a@nhs.net") == []


def test_json_text_on_sqlite_is_json_dumps_text() -> None:
    import json

    from sqlalchemy import JSON
    from sqlalchemy.dialects import sqlite

    from cohort_desk.db.bulk import _processor

    dialect = sqlite.dialect()
    process = _processor(AUDIT, "changes", dialect)
    values: list[Any] = [
        {"given_name": [None, "Nguyễn"], "organisation_id": [None, 3], "score": [1.5, 1e20]},
        {"flags": [True, False, None], "nested": {"a": [{"b": '"quoted"\n'}]}, "n": -0.0},
        [1, "two", {"three": 3.25}],
        {},
    ]
    for value in values:
        assert process(value) == json.dumps(value)
    # Everything else is left to SQLAlchemy's own processor.
    assert process(None) == "null" and process(JSON.NULL) == "null"
    assert process("text") == json.dumps("text")


def test_json_written_beforehand_is_stored_as_written(db: Any) -> None:
    """An import's audit of new people comes as JsonText (services/imports/audit_rows.py)."""
    from cohort_desk.db.bulk import JsonText

    changes = {"given_name": [None, "Nguyễn"], "organisation_id": [None, 3]}
    with db.write() as session:
        columns = ("record_type", "record_id", "action", "changes", "person_id")
        rows = [
            ("Person", 1, "created", JsonText(json.dumps(changes)), 1),
            ("Person", 2, "created", changes, 2),
        ]
        insert_rows(session.connection(), AUDIT, columns, rows, {"at": WHEN, "who": "tester"})
    written, encoded = _read(db, AUDIT, AUDIT.c.record_type == "Person")
    assert written["changes"] == encoded["changes"] == changes
    with db.read() as session:
        texts = session.scalars(select(AUDIT.c.changes.cast(String)).order_by(AUDIT.c.id)).all()
    assert texts[0] == texts[1]  # the same text, not a JSON string holding it
