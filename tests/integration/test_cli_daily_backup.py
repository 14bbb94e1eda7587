"""The first command of the day leaves a backup copy; later ones do not add more."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COHORT_DESK_TEST_PG_URL")), reason="backups are of SQLite files"
)


def test_the_first_command_of_the_day_backs_up_the_database(cli, isolated_home):
    cli("demo")
    backups = isolated_home / "data" / "backups"
    first = sorted(p.name for p in backups.glob("*.db"))
    assert first, "the first start of the day made no backup"
    cli("people", "--json")
    cli("cohort", "list")
    assert sorted(p.name for p in backups.glob("*.db")) == first
