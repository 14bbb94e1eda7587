"""The command line (the README's "Command line"): a thin face over the window's services.

Each module in this package that defines ``register(subparsers)`` adds its commands, so
features live in their own module and this file never needs editing to add one.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from cohort_desk import __version__
from cohort_desk.cli.common import Context, Parser
from cohort_desk.errors import UserError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="cohort-desk",
        description="Cohort Desk: records for a systems leadership academy. "
        "With no command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"cohort-desk {__version__}")
    parser.add_argument(
        "--db",
        help="database file path or SQLAlchemy URL (default: $COHORT_DESK_DB, "
        "else cohort_desk.db in your data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in command_modules():
        module.register(subparsers)
    return parser


def command_modules() -> list[object]:
    package = importlib.import_module(__name__)
    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            found.append(module)
    return found


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code. Bad input never produces a traceback."""
    parser = build_parser()
    context = Context(None)
    try:
        args = parser.parse_args(argv)
        context.db_arg = args.db
        handler = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return 2
        return int(handler(args, context) or 0)
    except UserError as exc:
        print(f"Error: {exc.message}" if exc.exit_code == 2 else exc.message, file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader (`| head`, say) went away; that is not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("Stopped; nothing more was changed.", file=sys.stderr)
        return 130
    finally:
        context.close()
