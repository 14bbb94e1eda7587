"""Commands for selection: applications, application add|set, criterion, score, offer and
selection-report. Cohorts by name and people by e-mail become ids here."""

from __future__ import annotations

import argparse
import sys
from datetime import time
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
from cohort_desk.db.models import APPLICATION_STATUSES
from cohort_desk.errors import UserError, ValidationError
from cohort_desk.rules.dates import format_datetime, local_to_utc
from cohort_desk.rules.selection import score_text
from cohort_desk.rules.wording import plural
from cohort_desk.services.applications import criteria, offers, records, report_files, statuses
from cohort_desk.services.applications.records import ApplicationRow, number
from cohort_desk.vocabulary import ApplicationStatus


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "applications", run_list, "list a cohort's applications")
    parser.add_argument("--cohort", required=True, metavar="NAME")
    parser.add_argument("--status", choices=APPLICATION_STATUSES)
    add_json(parser)

    application = add_command(
        subparsers, "application", None, "add an application or set one's status"
    )
    actions = application.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(actions, "add", run_add, "add an application made on paper or by e-mail")
    parser.add_argument("email", metavar="EMAIL")
    parser.add_argument("--cohort", required=True, metavar="NAME")
    parser.add_argument(
        "--answer", action="append", default=[], metavar="QUESTION=TEXT", help="an answer to keep"
    )
    parser.add_argument("--on", metavar="DATE", help=f"the day it was made, {DATE_HELP}")
    parser = add_command(actions, "set", run_set, "change an application's status")
    parser.add_argument("email", metavar="EMAIL")
    parser.add_argument("--cohort", required=True, metavar="NAME")
    parser.add_argument("--status", required=True, choices=APPLICATION_STATUSES)

    criterion = add_command(subparsers, "criterion", None, "a cohort's selection criteria")
    actions = criterion.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(actions, "add", run_criterion_add, "add a criterion the panel scores")
    parser.add_argument("name", metavar="CRITERION")
    parser.add_argument("--cohort", required=True, metavar="NAME")
    parser.add_argument("--scale", default="1-5", help="lowest and highest score (default 1-5)")
    parser.add_argument("--description", default="")
    parser = add_command(actions, "list", run_criterion_list, "list a cohort's criteria")
    parser.add_argument("--cohort", required=True, metavar="NAME")
    add_json(parser)
    parser = add_command(actions, "remove", run_criterion_remove, "remove an unused criterion")
    parser.add_argument("name", metavar="CRITERION")
    parser.add_argument("--cohort", required=True, metavar="NAME")

    parser = add_command(subparsers, "score", run_score, "record your score of an application")
    parser.add_argument("email", metavar="EMAIL")
    parser.add_argument("--cohort", required=True, metavar="NAME")
    parser.add_argument("--criterion", required=True, metavar="C")
    parser.add_argument("--score", required=True, type=int, metavar="N")
    parser.add_argument("--note", default="", help="a short reason (200 characters at most)")

    parser = add_command(
        subparsers, "offer", run_offer, "offer free places: waiting list first, then by score"
    )
    parser.add_argument("--cohort", required=True, metavar="NAME")
    parser.add_argument(
        "--next", type=int, metavar="N", help="how many (default: every free place)"
    )
    parser.add_argument("--yes", action="store_true", help="make the offers without asking")
    add_json(parser)

    parser = add_command(
        subparsers,
        "selection-report",
        run_report,
        "is selection fair? counts and four-fifths flags",
    )
    parser.add_argument("--cohort", required=True, metavar="NAME")
    add_output(parser, help_text="FILE.pdf or FILE.xlsx")


def application_json(row: ApplicationRow) -> dict[str, Any]:
    """One application as `applications --json` prints it."""
    return {
        "email": row.email,
        "name": row.name,
        "status": row.status,
        "waiting_position": row.waiting_position,
        "scores": {name: number(value) for name, value in row.scores.items()},
        "total": number(row.total),
        "answers": row.answers,
    }


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    rows = records.list_applications(ctx.db, lookup.cohort_id(ctx.db, args.cohort), args.status)
    if args.json:
        emit_json([application_json(r) for r in rows])
        return 0
    names = list(rows[0].scores) if rows else []
    print_table(
        ("Ref", "E-mail", "Name", "Status", *names, "Total", "Applied"),
        (
            (
                r.ref,
                r.email,
                r.name,
                r.status_words,
                *(score_text(r.scores[n]) if r.scores[n] is not None else "" for n in names),
                r.total_text,
                format_datetime(r.applied_at),
            )
            for r in rows
        ),
    )
    return 0


def _application(ctx: Context, email: str, cohort: str) -> tuple[int, int]:
    cohort_id = lookup.cohort_id(ctx.db, cohort)
    person_id = lookup.person_id(ctx.db, email)
    return cohort_id, records.application_id_for(ctx.db, cohort_id, person_id)


def run_add(args: argparse.Namespace, ctx: Context) -> int:
    answers: dict[str, str] = {}
    for item in args.answer:
        question, equals, text = item.partition("=")
        if not equals or not question.strip():
            raise ValidationError(
                f"'{item}' is not an answer; write it as --answer \"QUESTION=TEXT\".", "answers"
            )
        answers[question] = text
    day = date_option(args.on, "on")
    applied_at = None
    if day is not None:
        applied_at = local_to_utc(day, time(12))
    cohort_id = lookup.cohort_id(ctx.db, args.cohort)
    person_id = lookup.person_id(ctx.db, args.email)
    new_id = records.add_application(
        ctx.db, cohort_id, person_id, answers, applied_at, "command line"
    )
    print(f"Added application {records.application_ref(new_id)} from {args.email.strip()}.")
    return 0


def run_set(args: argparse.Namespace, ctx: Context) -> int:
    cohort_id, application_id = _application(ctx, args.email, args.cohort)
    change = statuses.set_status(ctx.db, application_id, args.status)
    words = records.STATUS_WORDS[change.status]
    if change.status == ApplicationStatus.WAITING:
        words = f"on the waiting list, number {change.waiting_position}"
    print(f"{change.label} ({args.email.strip()}) is now {words}.")
    if change.status == ApplicationStatus.ACCEPTED:
        print(f"{change.label} is enrolled in {args.cohort} as a participant.")
    if change.place_freed:
        _print_proposal(ctx, cohort_id, args.cohort)
    return 0


def _print_proposal(ctx: Context, cohort_id: int, cohort: str) -> None:
    proposed = offers.proposal(ctx.db, cohort_id)
    if proposed is None:
        return
    print(
        f"A place is free; the first on the waiting list is {proposed.name} ({proposed.email}). "
        f'Nothing was offered: to offer it, run cohort-desk offer --cohort "{cohort}" --next 1'
    )


def run_criterion_add(args: argparse.Namespace, ctx: Context) -> int:
    scale = criteria.parse_scale(args.scale)
    row = criteria.add_criterion(
        ctx.db, lookup.cohort_id(ctx.db, args.cohort), args.name, scale, args.description
    )
    print(f"Added the criterion '{row.name}', scored {row.scale}.")
    return 0


def run_criterion_list(args: argparse.Namespace, ctx: Context) -> int:
    rows = criteria.list_criteria(ctx.db, lookup.cohort_id(ctx.db, args.cohort))
    if args.json:
        emit_json(
            [
                {"name": r.name, "scale": r.scale, "min": r.scale_min, "max": r.scale_max}
                for r in rows
            ]
        )
        return 0
    print_table(
        ("Criterion", "Scale", "Description"), ((r.name, r.scale, r.description) for r in rows)
    )
    return 0


def run_criterion_remove(args: argparse.Namespace, ctx: Context) -> int:
    row = criteria.criterion_by_name(ctx.db, lookup.cohort_id(ctx.db, args.cohort), args.name)
    criteria.remove_criterion(ctx.db, row.id)
    print(f"Removed the criterion '{row.name}'.")
    return 0


def run_score(args: argparse.Namespace, ctx: Context) -> int:
    cohort_id, application_id = _application(ctx, args.email, args.cohort)
    criterion = criteria.criterion_by_name(ctx.db, cohort_id, args.criterion)
    before = criteria.record_score(ctx.db, application_id, criterion.id, args.score, args.note)
    replaced = f" (was {before.value})" if before.value is not None else ""
    print(
        f"Scored {args.email.strip()} {args.score} for '{criterion.name}'{replaced}, "
        f"as {before.panel_member}."
    )
    return 0


def run_offer(args: argparse.Namespace, ctx: Context) -> int:
    cohort_id = lookup.cohort_id(ctx.db, args.cohort)
    plan = offers.plan_offers(ctx.db, cohort_id, args.next)
    chosen = plan.chosen
    if not args.yes:
        if not args.json:
            _print_offer_plan(plan)
        if not sys.stdin or not sys.stdin.isatty():
            raise UserError(
                "Making offers needs --yes when not run at a terminal; nothing was offered."
            )
        answer = input(
            f"Offer {len(chosen)} {'place' if len(chosen) == 1 else 'places'}? Type yes to go on: "
        )
        if answer.strip().lower() not in ("y", "yes"):
            raise UserError("Nothing was offered.")
    made = offers.make_offers(ctx.db, plan)
    if args.json:
        emit_json(
            {
                ApplicationStatus.OFFERED: [
                    {"email": r.email, "name": r.name, "reason": reason}
                    for r, reason in zip(chosen, plan.reasons, strict=True)
                ],
                "ties": plan.order.ties,
                "free": plan.places.free - len(made),
            }
        )
    else:
        if args.yes:
            # Printed after the offers are saved: a report that cannot be written (a full
            # disk, a closed handle) must not stop the offers half way through.
            _print_offer_plan(plan)
        print(f"Offered {plural(len(made), 'place')}.")
    return 0


def _print_offer_plan(plan: offers.OfferPlan) -> None:
    print(
        f"{plan.places.cohort}: {plural(plan.places.places, 'place')}, "
        f"{plan.places.taken} offered or enrolled, {plan.places.free} free. Offers in this order:"
    )
    for index, (row, reason) in enumerate(zip(plan.chosen, plan.reasons, strict=True), start=1):
        print(f"{index}. {row.name} ({row.email}): {reason}")
    for tie in plan.order.ties:
        print(f"Tie: {tie}")


def run_report(args: argparse.Namespace, ctx: Context) -> int:
    target = output_file(args, ctx, "report")
    path = report_files.write_selection_report(
        ctx.db, lookup.cohort_id(ctx.db, args.cohort), target
    )
    print(f"Wrote the selection report to {path}.")
    return 0
