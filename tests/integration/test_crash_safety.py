"""Killing Cohort Desk (SIGKILL, as a power cut or a forced shutdown would) in the middle of an
import, a certificate run or a restore leaves a database that opens, passes `check`, and holds
either all of that work or none of it.

Each case runs the real command line in a subprocess, measures how long a complete run takes,
then kills fresh copies at moments chosen by a seeded random generator across that span.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cohort_desk.cli import run as cli_run
from cohort_desk.db.backup import copy_sqlite
from cohort_desk.db.opening import open_database
from cohort_desk.services.demo.data import load_demo

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal"),
]

IMPORT_ROWS = 10_000
SEEDS = (11, 22, 33)
COMPLETED_COHORT = "SLA Cohort 1 (2025-26)"  # the demo cohort that has already ended


class Bench:
    """A demo database and the files the commands work on, made once for the module."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = {**os.environ, "COHORT_DESK_HOME": str(folder / "home")}
        self.base = folder / "base.db"
        database = open_database(str(self.base))
        load_demo(database, people=120, seed=5)
        database.dispose()
        self.csv = folder / "people.csv"
        with self.csv.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["First name", "Surname", "Email", "Organisation", "Job title"])
            for n in range(IMPORT_ROWS):
                out.writerow([f"Given{n}", f"Family{n}", f"p{n}@example.nhs.uk", "ICB", "Nurse"])
        self.copies = 0

    def fresh(self) -> Path:
        self.copies += 1
        path = self.folder / f"run{self.copies}.db"
        copy_sqlite(self.base, path)
        return path

    def command(self, db: Path, *args: str, kill_after: float | None = None) -> int | None:
        """Run `python -m cohort_desk --db DB ARGS`; with ``kill_after``, SIGKILL it then
        unless it has finished. Returns the exit code, or None when it was killed."""
        process = subprocess.Popen(
            [sys.executable, "-m", "cohort_desk", "--db", str(db), *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            return process.wait(timeout=kill_after if kill_after is not None else 120)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return None


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    yield Bench(tmp_path_factory.mktemp("crash"))


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def opens_and_checks(db: Path) -> None:
    """The database opens (SQLite rolls back the interrupted transaction) and `check` passes."""
    database = open_database(str(db))
    database.dispose()
    assert cli_run(["--db", str(db), "check"]) == 0


def timed_full_run(bench: Bench, *args: str) -> tuple[Path, float]:
    import time

    db = bench.fresh()
    started = time.monotonic()
    assert bench.command(db, *args) in (0, 1)
    return db, time.monotonic() - started


def kill_moments(seed: int, full: float) -> float:
    # Start-up takes about half of a short run; killing there proves little, so the moments
    # are spread over the later part, where the work and its transaction happen.
    # Past 1.0 the command has usually finished, which must leave all of the work.
    return random.Random(seed).uniform(0.35, 1.05) * full


def test_a_killed_import_leaves_all_or_none_of_it(bench: Bench) -> None:
    # The demo holds import batches of its own (feedback forms): count from what it has.
    before, batches_before = count(bench.base, "people"), count(bench.base, "import_batches")
    done, full = timed_full_run(bench, "import", str(bench.csv))
    assert count(done, "people") == before + IMPORT_ROWS
    outcomes = set()
    for seed in SEEDS:
        db = bench.fresh()
        bench.command(db, "import", str(bench.csv), kill_after=kill_moments(seed, full))
        opens_and_checks(db)
        people, batches = count(db, "people"), count(db, "import_batches")
        assert (people, batches - batches_before) in {(before, 0), (before + IMPORT_ROWS, 1)}
        outcomes.add(batches)
    assert outcomes  # at least one case ran


def test_a_killed_certificate_run_leaves_all_or_none_of_it(bench: Bench) -> None:
    args = ("certificates", "--cohort", COMPLETED_COHORT, "-o", str(bench.folder / "certs"))
    done, full = timed_full_run(bench, *args)
    issued = count(done, "certificates")
    assert issued > 0
    for seed in SEEDS[:2]:  # PDFs make this the slowest run; two moments keep CI quick
        db = bench.fresh()
        bench.command(db, *args, kill_after=kill_moments(seed, full))
        opens_and_checks(db)
        assert count(db, "certificates") in {0, issued}


def test_a_killed_restore_leaves_the_old_or_the_new_contents(bench: Bench) -> None:
    bigger = bench.folder / "bigger.db"
    database = open_database(str(bigger))
    load_demo(database, people=5000, seed=6)
    database.dispose()
    old, new = count(bench.base, "people"), count(bigger, "people")
    done, full = timed_full_run(bench, "restore", str(bigger), "--yes")
    assert count(done, "people") == new
    for seed in SEEDS:
        db = bench.fresh()
        bench.command(db, "restore", str(bigger), "--yes", kill_after=kill_moments(seed, full))
        opens_and_checks(db)
        assert count(db, "people") in {old, new}
