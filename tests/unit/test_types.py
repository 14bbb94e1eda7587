"""The layers below the window type-check under mypy --strict, so a change that breaks a
type is caught by the test run everyone makes, not only by CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


def test_mypy_strict_passes_over_rules_services_sheets_documents_and_db() -> None:
    pytest.importorskip("mypy", reason="mypy is in the test extras")
    # The files and the strictness come from pyproject.toml's [tool.mypy].
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
