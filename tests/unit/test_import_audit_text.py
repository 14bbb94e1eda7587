"""The audit of an import's new people is written as JSON text from pieces shared by every
person with the same value (issue 22): the very text json.dumps makes of each person's changes."""

from __future__ import annotations

import json
from datetime import date

from cohort_desk.services.imports.audit_rows import (
    _PERSON_COLUMNS,
    created_people,
    deleted_columns,
)

COLUMNS = ("title", "given_name", "family_name", "phone", "organisation_id", "email")


def _as_dumped(rows: list[tuple[object, ...]]) -> list[str]:
    at = [(k, COLUMNS.index(k)) for k in _PERSON_COLUMNS if k != "id" and k in COLUMNS]
    return [json.dumps({k: [None, row[i]] for k, i in at if row[i]}) for row in rows]


def test_new_peoples_changes_are_the_text_json_dumps_writes() -> None:
    odd = ["Zoë", 'say "hi"', "back\\slash", "\u202eright to left", "tab\tand\nline", "😀", ""]
    rows = [
        # Repeated titles and organisations (shared pieces), different phones (one each).
        ("Dr" if n % 3 else "", odd[n % len(odd)], "Mensah", f"020 {n}", n % 4 or None, f"{n}@x")
        for n in range(60)
    ]
    entries = created_people(COLUMNS, rows, list(range(1, 61)))
    assert [str(e["changes"]) for e in entries] == _as_dumped(rows)
    assert [(e["record_id"], e["person_id"], e["action"]) for e in entries[:2]] == [
        (1, 1, "created"),
        (2, 2, "created"),
    ]
    assert json.loads(entries[0]["changes"]) == {
        "given_name": [None, "Zoë"],
        "family_name": [None, "Mensah"],
        "email": [None, "0@x"],
        "phone": [None, "020 0"],
    }


def test_a_person_with_no_values_has_empty_changes() -> None:
    entries = created_people(("title",), [("",)], [7])
    assert str(entries[0]["changes"]) == "{}"


def test_deleted_rows_changes_are_the_text_json_dumps_writes() -> None:
    # What undo writes of the enrolments (and people) it removes, column by column.
    columns = ["id", "person_id", "cohort_id", "role", "status_on", "status_reason"]
    odd = ["Zoë", 'say "hi"', "back\\slash", "tab\tand\nline", "😀", "", None]
    rows = [
        (
            n,
            100 + n,
            n % 2 + 1,
            "participant" if n % 3 else "",
            date(2026, 12, n % 28 + 1),
            odd[n % 7],
        )
        for n in range(1, 41)
    ]
    entries = deleted_columns("Enrolment", columns, rows, person="person_id")
    expected = [
        json.dumps(
            {
                key: [value.isoformat() if isinstance(value, date) else value, None]
                for key, value in zip(columns, row, strict=True)
                if key != "id" and value
            }
        )
        for row in rows
    ]
    assert [str(e["changes"]) for e in entries] == expected
    assert [(e["record_id"], e["person_id"], e["action"]) for e in entries[:2]] == [
        (1, 101, "deleted"),
        (2, 102, "deleted"),
    ]
    assert json.loads(entries[0]["changes"])["status_on"] == ["2026-12-02", None]
