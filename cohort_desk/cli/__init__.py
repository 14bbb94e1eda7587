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
from cohort_desk.cli import output
from cohort_desk.cli.common import Context, Parser
from cohort_desk.db.failures import any_failure, os_failure, scrub
from cohort_desk.errors import UserError, file_in_use

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
        if info.name in ("common", "output"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            found.append(module)
    return found


def run(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    """Run one command; returns the exit code. Bad input never produces a traceback.
    ``parser`` lets a caller running many commands (the fuzz test) build it only once."""
    output.start()
    context = Context(None)
    try:
        parser = parser or build_parser()
        args = parser.parse_args(argv)
        context.db_arg = args.db
        handler = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return 2
        code = int(handler(args, context) or 0)
        output.finish()
        return code
    except output.OutputFailed as exc:
        # The command's changes (if any) were committed before it printed its report.
        print(
            f"The command finished, but its report could not be written to standard output "
            f"({exc.reason.strerror or exc}); its changes, if any, were saved.",
            file=sys.stderr,
        )
        return 1
    except UserError as exc:
        print(f"Error: {exc.message}" if exc.exit_code == 2 else exc.message, file=sys.stderr)
        return exc.exit_code
    except PermissionError as exc:
        # A safety net for files opened where no one expected a lock (Excel holds its files).
        name = exc.filename2 or exc.filename or "that Cohort Desk needs"
        print(f"Error: {file_in_use(name).message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (`| head`, say) went away; that is not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("Stopped; nothing more was changed.", file=sys.stderr)
        return 130
    except OSError as exc:
        log.warning("system error: %s", scrub(str(exc)))
        print(f"Error: {os_failure(exc).message}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 -- the last line: a sentence, never a traceback
        known = any_failure(exc)
        if known is not None:
            log.warning("database error: %s", scrub(str(exc)))
            print(
                f"Error: {known.message}" if known.exit_code == 2 else known.message,
                file=sys.stderr,
            )
            return known.exit_code
        log.error(
            "unexpected failure: %s",
            scrub(f"{type(exc).__name__}: {exc}"),
            exc_info=_scrubbed_traceback(exc),
        )
        print(
            "Cohort Desk met a problem it did not expect, and stopped; anything already "
            "saved stays saved. The details (without people's data) are in the log.",
            file=sys.stderr,
        )
        return 1
    finally:
        context.close()
        output.stop()


def _scrubbed_traceback(exc: BaseException) -> bool:
    # Tracebacks name code, not data, once engines hide their parameters; the message line
    # is logged scrubbed above, so the traceback goes without the exception's own text.
    exc.args = ()
    return True
