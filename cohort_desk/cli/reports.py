"""`report --from DATE --to DATE -o FILE.pdf|FILE.xlsx [--overwrite]`: the impact pack."""

from __future__ import annotations

import argparse
from typing import Any

from cohort_desk.cli.common import DATE_HELP, Context, add_command, add_output, date_option
from cohort_desk.services.reports.pack import build_pack, check_format, write_pack


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "report",
        run_report,
        "the impact pack for a period, beside the period before it, as PDF or xlsx",
    )
    parser.add_argument("--from", dest="start", required=True, metavar="DATE", help=DATE_HELP)
    parser.add_argument("--to", dest="end", required=True, metavar="DATE", help=DATE_HELP)
    add_output(parser, metavar="FILE.pdf|FILE.xlsx")


def run_report(args: argparse.Namespace, ctx: Context) -> int:
    start = date_option(args.start, "from")
    end = date_option(args.end, "to")
    assert start is not None and end is not None  # both options are required
    check_format(args.output)
    ctx.db  # noqa: B018 -- opened first, so the database's own files are refused as the output
    pack = build_pack(ctx.db, start, end)
    target = write_pack(pack, args.output, overwrite=args.overwrite)
    print(f"Impact pack for {pack.period_text} (beside {pack.previous_text}) written to {target}.")
    return 0
