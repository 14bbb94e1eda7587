"""Every test runs in a home folder of its own, whatever the test does with its monkeypatch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cohort_desk import paths


def test_a_tests_monkeypatch_undo_keeps_the_isolated_home(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two tests once undid their own patches this way, and with them the isolated home: their
    # next command took its daily backup in the real profile.
    monkeypatch.setenv("COHORT_DESK_DB", "elsewhere.db")
    monkeypatch.undo()
    assert os.environ[paths.HOME_ENV] == str(isolated_home)
    assert "COHORT_DESK_DB" not in os.environ
    assert paths.default_backup_dir().is_relative_to(isolated_home)
