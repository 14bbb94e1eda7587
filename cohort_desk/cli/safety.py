"""Commands that keep data safe: check and backup."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cohort_desk.cli.common import Context, add_command, add_json, emit_json
from cohort_desk.db.backup import backup_sqlite
from cohort_desk.services.integrity import check_database


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "check", run_check, "check the database's integrity")
    add_json(parser)
    parser = add_command(subparsers, "backup", run_backup, "write a backup copy of the database")
    parser.add_argument("-o", "--output", required=True, metavar="FILE")


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    report = check_database(ctx.db)
    if args.json:
        emit_json({"ok": report.ok, "problems": report.problems, "checked": report.checked})
    elif report.ok:
        print(f"The database is sound ({len(report.checked)} checks passed).")
    else:
        print("Problems found:")
        for problem in report.problems:
            print(f"- {problem}")
    return 0 if report.ok else 1


def run_backup(args: argparse.Namespace, ctx: Context) -> int:
    target = backup_sqlite(ctx.db, Path(args.output).expanduser())
    print(f"Backed up to {target}.")
    return 0
