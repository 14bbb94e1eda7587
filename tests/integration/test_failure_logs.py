"""Issue 12, item 7, the two findings the sentence tests did not reach: the log keeps the
technical detail of a failure but no one's e-mail address, and a PostgreSQL server restarting
under a command gives a sentence (or, reconnected, the answer), never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

EMAIL = "secret.person@example.org"


def _command(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COHORT_DESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "cohort_desk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_log_has_the_detail_of_a_failure_but_no_email(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home-of-log"
    db = tmp_path / "office.db"
    src = tmp_path / "p.csv"
    src.write_text(f"First name,Last name,Email\nSecret,Person,{EMAIL}\n", encoding="utf-8")
    assert cli("import", str(src), db=str(db)).code == 0
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    with sqlite3.connect(db) as connection:
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'people'"
        ).fetchone()[0]
    connection.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * size : root * size] = b"\xff" * size
    db.write_bytes(bytes(data))

    for args in (
        ["people", "--search", EMAIL],
        ["person", "history", EMAIL],
        ["person", "export", EMAIL, "-o", str(tmp_path / "out.json")],
    ):
        done = _command(home, "--db", str(db), *args)
        assert done.returncode in (1, 2), (args, done.stderr)
        assert "Traceback" not in done.stderr and EMAIL not in done.stderr, done.stderr
    logs = list((home / "logs").glob("cohort_desk.log*"))
    assert logs, "no log was written"
    text = "".join(log.read_text(encoding="utf-8") for log in logs)
    assert EMAIL not in text and "secret.person" not in text
    assert "malformed" in text or "damaged" in text or "not a database" in text, text[-2000:]


def test_a_postgresql_restart_under_a_command_is_a_sentence(db, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    if db.file is not None:
        pytest.skip("needs COHORT_DESK_TEST_PG_URL")
    from contextlib import contextmanager

    from sqlalchemy import text

    from cohort_desk.cli import run
    from cohort_desk.db.engine import Database

    url = db.url.render_as_string(hide_password=False)
    reading, writing = Database.read, Database.write

    def restart_inside(original):  # type: ignore[no-untyped-def]
        @contextmanager
        def unit(self):  # type: ignore[no-untyped-def]
            with original(self) as session:
                session.execute(text("SELECT 1"))  # the command holds its connection now
                # What a restart does to every session: the server ends it (57P01).
                with db.engine.connect() as admin:
                    admin.execute(
                        text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                            "datname = current_database() AND pid <> pg_backend_pid()"
                        )
                    )
                yield session

        return unit

    monkeypatch.setattr(Database, "read", restart_inside(reading))
    monkeypatch.setattr(Database, "write", restart_inside(writing))
    for args in (["people", "--json"], ["cohort", "add", "After the restart"]):
        capsys.readouterr()
        code = run(["--db", url, *args])
        err = capsys.readouterr().err
        assert code == 2, (args, code, err)
        assert "Traceback" not in err and "SELECT" not in err, err
        assert "cannot reach the database server" in err, err
