"""Shared fixtures: an isolated home folder, a fresh database (SQLite, or PostgreSQL when
COHORT_DESK_TEST_PG_URL is set), demo data, and a runner for the command line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed (that is benchmarks/run.py's job): Hypothesis's
# 200 ms deadline failed a code test at 260 ms on a busy two-core machine.
settings.register_profile("cohort_desk", deadline=None)
settings.load_profile("cohort_desk")

# With no display and no platform chosen, Qt aborts with a misleading xcb-cursor message.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_ENV = "COHORT_DESK_TEST_PG_URL"


def pytest_report_header() -> str:
    url = os.environ.get(PG_ENV)
    return f"database under test: {'PostgreSQL ' + url if url else 'SQLite files'}"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path) -> Iterator[Path]:
    r"""Nothing a test does may touch the real user's folders or database.

    A patcher of its own, not the test's ``monkeypatch``: a test calling monkeypatch.undo()
    would otherwise undo this too, and its next command wrote backups into the real profile
    (%LOCALAPPDATA%\cohort-desk\backups, found by the Windows lane)."""
    home = tmp_path / "home"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COHORT_DESK_HOME", str(home))
        # Not the computer's own organisation settings file (/etc/cohort-desk, %ProgramData%).
        patch.setenv("COHORT_DESK_ORG_SETTINGS", str(tmp_path / "organisation.ini"))
        patch.delenv("COHORT_DESK_DB", raising=False)
        yield home


def _postgres_for_this_worker(url: str) -> str:
    """A database of its own for each xdist worker, so parallel tests never share a schema."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    base = make_url(url)
    name = f"{base.database or 'postgres'}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    own = base.set(database=name)
    engine = create_engine(own, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """An empty database: a new SQLite file, or a wiped PostgreSQL schema."""
    pg = os.environ.get(PG_ENV)
    if pg:
        return _postgres_for_this_worker(pg)
    return str(tmp_path / "test.db")


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    from cohort_desk.db.opening import open_database

    database = open_database(db_url)
    database.actor = "tester"
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db: object) -> object:
    from cohort_desk.services.demo.data import load_demo

    load_demo(db, people=120, seed=7)  # type: ignore[arg-type]
    return db


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> object:
        import json

        return json.loads(self.out)


@pytest.fixture
def cli(db_url: str, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `cohort-desk --db <test db> ARGS...` in-process; returns code, stdout, stderr."""
    from cohort_desk.cli import run

    def invoke(*args: str, db: str | None = None) -> CliResult:
        capsys.readouterr()
        code = run(["--db", db or db_url, *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke
