"""What the audit trail stores for each kind of value (undo audits 10,000 people's values)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cohort_desk.db.audit import plain_value


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("Ama", "Ama"),
        ("", ""),
        (3, 3),
        (True, True),
        (2.5, 2.5),
        (None, None),
        (date(2026, 12, 6), "2026-12-06"),
        (datetime(2026, 12, 6, 9, 30, tzinfo=UTC), "2026-12-06T09:30:00+00:00"),
        (Decimal("1.5"), 1.5),
        (b"\x00\x01", "<2 bytes>"),
    ],
)
def test_plain_value(value: object, stored: object) -> None:
    result = plain_value(value)
    assert result == stored and type(result) is type(stored)
