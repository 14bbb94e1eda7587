"""Session feedback from the command line: `import FILE --feedback (--session ID | --cohort
NAME)` and `evaluation (--session ID | --cohort NAME) [--json]`.

`import --feedback` exits as `import` does: 0 when every row was fine, 1 when some rows had
errors (the good ones imported; none with --strict), 2 when the file cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cohort_desk.cli import lookup
from cohort_desk.cli.common import Context, add_command, add_json, emit_json, print_table
from cohort_desk.errors import ValidationError
from cohort_desk.rules.attendance import percentage_text
from cohort_desk.rules.wording import agree, plural
from cohort_desk.services.evaluation.apply import apply_feedback
from cohort_desk.services.evaluation.plan import (
    FeedbackPlan,
    find_target,
    plan_feedback,
    require_one_target,
)
from cohort_desk.services.evaluation.summary import EvaluationSummary, evaluation_for

SCALE_WORDS = {"choice": "multiple choice", "text": "free text", "consent": "consent to quote"}


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "evaluation",
        run_evaluation,
        "feedback summary of a session or a cohort: response rate, ratings, comments",
    )
    about = parser.add_mutually_exclusive_group(required=True)
    about.add_argument("--session", type=int, metavar="ID", help="one session, by number")
    about.add_argument("--cohort", metavar="NAME", help="a cohort: its sessions and itself")
    add_json(parser)


def run_feedback_import(args: argparse.Namespace, ctx: Context) -> int:
    if args.role or args.map or args.known or args.applications:
        raise ValidationError(
            "--role, --map, --known and --applications do not apply to a feedback import; "
            "leave them out.",
            field="role",
        )
    require_one_target(args.session, bool(args.cohort))
    cohort_id = lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None
    target = find_target(ctx.db, args.session, cohort_id)
    plan = plan_feedback(ctx.db, args.file, target, sheet=args.sheet)
    has_errors = bool(plan.errors)
    refused = args.strict and has_errors
    batch = None
    if not args.dry_run and not refused:
        batch = apply_feedback(ctx.db, plan)
    if args.json:
        emit_json(plan.summary(batch))
    else:
        _print_plan(plan, batch, args.dry_run or refused)
    if refused:
        print(
            f"Nothing was imported because {plural(len(plan.errors), 'row')} "
            f"{agree(len(plan.errors), 'has')} errors and --strict "
            "was given; correct them in the file and import it again.",
            file=sys.stderr,
        )
    return 1 if has_errors else 0


def _scale_text(scale: str, recommend: bool) -> str:
    if scale in SCALE_WORDS:
        return SCALE_WORDS[scale]
    return f"rating {scale}" + (", net promoter question" if recommend else "")


def _print_plan(plan: FeedbackPlan, batch: int | None, not_applied: bool) -> None:
    print(f"{plan.file_name}, sheet '{plan.sheet}', headings on row {plan.header_row}.")
    print(f"About: {plan.target.label}.")
    for question in plan.questions:
        print(f"  {question.heading}: {_scale_text(question.scale, question.is_recommend)}")
    counts = plan.counts()
    verb = "Would import" if not_applied else "Imported"
    print(
        f"{verb}: {plural(counts['responses'], 'response')} ({counts['named']} named, "
        f"{counts['anonymous']} anonymous); {counts['already_imported']} imported before, "
        f"{plural(counts['skipped'], 'row')} skipped, "
        f"{plural(counts['errors'], 'row')} with errors "
        f"({plural(counts['rows'], 'row')} in all)."
    )
    for row in plan.rows:
        if row.outcome == "new" and "not known" in row.respondent:
            print(f"Row {row.row}: {row.respondent}.")
    for row in plan.errors:
        print(f"Row {row.row}: {row.message}")
    if batch is not None:
        print(f"Import number {batch}; 'cohort-desk undo-import {batch}' reverses it.")
    elif not not_applied:
        print("Nothing new to import, so nothing was recorded.")


def run_evaluation(args: argparse.Namespace, ctx: Context) -> int:
    cohort_id = lookup.cohort_id(ctx.db, args.cohort) if args.session is None else None
    summary = evaluation_for(ctx.db, args.session, cohort_id)
    if args.json:
        emit_json(summary.as_json())
    else:
        print_summary(summary)
    return 0


def print_summary(summary: EvaluationSummary) -> None:
    rate = "–" if summary.response_rate is None else percentage_text(summary.response_rate * 100)
    print(f"Feedback on {summary.about}")
    print(
        f"{plural(summary.responses, 'response')} from {plural(summary.attendees, 'attendee')} "
        f"(response rate {rate})."
    )
    scores = summary.promoter_scores
    for question in scores:  # one score per recommend question, never pooled
        assert question.nps is not None
        of = f" ({question.nps_label})" if len(scores) > 1 else ""
        print(f"Net promoter score{of}: {question.nps:+d}")
    if summary.questions:
        print_table(
            ("Question", "Scale", "Answers", "Mean", "Median", "Distribution"),
            (
                (
                    q.question,
                    q.scale,
                    q.n,
                    "–" if q.mean is None else f"{q.mean:.2f}",
                    "–" if q.median is None else f"{q.median:g}",
                    "  ".join(f"{p}:{c}" for p, c in q.distribution.items()),
                )
                for q in summary.questions
            ),
        )
    for choice in summary.choices:
        options = ", ".join(f"{option} {count}" for option, count in choice.counts)
        print(f"{choice.question} ({choice.n} answered): {options}")
    if summary.comments:
        print("Comments (names taken out unless the writer agreed to be quoted):")
        for comment in summary.comments:
            print(f"- {comment.text}  [{comment.about}]")
