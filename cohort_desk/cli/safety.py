"""Commands that keep data safe: check, backup, backups and restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cohort_desk.cli.common import (
    Context,
    add_command,
    add_json,
    add_output,
    confirm,
    emit_json,
    output_file,
    print_table,
)
from cohort_desk.db.restore import check_backup_file
from cohort_desk.errors import UserError
from cohort_desk.rules.wording import agree, plural
from cohort_desk.services.safety import backups
from cohort_desk.services.safety.integrity import check_database, signing_key_warning


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "check", run_check, "check the database's integrity")
    add_json(parser)
    parser = add_command(subparsers, "backup", run_backup, "write a backup copy of the database")
    add_output(
        parser,
        required=False,
        help_text="the backup file to write (default: a new file in the backup folder)",
    )
    parser = add_command(subparsers, "backups", run_backups, "list the automatic backups")
    add_json(parser)
    parser = add_command(
        subparsers,
        "restore",
        run_restore,
        "replace the database with a backup (the current contents are backed up first)",
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="a backup made by Cohort Desk (without it: offers the newest good backup)",
    )
    parser.add_argument(
        "--latest", action="store_true", help="restore the newest good automatic backup"
    )
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_json(parser)


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    report = check_database(ctx.db)
    if args.json:
        emit_json(
            {
                "ok": report.ok,
                "problems": report.problems,
                "warnings": report.warnings,
                "checked": report.checked,
            }
        )
        return 0 if report.ok else 1
    for warning in report.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    if report.ok:
        print(f"The database is sound ({len(report.checked)} checks passed).")
    else:
        print("Problems found:")
        for problem in report.problems:
            print(f"- {problem}")
    return 0 if report.ok else 1


def run_backup(args: argparse.Namespace, ctx: Context) -> int:
    chosen = output_file(args, ctx, "backup") if args.output else None
    target = backups.backup_now(ctx.db, chosen, overwrite=args.overwrite)
    print(f"Backed up to {target}.")
    if warning := signing_key_warning(ctx.db):
        print(f"Warning: {warning}", file=sys.stderr)
    return 0


def run_backups(args: argparse.Namespace, ctx: Context) -> int:
    rows = backups.list_backups(ctx.db)
    if args.json:
        emit_json(
            {
                "folder": str(backups.backup_folder(ctx.db)),
                "backups": [
                    {
                        "file": str(r.path),
                        "kind": r.kind,
                        "taken": r.taken,
                        "mb": round(r.size_mb, 2),
                    }
                    for r in rows
                ],
            }
        )
        return 0
    print(f"Backup folder: {backups.backup_folder(ctx.db)}")
    print_table(
        ("Taken", "Kind", "Size (MB)", "File"),
        ((r.taken, r.kind, f"{r.size_mb:.1f}", r.name) for r in rows),
    )
    return 0


def run_restore(args: argparse.Namespace, ctx: Context) -> int:
    db = ctx.db_for_restore()
    if db.file is None:
        raise UserError(
            "Restoring from a file works on SQLite databases; restore a PostgreSQL "
            "database with pg_restore (see the README)."
        )
    if args.file and args.latest:
        raise UserError("Give either a backup FILE or --latest, not both.")
    if args.file:
        file = Path(args.file).expanduser()
        # Check before asking, so a wrong file is refused without a pointless question.
        found = check_backup_file(file)
        question = (
            f"Replace everything in {db.describe()} with {file.name} "
            f"({plural(found.people, 'person')})?"
        )
    else:
        offer = backups.newest_good_backup(db)
        if offer is None:
            raise UserError(
                f"No good backup of {db.describe()} was found in {backups.backup_folder(db)}; "
                "name a backup file to restore."
            )
        file = offer.path
        found = check_backup_file(file)
        print(f"The newest good backup is {file.name}, taken {offer.taken} ({offer.kind}).")
        question = f"Restore it ({plural(found.people, 'person')}) into {db.describe()}?"
    confirm(f"{question} The current contents will be backed up first.", args.yes)
    result = backups.restore(db, file)
    if args.json:
        emit_json(
            {
                "restored_from": str(result.restored_from),
                "previous_saved_as": str(result.previous_saved_as),
                "people": result.people,
                "upgraded": result.upgraded,
                "erased_again": result.erased_again,
            }
        )
        return 0
    upgraded = " (brought up to date with this version)" if result.upgraded else ""
    print(
        f"Restored {file.name}{upgraded}: {plural(result.people, 'person')}. "
        f"The previous contents were saved to {result.previous_saved_as}."
        + (
            f" {plural(result.erased_again, 'person')} erased since the backup "
            f"{agree(result.erased_again, 'was', 'were')} erased again."
            if result.erased_again
            else ""
        )
    )
    return 0
