"""Certificate numbers stay sequential, without gaps or duplicates, when issue runs overlap."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import select

from cohort_desk.db.models import Certificate
from cohort_desk.db.opening import open_database
from cohort_desk.services.certificates.issuing import IssueResult, issue
from cohort_desk.services.progress import Progress
from tests.integration.certificate_data import HAND_CASES, TODAY, build_cohort, cohort_id


def _numbers(db) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(
            s.execute(
                select(Certificate.year, Certificate.sequence, Certificate.person_id).order_by(
                    Certificate.sequence
                )
            ).all()
        )


def _overlapping(db_url: str, out: Path, first: dict, second: dict) -> list[IssueResult]:
    """Run two issues on two connections, the second starting while the first is mid-way
    through writing its files (inside its transaction)."""
    inside, second_started = threading.Event(), threading.Event()
    results: list[IssueResult] = []
    errors: list[BaseException] = []

    def hold(done: int, total: int, text: str) -> None:
        if done == 0 and not inside.is_set():
            inside.set()
            second_started.wait(10)
            # Give the second run time to reach the numbering lock while we hold it.
            threading.Event().wait(0.3)

    def run(kwargs: dict, progress: Progress | None, before: threading.Event | None) -> None:
        database = open_database(db_url)
        try:
            if before is not None:
                before.wait(10)
                second_started.set()
            results.append(
                issue(database, out, progress=progress or Progress(), today=TODAY, **kwargs)
            )
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            database.dispose()

    threads = [
        threading.Thread(target=run, args=(first, Progress(hold), None)),
        threading.Thread(target=run, args=(second, None, inside)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert len(results) == 2
    return results


def test_two_overlapping_runs_for_different_cohorts_share_one_gapless_sequence(
    db, db_url, tmp_path
):
    build_cohort(db, HAND_CASES)
    build_cohort(
        db,
        [(f"P{i}", "Second", f"p{i}@example.org", ["present"] * 4) for i in range(5)],
        name="Second",
    )
    results = _overlapping(
        db_url,
        tmp_path / "out",
        {"cohort_id": cohort_id(db)},
        {"cohort_id": cohort_id(db, "Second")},
    )
    assert sorted(r.issued for r in results) == [3, 5]
    rows = _numbers(db)
    assert [seq for _, seq, _ in rows] == list(range(1, 9))
    numbers = sorted(n for r in results for n in r.numbers)
    assert numbers == [f"SLA-2026-{i:04d}" for i in range(1, 9)]


def test_two_overlapping_runs_for_the_same_cohort_issue_each_person_once(db, db_url, tmp_path):
    build_cohort(db, HAND_CASES)
    results = _overlapping(
        db_url, tmp_path / "out", {"cohort_id": cohort_id(db)}, {"cohort_id": cohort_id(db)}
    )
    assert sorted(r.issued for r in results) == [0, 3]
    assert sorted(r.already_issued for r in results) == [0, 3]
    rows = _numbers(db)
    assert [seq for _, seq, _ in rows] == [1, 2, 3]
    assert len({person for *_, person in rows}) == 3


def test_two_command_line_processes_at_once_number_without_gaps(db, db_url, tmp_path):
    for name in ("Alpha", "Beta"):
        build_cohort(
            db,
            [(f"P{i}", name, f"{name}{i}@example.org", ["present"] * 4) for i in range(12)],
            name=name,
        )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cohort_desk",
                "--db",
                db_url,
                "certificates",
                "--cohort",
                name,
                "-o",
                str(tmp_path / name),
                "--json",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        for name in ("Alpha", "Beta")
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    rows = _numbers(db)
    assert [seq for _, seq, _ in rows] == list(range(1, 25))
    assert len({person for *_, person in rows}) == 24
