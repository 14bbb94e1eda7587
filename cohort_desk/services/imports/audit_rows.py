"""The audit trail of an import and of its undo, written set-based like the rows themselves.

An import writes people, enrolments and organisations with table-level statements (ten times
faster than the ORM), which the automatic audit listener never sees. These build the same
entries a hand edit would make, field by field, so the trail and `person history` show what
an import changed; db.audit.record_rows writes them in the import's own transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from json.encoder import encode_basestring_ascii
from typing import Any

from cohort_desk.db.audit import SKIPPED_COLUMNS, plain_value
from cohort_desk.db.bulk import JsonText
from cohort_desk.db.models import Enrolment, Organisation, Person

# The order the listener lists a person's fields in: the table's own.
_PERSON_COLUMNS = [c.name for c in Person.__table__.columns if c.name not in SKIPPED_COLUMNS]
_ENROLMENT_COLUMNS = [c.name for c in Enrolment.__table__.columns if c.name not in SKIPPED_COLUMNS]
_EMPTY = (None, "", False)
# How json.dumps (ensure_ascii, its default) writes a string, quotes included.
_ENCODE = encode_basestring_ascii


def _entry(
    record_type: str,
    record_id: int | None,
    action: str,
    changes: dict[str, list[Any]],
    person_id: int | None,
) -> dict[str, Any]:
    return {
        "record_type": record_type,
        "record_id": record_id,
        "action": action,
        "changes": changes,
        "person_id": person_id,
    }


def _filled(values: Mapping[str, Any], order: list[str]) -> list[str]:
    return [k for k in order if k != "id" and k in values and values[k] not in _EMPTY]


def created_people(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], ids: Sequence[int]
) -> list[dict[str, Any]]:
    """People as inserted: their values (tuples in ``columns`` order) and their new ids.

    Each entry's changes, {field: [None, value]} for the fields with a value, come already
    written as the JSON text json.dumps makes of them (JsonText): a list repeats its names,
    organisations and professions thousands of times, and each value's piece of JSON is
    written once instead of once per person (issue 22)."""
    # The columns are looked up once per batch of rows, not once per person: this runs for
    # every one of 10,000 new people inside the import's transaction.
    at = [(k, columns.index(k)) for k in _PERSON_COLUMNS if k != "id" and k in columns]
    pieces = [_pieces(k, [row[i] for row in rows]) for k, i in at]
    found = zip(*pieces, strict=True) if pieces else [()] * len(ids)
    return [
        {
            "record_type": "Person",
            "record_id": person_id,
            "action": "created",
            "changes": JsonText("{" + ", ".join(filter(None, items)) + "}"),
            "person_id": person_id,
        }
        for items, person_id in zip(found, ids, strict=True)
    ]


def _pieces(key: str, values: list[Any], deleted: bool = False) -> list[str | None]:
    """'"key": [null, value]' (or '"key": [value, null]' for a deleted row) as json.dumps
    writes that item of a dict, for each value (None for an empty one, which the changes
    leave out)."""
    distinct = set(values)
    # (A person's columns hold text and ids, so no True is taken for a 1 here.)
    if len(distinct) * 2 <= len(values):  # mostly repeated (cohorts, roles): each once
        made = {value: _piece(key, value, deleted) for value in distinct}
        return list(map(made.__getitem__, values))
    # Mostly different (names, addresses): text, nearly all of it, written inline.
    head, tail = (f"{_ENCODE(key)}: [", ", null]") if deleted else (f"{_ENCODE(key)}: [null, ", "]")
    encode = _ENCODE
    return [
        (head + encode(value) + tail if type(value) is str else _piece(key, value, deleted))
        if value
        else None
        for value in values
    ]


def _piece(key: str, value: Any, deleted: bool = False) -> str | None:
    if not value:
        return None
    if type(value) is str:
        written = _ENCODE(value)
        return (
            f"{_ENCODE(key)}: [{written}, null]"
            if deleted
            else f"{_ENCODE(key)}: [null, {written}]"
        )
    pair = [plain_value(value), None] if deleted else [None, value]
    return json.dumps({key: pair})[1:-1]  # an id, a date, or anything else


def deleted_columns(
    record_type: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], person: str
) -> list[dict[str, Any]]:
    """Rows deleted set-based, given as tuples in ``columns`` order (a table's columns less
    SKIPPED_COLUMNS, in its own order, as the listener lists them), their person's id in
    column ``person``.

    Written column by column as JSON text (JsonText), as created_people is: undoing an import
    audits 10,000 people and 10,000 enrolments whose cohorts, roles and organisations repeat,
    and each value's piece is written once (issue 22)."""
    at_id, at_person = columns.index("id"), columns.index(person)
    ids = [row[at_id] for row in rows]
    people = [row[at_person] for row in rows]
    pieces = [
        _pieces(key, [row[index] for row in rows], deleted=True)
        for index, key in enumerate(columns)
        if key != "id" and key not in SKIPPED_COLUMNS
    ]
    found = zip(*pieces, strict=True) if pieces else [()] * len(ids)
    return [
        {
            "record_type": record_type,
            "record_id": record_id,
            "action": "deleted",
            "changes": JsonText("{" + ", ".join(filter(None, items)) + "}"),
            "person_id": person_id,
        }
        for items, record_id, person_id in zip(found, ids, people, strict=True)
    ]


def updated_people(
    changes: Iterable[tuple[int, Mapping[str, Any], Mapping[str, Any]]],
) -> list[dict[str, Any]]:
    """(person id, values before, values after) of the columns an import (or undo) set."""
    return [
        _entry(
            "Person",
            person_id,
            "updated",
            {
                k: [plain_value(before.get(k)), plain_value(after[k])]
                for k in after
                if before.get(k) != after[k]
            },
            person_id,
        )
        for person_id, before, after in changes
    ]


def enrolments(rows: Iterable[Mapping[str, Any]], action: str) -> list[dict[str, Any]]:
    """Enrolments created (or deleted by undo), with their ids under "id"."""

    def pair(value: Any) -> list[Any]:
        value = plain_value(value)
        return [None, value] if action == "created" else [value, None]

    return [
        _entry(
            "Enrolment",
            row["id"],
            action,
            {k: pair(row[k]) for k in _filled(row, _ENROLMENT_COLUMNS)},
            row["person_id"],
        )
        for row in rows
    ]


def deleted_rows(table: Any, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of any table deleted set-based, named by the table's class as the listener does."""
    from cohort_desk.db.models import Base

    names = [c.name for c in table.columns if c.name not in SKIPPED_COLUMNS]
    record_type = next(
        (m.class_.__name__ for m in Base.registry.mappers if m.local_table is table), table.name
    )
    return [
        _entry(
            record_type,
            row["id"],
            "deleted",
            {k: [plain_value(row[k]), None] for k in _filled(row, names)},
            row.get("person_id"),
        )
        for row in rows
    ]


def organisations(rows: Iterable[Mapping[str, Any]], action: str) -> list[dict[str, Any]]:
    names = [c.name for c in Organisation.__table__.columns if c.name not in SKIPPED_COLUMNS]

    def pair(value: Any) -> list[Any]:
        value = plain_value(value)
        return [None, value] if action == "created" else [value, None]

    return [
        _entry(
            "Organisation", row["id"], action, {k: pair(row[k]) for k in _filled(row, names)}, None
        )
        for row in rows
    ]
