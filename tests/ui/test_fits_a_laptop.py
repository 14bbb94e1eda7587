"""Every dialog and every screen's tables, on a real 1366 x 768 screen (issue 15 item 5 and its
"Done when"): each runs in a pytest of its own whose offscreen screen is that size, because Qt
sizes new windows from the screen it read at start (see tests/ui/laptop.py)."""

from __future__ import annotations

import pytest

from tests.ui.laptop import run_on_a_laptop


@pytest.mark.parametrize("module", ["laptop_dialogs.py"])
def test_on_a_1366x768_laptop(module: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_on_a_laptop(module, tmp_path)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout, result.stdout[-2000:]
