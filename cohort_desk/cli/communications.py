"""Commands for Outlook: calendar files, the e-mail templates, and e-mail drafts per person."""

from __future__ import annotations

import argparse
import sys
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
from cohort_desk.errors import RefusedError, ValidationError
from cohort_desk.rules.wording import plural
from cohort_desk.services.communications import (
    MailRequest,
    calendar_file,
    plan_mail,
    write_calendar,
    write_mail,
)
from cohort_desk.services.communications.recipients import AUDIENCES
from cohort_desk.services.communications.templates import list_templates


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "calendar",
        run_calendar,
        "sessions as an iCalendar file for Outlook, Google or Apple calendars",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", type=int, metavar="ID", help="one session")
    which.add_argument("--cohort", metavar="NAME", help="every session of a cohort")
    which.add_argument("--person", metavar="EMAIL", help="every session of one person")
    add_output(parser, metavar="FILE.ics")

    parser = add_command(subparsers, "templates", run_templates, "the e-mail templates")
    add_json(parser)

    parser = add_command(
        subparsers,
        "mail",
        run_mail,
        "write one e-mail draft (.eml, opened by Outlook ready to send) per recipient",
    )
    parser.add_argument("template", metavar="TEMPLATE", help="see 'cohort-desk templates'")
    about = parser.add_mutually_exclusive_group(required=True)
    about.add_argument("--cohort", metavar="NAME")
    about.add_argument("--session", type=int, metavar="ID")
    parser.add_argument(
        "--to",
        choices=list(AUDIENCES),
        help="whom to write to (participants when left out): "
        + "; ".join(f"{k}: {v}" for k, v in AUDIENCES.items()),
    )
    add_output(parser, metavar="FOLDER")
    parser.add_argument(
        "--again",
        action="store_true",
        help="write even to people who already had this e-mail for this cohort or session",
    )
    add_json(parser)


def run_calendar(args: argparse.Namespace, ctx: Context) -> int:
    if not str(args.output).lower().endswith(".ics"):
        raise ValidationError(
            "Name the calendar file with .ics at the end (e.g. sessions.ics), so that Outlook "
            "and other calendars open it.",
            field="output",
        )
    target = output_file(args, ctx, "calendar file")
    found = calendar_file(
        ctx.db,
        session_id=args.session,
        cohort_id=lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None,
        person_id=lookup.person_id(ctx.db, args.person) if args.person is not None else None,
    )
    path = write_calendar(found, target, overwrite=args.overwrite)
    cancelled = f", {found.cancelled} of them cancelled" if found.cancelled else ""
    count = plural(found.sessions, "session")
    print(
        f"Wrote {count}{cancelled} to {path}; open it (or import it) in Outlook to add them "
        "to the calendar. Importing a newer file later updates the same entries."
    )
    return 0


def run_templates(args: argparse.Namespace, ctx: Context) -> int:
    rows = list_templates(ctx.db)
    if args.json:
        emit_json([row.as_json for row in rows])
        return 0
    print_table(
        ("Template", "Written to", "Attaches", "Wording", "What it is for"),
        (
            (
                r.name,
                r.audience,
                ", ".join(r.attachments) or "nothing",
                "edited" if r.edited else "built in" if r.built_in else "added",
                r.description,
            )
            for r in rows
        ),
    )
    return 0


def run_mail(args: argparse.Namespace, ctx: Context) -> int:
    request = MailRequest(
        template=args.template,
        cohort_id=lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None,
        session_id=args.session,
        to=args.to,
    )
    plan = plan_mail(ctx.db, request)
    warning = plan.repeat_warning()
    if warning and not args.again:
        raise RefusedError(f"{warning} Nothing was written; add --again to write them anyway.")
    result = write_mail(ctx.db, plan, args.output, overwrite=args.overwrite, again=args.again)
    if args.json:
        emit_json(
            {
                "template": plan.template.name,
                "about": plan.about,
                "to": plan.audience,
                "drafts": len(result.files),
                "people": result.people,
                "folder": str(result.folder),
                "files": [str(path) for path in result.files],
                "again": bool(warning),
            }
        )
        return 0
    if warning:
        print(f"Note: {warning}", file=sys.stderr)
    print(result.summary)
    return 0
