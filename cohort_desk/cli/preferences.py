"""Every shared preference read and set from the command line, checked exactly as the window
checks it (one check per preference, in services/setting_checks.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cohort_desk import organisation
from cohort_desk.cli.common import Context, add_command, add_json, emit_json, print_table
from cohort_desk.errors import UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services import settings


def register(subparsers: Any) -> None:
    group = add_command(subparsers, "preferences", None, "the preferences shared by everyone")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = add_command(actions, "list", run_list, "every shared preference and its value")
    add_json(parser)
    names = ", ".join([*settings.OPTIONS, *settings.BLOB_OPTIONS])
    parser = add_command(
        actions,
        "set",
        run_set,
        "set one shared preference, checked as in the window; for logo and signature give a "
        'PNG or JPEG file, or "" to remove it',
    )
    parser.add_argument("name", metavar="NAME", help=f"one of: {names}")
    parser.add_argument("value", metavar="VALUE")


def _image_value(data: bytes | None) -> str:
    return "" if not data else f"image, {plural(len(data), 'byte')}"


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    values = settings.get_all(ctx.db)
    rows = [
        {"name": key, "label": option.label, "value": values[key], "default": option.default}
        for key, option in settings.OPTIONS.items()
    ]
    org = organisation.load()
    for row in rows:  # what IT sets for every user of this computer wins, and says so
        if row["name"] == "backup_folder" and org.backup_folder:
            row["value"] = org.backup_folder
            row["label"] += f" (set by your organisation in {org.file})"
    rows += [
        {
            "name": key,
            "label": label,
            "value": _image_value(settings.get_blob(ctx.db, key)),
            "default": "",
        }
        for key, label in settings.BLOB_OPTIONS.items()
    ]
    if args.json:
        emit_json(rows)
        return 0
    print_table(
        ("Name", "Value", "What it is"), ((r["name"], r["value"], r["label"]) for r in rows)
    )
    return 0


def run_set(args: argparse.Namespace, ctx: Context) -> int:
    name = args.name.strip().replace("-", "_")  # workforce-shares reads as workforce_shares
    if name in settings.BLOB_OPTIONS:
        data = _read_image(args.value) if args.value.strip() else None
        settings.save_preferences(ctx.db, {}, {name: data})  # as the window saves it
        label = settings.BLOB_OPTIONS[name]
        print(f"{label}: {'removed' if data is None else _image_value(data)}.")
        return 0
    cleaned = settings.check(name, args.value)  # refuses before the database is touched
    settings.save(ctx.db, {name: cleaned})
    shown = cleaned or "(blank)"
    print(f"{settings.OPTIONS[name].label}: {shown}")
    return 0


def _read_image(text: str) -> bytes:
    path = Path(text).expanduser()
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise UserError(f"{path} is a folder; give a PNG or JPEG file.") from None
    except FileNotFoundError:
        raise UserError(f"There is no file {path}; give a PNG or JPEG file.") from None
    except OSError as exc:
        raise UserError(f"Cohort Desk cannot read {path} ({exc.strerror}).") from None
