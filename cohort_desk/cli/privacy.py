"""Commands for people's rights and accountability: person export/erase/history, audit,
retention and the equality report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cohort_desk import outputs
from cohort_desk.cli import lookup
from cohort_desk.cli.common import (
    DATE_HELP,
    Context,
    add_command,
    add_json,
    add_output,
    confirm,
    date_option,
    emit_json,
    output_file,
    print_table,
)
from cohort_desk.errors import NotFoundError, ValidationError
from cohort_desk.rules.characters import as_typed
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.wording import plural
from cohort_desk.services.people.records import find_person
from cohort_desk.services.privacy import equality, retention
from cohort_desk.services.privacy.audit import AuditFilter, AuditRow, export_audit, list_audit
from cohort_desk.services.privacy.rights import erase_person, export_paths, export_subject_access


def register(subparsers: Any) -> None:
    person = add_command(subparsers, "person", None, "subject access, erasure and history")
    actions = person.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(
        actions,
        "export",
        run_export,
        "everything held about a person: -o x.json writes x.json and x.pdf "
        "(-o x.pdf writes x.pdf and x.json)",
    )
    parser.add_argument("email", metavar="EMAIL")
    add_output(parser)
    add_json(parser)
    parser = add_command(actions, "erase", run_erase, "erase a person's identity for good")
    parser.add_argument("email", metavar="EMAIL")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_json(parser)
    parser = add_command(actions, "history", run_history, "the audit trail about a person")
    parser.add_argument("email", metavar="EMAIL")
    add_json(parser)

    audit = add_command(subparsers, "audit", None, "the audit trail (read-only)")
    actions = audit.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, handler, text in (
        ("list", run_audit_list, "list audit entries, newest first"),
        ("export", run_audit_export, "export the audit trail to .xlsx or .csv"),
    ):
        parser = add_command(actions, name, handler, text)
        parser.add_argument("--who", default="", help="only changes made by this user")
        parser.add_argument("--person", metavar="EMAIL", help="only changes about this person")
        parser.add_argument("--since", help=f"from this day: {DATE_HELP}")
        parser.add_argument("--until", help="up to and including this day")
        if name == "export":
            add_output(parser)
        else:
            parser.add_argument("--limit", type=int, default=200, help="at most this many")
            add_json(parser)

    parser = add_command(
        subparsers, "retention", run_retention, "people with no activity for N years"
    )
    parser.add_argument("--years", type=int, help="default: the preference (6 unless changed)")
    parser.add_argument(
        "--anonymise", action="store_true", help="anonymise everyone listed (asks first)"
    )
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_json(parser)

    parser = add_command(
        subparsers, "equality", run_equality, "equality monitoring report for a cohort"
    )
    parser.add_argument("--cohort", required=True)
    add_output(parser, required=False, help_text="write .xlsx or .csv")
    add_json(parser)


def _person_or_refuse(ctx: Context, email: str) -> Any:
    found = find_person(ctx.db, email)
    if found is None:
        raise NotFoundError(
            f"No one with the e-mail address {as_typed(email)} is in the database; "
            "check the spelling."
        )
    return found


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    json_path, pdf_path = export_paths(args.output)
    ctx.db  # noqa: B018 -- open first, so its own files are refused as outputs
    for path in (json_path, pdf_path):
        outputs.check_target(path, overwrite=args.overwrite, what="export")
    export = export_subject_access(ctx.db, lookup.person_id(ctx.db, args.email), Path(args.output))
    if args.json:
        emit_json(
            {
                "json": str(json_path),
                "pdf": str(pdf_path),
                "records": {s.key: len(s.rows) for s in export.sections},
            }
        )
    else:
        print(f"Wrote everything held about {export.person_name} to {json_path} and {pdf_path}.")
    return 0


def run_erase(args: argparse.Namespace, ctx: Context) -> int:
    person = _person_or_refuse(ctx, args.email)
    confirm(
        f"Erase {person.full_name} ({person.ref}, {person.email})? Their name, contact details, "
        "notes and equality answers are removed for good; attendance and certificates stay "
        "as anonymous counts. This cannot be undone.",
        args.yes,
    )
    result = erase_person(ctx.db, person.id)
    copies = result.copies
    if args.json:
        emit_json(
            {
                "erased": person.email,
                "ref": result.ref,
                "placeholder": result.placeholder_email,
                "backups_scrubbed": [str(p) for p in copies.scrubbed] if copies else [],
                "backups_destroyed": [str(p) for p in copies.destroyed] if copies else [],
                "old_versions_cleared": copies.live_cleared if copies else True,
            }
        )
    else:
        print(
            f"Erased {person.ref}; the record now reads 'Erased person' "
            f"({result.placeholder_email})."
        )
        if copies is not None:
            print(copies.sentence)
    return 0


def _audit_json(rows: list[AuditRow]) -> list[dict[str, Any]]:
    return [
        {
            "at": r.at.isoformat(),
            "who": r.who,
            "record": r.record_type,
            "record_id": r.record_id,
            "about": r.record_text,
            "action": r.action,
            "person_id": r.person_id,
            "changes": r.changes,
        }
        for r in rows
    ]


def _print_audit(rows: list[AuditRow]) -> None:
    print_table(
        ("When", "Who", "Record", "Action", "Changes"),
        ((r.when, r.who, r.record_text, r.action, r.summary) for r in rows),
    )


def run_history(args: argparse.Namespace, ctx: Context) -> int:
    person = _person_or_refuse(ctx, args.email)
    rows = list_audit(ctx.db, AuditFilter(person_id=person.id), limit=None)
    if args.json:
        emit_json(_audit_json(rows))
    else:
        _print_audit(rows)
    return 0


def _filter(args: argparse.Namespace, ctx: Context) -> AuditFilter:
    person = _person_or_refuse(ctx, args.person) if args.person is not None else None
    since, until = date_option(args.since, "since"), date_option(args.until, "until")
    if since and until and until < since:
        # An empty list (or an empty export) would read as "nothing happened".
        raise ValidationError("The period ends before it begins; give --since before --until.")
    return AuditFilter(
        who=args.who, person_id=person.id if person else None, since=since, until=until
    )


def run_audit_list(args: argparse.Namespace, ctx: Context) -> int:
    if args.limit < 1:
        raise ValidationError("--limit must be at least 1.")
    rows = list_audit(ctx.db, _filter(args, ctx), limit=args.limit)
    if args.json:
        emit_json(_audit_json(rows))
    else:
        _print_audit(rows)
    return 0


def run_audit_export(args: argparse.Namespace, ctx: Context) -> int:
    count = export_audit(ctx.db, output_file(args, ctx, "export"), _filter(args, ctx))
    print(f"Wrote {count:,} audit entries to {args.output}.")
    return 0


def run_retention(args: argparse.Namespace, ctx: Context) -> int:
    years = retention.retention_years(ctx.db, args.years)
    rows = retention.retention_candidates(ctx.db, years)
    if args.anonymise and rows:
        confirm(
            f"Anonymise all {plural(len(rows), 'person')} with no activity for "
            f"{plural(years, 'year')}? "
            "This cannot be undone.",
            args.yes,
        )
        result = retention.anonymise_people(ctx.db, [r.person_id for r in rows], years)
        if args.json:
            emit_json({"anonymised": result.anonymised, "skipped": result.skipped})
        else:
            print(f"Anonymised {plural(result.anonymised, 'person')}; a backup was taken first.")
        return 0
    if args.json:
        emit_json(
            [
                {
                    "email": r.email,
                    "name": r.name,
                    "ref": r.ref,
                    "organisation": r.organisation,
                    "last_activity": r.last_activity.isoformat() if r.last_activity else None,
                    "archived": r.archived,
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("Ref", "Name", "E-mail", "Organisation", "Last active"),
        ((r.ref, r.name, r.email, r.organisation, format_date(r.last_activity)) for r in rows),
    )
    print(f"{plural(len(rows), 'person')} with no activity for {plural(years, 'year')}.")
    return 0


def run_equality(args: argparse.Namespace, ctx: Context) -> int:
    cohort_id = lookup.cohort_id(ctx.db, args.cohort)
    if args.output:
        equality.export_equality_report(ctx.db, cohort_id, output_file(args, ctx, "report"))
        print(f"Wrote the equality report for {args.cohort} to {args.output}.")
        return 0
    report = equality.equality_report(ctx.db, cohort_id)
    if args.json:
        emit_json(
            {
                "cohort": report.cohort,
                "participants": report.participants,
                "lines": [
                    {"question": x.question, "answer": x.answer, "count": x.shown}
                    for x in report.lines
                ],
            }
        )
        return 0
    # The count is suppressed ("<5", "12"), never "1", so the plural always agrees.
    print(f"{report.cohort}: {report.participants} participants")
    print_table(
        ("Question", "Answer", "Participants"),
        ((x.question, x.answer, x.shown) for x in report.lines),
    )
    return 0
