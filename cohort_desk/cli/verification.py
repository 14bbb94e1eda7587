"""The verification page: publishing it as a folder of plain files for any static web host."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cohort_desk.cli.common import Context, add_command, add_json, emit_json
from cohort_desk.services import settings
from cohort_desk.services.certificates.publishing import publish_verification
from cohort_desk.services.progress import Progress


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "publish-verification",
        run_publish,
        "write the verification page and its sealed list of certificates into a folder, "
        "to upload to any website",
    )
    parser.add_argument("-o", "--output", required=True, metavar="FOLDER")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace the page already in that folder"
    )
    add_json(parser)


def _progress_on_terminal() -> Progress:
    if not sys.stderr.isatty():
        return Progress()

    def show(done: int, total: int, text: str) -> None:
        if total:
            print(f"\r{text}: {done:,} of {total:,}", end="", file=sys.stderr, flush=True)

    return Progress(show)


def run_publish(args: argparse.Namespace, ctx: Context) -> int:
    result = publish_verification(
        ctx.db, args.output, overwrite=args.overwrite, progress=_progress_on_terminal()
    )
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    address = settings.get(ctx.db, "verification_address") if _has_address_option() else ""
    if args.json:
        emit_json(
            {
                "folder": str(result.folder),
                "files": [str(path) for path in result.files],
                "certificates": result.certificates,
                "revoked": result.revoked,
                "left_out": result.left_out,
                "published": result.published_at.isoformat(),
                "address": address,
            }
        )
        return 0
    print(result.message)
    if address:
        print(f"Upload the whole folder so that it opens at {address}")
    else:
        print(
            "Upload the whole folder to the academy's website, then set its address with "
            "'cohort-desk preferences set verification_address https://…' so certificates' "
            "QR codes open it."
        )
    return 0


def _has_address_option() -> bool:
    return "verification_address" in settings.OPTIONS
