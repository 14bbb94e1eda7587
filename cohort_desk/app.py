"""Composition root: reads the arguments, sets up logging, then starts the window or a command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cohort_desk.logging_setup import setup_logging


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    setup_logging()
    from cohort_desk import cli

    if cli.wants_window(args):
        return run_window(args)
    return cli.run(args)


def main_gui() -> int:
    """Entry point of the console-less executable: always the window."""
    setup_logging()
    return run_window(sys.argv[1:])


def run_window(args: Sequence[str]) -> int:
    from cohort_desk.cli import build_parser
    from cohort_desk.ui.application import run

    known, _ = build_parser().parse_known_args(list(args))
    return run(known.db)
