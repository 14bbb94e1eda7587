"""`certificate key show|export|import`: the certificate signing key, which lives outside the
database, and how a second administrator gets it (encrypted with a passphrase)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from cohort_desk.cli.common import (
    Context,
    add_command,
    add_json,
    add_output,
    emit_json,
    output_file,
)
from cohort_desk.errors import UserError
from cohort_desk.services.certificates import signing

PASSPHRASE_ENV = "COHORT_DESK_KEY_PASSPHRASE"


def add_key_commands(actions: Any) -> None:
    key = add_command(
        actions, "key", None, "the certificate signing key (kept outside the database)"
    )
    key_actions = key.add_subparsers(dest="key_action", metavar="ACTION", required=True)
    parser = add_command(key_actions, "show", run_show, "which key signs, and whether it is here")
    add_json(parser)
    parser = add_command(
        key_actions,
        "export",
        run_export,
        f"write the key encrypted with a passphrase (asked, or ${PASSPHRASE_ENV})",
    )
    add_output(parser)
    parser = add_command(
        key_actions, "import", run_import, "take in a key another administrator exported"
    )
    parser.add_argument("file", metavar="FILE")


def _passphrase(twice: bool) -> str:
    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(
            f"Give the key's passphrase at a terminal, or in the {PASSPHRASE_ENV} "
            "environment variable when running from a script."
        )
    first = getpass.getpass("Passphrase for the key file: ")
    if twice and getpass.getpass("The same passphrase again: ") != first:
        raise UserError("The two passphrases differ; nothing was written.")
    return first


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    found = signing.describe_key(ctx.db)
    if args.json:
        emit_json(found)
    elif found["fingerprint"] is None:
        print("No certificate has been signed yet; the key is made with the first one.")
    elif found["here"]:
        print(f"Certificates are signed with key {found['fingerprint']}, kept in {found['file']}.")
    else:
        print(
            f"Certificates are signed with key {found['fingerprint']}, which this computer "
            "does not hold; import it with 'cohort-desk certificate key import FILE'."
        )
    if not args.json and found["fingerprint"] is not None:
        if isinstance(found["backed_up"], date):
            print(
                f"Its backup: exported on {found['backed_up']:%d/%m/%Y}, encrypted with a "
                "passphrase (a copy is kept in the backup folder's keys folder)."
            )
        else:
            print(
                "It has no backup yet: export it with 'cohort-desk certificate key export "
                "-o FILE' and keep the file apart from the database's backups."
            )
    return 0


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    target = output_file(args, ctx, "key file")
    fingerprint = signing.export_key(ctx.db, target, _passphrase(twice=True), overwrite=True)
    print(
        f"Wrote the signing key {fingerprint} to {target}, encrypted with your passphrase; "
        "keep it apart from the database's backups and give the passphrase separately."
    )
    return 0


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    fingerprint = signing.import_key(ctx.db, Path(args.file), _passphrase(twice=False))
    print(f"This computer now holds the signing key {fingerprint} and can issue certificates.")
    return 0
