"""Commands for attendance: `attend` (by hand or from a file) and `register` (printed sheets)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cohort_desk.cli import lookup
from cohort_desk.cli.common import (
    Context,
    add_command,
    add_json,
    add_output,
    emit_json,
    output_file,
    print_table,
)
from cohort_desk.documents.registers import render_register
from cohort_desk.errors import ValidationError
from cohort_desk.rules.attendance import STATUS_LABELS
from cohort_desk.rules.wording import plural
from cohort_desk.services.attendance.from_file import apply_plan, plan_from_file
from cohort_desk.services.attendance.marking import counts_sentence, mark, register_data
from cohort_desk.services.attendance.reports import write_bytes, write_cohort_summary
from cohort_desk.services.sessions.records import get_session
from cohort_desk.vocabulary import AttendanceSource, AttendanceStatus

MAX_BLANK_ROWS = 200
# Option name -> status, in the order the help lists them.
STATUS_OPTIONS = {status: "--" + status.replace("_", "-") for status in AttendanceStatus}


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "attend",
        run_attend,
        "record attendance for a session, by e-mail or from a Teams report or list of e-mails",
    )
    parser.add_argument("session", metavar="SESSION_ID", help="the session's number")
    for status, option in STATUS_OPTIONS.items():
        parser.add_argument(
            option,
            dest=status,
            nargs="+",
            action="extend",
            default=[],
            metavar="EMAIL",
            help=f"mark these people {STATUS_LABELS[status].lower()}",
        )
    parser.add_argument("--note", help="a note saved beside each of these marks")
    parser.add_argument("--from", dest="source_file", metavar="FILE", help="Teams report or list")
    parser.add_argument("--dry-run", action="store_true", help="show what would change; save none")
    add_json(parser)

    parser = add_command(
        subparsers,
        "register",
        run_register,
        "printable sign-in register for a session, or a cohort's attendance summary",
    )
    parser.add_argument("session", metavar="SESSION_ID", nargs="?", help="the session's number")
    add_output(parser)
    parser.add_argument("--blank-rows", type=int, default=5, metavar="N", help="rows for walk-ins")
    parser.add_argument("--cohort", metavar="NAME", help="the cohort to summarise")
    parser.add_argument("--summary", action="store_true", help="the cohort's attendance summary")


def session_number(text: str) -> int:
    try:
        number = int(text.strip())
    except ValueError:
        number = 0
    if number <= 0:
        raise ValidationError(
            f"'{text}' is not a session number; 'cohort-desk session list --cohort NAME' "
            "shows the numbers.",
            field="session",
        )
    return number


def run_attend(args: argparse.Namespace, ctx: Context) -> int:
    session_id = session_number(args.session)
    given = {status: getattr(args, status) for status in AttendanceStatus if getattr(args, status)}
    if args.source_file:
        if given:
            raise ValidationError(
                "Use --from on its own, or name people with --present and the like, not both."
            )
        if args.note is not None:
            # Marks from a file carry no note; it was dropped in silence.
            raise ValidationError(
                "--note goes with marks by e-mail (--present and the like), not with --from."
            )
        return _attend_from_file(args, ctx, session_id)
    if not given:
        raise ValidationError(
            "Say whom to mark, for example --present jo.bloggs@nhs.net, or give --from FILE."
        )
    if args.dry_run:
        raise ValidationError("--dry-run goes with --from FILE; marks by e-mail are saved at once.")
    marks: dict[str, str] = {}
    for status, emails in given.items():
        for email in emails:
            key = email.strip().lower()
            if key in marks and marks[key] != status:
                raise ValidationError(
                    f"{email.strip()} is given as both {marks[key].replace('_', ' ')} and "
                    f"{status.replace('_', ' ')}; give each person one status."
                )
            marks[key] = status
    result = mark(ctx.db, session_id, marks, source=AttendanceSource.COMMAND_LINE, note=args.note)
    if args.json:
        emit_json({**result.counts, "not_enrolled": []})
        return 0
    row = get_session(ctx.db, session_id)
    print(
        f"Marked {len(marks)} {'person' if len(marks) == 1 else 'people'} at session {row.id} "
        f"({row.title}); {result.changed} changed. The register now has "
        f"{counts_sentence(result.counts)}."
    )
    return 0


def _attend_from_file(args: argparse.Namespace, ctx: Context, session_id: int) -> int:
    """Exit 1 when anyone in the file was matched to nobody: the marks are
    saved, but someone should look at the people listed."""
    plan = plan_from_file(ctx.db, session_id, Path(args.source_file))
    counts = plan.counts() if args.dry_run else apply_plan(ctx.db, plan)
    code = 1 if plan.outsiders else 0
    if args.json:
        emit_json(plan.json_document(counts))
        return code
    print(
        f"{plan.file_name} ({plan.kind}) for session {plan.session_id}, {plan.session_title}, "
        f"{plan.session_date}:"
    )
    changes = plan.changes
    # Everyone on the register, so the plan says how each person was matched (or was not).
    if plan.marks:
        print_table(
            ("Ref", "Name", "E-mail", "Was", "Now", "Matched by", "Why"),
            (
                (
                    m.ref,
                    m.name,
                    m.email,
                    STATUS_LABELS[m.before] if m.before else "not marked",
                    STATUS_LABELS[m.after] if m.after else "not marked",
                    m.matched_by or "-",
                    m.reason,
                )
                for m in plan.marks
            ),
        )
    if not changes:
        print("Every mark already matches the file.")
    if plan.outsiders:
        print(f"\nIn the file but matched to nobody on the register ({len(plan.outsiders)}):")
        for outsider in plan.outsiders:
            who = " ".join(
                x for x in (outsider.name, f"<{outsider.email}>" if outsider.email else "") if x
            )
            print(f"  {who}: {outsider.reason}")
    verb = "would have" if args.dry_run else "now has"
    print(f"\nThe register {verb} {counts_sentence(counts)}.")
    if args.dry_run:
        print(f"Nothing was saved (--dry-run); {plural(len(changes), 'mark')} would change.")
    else:
        print(f"Saved {len(changes)} changed marks.")
    return code


def run_register(args: argparse.Namespace, ctx: Context) -> int:
    output = Path(args.output)
    if args.cohort or args.summary:
        if args.session and args.cohort:
            raise ValidationError("Give a session number or --cohort, not both.")
        if args.cohort:
            cohort, cohort_id = args.cohort, lookup.cohort_id(ctx.db, args.cohort)
        elif args.session:
            row = get_session(ctx.db, session_number(args.session))
            cohort, cohort_id = row.cohort, row.cohort_id
        else:
            raise ValidationError("Say which cohort to summarise with --cohort NAME.")
        output = output_file(args, ctx, "summary")
        write_cohort_summary(ctx.db, output, cohort_id=cohort_id)
        print(f"Saved the attendance summary of {cohort} to {output}.")
        return 0
    if not args.session:
        raise ValidationError(
            "Give the session's number (register SESSION_ID -o FILE.pdf), "
            "or --cohort NAME --summary for a cohort's summary."
        )
    session_id = session_number(args.session)
    if output.suffix.lower() != ".pdf":
        raise ValidationError(
            f"A register is saved as a PDF; end the file name with .pdf, not '{output.name}'.",
            field="output",
        )
    if not 0 <= args.blank_rows <= MAX_BLANK_ROWS:
        raise ValidationError(
            f"--blank-rows must be between 0 and {MAX_BLANK_ROWS}.", field="blank_rows"
        )
    output = output_file(args, ctx, "register")
    data = register_data(ctx.db, session_id)
    write_bytes(output, render_register(data, blank_rows=args.blank_rows))
    print(
        f"Saved the register for {data.session_title} "
        f"({plural(len(data.people), 'person')}) to {output}."
    )
    return 0
