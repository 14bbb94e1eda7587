"""No command writes over the open database, its side files, a managed backup, a folder or a
device; an existing file is replaced only with --overwrite, and a failed write keeps it whole."""

from __future__ import annotations

import argparse
import errno
import os
import sqlite3
from pathlib import Path

import pytest

from cohort_desk import outputs
from cohort_desk.errors import UserError

EMAIL = "ada.lovelace@example.org"


@pytest.fixture
def person_db(tmp_path: Path, cli):  # type: ignore[no-untyped-def]
    """A SQLite database holding one person, for the commands to export."""
    db = tmp_path / "live.db"
    src = tmp_path / "people.csv"
    src.write_text(f"First name,Last name,Email\nAda,Lovelace,{EMAIL}\n", encoding="utf-8")
    assert cli("import", str(src), db=str(db)).code == 0
    return db


def _people(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM people").fetchone()[0])


def test_person_export_over_the_live_database_is_refused(person_db: Path, cli) -> None:  # type: ignore[no-untyped-def]
    for extra in ([], ["--overwrite"]):
        result = cli("person", "export", EMAIL, "-o", str(person_db), *extra, db=str(person_db))
        assert result.code == 2 and "database Cohort Desk has open" in result.err, result.err
        assert "Traceback" not in result.err
    assert _people(person_db) == 1  # the database is still a database, with Ada in it


@pytest.mark.parametrize("side", ["-wal", "-shm", "-journal"])
def test_backup_over_a_side_file_of_the_database_is_refused(person_db: Path, cli, side) -> None:  # type: ignore[no-untyped-def]
    target = person_db.with_name(person_db.name + side)
    result = cli("backup", "-o", str(target), "--overwrite", db=str(person_db))
    assert result.code == 2 and "choose another name" in result.err, result.err
    assert _people(person_db) == 1


def test_devices_and_folders_are_refused(person_db: Path, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for target, words in (("/dev/null", "not an ordinary file"), (".", "is a folder")):
        for command in (
            ["backup", "-o", target, "--overwrite"],
            ["export", "people", "-o", target, "--overwrite"],
            ["audit", "export", "-o", target, "--overwrite"],
        ):
            result = cli(*command, db=str(person_db))
            assert result.code == 2, (command, result.err)
            assert "Traceback" not in result.err
            if command[0] == "backup":
                assert words in result.err, result.err
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize(
    "name", ["NUL.xlsx", "con.csv", "Com1 .csv", "LPT9.xlsx", "aux.people.csv"]
)
def test_a_name_windows_keeps_for_a_device_is_refused(person_db, cli, tmp_path, name):
    # On a Windows PC "NUL.xlsx" is the null device: the export would say it was written
    # and the file would be nowhere.
    target = tmp_path / name
    result = cli("export", "people", "-o", str(target), db=str(person_db))
    assert result.code == 2, result.err
    assert "a name Windows keeps for a device" in result.err and "Traceback" not in result.err
    # Listed, not exists(): on Windows such a name "exists" anywhere, as the device.
    assert name not in os.listdir(tmp_path)


@pytest.mark.parametrize("name", ["CONSULTANTS.xlsx", "nullity.csv", "COM10.csv", "my con.csv"])
def test_names_that_only_look_like_devices_are_written(person_db, cli, tmp_path, name):
    target = tmp_path / name
    result = cli("export", "people", "-o", str(target), db=str(person_db))
    assert result.code == 0, result.err
    assert target.is_file()


def test_an_existing_file_is_replaced_only_with_overwrite(person_db, cli, tmp_path):
    target = tmp_path / "people.csv.out.csv"
    target.write_text("keep me", encoding="utf-8")
    refused = cli("export", "people", "-o", str(target), db=str(person_db))
    assert refused.code == 2 and "already exists" in refused.err and "--overwrite" in refused.err
    assert target.read_text(encoding="utf-8") == "keep me"
    done = cli("export", "people", "-o", str(target), "--overwrite", db=str(person_db))
    assert done.code == 0, done.err
    assert EMAIL in target.read_text(encoding="utf-8-sig")


def test_a_managed_backup_is_never_an_output(person_db: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("backup", db=str(person_db)).code == 0
    listed = cli("backups", "--json", db=str(person_db)).json()
    managed = Path(listed["backups"][0]["file"])  # type: ignore[index]
    before = managed.read_bytes()
    result = cli("backup", "-o", str(managed), "--overwrite", db=str(person_db))
    assert result.code == 2 and "automatic backups" in result.err, result.err
    assert managed.read_bytes() == before


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    folder = tmp_path / "reports"  # not tmp_path, which holds the test's home folder too
    folder.mkdir()
    target = folder / "report.pdf"
    target.write_bytes(b"the old report")

    def half_then_full(temp: Path) -> None:
        temp.write_bytes(b"half a rep")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(UserError, match="disk is full"):
        outputs.write_file(target, half_then_full, overwrite=True)
    assert target.read_bytes() == b"the old report"
    assert sorted(p.name for p in folder.iterdir()) == ["report.pdf"]  # no temporary left


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits (Windows: the profile)")
def test_outputs_are_private_to_their_owner(person_db: Path, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "people.xlsx"
    assert cli("export", "people", "-o", str(target), db=str(person_db)).code == 0
    assert os.stat(target).st_mode & 0o777 == 0o600


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))
    yield path, parser


def test_every_command_with_an_output_has_overwrite() -> None:
    from cohort_desk.cli import build_parser

    with_output = []
    for path, parser in _commands(build_parser()):
        options = {o for a in parser._actions for o in a.option_strings}
        if "-o" in options:
            with_output.append(path)
            assert "--overwrite" in options, path
    assert len(with_output) >= 7


def test_certificates_never_replace_a_file_in_the_folder_without_overwrite(cli, db, tmp_path):
    from tests.integration.certificate_data import COHORT, HAND_CASES, build_cohort

    build_cohort(db, HAND_CASES)
    out = tmp_path / "certs"
    assert cli("certificates", "--cohort", COHORT, "-o", str(out)).code == 0
    first = sorted(out.glob("*.pdf"))[0]
    first.write_bytes(b"a file someone edited")
    again = cli("certificates", "--cohort", COHORT, "-o", str(out), "--reissue")
    assert again.code == 2 and "--overwrite" in again.err
    assert first.read_bytes() == b"a file someone edited"
    done = cli("certificates", "--cohort", COHORT, "-o", str(out), "--reissue", "--overwrite")
    assert done.code == 0 and first.read_bytes().startswith(b"%PDF")
