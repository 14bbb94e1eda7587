"""Every command that changes the database saves its changes before it prints: when its report
cannot be written (a full disk, a closed handle under Windows), the change is there all the same
and the command says so, never a traceback and never half a result.

Each step runs twice, on two databases that go through the same commands: once with a standard
output that fails at the first write, once with a working one. Both must end with the same rows.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, table

from cohort_desk.cli import run


class FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


PEOPLE = "First name,Surname,Email\n" + "".join(
    f"{given},{family},p{n}@nhs.net\n"
    for n, (given, family) in enumerate(
        [("Łukasz", "Nowak"), ("Thị", "Nguyễn"), ("Zoë", "Ødegård"), ("Amara", "Okafor")]
    )
)

# (a label, the arguments; {out} is a folder of the run's own)
STEPS = [
    ("cohort add", ["cohort", "add", "Spring", "--places", "2"]),
    (
        "session add",
        [
            "session",
            "add",
            "--cohort",
            "Spring",
            "--title",
            "Launch",
            "--start",
            "2026-03-02 09:30",
        ],
    ),
    ("import", ["import", "{people_csv}", "--cohort", "Spring", "--role", "participant"]),
    ("attend", ["attend", "1", "--present", "p0@nhs.net", "p1@nhs.net", "p2@nhs.net"]),
    ("certificates", ["certificates", "--session", "1", "-o", "{out}/certificates"]),
    ("mail", ["mail", "reminder", "--session", "1", "-o", "{out}/mail"]),
    ("cohort add (for applications)", ["cohort", "add", "Autumn", "--places", "1"]),
    ("application add", ["application", "add", "p3@nhs.net", "--cohort", "Autumn"]),
    ("criterion add", ["criterion", "add", "Fit", "--cohort", "Autumn"]),
    ("score", ["score", "p3@nhs.net", "--cohort", "Autumn", "--criterion", "Fit", "--score", "4"]),
    (
        "application set",
        ["application", "set", "p3@nhs.net", "--cohort", "Autumn", "--status", "shortlisted"],
    ),
    ("offer", ["offer", "--cohort", "Autumn", "--yes"]),
    ("import (to undo)", ["import", "{late_csv}"]),
    ("undo-import", ["undo-import", "2", "--yes"]),
    ("enrol", ["enrol", "--cohort", "Autumn", "p0@nhs.net"]),
    ("attend --from", ["attend", "1", "--from", "{present_txt}"]),
    ("person erase", ["person", "erase", "p1@nhs.net", "--yes"]),
]


def row_counts(path: Path) -> dict[str, int]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            return {
                name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
                for name in inspect(connection).get_table_names()
                if name != "alembic_version"
            }
    finally:
        engine.dispose()


def test_every_change_is_saved_before_its_report_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [tmp_path / "people.csv", tmp_path / "late.csv", tmp_path / "present.txt"]
    files[0].write_text(PEOPLE, encoding="utf-8")
    files[1].write_text("First name,Surname,Email\nDev,Patel,late@nhs.net\n", encoding="utf-8")
    files[2].write_text("p3@nhs.net\n", encoding="utf-8")
    failing, working = tmp_path / "failing.db", tmp_path / "working.db"
    for label, arguments in STEPS:
        outcomes = {}
        for database in (failing, working):
            out = tmp_path / database.stem
            args = [
                a.format(out=out, **{f.stem + "_" + f.suffix[1:]: f for f in files})
                for a in arguments
            ]
            capsys.readouterr()
            with monkeypatch.context() as patch:
                if database is failing:
                    patch.setattr(sys, "stdout", FullDisk())
                code = run(["--db", str(database), *args])
            outcomes[database] = (code, capsys.readouterr().err)
        code, err = outcomes[working]
        assert code == 0, f"{label}: {err}"
        code, err = outcomes[failing]
        assert "Traceback" not in err
        assert code == 1 and "could not be written" in err and "were saved" in err, (label, err)
        assert row_counts(failing) == row_counts(working), label


def test_demo_data_is_saved_before_its_report_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", FullDisk())
        code = run(["--db", str(tmp_path / "failing.db"), "demo", "--people", "20", "--seed", "3"])
    assert code == 1 and "were saved" in capsys.readouterr().err
    assert run(["--db", str(tmp_path / "working.db"), "demo", "--people", "20", "--seed", "3"]) == 0
    assert row_counts(tmp_path / "failing.db") == row_counts(tmp_path / "working.db")
