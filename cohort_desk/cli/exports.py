"""The export command: people, attendance or certificates to .xlsx or .csv."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cohort_desk.cli import lookup
from cohort_desk.cli.common import Context, add_command, add_output, output_file
from cohort_desk.rules.wording import plural
from cohort_desk.services.exports import EXPORT_KINDS, check_format, export


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "export", run_export, "write people, attendance or certificates to a file"
    )
    parser.add_argument("kind", choices=EXPORT_KINDS, metavar="people|attendance|certificates")
    parser.add_argument("--cohort", metavar="NAME", help="only this cohort")
    add_output(parser, help_text="FILE.xlsx or FILE.csv")


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    target = Path(args.output).expanduser()
    check_format(target)  # before opening the database, so a typo costs nothing
    cohort_id = lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None
    target = output_file(args, ctx, "export")
    count = export(ctx.db, args.kind, target, cohort_id=cohort_id)
    print(f"Wrote {plural(count, 'row')} of {args.kind} to {target}.")
    return 0
