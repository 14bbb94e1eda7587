"""Commands about cohorts and their sessions."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from cohort_desk.cli import lookup
from cohort_desk.cli.common import (
    DATE_HELP,
    DATETIME_HELP,
    Context,
    add_command,
    add_json,
    date_option,
    emit_json,
    print_table,
)
from cohort_desk.errors import ValidationError
from cohort_desk.rules.attendance import PARTIAL_CPD
from cohort_desk.rules.dates import format_date, format_datetime, parse_datetime, to_local
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.records import (
    DEFAULT_PROGRAMME,
    CohortInput,
    cohort_input_of,
    create_cohort,
    get_cohort,
    list_cohorts,
    update_cohort,
)
from cohort_desk.services.sessions.cancelling import cancel_session, reinstate_session
from cohort_desk.services.sessions.records import SessionInput, add_session, list_sessions
from cohort_desk.vocabulary import SessionKind


def register(subparsers: Any) -> None:
    cohort = add_command(subparsers, "cohort", None, "add or list cohorts")
    actions = cohort.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(actions, "add", run_cohort_add, "add a cohort")
    parser.add_argument("name")
    parser.add_argument("--programme", default=DEFAULT_PROGRAMME)
    parser.add_argument("--start", help=f"first day, {DATE_HELP}")
    parser.add_argument("--end", help="last day, written the same way")
    parser.add_argument("--min-attendance", type=float, default=75.0, metavar="PCT")
    parser.add_argument(
        "--partial-cpd",
        choices=list(PARTIAL_CPD),
        default="full",
        help="CPD hours for late arrivals and early leavers: "
        + "; ".join(f"{k}: {v}" for k, v in PARTIAL_CPD.items()),
    )
    _selection_options(parser)
    parser = add_command(actions, "edit", run_cohort_edit, "change a cohort's rules")
    parser.add_argument("name")
    parser.add_argument("--rename", metavar="NEW_NAME")
    parser.add_argument("--programme")
    parser.add_argument("--start", help=f"first day, {DATE_HELP}")
    parser.add_argument("--end", help="last day, written the same way")
    parser.add_argument("--min-attendance", type=float, metavar="PCT")
    parser.add_argument("--partial-cpd", choices=list(PARTIAL_CPD))
    _selection_options(parser)
    parser = add_command(actions, "list", run_cohort_list, "list cohorts")
    add_json(parser)

    session = add_command(subparsers, "session", None, "add or list sessions")
    actions = session.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(actions, "add", run_session_add, "add a session; prints its id")
    parser.add_argument("--cohort", required=True)
    parser.add_argument("--title", required=True)
    parser.add_argument("--start", required=True, help=DATETIME_HELP)
    parser.add_argument("--end", help='the same, or just a time ("16:30") on the start\'s day')
    parser.add_argument("--venue", default="")
    parser.add_argument("--link", default="", help="online meeting link")
    parser.add_argument("--kind", default=SessionKind.WORKSHOP)
    parser.add_argument("--cpd-hours", type=float, default=0.0)
    parser.add_argument(
        "--bring", default="", metavar="TEXT", help="what to bring (told in e-mails and calendars)"
    )
    parser = add_command(actions, "list", run_session_list, "list a cohort's sessions")
    parser.add_argument("--cohort", required=True)
    add_json(parser)
    parser = add_command(
        actions, "cancel", run_session_cancel, "cancel a session (it stays on record, cancelled)"
    )
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("--reason", default="", help="why, told in e-mails and calendars")
    parser = add_command(actions, "reinstate", run_session_reinstate, "undo a cancellation")
    parser.add_argument("id", type=int, metavar="ID")


def _selection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--places", type=int, metavar="N", help="how many places to offer")
    parser.add_argument("--applications-open", metavar="DATE", help=f"first day, {DATE_HELP}")
    parser.add_argument("--applications-close", metavar="DATE", help="last day applications count")
    parser.add_argument(
        "--blind-review",
        choices=("yes", "no"),
        help="yes: the Applications screen hides names, e-mail, organisation and equality data",
    )


def _selection_changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if args.places is not None:
        changes["places"] = args.places
    if args.applications_open is not None:
        changes["applications_open_on"] = date_option(args.applications_open, "applications_open")
    if args.applications_close is not None:
        changes["applications_close_on"] = date_option(
            args.applications_close, "applications_close"
        )
    if args.blind_review is not None:
        changes["blind_review"] = args.blind_review == "yes"
    return changes


def run_cohort_add(args: argparse.Namespace, ctx: Context) -> int:
    data = CohortInput(
        name=args.name,
        programme=args.programme,
        starts_on=date_option(args.start, "start"),
        ends_on=date_option(args.end, "end"),
        min_attendance_pct=args.min_attendance,
        partial_cpd=args.partial_cpd,
    )
    row = create_cohort(ctx.db, replace(data, **_selection_changes(args)))
    print(f"Added cohort {row.name} ({row.programme}).")
    return 0


def run_cohort_edit(args: argparse.Namespace, ctx: Context) -> int:
    row = get_cohort(ctx.db, lookup.cohort_id(ctx.db, args.name))
    changes: dict[str, Any] = {}
    if args.rename is not None:
        changes["name"] = args.rename
    if args.programme is not None:
        changes["programme"] = args.programme
    if args.start is not None:
        changes["starts_on"] = date_option(args.start, "start")
    if args.end is not None:
        changes["ends_on"] = date_option(args.end, "end")
    if args.min_attendance is not None:
        changes["min_attendance_pct"] = args.min_attendance
    if args.partial_cpd is not None:
        changes["partial_cpd"] = args.partial_cpd
    changes |= _selection_changes(args)
    if not changes:
        raise ValidationError(
            "Say what to change, e.g. --partial-cpd minutes or --min-attendance 80."
        )
    data = replace(cohort_input_of(row), **changes)
    saved = update_cohort(ctx.db, row.id, data, row.version)
    places = plural(saved.places, "place") if saved.places else "no number of places"
    print(
        f"Saved cohort {saved.name}: at least {saved.min_attendance_pct:g}% attendance; "
        f"late arrivals and early leavers get {PARTIAL_CPD[saved.partial_cpd]}; {places}."
    )
    return 0


def run_cohort_list(args: argparse.Namespace, ctx: Context) -> int:
    rows = list_cohorts(ctx.db)
    if args.json:
        emit_json(
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "programme": r.programme,
                    "start": r.starts_on,
                    "end": r.ends_on,
                    "min_attendance": r.min_attendance_pct,
                    "partial_cpd": r.partial_cpd,
                    "participants": r.participants,
                    "sessions": r.sessions,
                    "places": r.places,
                    "applications_open": r.applications_open_on,
                    "applications_close": r.applications_close_on,
                    "blind_review": r.blind_review,
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("Cohort", "Programme", "Starts", "Ends", "Min %", "Participants", "Sessions"),
        (
            (
                r.name,
                r.programme,
                format_date(r.starts_on),
                format_date(r.ends_on),
                f"{r.min_attendance_pct:g}",
                r.participants,
                r.sessions,
            )
            for r in rows
        ),
    )
    return 0


def run_session_add(args: argparse.Namespace, ctx: Context) -> int:
    starts = parse_datetime(args.start, field="start")
    ends = None
    if args.end:  # a time alone means the start's day
        ends = parse_datetime(args.end, field="end", day=to_local(starts).date())
    if args.cpd_hours < 0:
        raise ValidationError("CPD hours cannot be negative.", "cpd_hours")
    row = add_session(
        ctx.db,
        lookup.cohort_id(ctx.db, args.cohort),
        SessionInput(
            title=args.title,
            starts_at=starts,
            ends_at=ends,
            kind=args.kind,
            venue=args.venue,
            online_link=args.link,
            cpd_hours=args.cpd_hours,
            what_to_bring=args.bring,
        ),
    )
    print(row.id)
    return 0


def run_session_cancel(args: argparse.Namespace, ctx: Context) -> int:
    row = cancel_session(ctx.db, args.id, args.reason)
    print(
        f"Cancelled '{row.title}' on {format_date(row.starts_at)}. To tell people, write the "
        f"reminder e-mail (cohort-desk mail reminder --session {row.id} -o FOLDER) or send the "
        f"calendar file (cohort-desk calendar --session {row.id} -o FILE.ics)."
    )
    return 0


def run_session_reinstate(args: argparse.Namespace, ctx: Context) -> int:
    row = reinstate_session(ctx.db, args.id)
    print(f"'{row.title}' on {format_date(row.starts_at)} is on again.")
    return 0


def run_session_list(args: argparse.Namespace, ctx: Context) -> int:
    rows = list_sessions(ctx.db, cohort_id=lookup.cohort_id(ctx.db, args.cohort))
    if args.json:
        emit_json(
            [
                {
                    "id": r.id,
                    "cohort": r.cohort,
                    "title": r.title,
                    "kind": r.kind,
                    "start": r.starts_at,
                    "end": r.ends_at,
                    "venue": r.venue,
                    "online_link": r.online_link,
                    "facilitator": r.facilitator,
                    "cpd_hours": r.cpd_hours,
                    "marked": r.marked,
                    "what_to_bring": r.what_to_bring,
                    "cancelled": r.cancelled_at,
                    "cancel_reason": r.cancel_reason,
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("Id", "Starts", "Title", "Where", "CPD hours", "Marked"),
        (
            (
                r.id,
                format_datetime(r.starts_at),
                f"{r.title} (cancelled)" if r.cancelled else r.title,
                r.where,
                f"{r.cpd_hours:g}",
                r.marked,
            )
            for r in rows
        ),
    )
    return 0
