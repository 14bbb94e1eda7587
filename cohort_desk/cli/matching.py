"""The `match` command: mentor suggestions for a cohort, with reasons; --apply accepts all."""

from __future__ import annotations

import argparse
from typing import Any

from cohort_desk.cli import lookup
from cohort_desk.cli.common import Context, add_command, add_json, emit_json
from cohort_desk.rules.wording import plural
from cohort_desk.services.mentoring import matching


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "match", run_match, "suggest mentors for a cohort's participants"
    )
    parser.add_argument("--cohort", required=True, metavar="NAME")
    parser.add_argument(
        "--apply", action="store_true", help="accept every suggestion: they become active pairs"
    )
    add_json(parser)


def run_match(args: argparse.Namespace, ctx: Context) -> int:
    cohort_id = lookup.cohort_id(ctx.db, args.cohort)
    if args.apply:
        report = matching.accept_all(ctx.db, cohort_id)
    else:
        report = matching.suggest_for_cohort(ctx.db, cohort_id)
    if args.json:
        emit_json(report.as_json())
        return 0
    if not report.suggestions and not report.unmatched:
        print(f"Every participant in {report.cohort} already has a mentor.")
        return 0
    for s in report.suggestions:
        c = s.choice
        print(f"{s.participant_name} <{s.participant}>")
        print(f"  mentor: {c.mentor_name} <{c.mentor}>, score {c.score:g}")
        print(f"  because: {'; '.join(c.reasons)}")
        if s.alternatives:
            print(f"  alternatives: {', '.join(a.mentor for a in s.alternatives)}")
    for u in report.unmatched:
        print(f"{u.participant_name} <{u.participant}>: no suggestion, {u.reason}.")
    done = "accepted as active pairs" if args.apply else "suggested (use --apply to accept all)"
    print(
        f"\n{plural(len(report.suggestions), 'mentor')} {done}; "
        f"{plural(len(report.unmatched), 'participant')} without a suggestion."
    )
    return 0
