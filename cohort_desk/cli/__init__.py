"""The command line (the README's "Command line"): a thin face over the window's services.

Each module in this package that defines ``register(subparsers)`` adds its commands, so
features live in their own module; naming a new command in COMMAND_MODULES below keeps a call
of it from importing every other command's module.
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
from cohort_desk.rules.characters import controls_named

log = logging.getLogger(__name__)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``'s command only (every command's when argv is None, when no
    command is named or when it is one this table does not know), so that one command-line
    call imports only what its command needs."""
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
    wanted = COMMAND_MODULES.get(command_named(argv)) if argv is not None else None
    for module in command_modules(wanted):
        module.register(subparsers)
    return parser


# Which module of this package registers each command. Importing every command's module (and
# through them reportlab, openpyxl, Jinja2, icalendar...) cost each command-line call about two
# seconds; with this table a call imports its own module only. A command missing here still
# works, just slower: the parser is then built from every module. tests/unit/test_cli_lazy.py
# keeps the table whole.
COMMAND_MODULES: dict[str, str] = {
    "application": "applications",
    "evaluation": "feedback",
    "report": "reports",
    "applications": "applications",
    "assign": "mentoring",
    "attend": "attendance",
    "audit": "privacy",
    "backup": "safety",
    "backups": "safety",
    "calendar": "communications",
    "certificate": "certificates",
    "certificates": "certificates",
    "check": "safety",
    "cohort": "cohorts",
    "community": "community",
    "criterion": "applications",
    "demo": "people",
    "enrol": "people",
    "equality": "privacy",
    "export": "exports",
    "import": "imports",
    "imports": "imports",
    "leadership-time": "community",
    "mail": "communications",
    "match": "matching",
    "meeting": "mentoring",
    "mentor": "mentoring",
    "mentoring-report": "mentoring",
    "mentors": "mentoring",
    "offer": "applications",
    "pair": "mentoring",
    "pairs": "mentoring",
    "people": "people",
    "preferences": "preferences",
    "person": "privacy",
    "publish-verification": "verification",
    "register": "attendance",
    "restore": "safety",
    "retention": "privacy",
    "role": "community",
    "roles": "community",
    "score": "applications",
    "selection-report": "applications",
    "session": "cohorts",
    "templates": "communications",
    "undo-import": "imports",
    "verify": "certificates",
}


def command_named(argv: Sequence[str]) -> str:
    """The command ``argv`` names after the global --db option, or "" when that is unclear
    (help, --version, an abbreviated option): then every module is loaded, as before."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--db":
            next(tokens, None)
        elif token.startswith("--db="):
            continue
        elif token.startswith("-"):
            return ""
        else:
            return token
    return ""


def _one_database(argv: Sequence[str]) -> None:
    """--db before the command and again after it named two databases, and the second won in
    silence (the parser checks repeats within one level only)."""
    named: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--db":
            named.append(next(tokens, ""))
        elif token.startswith("--db="):
            named.append(token.removeprefix("--db="))
    if len(set(named)) > 1:
        raise UserError(f"--db is given twice ('{named[0]}' and '{named[-1]}'); give it once.")


def command_modules(only: str | None = None) -> list[object]:
    """Every module that registers commands, or just the one named ``only``."""
    if only is not None:
        return [importlib.import_module(f"{__name__}.{only}")]
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
        tokens = list(sys.argv[1:] if argv is None else argv)
        _one_database(tokens)
        parser = parser or build_parser(tokens)
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
        # Sentences quote what was typed (a cohort, a sheet, a template): a newline or a
        # right-to-left override in it must not split or disguise the one line of stderr.
        message = controls_named(exc.message)
        print(f"Error: {message}" if exc.exit_code == 2 else message, file=sys.stderr)
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
