"""Crash safety on Windows: ending Cohort Desk with TerminateProcess (what Task Manager's "End
task", a forced shutdown or a crash does) in the middle of an import leaves a database that
opens, passes `check`, and holds the whole import or none of it.

The POSIX counterpart (SIGKILL) is tests/integration/test_crash_safety.py; this one runs in the
Windows lane of .ci/run (under Wine) and on any Windows machine.
"""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cohort_desk.cli import run as cli_run
from cohort_desk.db.backup import copy_sqlite
from cohort_desk.db.opening import open_database
from cohort_desk.services.demo.data import load_demo

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "win32", reason="TerminateProcess is Windows's"),
]

ROWS = 5_000
SEEDS = (11, 22, 33)


def terminate(process: subprocess.Popen[bytes]) -> None:
    """Kernel32's TerminateProcess, called directly: no clean-up of any kind runs."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = int(process._handle)  # type: ignore[attr-defined]
    assert kernel32.TerminateProcess(ctypes.c_void_p(handle), 1), ctypes.get_last_error()


def command(folder: Path, db: Path, *args: str, kill_after: float | None = None) -> int | None:
    """Run `python -m cohort_desk --db DB ARGS`; with ``kill_after``, terminate it then unless
    it has finished. Returns the exit code, or None when it was terminated."""
    process = subprocess.Popen(
        [sys.executable, "-m", "cohort_desk", "--db", str(db), *args],
        env={**os.environ, "COHORT_DESK_HOME": str(folder / "home")},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return process.wait(timeout=kill_after if kill_after is not None else 300)
    except subprocess.TimeoutExpired:
        terminate(process)
        process.wait()
        return None


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_an_import_ended_by_terminate_process_is_wholly_there_or_wholly_absent(
    tmp_path: Path,
) -> None:
    base = tmp_path / "base.db"
    database = open_database(str(base))
    load_demo(database, people=60, seed=5)
    database.dispose()
    people_file = tmp_path / "people.csv"
    with people_file.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["First name", "Surname", "Email", "Organisation", "Job title"])
        for n in range(ROWS):
            out.writerow([f"Given{n}", f"Family{n}", f"p{n}@example.nhs.uk", "ICB", "Nurse"])
    before = count(base, "people")
    batches_before = count(base, "import_batches")  # the demo records imports of its own

    full_run = tmp_path / "full.db"
    copy_sqlite(base, full_run)
    started = time.monotonic()
    assert command(tmp_path, full_run, "import", str(people_file)) == 0
    full = time.monotonic() - started
    assert count(full_run, "people") == before + ROWS

    terminated = 0
    for seed in SEEDS:
        db = tmp_path / f"run{seed}.db"
        copy_sqlite(base, db)
        # Start-up is about half of the run; the moments cover the import and its commit.
        moment = random.Random(seed).uniform(0.4, 1.0) * full
        terminated += command(tmp_path, db, "import", str(people_file), kill_after=moment) is None
        database = open_database(str(db))  # SQLite rolls back what was interrupted
        database.dispose()
        assert cli_run(["--db", str(db), "check"]) == 0
        people, batches = count(db, "people"), count(db, "import_batches")
        assert (people, batches - batches_before) in {(before, 0), (before + ROWS, 1)}
    assert terminated, "every run finished before it could be terminated"
