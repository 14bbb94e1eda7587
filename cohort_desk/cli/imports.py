"""Commands for importing people: import, imports (the history) and undo-import.

Exit codes of `import`: 0 when every row was fine; 1 when some rows had errors
(without --strict the good rows are imported, "done in part"; with --strict nothing is
imported); 2 when the file cannot be used at all. --dry-run returns what the real run would.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cohort_desk.cli import lookup
from cohort_desk.cli.common import Context, add_command, add_json, confirm, emit_json, print_table
from cohort_desk.errors import ValidationError
from cohort_desk.rules.dates import format_datetime
from cohort_desk.rules.headers import FIELDS
from cohort_desk.rules.wording import agree, plural
from cohort_desk.services import imports
from cohort_desk.services.applications import intake
from cohort_desk.services.imports.history import list_batches
from cohort_desk.services.imports.known_names import CHOSEN
from cohort_desk.vocabulary import Role, values

MERGED_SHOWN = 20
# What people naturally type after --map HEADER=, besides the field names themselves.
FIELD_ALIASES = {
    "first_name": "given_name",
    "firstname": "given_name",
    "forename": "given_name",
    "surname": "family_name",
    "last_name": "family_name",
    "lastname": "family_name",
    "name": "full_name",
    "e_mail": "email",
    "email_address": "email",
    "organization": "organisation",
    "employer": "organisation",
    "role": "job_title",
    "skip": "ignore",
}


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "import", run_import, "import people from .xlsx/.xlsm/.xls/.ods/.csv"
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first)")
    parser.add_argument(
        "--cohort",
        metavar="NAME",
        help="also enrol everyone in this cohort (with --feedback: the cohort it is about)",
    )
    parser.add_argument(
        "--feedback",
        action="store_true",
        help="the file is a feedback form's responses (Microsoft Forms or Google Forms)",
    )
    parser.add_argument(
        "--session", type=int, metavar="ID", help="with --feedback: the session it is about"
    )
    parser.add_argument(
        "--applications",
        action="store_true",
        help="the file is a form export of applications to --cohort: people are added or "
        "matched as usual and each row becomes an application, its other answers kept",
    )
    parser.add_argument("--role", choices=values(Role), help="role in the cohort")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help=f"say which field a column holds; fields: {', '.join(FIELDS)}",
    )
    parser.add_argument(
        "--known",
        action="append",
        default=[],
        metavar="NAME=KNOWN NAME",
        help="store an organisation or profession the plan shows as new as a known one",
    )
    parser.add_argument("--dry-run", action="store_true", help="show what would change, only")
    parser.add_argument(
        "--strict", action="store_true", help="import nothing if any row has an error"
    )
    add_json(parser)

    parser = add_command(subparsers, "imports", run_imports, "list past imports, oldest first")
    add_json(parser)

    parser = add_command(subparsers, "undo-import", run_undo, "reverse one import exactly")
    parser.add_argument("batch", type=int, metavar="BATCH_ID")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def parse_map(items: list[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for item in items:
        heading, equals, field = item.rpartition("=")
        if not equals or not heading.strip() or not field.strip():
            raise ValidationError(
                f"'{item}' is not a column mapping; write it as --map \"HEADING=FIELD\", "
                'for example --map "Work e-mail=email".',
                field="mapping",
            )
        name = field.strip().lower().replace("-", "_").replace(" ", "_")
        wanted = FIELD_ALIASES.get(name, name)
        if overrides.get(heading.strip(), wanted) != wanted:
            # Otherwise the last --map wins in silence, and the first is lost.
            raise ValidationError(
                f"The column '{heading.strip()}' is given two fields with --map "
                f"({overrides[heading.strip()]} and {wanted}); give it one.",
                field="mapping",
            )
        overrides[heading.strip()] = wanted
    return overrides


def parse_known(items: list[str]) -> dict[tuple[str, str], str]:
    """--known "Lewisham & Greenwich Trust=Lewisham and Greenwich NHS Trust", for either kind;
    the plan refuses a known name that is not one."""
    chosen: dict[tuple[str, str], str] = {}
    for item in items:
        typed, equals, known = item.partition("=")
        if not equals or not typed.strip() or not known.strip():
            raise ValidationError(
                f"'{item}' is not a choice of known name; write it as "
                '--known "NAME IN THE FILE=KNOWN NAME".',
                field="known",
            )
        for kind in ("organisation", "profession"):
            chosen[(kind, typed.strip())] = known.strip()
    return chosen


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    if args.feedback:
        from cohort_desk.cli.feedback import run_feedback_import

        return run_feedback_import(args, ctx)
    if args.session is not None:
        raise ValidationError(
            "--session only applies to a feedback import; add --feedback, or leave it out.",
            field="session",
        )
    if args.applications:
        return _import_applications(args, ctx)
    plan = imports.plan(
        ctx.db,
        args.file,
        sheet=args.sheet,
        mapping_overrides=parse_map(args.map),
        cohort_id=lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None,
        role=args.role,
        known_names=parse_known(args.known),
    )
    _check_known_used(plan, args.known)
    has_errors = bool(plan.errors)
    refused = args.strict and has_errors
    batch = None
    if not args.dry_run and not refused:
        batch = imports.apply(ctx.db, plan)
    if args.json:
        emit_json(plan.summary(batch))
    else:
        _print_plan(plan, batch, args.dry_run, refused)
    if refused:
        print(
            f"Nothing was imported because {plural(len(plan.errors), 'row')} "
            f"{agree(len(plan.errors), 'has')} errors and --strict "
            "was given; correct them in the file and import it again.",
            file=sys.stderr,
        )
    return 1 if has_errors else 0


def _check_known_used(plan: imports.ImportPlan, items: list[str]) -> None:
    """A --known whose name is in no row of the file (a typing slip, another file's name) did
    nothing in silence; refuse it before anything is written."""
    chosen = {n.in_file for n in plan.names if n.why == CHOSEN}
    for typed in dict.fromkeys(item.partition("=")[0].strip() for item in items):
        if typed not in chosen:
            raise ValidationError(
                f"No organisation or profession in {plan.file_name} is '{typed}', so "
                f'--known "{typed}=..." would change nothing; check it against the file.',
                field="known",
            )


def _print_plan(plan: imports.ImportPlan, batch: int | None, dry_run: bool, refused: bool) -> None:
    print(f"{plan.file_name}, sheet '{plan.sheet}', headings on row {plan.header_row}.")
    mapped = ", ".join(f"{heading} -> {field}" for heading, field in plan.mapping.items())
    print(f"Columns: {mapped}.")
    changes = [r for r in plan.rows if r.outcome in ("new", "update")]
    if changes and (dry_run or len(changes) <= 50):
        print_table(
            ("Row", "Outcome", "E-mail", "Name", "Changes"),
            (
                (
                    r.row,
                    r.outcome,
                    r.email,
                    r.name,
                    "; ".join(
                        f"{c.label}: {c.before or '(blank)'} -> {c.after}" for c in r.changes
                    ),
                )
                for r in changes
            ),
        )
    if plan.names:
        print_table(
            ("Kind", "In the file", "Stored as", "Why"),
            ((n.kind, n.in_file, n.stored, _why(n)) for n in plan.names),
        )
    verb = "Would import" if dry_run or refused else "Imported"
    print(
        f"{verb}: {plan.created} new, {plan.updated} updated, {plan.unchanged} unchanged, "
        f"{plural(plan.merged_rows, 'row')} merged into a later row with the same e-mail address, "
        f"{plural(plan.count('skipped'), 'row')} skipped, {plural(len(plan.errors), 'row')} "
        f"with errors ({plural(len(plan.rows), 'row')} in all)."
    )
    merged = [r for r in plan.rows if r.outcome == "merged"]
    for row in merged[:MERGED_SHOWN]:
        print(f"Row {row.row} ({row.email}): {row.message}")
    if len(merged) > MERGED_SHOWN:
        print(f"... and {len(merged) - MERGED_SHOWN} more merged rows (--json lists the counts).")
    if plan.cohort_name:
        print(
            f"{'Would enrol' if dry_run or refused else 'Enrolled'} {plan.to_enrol} in "
            f"{plan.cohort_name} as {plan.role}s."
        )
    for error in plan.errors:
        print(f"Row {error.row} ({error.field}): {error.message}")
    if batch is not None:
        print(f"Import number {batch}; 'cohort-desk undo-import {batch}' reverses it.")
    elif not dry_run and not refused:
        print("Nothing needed changing, so nothing was recorded.")


def _import_applications(args: argparse.Namespace, ctx: Context) -> int:
    """`import FILE --cohort NAME --applications`: exit 1 when rows had errors or repeats."""
    if not args.cohort:
        raise ValidationError(
            "Applications are made to a cohort; name it with --cohort.", field="cohort"
        )
    if args.role:
        raise ValidationError(
            "--role does not apply to applications: accepting an offer enrols a participant.",
            field="role",
        )
    if args.known:
        # Ignored in silence before: applications keep the names as the applicants wrote them.
        raise ValidationError(
            "--known does not apply to applications; leave it out.", field="known"
        )
    plan = intake.plan_applications(
        ctx.db,
        args.file,
        lookup.cohort_id(ctx.db, args.cohort),
        sheet=args.sheet,
        mapping_overrides=parse_map(args.map),
    )
    problems = bool(plan.errors or plan.repeats)
    refused = args.strict and problems
    batch = None
    if not args.dry_run and not refused:
        batch = intake.apply_applications(ctx.db, plan)
    if args.json:
        emit_json(plan.summary(batch))
    else:
        _print_applications(plan, batch, args.dry_run or refused)
    if refused:
        print(
            "Nothing was imported because some rows have errors or are repeat applications "
            "and --strict was given.",
            file=sys.stderr,
        )
    return 1 if problems else 0


def _print_applications(plan: intake.ApplicationsPlan, batch: int | None, dry: bool) -> None:
    people = plan.people
    print(f"{people.file_name}, sheet '{people.sheet}', headings on row {people.header_row}.")
    print(f"Answers kept: {'; '.join(plan.questions) or 'none'}.")
    for note in plan.notes():
        print(note)
    verb = "Would add" if dry else "Added"
    print(
        f"{verb} {plural(len(plan.applications), 'application')} to {plan.cohort_name}: "
        f"{plural(people.created, 'new person', 'new people')}, {people.updated} updated, "
        f"{people.unchanged} known; {plural(len(plan.repeats), 'repeat application')} and "
        f"{plural(len(plan.errors), 'row')} with errors "
        "left out."
    )
    for row in [*plan.repeats, *plan.errors]:
        print(f"Row {row.row} ({row.email or row.field}): {row.message}")
    if batch is not None:
        print(f"Import number {batch}; 'cohort-desk undo-import {batch}' reverses it.")


def run_imports(args: argparse.Namespace, ctx: Context) -> int:
    rows = list_batches(ctx.db)
    if args.json:
        emit_json(
            [
                {
                    "id": r.id,
                    "file": r.file_name,
                    "when": r.when.isoformat(),
                    "created": r.created,
                    "updated": r.updated,
                    "undone": r.undone,
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("Id", "What", "When", "File", "Sheet", "New", "Updated", "Cohort", "By", "Undone"),
        (
            (
                r.id,
                r.what,
                format_datetime(r.when),
                r.file_name,
                r.sheet,
                r.responses if r.kind == "feedback" else r.created,
                r.updated,
                r.cohort,
                r.who,
                format_datetime(r.undone_at),
            )
            for r in rows
        ),
    )
    return 0


def run_undo(args: argparse.Namespace, ctx: Context) -> int:
    batch = next((b for b in list_batches(ctx.db) if b.id == args.batch), None)
    if batch is not None and not batch.undone:
        what = (
            f"{plural(batch.responses, 'feedback response')} added"
            if batch.kind == "feedback"
            else f"{plural(batch.created, 'person')} added, {batch.updated} updated"
        )
        confirm(f"Undo import {batch.id} of {batch.file_name} ({what})?", args.yes)
    result = imports.undo(ctx.db, args.batch)
    if result.kind == "feedback":
        print(
            f"Undid import {result.batch_id} of {result.file_name}: "
            f"{plural(result.responses_removed, 'feedback response')} removed."
        )
        return 0
    print(
        f"Undid import {result.batch_id} of {result.file_name}: "
        f"{plural(result.removed, 'person')} removed, {result.restored} given their old details "
        f"back, {plural(result.unenrolled, 'enrolment')} removed."
    )
    return 0


def _why(name: imports.NameInPlan) -> str:
    if not name.new:
        return name.why
    could = f"; it could be {' or '.join(name.candidates)}" if name.candidates else ""
    return f'new{could} (map it with --known "{name.in_file}=KNOWN NAME")'
