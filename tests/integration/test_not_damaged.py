"""Issue 12, item 14 (last point): "damaged" is said only of damage. An unreadable file, a
read-only file or folder, a stopped server, a refused user name or password and a missing
database each get their own plain sentence, on the command line and in the window, and the
window offers no backup for them (restoring over a file that is merely out of reach is wrong).

File modes do not stop root, who runs CI: there the commands run with the capabilities that
override them dropped (setpriv), and the files belong to another account."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cohort_desk.db.failures import database_failure
from cohort_desk.errors import DamagedError
from tests.wine_gaps import wine_gap

EMAIL = "secret.person@example.org"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0  # Windows has no geteuid
SETPRIV = shutil.which("setpriv")
NOBODY = 65534

needs_modes = pytest.mark.skipif(
    ROOT and not SETPRIV, reason="root ignores file modes and setpriv is not here"
)
# Windows: a mode makes a file read-only (its attribute) but cannot take away reading, and a
# folder's read-only attribute does not stop files being made in it; access lists do that.
posix_modes = pytest.mark.skipif(
    sys.platform == "win32", reason="file modes do not take reading or a folder away on Windows"
)

WINDOW = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication
    from cohort_desk.ui.kit import ask
    app = QApplication([])
    def said(kind):
        def answer(_parent, _title, text, *args, **kwargs):
            print(kind, text.replace("\\n", " "))
            return False
        return answer
    for kind in ("choose", "inform", "warn"):
        setattr(ask, kind, said(kind.upper()))
    from cohort_desk.ui.shell.application import open_with_recovery
    db = open_with_recovery(sys.argv[1])
    print("OPENED" if db is not None else "NOT OPENED")
    """
)


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """A command as an ordinary account would run it (file modes apply)."""
    prefix = [SETPRIV, "--bounding-set", "-dac_override,-dac_read_search,-fowner"] if ROOT else []
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "COHORT_DESK_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("COHORT_DESK_DB", None)
    return subprocess.run(
        [*prefix, sys.executable, *args],  # type: ignore[list-item]
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _cli(db: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(["-m", "cohort_desk", "--db", db, *args], home)


def _window(db: str, home: Path) -> str:
    done = _run(["-c", WINDOW, db], home)
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def _plain(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode in (1, 2), (done.returncode, done.stderr)
    err = done.stderr.strip()
    assert "Traceback" not in err and EMAIL not in err and "SELECT" not in err, err
    assert "damaged" not in err, err
    return err


@pytest.fixture
def office(cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "office"
    folder.mkdir()
    db = folder / "office.db"
    src = tmp_path / "p.csv"
    src.write_text(f"First name,Last name,Email\nSecret,Person,{EMAIL}\n", encoding="utf-8")
    assert cli("import", str(src), db=str(db)).code == 0
    assert cli("backup", db=str(db)).code == 0  # a good backup a restore could be offered
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    os.chmod(tmp_path, 0o755)  # the account without override may walk to it
    return db


def _not_ours_to(path: Path, mode: int) -> None:
    """Make ``path`` unusable to the account the commands run as: another owner under root."""
    if ROOT:
        os.chown(path, NOBODY, -1)
    path.chmod(mode)


@needs_modes
@posix_modes
def test_an_unreadable_database_file_is_a_permission_problem(office: Path, isolated_home) -> None:  # type: ignore[no-untyped-def]
    _not_ours_to(office, 0o600 if ROOT else 0o000)
    err = _plain(_cli(str(office), isolated_home, "people"))
    assert "permission" in err
    said = _window(str(office), isolated_home)
    assert "permission" in said and "NOT OPENED" in said
    assert "CHOOSE" not in said and "damaged" not in said  # no backup offered


@needs_modes
@wine_gap("the lane runs Wine as root, and root writes a file marked read-only all the same")
def test_a_read_only_database_file_says_read_only(office: Path, isolated_home) -> None:  # type: ignore[no-untyped-def]
    _not_ours_to(office, 0o644 if ROOT else 0o444)
    err = _plain(_cli(str(office), isolated_home, "cohort", "add", "Spring"))
    assert "read-only" in err


@needs_modes
@posix_modes
def test_a_read_only_folder_says_read_only(office: Path, isolated_home) -> None:  # type: ignore[no-untyped-def]
    _not_ours_to(office.parent, 0o755 if ROOT else 0o555)
    try:
        err = _plain(_cli(str(office), isolated_home, "cohort", "add", "Spring"))
        assert "read-only" in err
        said = _window(str(office), isolated_home)
        assert "read-only" in said and "CHOOSE" not in said and "damaged" not in said
    finally:
        office.parent.chmod(0o755)


def test_a_stopped_server_is_not_damage(isolated_home) -> None:  # type: ignore[no-untyped-def]
    url = "postgresql+psycopg://nobody@127.0.0.1:1/cohort"
    err = _plain(_cli(url, isolated_home, "people"))
    assert "cannot reach the database server" in err
    said = _window(url, isolated_home)
    assert "cannot reach the database server" in said and "CHOOSE" not in said


def _server() -> str:
    url = os.environ.get("COHORT_DESK_TEST_PG_URL")
    if not url:
        pytest.skip("needs COHORT_DESK_TEST_PG_URL")
    return url


def test_an_unknown_user_or_database_on_the_server(isolated_home) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.engine import make_url

    server = make_url(_server())
    who = server.set(username="nobody_of_ours", password=None)
    err = _plain(_cli(who.render_as_string(hide_password=False), isolated_home, "people"))
    assert "did not accept the user name or password" in err
    where = server.set(database="no_such_database_of_ours")
    err = _plain(_cli(where.render_as_string(hide_password=False), isolated_home, "people"))
    assert "no database of the name" in err


def test_a_wrong_password(isolated_home) -> None:  # type: ignore[no-untyped-def]
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(_server()).set(database="postgres")  # the test's own may not exist yet
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP ROLE IF EXISTS cohort_pw_test")
        connection.execute("CREATE ROLE cohort_pw_test LOGIN PASSWORD 'the-right-one'")
    try:
        wrong = server.set(username="cohort_pw_test", password="the-wrong-one")
        try:
            psycopg.connect(wrong.set(drivername="postgresql").render_as_string(False)).close()
            pytest.skip("this server lets anyone in (trust): no password is ever wrong")
        except psycopg.OperationalError:
            pass
        err = _plain(_cli(wrong.render_as_string(hide_password=False), isolated_home, "people"))
        assert "did not accept the user name or password" in err
        assert "the-wrong-one" not in err
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("DROP ROLE IF EXISTS cohort_pw_test")


@pytest.mark.parametrize(
    ("message", "damaged"),
    [
        ("database disk image is malformed", True),
        ("file is not a database", True),
        ("attempt to write a readonly database", False),
        ("unable to open database file", False),
        ('connection failed: FATAL:  password authentication failed for user "x"', False),
        ("connection failed: Connection refused", False),
    ],
)
def test_only_damage_is_called_damage(message: str, damaged: bool) -> None:
    from sqlalchemy.exc import OperationalError

    found = database_failure(OperationalError("SELECT 1", {}, Exception(message)))
    assert found is not None
    assert isinstance(found, DamagedError) is damaged
    assert ("damaged" in found.message) is damaged


def test_the_check_on_open_tells_a_lost_server_from_damage(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The window's check on every start: damage is a list of problems (and a backup is
    offered); a server gone away between opening and checking is its own sentence."""
    from sqlalchemy.exc import OperationalError

    from cohort_desk.errors import UserError
    from cohort_desk.services.safety import backups

    def fails(message: str):  # type: ignore[no-untyped-def]
        def check(*_args, **_kwargs):  # type: ignore[no-untyped-def]
            raise OperationalError("PRAGMA quick_check", {}, Exception(message))

        return check

    monkeypatch.setattr(backups, "check_database", fails("connection refused"))
    with pytest.raises(UserError, match="cannot reach the database server") as caught:
        backups.quick_check_on_open(db)
    assert not isinstance(caught.value, DamagedError)
    monkeypatch.setattr(backups, "check_database", fails("database disk image is malformed"))
    assert "damaged" in backups.quick_check_on_open(db)[0]
