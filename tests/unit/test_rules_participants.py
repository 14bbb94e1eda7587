"""Who counts as a cohort's participants."""

from __future__ import annotations

import pytest

from cohort_desk.rules.participants import count_counted, is_counted, members_text


@pytest.mark.parametrize(
    ("status", "counted"),
    [("enrolled", True), ("completed", True), ("withdrawn", False), ("deferred", False)],
)
def test_who_counts(status, counted):
    assert is_counted(status) is counted


@pytest.mark.parametrize(
    ("statuses", "count", "text"),
    [
        ([], 0, "0 participants"),
        (["enrolled"], 1, "1 participant"),
        (["enrolled"] * 31 + ["completed", "withdrawn"], 32, "32 participants (1 withdrawn)"),
        (
            ["enrolled", "deferred", "deferred", "withdrawn"],
            1,
            "1 participant (1 withdrawn, 2 deferred)",
        ),
    ],
)
def test_counts_and_words(statuses, count, text):
    assert count_counted(statuses) == count
    assert members_text(statuses) == text
