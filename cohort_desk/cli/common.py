"""What every command shares: the parser helpers, the open database, output and confirmation."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cohort_desk import outputs
from cohort_desk.db.engine import Database
from cohort_desk.db.opening import open_database
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import parse_date

Handler = Callable[[argparse.Namespace, "Context"], int]

# Date options read with the window's parser (rules/dates.py), so both accept the same text.
DATE_HELP = "a day: 28/11/2026, 28 Nov 2026, 2026-11-28, today, tomorrow or +7"
DATETIME_HELP = 'UK time: "28/11/2026 09:30", "28 Nov 2026 2pm" or "tomorrow 9.30"'


def date_option(text: str | None, field: str) -> date | None:
    """The day typed for an option, or None when the option was not given."""
    return parse_date(text, field=field) if text else None


class _StoreOnce(argparse._StoreAction):
    """An option that takes one value refuses two different ones: argparse let the last win
    in silence, so `-o a.csv -o b.csv` wrote only b.csv. The same value twice is harmless."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        if option_string is not None:
            given = namespace.__dict__.setdefault("_given_once", {})
            if self.dest in given and given[self.dest] != values:
                raise UserError(
                    f"{option_string} is given twice ('{given[self.dest]}' and '{values}'); "
                    "give it once."
                )
            given[self.dest] = values
        super().__call__(parser, namespace, values, option_string)


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad option in one sentence with exit code 2, without usage spam."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", None, _StoreOnce)
        self.register("action", "store", _StoreOnce)

    def error(self, message: str) -> Any:  # type: ignore[override]
        number = _NOT_A_NUMBER.fullmatch(message)
        if number is not None:
            raise UserError(_number_sentence(*number.groups()))
        sentence = message[0].upper() + message[1:]
        raise UserError(f"{sentence}; run '{self.prog} --help' to see the options.")


# argparse's own words for a number option given something else ("invalid float value: '1,5'").
_NOT_A_NUMBER = re.compile(r"argument (\S+): invalid (int|float) value: '(.*)'", re.DOTALL)


def _number_sentence(option: str, kind: str, given: str) -> str:
    wanted = "a whole number" if kind == "int" else "a number"
    if kind == "float" and re.fullmatch(r"\s*-?\d+,\d+\s*", given):
        # A decimal comma, as typed in much of Europe: say how to write it here.
        return f"{option} needs {wanted}, written with a point: {given.replace(',', '.').strip()}."
    return f"{option} needs {wanted}, not '{given}'."


def db_parent() -> argparse.ArgumentParser:
    """Lets --db be given after the command too: `cohort-desk people --db x.db`."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", default=argparse.SUPPRESS, help="database file or URL")
    return parent


def add_command(
    subparsers: Any, name: str, handler: Handler | None, help_text: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help_text, description=help_text, parents=[db_parent()]
    )
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")


def add_output(
    parser: argparse.ArgumentParser,
    *,
    required: bool = True,
    metavar: str = "FILE",
    help_text: str | None = None,
) -> None:
    """-o/--output and --overwrite, alike on every command that writes a file."""
    parser.add_argument("-o", "--output", required=required, metavar=metavar, help=help_text)
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the output if it exists already (without this, an existing file is refused)",
    )


def output_file(args: argparse.Namespace, ctx: Context, what: str = "file") -> Path:
    """The -o file, refused in one sentence where it must not be written (the open database,
    a managed backup, a folder, a device, an existing file without --overwrite)."""
    ctx.db  # noqa: B018 -- opened first, so the database's own files are known and refused
    return outputs.check_target(args.output, overwrite=args.overwrite, what=what)


class Context:
    """The open database, opened only when a command needs it."""

    def __init__(self, db_arg: str | None) -> None:
        self.db_arg = db_arg
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._refuse_empty_name()
            self._db = open_database(self.db_arg)
            for warning in self._db.warnings:
                print(f"Warning: {warning}", file=sys.stderr)
            from cohort_desk.services.safety.daily import daily_backup

            daily_backup(self._db)  # the day's first start keeps a copy; never stops the command
        return self._db

    def db_for_restore(self) -> Database:
        """The database to restore into: opened as usual, or, when it is too damaged for
        that, opened only to be replaced."""
        from cohort_desk.db.opening import open_for_restore

        self._refuse_empty_name()  # before the fallback below, which would open the default
        try:
            return self.db
        except UserError as exc:
            print(f"Warning: {exc.message}", file=sys.stderr)
            self._db = open_for_restore(self.db_arg)
            return self._db

    def _refuse_empty_name(self) -> None:
        if self.db_arg is not None and not self.db_arg.strip():
            # An empty --db (a script's unset variable) must not fall back to the default
            # database: that holds the user's real records.
            raise UserError("--db was given an empty name; give a database file or URL.")

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def emit_json(document: Any) -> None:
    json.dump(document, sys.stdout, default=_default, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain aligned table for people reading a terminal."""
    text_rows = [["" if cell is None else str(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        for index, cell in enumerate(row):
            widths[index] = min(max(widths[index], len(cell)), 48)
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in text_rows:
        cells = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(row, widths, strict=True)]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    if not text_rows:
        print("(none)")


def confirm(question: str, yes: bool) -> None:
    """Ask before destroying data; with no terminal and no --yes, refuse and change nothing."""
    if yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(
            "This command replaces or removes data, so it needs --yes when not run at a terminal."
        )
    answer = input(f"{question} Type yes to go on: ").strip().lower()
    if answer not in ("y", "yes"):
        raise UserError("Nothing was changed.")
