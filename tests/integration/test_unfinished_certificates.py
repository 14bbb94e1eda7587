"""A certificate run killed part-way leaves hidden part-files holding names; the next start and
the next run remove them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.integration.certificate_data import COHORT, HAND_CASES, build_cohort


def _killed_run(db_url: str, out: Path, home: Path) -> list[Path]:
    script = textwrap.dedent(
        f"""
        import os
        from cohort_desk.db.opening import open_database
        from cohort_desk.cli import lookup
        from cohort_desk.services.certificates import files, issuing

        files.StagedFiles.publish = lambda self: os._exit(9)
        db = open_database({db_url!r})
        issuing.issue(db, {str(out)!r}, cohort_id=lookup.cohort_id(db, {COHORT!r}))
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COHORT_DESK_HOME": str(home)}
    assert subprocess.run([sys.executable, "-c", script], env=env, timeout=120).returncode == 9
    left = [p for p in out.iterdir() if p.name.endswith(".part")]
    assert left and all(p.name.startswith(".") for p in left)  # hidden, and holding names
    return left


def test_the_next_start_removes_what_a_killed_run_left(db, db_url, tmp_path, isolated_home):
    build_cohort(db, HAND_CASES)
    out = tmp_path / "certs"
    _killed_run(db_url, out, isolated_home)
    from cohort_desk.app import main

    assert main(["--db", db_url, "people"]) == 0
    assert [p.name for p in out.iterdir()] == []


def test_the_next_run_removes_what_a_killed_run_left(cli, db, db_url, tmp_path, isolated_home):
    build_cohort(db, HAND_CASES)
    out = tmp_path / "certs"
    _killed_run(db_url, out, isolated_home)
    result = cli("certificates", "--cohort", COHORT, "-o", str(tmp_path / "elsewhere"))
    assert result.code == 0, result.err
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
