"""Where a Windows user's Cohort Desk keeps its files: local data, roaming preferences."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cohort_desk import paths

pytestmark = pytest.mark.skipif(sys.platform != "win32", reason="Windows profile folders")


def test_database_and_logs_are_local_and_preferences_roam(monkeypatch):
    monkeypatch.delenv(paths.HOME_ENV)
    monkeypatch.setattr(Path, "mkdir", lambda *a, **k: None)  # the real profile stays untouched
    # platformdirs asks the shell for the folders first and the environment only if that
    # fails; so compare with what it reports for this user rather than the variables alone.
    import platformdirs

    local_base = Path(platformdirs.user_data_dir(appauthor=False))  # no app name: the base
    roaming_base = Path(platformdirs.user_config_dir(appauthor=False, roaming=True))
    assert paths.default_database_path() == local_base / "cohort-desk" / "cohort_desk.db"
    assert paths.log_dir() == local_base / "cohort-desk" / "Logs"
    assert paths.config_dir() == roaming_base / "cohort-desk"
    assert os.path.basename(str(local_base)).lower() == "local"
    assert os.path.basename(str(roaming_base)).lower() == "roaming"
