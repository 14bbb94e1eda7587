"""Counts in words."""

from __future__ import annotations

import pytest

from cohort_desk.rules.wording import plural


@pytest.mark.parametrize(
    ("count", "word", "shown"),
    [
        (0, "session", "0 sessions"),  # one helper for every count (rules/wording.py)
        (1, "session", "1 session"),
        (2, "session", "2 sessions"),
        (1, "person", "1 person"),
        (12, "person", "12 people"),
        (1204, "person", "1,204 people"),
        (2, "class", "2 classes"),
        (2, "entry", "2 entries"),
        (2, "day", "2 days"),
        (3, "apology", "3 apologies"),
        (1, "match", "1 match"),
        (2, "match", "2 matches"),
        (2, "criterion", "2 criteria"),
    ],
)
def test_counts_agree_with_their_word(count, word, shown):
    irregular = "criteria" if word == "criterion" else None
    assert plural(count, word, irregular) == shown
