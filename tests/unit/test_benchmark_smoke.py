"""The benchmark keeps running: every case of issue 9 is registered, and one runs end to end.

Speed is never asserted here (the benchmark reports it); CI runs the whole --quick benchmark.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"
ISSUE_CASES = {
    "startup",
    "window-memory",
    "people-list-filled",
    "filter",
    "sort",
    "import",
    "reimport",
    "undo-import",
    "certificates-combined",
    "certificates-files",
    "certificates-issue",
    "register",
    "register-service",
    "summary",
    "cli-start",
    "issue-lock",
    # issue 22: the start, import and register cases on PostgreSQL too
    "startup-pg",
    "import-pg",
    "register-pg",
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN), *args], capture_output=True, text=True, timeout=300
    )


def test_every_case_of_the_issue_is_registered() -> None:
    listed = _run("--list")
    assert listed.returncode == 0, listed.stderr
    names = {
        name.strip()
        for line in listed.stdout.splitlines()
        for name in line.split(":")[1].split(",")
    }
    assert names == ISSUE_CASES


def test_an_unknown_case_is_refused() -> None:
    assert _run("--case", "no-such-case").returncode == 2


@pytest.mark.slow
def test_one_case_runs_end_to_end_and_reports_its_floor() -> None:
    done = _run("--quick", "--json", "--case", "summary")
    assert done.returncode == 0, done.stderr
    (result,) = json.loads(done.stdout)["results"]
    assert result["name"] == "summary"
    assert result["status"] == "ok"
    assert result["seconds"] > 0 and result["floor_seconds"] > 0
    assert result["verdict"] in ("PASS", "MISS")
