"""Commands about people: demo, people, enrol."""

from __future__ import annotations

import argparse
from typing import Any

from cohort_desk.cli.common import Context, add_command, add_json, emit_json, print_table
from cohort_desk.rules.wording import plural
from cohort_desk.services.people.listing import PeopleFilter, list_people
from cohort_desk.vocabulary import Role, values


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "demo", run_demo, "fill an empty database with demo data")
    parser.add_argument("--people", type=int, default=120, help="how many people (default 120)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")

    parser = add_command(subparsers, "people", run_people, "list people")
    parser.add_argument("--cohort", help="only people enrolled in this cohort")
    # Plain strings: argparse names enum members by their repr in its "invalid choice" sentence.
    roles = (Role.PARTICIPANT.value, "mentor", Role.FACILITATOR.value)
    parser.add_argument("--role", choices=roles)
    parser.add_argument("--search", default="", help="part of a name, e-mail or organisation")
    parser.add_argument("--archived", action="store_true", help="include archived people")
    add_json(parser)

    parser = add_command(subparsers, "enrol", run_enrol, "enrol existing people in a cohort")
    parser.add_argument("--cohort", required=True)
    parser.add_argument("--role", default=Role.PARTICIPANT, choices=values(Role))
    parser.add_argument("emails", nargs="+", metavar="EMAIL")


def run_demo(args: argparse.Namespace, ctx: Context) -> int:
    # Imported here: the demo builder reaches reportlab (through certificate eligibility),
    # which cost `people` a tenth of a second (issue 22).
    from cohort_desk.services.demo import data as demo

    summary = demo.load_demo(ctx.db, people=args.people, seed=args.seed)
    print(
        f"Added demo data: {plural(summary.people, 'person')}, "
        f"{plural(summary.organisations, 'organisation')}, {plural(summary.cohorts, 'cohort')}, "
        f"{plural(summary.sessions, 'session')}, {plural(summary.mentors, 'mentor')}, "
        f"{plural(summary.attendance_marks, 'attendance mark')}."
    )
    return 0


def run_people(args: argparse.Namespace, ctx: Context) -> int:
    # An unknown cohort is an error, not an empty list.
    cohort_id = _cohort_id(ctx, args.cohort) if args.cohort is not None else None
    rows = list_people(
        ctx.db,
        PeopleFilter(
            search=args.search,
            cohort_id=cohort_id,
            role=args.role or "",
            include_archived=args.archived,
        ),
    )
    if args.json:
        emit_json(
            [
                {
                    "id": r.id,
                    "ref": r.ref,
                    "email": r.email,
                    "title": r.title,
                    "given_name": r.given_name,
                    "family_name": r.family_name,
                    "organisation": r.organisation,
                    "job_title": r.job_title,
                    "profession": r.profession,
                    "borough": r.borough,
                    "phone": r.phone,
                    "archived": r.archived,
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("Ref", "Name", "E-mail", "Organisation", "Job title", "Profession"),
        ((r.ref, r.sort_name, r.email, r.organisation, r.job_title, r.profession) for r in rows),
    )
    print(plural(len(rows), "person"))
    return 0


def _cohort_id(ctx: Context, name: str) -> int:
    # Imported here, as in run_enrol: looking names up declares every model (0.1 s), which
    # listing everyone does not need (issue 22).
    from cohort_desk.cli import lookup

    return lookup.cohort_id(ctx.db, name)


def run_enrol(args: argparse.Namespace, ctx: Context) -> int:
    from cohort_desk.cli import lookup
    from cohort_desk.services.cohorts import enrolments

    cohort_id = lookup.cohort_id(ctx.db, args.cohort)
    people = lookup.people_by_email(ctx.db, args.emails)
    result = enrolments.enrol_people(ctx.db, cohort_id, list(people), args.role)
    print(f"Enrolled {len(result.created)} as {args.role}s in {args.cohort}.")
    if result.already:
        print(f"Already enrolled: {', '.join(people[i] for i in result.already)}.")
    return 0
