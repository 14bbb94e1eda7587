"""Commands about mentoring: mentors, mentor, assign, pairs, pair, meeting, mentoring-report."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from cohort_desk.cli import lookup
from cohort_desk.cli.common import (
    DATE_HELP,
    Context,
    add_command,
    add_json,
    date_option,
    emit_json,
    print_table,
)
from cohort_desk.rules.dates import format_date, parse_date, today_in_uk
from cohort_desk.rules.wording import plural
from cohort_desk.services.mentoring import meetings as mentoring_meetings
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.mentoring import profiles as mentoring
from cohort_desk.vocabulary import MeetingMode, MentoringPairStatus, values


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "mentors", run_mentors, "list mentors and their mentees")
    add_json(parser)

    mentor = add_command(subparsers, "mentor", None, "add, change, pause or resume a mentor")
    actions = mentor.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, handler, text in (
        ("add", run_mentor_add, "mark a person as a mentor"),
        ("edit", run_mentor_edit, "change a mentor's profile (only the options given)"),
    ):
        parser = add_command(actions, name, handler, text)
        parser.add_argument("email")
        parser.add_argument("--capacity", type=int, help="mentees at once (default 2)")
        parser.add_argument("--expertise", help='comma-separated, e.g. "population health, QI"')
        parser.add_argument("--professions", help="professions they can mentor, comma-separated")
        parser.add_argument("--boroughs", help="comma-separated")
        parser.add_argument("--notes")
        parser.add_argument("--inactive", action="store_true", help="not taking mentees")
        if name == "edit":
            parser.add_argument("--active", action="store_true", help="taking mentees again")
    parser = add_command(actions, "pause", run_mentor_pause, "no new mentees until a date")
    parser.add_argument("email")
    parser.add_argument("--until", required=True, help=DATE_HELP)
    parser = add_command(actions, "resume", run_mentor_resume, "end a pause")
    parser.add_argument("email")

    parser = add_command(subparsers, "assign", run_assign, "pair a mentor with a mentee by hand")
    parser.add_argument("--mentor", required=True, metavar="EMAIL")
    parser.add_argument("--mentee", required=True, metavar="EMAIL")
    parser.add_argument("--cohort", help="the mentee's cohort (default: their latest)")
    parser.add_argument("--proposed", action="store_true", help="propose rather than start")
    parser.add_argument(
        "--over-capacity", action="store_true", help="allow going beyond the mentor's capacity"
    )

    parser = add_command(subparsers, "pairs", run_pairs, "list mentoring pairs")
    parser.add_argument("--status", choices=values(MentoringPairStatus))
    parser.add_argument("--cohort")
    add_json(parser)

    pair = add_command(subparsers, "pair", None, "start or end a mentoring pair")
    actions = pair.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(actions, "start", run_pair_start, "start a proposed pair")
    parser.add_argument("pair_id", type=int, metavar="PAIR_ID")
    parser.add_argument("--on", help=f"{DATE_HELP} (default today)")
    parser = add_command(actions, "end", run_pair_end, "end a pair with a reason")
    parser.add_argument("pair_id", type=int, metavar="PAIR_ID")
    parser.add_argument("--reason", required=True)
    parser.add_argument("--on", help=f"{DATE_HELP} (default today)")

    parser = add_command(subparsers, "meeting", run_meeting, "log a mentoring meeting")
    parser.add_argument("pair_id", type=int, metavar="PAIR_ID")
    parser.add_argument("--on", required=True, help=DATE_HELP)
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--mode", choices=values(MeetingMode), default=MeetingMode.ONLINE)
    parser.add_argument("--notes", default="")

    parser = add_command(
        subparsers, "mentoring-report", run_report, "quiet pairs, mentors over capacity, hours"
    )
    parser.add_argument("--weeks", type=int, default=6, help="quiet for this many weeks")
    add_json(parser)


def _date(text: str | None, field: str) -> date:
    return date_option(text, field) or today_in_uk()


def run_mentors(args: argparse.Namespace, ctx: Context) -> int:
    rows = mentoring.list_mentors(ctx.db)
    today = today_in_uk()
    if args.json:
        emit_json(
            [
                {
                    "email": r.email,
                    "name": r.name,
                    "capacity": r.capacity,
                    "active": r.active,
                    "mentees": r.mentees,
                    "proposed": r.proposed,
                    "over_capacity": r.over_capacity,
                    "paused_until": r.paused_until,
                    "available": r.available(today),
                    "expertise": mentoring.split_list(r.expertise),
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("E-mail", "Name", "Capacity", "Mentees", "Proposed", "Status", "Expertise"),
        (
            (
                r.email,
                r.name,
                r.capacity,
                r.mentees,
                r.proposed,
                "OVER CAPACITY" if r.over_capacity else r.status_text(today),
                r.expertise,
            )
            for r in rows
        ),
    )
    over = sum(r.over_capacity for r in rows)
    print(plural(len(rows), "mentor") + (f", {over} over capacity" if over else ""))
    return 0


def _input(args: argparse.Namespace, base: mentoring.MentorInput) -> mentoring.MentorInput:
    def pick(value: Any, default: Any) -> Any:
        return default if value is None else value

    active = base.active
    if args.inactive:
        active = False
    elif getattr(args, "active", False):
        active = True
    return mentoring.MentorInput(
        capacity=pick(args.capacity, base.capacity),
        expertise=pick(args.expertise, base.expertise),
        professions=pick(args.professions, base.professions),
        boroughs=pick(args.boroughs, base.boroughs),
        active=active,
        paused_until=base.paused_until,
        notes=pick(args.notes, base.notes),
    )


def run_mentor_add(args: argparse.Namespace, ctx: Context) -> int:
    person_id = lookup.person_id(ctx.db, args.email)
    row = mentoring.create_mentor(ctx.db, person_id, _input(args, mentoring.MentorInput()))
    print(f"{row.name} is now a mentor with capacity for {row.capacity}.")
    return 0


def run_mentor_edit(args: argparse.Namespace, ctx: Context) -> int:
    row = mentoring.find_mentor(ctx.db, lookup.person_id(ctx.db, args.email))
    base = mentoring.MentorInput(
        row.capacity,
        row.expertise,
        row.professions,
        row.boroughs,
        row.active,
        row.paused_until,
        row.notes,
    )
    row = mentoring.update_mentor(ctx.db, row.id, _input(args, base), row.version)
    print(f"Saved {row.name}'s mentor profile.")
    return 0


def run_mentor_pause(args: argparse.Namespace, ctx: Context) -> int:
    until = parse_date(args.until, field="until")
    row = mentoring.pause_mentor(ctx.db, lookup.person_id(ctx.db, args.email), until)
    print(f"{row.name} takes no new mentees until {format_date(row.paused_until)}.")
    return 0


def run_mentor_resume(args: argparse.Namespace, ctx: Context) -> int:
    row = mentoring.pause_mentor(ctx.db, lookup.person_id(ctx.db, args.email), None)
    print(f"{row.name} can take new mentees again.")
    return 0


def run_assign(args: argparse.Namespace, ctx: Context) -> int:
    cohort_id = lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None
    row = mentoring_pairs.assign_mentor(
        ctx.db,
        lookup.person_id(ctx.db, args.mentor),
        lookup.person_id(ctx.db, args.mentee),
        status=MentoringPairStatus.PROPOSED if args.proposed else MentoringPairStatus.ACTIVE,
        cohort_id=cohort_id,
        allow_over_capacity=args.over_capacity,
    )
    print(f"Pair {row.id}: {row.mentor_name} mentors {row.mentee_name} ({row.status}).")
    return 0


def _pair_json(r: mentoring_pairs.PairRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "mentor": r.mentor_email,
        "mentee": r.mentee_email,
        "cohort": r.cohort or None,
        "status": r.status,
        "proposed_on": r.proposed_on,
        "started_on": r.started_on,
        "ended_on": r.ended_on,
        "end_reason": r.end_reason or None,
        "score": r.score,
        "reasons": r.reasons,
        "meetings": r.meetings,
        "hours": round(r.hours, 2),
        "last_meeting": r.last_meeting,
    }


def run_pairs(args: argparse.Namespace, ctx: Context) -> int:
    cohort_id = lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None
    rows = mentoring_pairs.list_pairs(ctx.db, status=args.status, cohort_id=cohort_id)
    if args.json:
        emit_json([_pair_json(r) for r in rows])
        return 0
    print_table(
        ("Pair", "Mentor", "Mentee", "Cohort", "Status", "Started", "Meetings", "Last met"),
        (
            (
                r.id,
                r.mentor_email,
                r.mentee_email,
                r.cohort,
                r.status,
                format_date(r.started_on),
                r.meetings,
                format_date(r.last_meeting),
            )
            for r in rows
        ),
    )
    print(plural(len(rows), "pair"))
    return 0


def run_pair_start(args: argparse.Namespace, ctx: Context) -> int:
    row = mentoring_pairs.activate_pair(ctx.db, args.pair_id, _date(args.on, "on"))
    print(f"Pair {row.id} started on {format_date(row.started_on)}.")
    return 0


def run_pair_end(args: argparse.Namespace, ctx: Context) -> int:
    row = mentoring_pairs.end_pair(ctx.db, args.pair_id, _date(args.on, "on"), args.reason)
    print(f"Pair {row.id} ended on {format_date(row.ended_on)}: {row.end_reason}.")
    return 0


def run_meeting(args: argparse.Namespace, ctx: Context) -> int:
    row = mentoring_meetings.log_meeting(
        ctx.db, args.pair_id, parse_date(args.on, field="on"), args.minutes, args.mode, args.notes
    )
    print(f"Logged a {row.minutes}-minute {row.mode} meeting on {format_date(row.held_on)}.")
    return 0


def run_report(args: argparse.Namespace, ctx: Context) -> int:
    quiet = mentoring_meetings.pairs_without_meeting(ctx.db, args.weeks)
    over = mentoring.mentors_over_capacity(ctx.db)
    hours = mentoring_meetings.hours_per_cohort(ctx.db)
    if args.json:
        emit_json(
            {
                "weeks": args.weeks,
                "quiet_pairs": [
                    {**_pair_json(q.pair), "since": q.since, "days": q.days} for q in quiet
                ],
                "over_capacity": [
                    {"email": r.email, "capacity": r.capacity, "mentees": r.mentees} for r in over
                ],
                "hours_per_cohort": [
                    {
                        "cohort": h.cohort,
                        "pairs": h.pairs,
                        "active_pairs": h.active_pairs,
                        "meetings": h.meetings,
                        "hours": h.hours,
                    }
                    for h in hours
                ],
            }
        )
        return 0
    print(f"Active pairs with no meeting in {plural(args.weeks, 'week')}:")
    print_table(
        ("Pair", "Mentor", "Mentee", "Last met or started", "Days"),
        (
            (q.pair.id, q.pair.mentor_name, q.pair.mentee_name, format_date(q.since), q.days)
            for q in quiet
        ),
    )
    print("\nMentors over capacity:")
    print_table(("Mentor", "Capacity", "Mentees"), ((r.name, r.capacity, r.mentees) for r in over))
    print("\nMentoring hours per cohort:")
    print_table(
        ("Cohort", "Pairs", "Active", "Meetings", "Hours"),
        ((h.cohort, h.pairs, h.active_pairs, h.meetings, f"{h.hours:.1f}") for h in hours),
    )
    return 0
