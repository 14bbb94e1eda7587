"""Every command and option, fed hostile values: never a traceback, an exit code from the contract,
and no one's personal data on standard error. Runs the command line in-process for speed."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from cohort_desk.cli import build_parser

HOSTILE = [
    "9" * 30,
    str(2**63),
    str(2**31),
    "-1",
    "",
    "x" * 50_000,
    "\u202egnp.exe\u200b\x1b[31m",
    "%",
    "/dev/null",
    ".",
]
#: Commands left out: each would open a window or wait for a person.
SKIP: set[tuple[str, ...]] = set()


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for action in subs:
        for name, sub in action.choices.items():
            yield from _commands(sub, (*path, name))


def _argvs(path: tuple[str, ...], parser: argparse.ArgumentParser, db_file: str):  # type: ignore[no-untyped-def]
    positionals = [a for a in parser._actions if not a.option_strings]
    options = [
        a
        for a in parser._actions
        if a.option_strings
        and a.nargs != 0
        and not isinstance(a, argparse._HelpAction)
        and a.dest != "db"
    ]
    required = [a for a in options if a.required]
    values = [*HOSTILE, db_file]
    for index, value in enumerate(values):
        argv = [*path, *[value for _ in positionals]]
        for option in required:
            argv += [option.option_strings[0], values[(index + 1) % len(values)]]
        yield argv
    for number, option in enumerate(options):
        for value in (values[number % len(values)],):
            argv = [*path, *["1" for _ in positionals]]
            for other in required:
                if other is not option:
                    argv += [other.option_strings[0], "1"]
            yield [*argv, option.option_strings[0], value]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A demo database, and the e-mails and family names that must never reach stderr."""
    import sqlite3

    from cohort_desk.db.opening import open_database
    from cohort_desk.services.demo.data import load_demo

    folder = tmp_path_factory.mktemp("fuzz")
    db_file = folder / "seed.db"
    database = open_database(str(db_file))
    load_demo(database, people=40, seed=3)
    database.dispose()
    with sqlite3.connect(db_file) as connection:
        rows = connection.execute("SELECT email, family_name FROM people").fetchall()
    secrets = [e for e, _ in rows] + [f for _, f in rows if len(f) > 4]
    return db_file, secrets


PARSER = build_parser()
COMMANDS = [path for path, _ in _commands(PARSER) if path not in SKIP]


def _parser_of(path: tuple[str, ...]) -> argparse.ArgumentParser:
    return next(parser for found, parser in _commands(PARSER) if found == path)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_no_command_ever_prints_a_traceback_or_personal_data(
    path: tuple[str, ...],
    seeded: tuple[Path, list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cohort_desk.cli import run

    # Hostile values become output names ("-o 1", a file called 999...): keep them in tmp_path,
    # not in the folder the tests were started from.
    monkeypatch.chdir(tmp_path)
    seed, secrets = seeded
    db_file = tmp_path / "fuzz.db"
    shutil.copy(seed, db_file)
    for argv in _argvs(path, _parser_of(path), str(db_file)):
        if not db_file.exists():
            shutil.copy(seed, db_file)
        capsys.readouterr()
        code = run(["--db", str(db_file), *argv], parser=PARSER)
        err = capsys.readouterr().err
        shown = [a[:40] for a in argv]
        assert "Traceback" not in err, (shown, err[-2000:])
        assert code in (0, 1, 2), (shown, code, err[-500:])
        leaked = [s for s in secrets if s in err]
        assert not leaked, (shown, leaked, err[-500:])


def test_the_fuzz_reaches_every_command() -> None:
    assert len(COMMANDS) > 40
