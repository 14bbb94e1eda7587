"""One command-line call imports only its own command's module (issue 22: importing every
command cost each call about two seconds), and still behaves as the whole command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cohort_desk import cli
from cohort_desk.cli.common import Parser

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_is_in_the_table_with_the_module_that_registers_it() -> None:
    registered = {}
    for module in cli.command_modules():
        subparsers = Parser(prog="t").add_subparsers(dest="command", parser_class=Parser)
        module.register(subparsers)  # type: ignore[attr-defined]
        for command in subparsers.choices:
            registered[command] = module.__name__.rsplit(".", 1)[1]  # type: ignore[attr-defined]
    assert cli.COMMAND_MODULES == registered, (
        "add each new command to COMMAND_MODULES in cohort_desk/cli/__init__.py"
    )


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["people", "--json"], "people"),
        (["--db", "x.db", "people"], "people"),
        (["--db=x.db", "import", "f.xlsx"], "import"),
        (["--db", "people", "check"], "check"),  # a database file called "people"
        (["--version"], ""),
        (["-h"], ""),
        (["--d", "x.db", "people"], ""),  # argparse's abbreviation: every module, as before
        ([], ""),
    ],
)
def test_the_command_is_found_after_the_global_options(argv: list[str], command: str) -> None:
    assert cli.command_named(argv) == command


def test_a_call_of_one_command_leaves_the_others_and_their_libraries_unloaded(
    tmp_path: Path,
) -> None:
    commands = sorted(set(cli.COMMAND_MODULES.values()))
    script = (
        "import sys\n"
        "from cohort_desk.cli import run\n"
        f"code = run(['--db', {str(tmp_path / 'd.db')!r}, 'people', '--json'])\n"
        "heavy = {'openpyxl', 'alembic', 'jinja2', 'icalendar', 'PySide6', 'python_calamine',"
        " 'reportlab', 'PIL', 'email_validator'}\n"
        f"commands = {commands!r}\n"
        "print(code, sorted({m.split('.')[0] for m in sys.modules} & heavy),"
        " [c for c in commands if 'cohort_desk.cli.' + c in sys.modules],"
        " 'cohort_desk.db.models' in sys.modules)\n"
    )
    for _ in range(2):  # the first call makes the database (with Alembic); the second is usual
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
            check=False,
        )
    # Nor the models: listing people reads its tables by name (db/light.py), and declaring
    # every model cost each call a tenth of a second.
    assert done.stdout.strip().splitlines()[-1] == "0 [] ['people'] False", done.stderr


def test_an_unknown_command_is_refused_naming_every_command(capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.run(["peple"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'peple'" in err and "certificates" in err and "verify" in err
