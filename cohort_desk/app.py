"""Composition root: reads the arguments, sets up logging, then starts the window or a command."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from cohort_desk.logging_setup import setup_logging


def window_database(args: Sequence[str]) -> tuple[bool, str | None]:
    """Whether the arguments ask only for the window (no command), and the --db they name.

    Decided without building the command line's parser, which imports every command and
    cost the window a tenth of a second at start-up.
    """
    rest = list(args)
    db = None
    if len(rest) >= 2 and rest[0] == "--db":
        db, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--db="):
        db, rest = rest[0].removeprefix("--db="), rest[1:]
    return not rest, db


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    setup_logging()
    tidy_unfinished()
    only_window, db = window_database(args)
    if only_window:
        return run_window(db)
    from cohort_desk import cli

    return cli.run(args)


def no_screen() -> bool:
    """Whether this is a Linux session with no display to show a window on (a server, a
    scheduled job, an SSH login), and no Qt platform chosen to do without one."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def tidy_unfinished() -> None:
    """Part-files a killed run left (certificates with names on them) go at the next start."""
    from cohort_desk import unfinished

    unfinished.sweep()


def main_gui() -> int:
    """Entry point of the console-less executable: always the window."""
    setup_logging()
    tidy_unfinished()
    return run_window(window_database(sys.argv[1:])[1])


def run_window(db: str | None) -> int:
    if no_screen():
        # Without this, Qt aborts with a page of plugin messages and exit code 134.
        print(
            "There is no screen here to open the window on; give a command instead "
            "('cohort-desk --help' lists them).",
            file=sys.stderr,
        )
        return 2
    from cohort_desk.ui.shell.startup import run

    return run(db)
