"""Commands about the Community of Practice and system leadership: community, role, roles,
leadership-time."""

from __future__ import annotations

import argparse
from typing import Any

from cohort_desk.cli import lookup
from cohort_desk.cli.common import (
    DATE_HELP,
    Context,
    add_command,
    add_json,
    add_output,
    date_option,
    emit_json,
    output_file,
    print_table,
)
from cohort_desk.errors import ValidationError
from cohort_desk.rules.dates import format_date, today_in_uk
from cohort_desk.rules.wording import plural
from cohort_desk.services.community import leadership
from cohort_desk.services.community import members as community


def register(subparsers: Any) -> None:
    group = add_command(subparsers, "community", None, "the Community of Practice")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(actions, "add", run_community_add, "add members by e-mail or a cohort")
    parser.add_argument("emails", nargs="*", metavar="EMAIL")
    parser.add_argument("--cohort", help="add this cohort's alumni")
    parser.add_argument("--joined", help=f"{DATE_HELP} (default today)")
    parser = add_command(actions, "consent", run_consent, "record consent to be contacted")
    parser.add_argument("email")
    parser.add_argument("--on", help=f"the day consent was given, {DATE_HELP} (default today)")
    parser.add_argument("--withdraw", action="store_true", help="consent was withdrawn")
    parser = add_command(actions, "list", run_community_list, "list current members")
    add_json(parser)
    parser = add_command(
        actions, "export", run_community_export, "contact list of members who consented"
    )
    add_output(parser, metavar="FILE.xlsx|FILE.csv")

    role = add_command(subparsers, "role", None, "system leadership roles")
    actions = role.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(actions, "add", run_role_add, "record a role someone holds")
    parser.add_argument("email")
    parser.add_argument("--title", required=True)
    parser.add_argument("--days", type=float, required=True, help="days per week, e.g. 0.5")
    parser.add_argument("--body", default="", help="board or partnership")
    parser.add_argument("--organisation", default="", help="organisation where it is held")
    parser.add_argument("--start", help=DATE_HELP)
    parser.add_argument("--end", help=DATE_HELP)
    parser = add_command(actions, "end", run_role_end, "a role came to an end")
    parser.add_argument("role_id", type=int, metavar="ROLE_ID")
    parser.add_argument("--on", help=f"{DATE_HELP} (default today)")

    parser = add_command(subparsers, "roles", run_roles, "list system leadership roles")
    parser.add_argument("--all", action="store_true", help="include ended roles")
    add_json(parser)

    parser = add_command(
        subparsers, "leadership-time", run_leadership_time, "days per week of system leadership"
    )
    parser.add_argument("--by", choices=leadership.GROUPINGS, default="profession")
    add_json(parser)


def run_community_add(args: argparse.Namespace, ctx: Context) -> int:
    if not args.emails and not args.cohort:
        raise ValidationError("Name a cohort with --cohort, or give one or more e-mails.")
    joined = date_option(args.joined, "joined")
    cohort_id = lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None
    people = list(lookup.people_by_email(ctx.db, args.emails)) if args.emails else []
    added = already = 0
    if cohort_id is not None:
        result = community.add_cohort_alumni(ctx.db, cohort_id, joined)
        added, already = result.added, result.already
    if people:
        result = community.add_members(ctx.db, people, joined)
        added, already = added + result.added, already + result.already
    print(
        f"Added {plural(added, 'member')} to the Community of Practice; {already} already members."
    )
    if added:
        print("Record each member's consent before contacting them ('community consent').")
    return 0


def run_consent(args: argparse.Namespace, ctx: Context) -> int:
    member_id = community.member_id_for(ctx.db, lookup.person_id(ctx.db, args.email))
    row = community.set_consent(ctx.db, member_id, not args.withdraw, date_option(args.on, "on"))
    if row.consent_to_contact:
        print(f"{row.name} consented to be contacted on {format_date(row.consent_on)}.")
    else:
        print(f"{row.name}'s consent is withdrawn; they are off the contact list.")
    return 0


def run_community_list(args: argparse.Namespace, ctx: Context) -> int:
    rows = community.list_members(ctx.db)
    if args.json:
        emit_json(
            [
                {
                    "email": r.email,
                    "name": r.name,
                    "joined_on": r.joined_on,
                    "consent": r.consent_to_contact,
                    "consent_on": r.consent_on,
                    "interests": r.interests,
                    "source": r.source,
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("E-mail", "Name", "Joined", "Consent", "Interests"),
        ((r.email, r.name, format_date(r.joined_on), r.consent_text, r.interests) for r in rows),
    )
    print(
        f"{plural(len(rows), 'member')}, "
        f"{sum(r.consent_to_contact for r in rows)} consented to contact"
    )
    return 0


def run_community_export(args: argparse.Namespace, ctx: Context) -> int:
    count = community.export_contacts(ctx.db, output_file(args, ctx, "contact list"))
    print(f"Wrote {count} consenting members to {args.output}.")
    return 0


def run_role_add(args: argparse.Namespace, ctx: Context) -> int:
    row = leadership.add_role(
        ctx.db,
        lookup.person_id(ctx.db, args.email),
        leadership.RoleInput(
            title=args.title,
            days_per_week=args.days,
            body=args.body,
            organisation=args.organisation,
            starts_on=date_option(args.start, "start"),
            ends_on=date_option(args.end, "end"),
        ),
    )
    print(f"Role {row.id}: {row.name}, {row.title}, {row.days_per_week:g} days a week.")
    return 0


def run_role_end(args: argparse.Namespace, ctx: Context) -> int:
    row = leadership.end_role(ctx.db, args.role_id, date_option(args.on, "on") or today_in_uk())
    print(f"Role {row.id} ({row.title}) ended on {format_date(row.ends_on)}.")
    return 0


def run_roles(args: argparse.Namespace, ctx: Context) -> int:
    rows = leadership.list_roles(ctx.db, None if args.all else today_in_uk())
    if args.json:
        emit_json(
            [
                {
                    "id": r.id,
                    "email": r.email,
                    "title": r.title,
                    "body": r.body,
                    "organisation": r.organisation or None,
                    "days_per_week": r.days_per_week,
                    "starts_on": r.starts_on,
                    "ends_on": r.ends_on,
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("Role", "Name", "Title", "Body", "Days/week", "Started", "Ended"),
        (
            (
                r.id,
                r.name,
                r.title,
                r.body or r.organisation,
                f"{r.days_per_week:g}",
                format_date(r.starts_on),
                format_date(r.ends_on),
            )
            for r in rows
        ),
    )
    return 0


def run_leadership_time(args: argparse.Namespace, ctx: Context) -> int:
    report = leadership.leadership_report(ctx.db, by=args.by)
    if args.json:
        emit_json(report.as_json())
        return 0
    print(
        f"System leadership on {format_date(report.on)}: {report.total_days_per_week:g} days a "
        f"week, {plural(report.roles, 'role')} held by {plural(report.people, 'person')}."
    )
    print(f"\nBy {args.by}:")
    print_table(
        (args.by.capitalize(), "Days/week", "People", "Roles"),
        ((g.name, f"{g.days_per_week:g}", g.people, g.roles) for g in report.groups),
    )
    print("\nOver time:")
    print_table(
        ("Quarter", "On", "Days/week", "People", "Roles"),
        (
            (q.quarter, format_date(q.on), f"{q.days_per_week:g}", q.people, q.roles)
            for q in report.over_time
        ),
    )
    return 0
