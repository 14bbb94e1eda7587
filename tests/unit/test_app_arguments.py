"""Which arguments open the window and which run a command."""

from __future__ import annotations

import pytest

from cohort_desk.app import window_database


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--db", "x.db"], (True, "x.db")),
        (["--db=postgresql+psycopg://u@h/d"], (True, "postgresql+psycopg://u@h/d")),
        (["--db", "x.db", "people"], (False, "x.db")),
        (["people", "--db", "x.db"], (False, None)),
        (["--version"], (False, None)),
        (["--help"], (False, None)),
        (["--db"], (False, None)),
    ],
)
def test_only_a_database_or_nothing_opens_the_window(args, expected):
    assert window_database(args) == expected
