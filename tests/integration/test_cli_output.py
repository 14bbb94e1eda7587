"""The command line writes UTF-8 whatever the console or redirection, and a report that cannot
be printed never hides that the work was done.

Windows writes redirected output in the ANSI code page (cp1252); PYTHONIOENCODING=cp1252
reproduces that on Linux.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cohort_desk.cli import output, run

NAMES = [("Łukasz", "Nowak"), ("Thị", "Nguyễn"), ("Zoë", "Ødegård")]


def write_people(path: Path) -> None:
    lines = ["First name,Surname,Email"]
    lines += [f"{given},{family},p{n}@nhs.net" for n, (given, family) in enumerate(NAMES)]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def cli_in_cp1252(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The real command line as Windows runs it with output redirected to a file."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "COHORT_DESK_HOME": str(tmp_path / "h")}
    with (tmp_path / "out.txt").open("wb") as out, (tmp_path / "err.txt").open("wb") as err:
        process = subprocess.run(
            [sys.executable, "-m", "cohort_desk", "--db", str(tmp_path / "x.db"), *args],
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
    return subprocess.CompletedProcess(
        process.args,
        process.returncode,
        (tmp_path / "out.txt").read_bytes(),
        (tmp_path / "err.txt").read_bytes(),
    )


def test_import_and_people_redirected_in_cp1252_write_utf8(tmp_path: Path) -> None:
    write_people(tmp_path / "people.csv")
    imported = cli_in_cp1252(tmp_path, "import", str(tmp_path / "people.csv"))
    assert imported.returncode == 0, imported.stderr.decode("utf-8")
    assert "Łukasz" in imported.stdout.decode("utf-8")
    listed = cli_in_cp1252(tmp_path, "people")
    assert listed.returncode == 0, listed.stderr.decode("utf-8")
    text = listed.stdout.decode("utf-8")
    assert "Nguyễn" in text and "Ødegård" in text


def test_json_is_utf8_under_a_cp1252_console(tmp_path: Path) -> None:
    write_people(tmp_path / "people.csv")
    imported = cli_in_cp1252(tmp_path, "import", str(tmp_path / "people.csv"), "--json")
    assert json.loads(imported.stdout.decode("utf-8"))["created"] == 3
    listed = cli_in_cp1252(tmp_path, "people", "--json")
    people = json.loads(listed.stdout.decode("utf-8"))
    assert {p["given_name"] for p in people} == {"Łukasz", "Thị", "Zoë"}


def test_an_error_naming_a_file_with_accents_is_utf8(tmp_path: Path) -> None:
    result = cli_in_cp1252(tmp_path, "import", str(tmp_path / "Ærø fil.csv"))
    assert result.returncode == 2
    assert "Ærø fil.csv" in result.stderr.decode("utf-8")
    assert b"Traceback" not in result.stderr


class FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_a_report_that_cannot_be_written_says_the_import_was_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_people(tmp_path / "people.csv")
    db = str(tmp_path / "x.db")
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", FullDisk())
        code = run(["--db", db, "import", str(tmp_path / "people.csv")])
        err = capsys.readouterr().err
    assert code == 1
    assert "could not be written" in err and "were saved" in err
    assert run(["--db", db, "people", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_the_real_stdout_is_given_back_after_each_command(tmp_path: Path) -> None:
    before = sys.stdout
    run(["--db", str(tmp_path / "x.db"), "imports"])
    assert sys.stdout is before
    output.stop()  # harmless when nothing is wrapped
    assert sys.stdout is before
