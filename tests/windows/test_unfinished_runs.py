"""A run writing its outputs in another process is left alone while it runs (Windows)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cohort_desk import unfinished

pytestmark = pytest.mark.skipif(sys.platform != "win32", reason="Windows processes")


def test_another_running_process_is_alive_until_it_ends() -> None:
    # Every other process once counted as stopped, so a second run swept the part-files of a
    # first one still writing its certificates ("could not be saved ... (File not found)").
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert unfinished._alive(child.pid)
    finally:
        child.kill()
        child.wait()
    assert not unfinished._alive(child.pid)
