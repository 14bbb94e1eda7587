"""Commands about certificates: issue, verify, revoke, award or withhold by hand, the register."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cohort_desk.cli import lookup
from cohort_desk.cli.certificate_keys import add_key_commands
from cohort_desk.cli.common import (
    Context,
    add_command,
    add_json,
    add_output,
    confirm,
    emit_json,
    print_table,
)
from cohort_desk.rules.dates import format_date
from cohort_desk.services.certificates.eligibility import cohort_eligibility, set_override
from cohort_desk.services.certificates.issuing import issue
from cohort_desk.services.certificates.register import (
    find_certificate,
    list_certificates,
    revoke,
    verify,
)
from cohort_desk.vocabulary import CertificateOverride


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "certificates",
        run_issue,
        "issue certificates to everyone eligible who has none yet, and write them as PDFs",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--cohort", metavar="NAME", help="completion certificates for a cohort")
    target.add_argument(
        "--session", type=int, metavar="ID", help="attendance certificates for one session"
    )
    add_output(parser, metavar="DIR", help_text="folder for the PDFs")
    parser.add_argument(
        "--reissue",
        action="store_true",
        help="also print the certificates already issued again, with their numbers",
    )
    add_json(parser)

    parser = add_command(subparsers, "verify", run_verify, "check a certificate's code")
    parser.add_argument("code", metavar="CODE")
    add_json(parser)

    certificate = add_command(
        subparsers, "certificate", None, "revoke, award or withhold certificates; the register"
    )
    actions = certificate.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(actions, "revoke", run_revoke, "revoke a certificate, with a reason")
    parser.add_argument("number", metavar="NUMBER", help="its number (or verification code)")
    parser.add_argument("--reason", required=True)
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    for action in CertificateOverride:
        parser = add_command(
            actions, action, run_override, f"{action} a completion certificate by hand"
        )
        parser.add_argument("--cohort", required=True, metavar="NAME")
        parser.add_argument("email", metavar="EMAIL")
        parser.add_argument("--reason", required=True)
        parser.set_defaults(override=action)
    parser = add_command(
        actions, "clear", run_override, "let the cohort's rule decide again (undo award/withhold)"
    )
    parser.add_argument("--cohort", required=True, metavar="NAME")
    parser.add_argument("email", metavar="EMAIL")
    parser.set_defaults(override=None, reason="")
    parser = add_command(
        actions, "eligibility", run_eligibility, "who in a cohort may have a certificate, and why"
    )
    parser.add_argument("--cohort", required=True, metavar="NAME")
    add_json(parser)
    add_key_commands(actions)
    parser = add_command(actions, "list", run_list, "the register of certificates issued")
    parser.add_argument("--cohort", metavar="NAME")
    parser.add_argument("--session", type=int, metavar="ID")
    parser.add_argument("--search", default="", metavar="TEXT")
    state = parser.add_mutually_exclusive_group()
    state.add_argument("--revoked", action="store_true", help="only revoked certificates")
    state.add_argument("--valid", action="store_true", help="only certificates that stand")
    add_json(parser)


def run_issue(args: argparse.Namespace, ctx: Context) -> int:
    result = issue(
        ctx.db,
        args.output,
        cohort_id=lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None,
        session_id=args.session,
        reissue=args.reissue,
        overwrite=args.overwrite,
    )
    if args.json:
        doc: dict[str, Any] = {
            "issued": result.issued,
            "already_issued": result.already_issued,
            "not_eligible": result.not_eligible,
            "files": [str(path) for path in result.files],
            "codes": result.codes,
        }
        if result.not_printable:  # only then: the contracted shape stays as it was
            doc["not_printable"] = result.not_printable
        emit_json(doc)
    if result.nothing_eligible:
        hint = (
            f" 'cohort-desk certificate eligibility --cohort \"{args.cohort}\"' says why."
            if args.cohort
            else ""
        )
        print(result.message + hint, file=sys.stderr)
        return 1
    if result.not_printable:
        # Who was left out and why, one sentence each, on stderr like any refusal.
        for sentence in result.not_printable:
            print(sentence, file=sys.stderr)
    if not args.json:
        print(result.summary)
        if result.combined is not None:
            print(f"One file for printing them all: {result.combined}")
        elif not result.issued and not result.reissued:
            print("Use --reissue to print them again (with the same numbers).")
    return 1 if result.not_printable else 0


def run_verify(args: argparse.Namespace, ctx: Context) -> int:
    answer = verify(ctx.db, args.code)
    if args.json:
        emit_json(answer.as_json())
    else:
        print(answer.sentence)
    return 0 if answer.valid else 1


def run_revoke(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.db.read() as session:
        cert = find_certificate(session, args.number)
        described = f"{cert.number} ({cert.holder_name}, {cert.course})"
    confirm(f"Revoke certificate {described}? It will fail verification from now on.", args.yes)
    row = revoke(ctx.db, args.number, args.reason)
    print(f"Revoked certificate {row.number} ({row.holder_name}).")
    return 0


def run_override(args: argparse.Namespace, ctx: Context) -> int:
    cohort_id, person_id = (
        lookup.cohort_id(ctx.db, args.cohort),
        lookup.person_id(ctx.db, args.email),
    )
    row = set_override(ctx.db, cohort_id, person_id, args.override, args.reason)
    state = "eligible" if row.eligible else "not eligible"
    print(f"{row.name} is now {state}: {row.reason}.")
    if row.certificate and not row.eligible and not row.revoked:
        print(
            f"Certificate {row.certificate} was already issued; if it should not stand, revoke "
            f"it with 'cohort-desk certificate revoke {row.certificate} --reason ...'."
        )
    return 0


def run_eligibility(args: argparse.Namespace, ctx: Context) -> int:
    rows = cohort_eligibility(ctx.db, lookup.cohort_id(ctx.db, args.cohort))
    if args.json:
        emit_json(
            [
                {
                    "email": r.email,
                    "name": r.name,
                    "status": r.enrolment_status,
                    "attended": r.attended,
                    "sessions": r.sessions,
                    "cpd_hours": r.cpd_hours,
                    "eligible": r.eligible,
                    "reason": r.reason,
                    "override": r.override,
                    "certificate": r.certificate,
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("E-mail", "Name", "Attended", "Eligible", "Certificate", "Why"),
        (
            (
                r.email,
                r.name,
                f"{r.attended} of {r.sessions}",
                "yes" if r.eligible else "no",
                r.certificate or "",
                r.reason,
            )
            for r in rows
        ),
    )
    return 0


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    revoked = True if args.revoked else False if args.valid else None
    rows = list_certificates(
        ctx.db,
        cohort_id=lookup.cohort_id(ctx.db, args.cohort) if args.cohort is not None else None,
        session_id=args.session,
        search=args.search,
        revoked=revoked,
    )
    if args.json:
        emit_json(
            [
                {
                    "number": r.number,
                    "kind": r.kind,
                    "name": r.holder_name,
                    "email": r.email,
                    "course": r.course,
                    "cohort": r.cohort,
                    "cpd_hours": r.cpd_hours,
                    "issued": r.issued_on,
                    "issued_by": r.issued_by,
                    "code": r.code,
                    "reissues": r.reissues,
                    "revoked": r.revoked_at,
                    "revoke_reason": r.revoke_reason,
                }
                for r in rows
            ]
        )
        return 0
    print_table(
        ("Number", "Name", "Course", "Issued", "Code", "Status"),
        (
            (r.number, r.holder_name, r.course, format_date(r.issued_on), r.code, r.status)
            for r in rows
        ),
    )
    return 0
