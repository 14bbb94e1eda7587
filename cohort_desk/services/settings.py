"""Shared preferences, stored in the database so every administrator sees the same."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Setting
from cohort_desk.errors import ValidationError
from cohort_desk.services import setting_checks as checks
from cohort_desk.services.setting_checks import Check


@dataclass(frozen=True)
class Option:
    default: str
    label: str
    check: Check
    kind: str = "text"  # text, number, bool: how the command line shows it
    help: str = ""


# Declared once, with defaults and the one check both faces use: nothing else invents a key.
OPTIONS: dict[str, Option] = {
    "academy_name": Option(
        "South East London Systems Leadership Academy",
        "Academy name",
        checks.text("The academy's name", "academy_name", required=True),
    ),
    "signatory_name": Option(
        "", "Signatory name", checks.text("The signatory's name", "signatory_name")
    ),
    "signatory_title": Option(
        "", "Signatory title", checks.text("The signatory's title", "signatory_title")
    ),
    "default_min_attendance": Option(
        "75",
        "Default minimum attendance (%)",
        checks.number("The minimum attendance", "default_min_attendance", 0, 100),
        "number",
    ),
    "certificate_prefix": Option(
        "SLA", "Certificate number prefix", checks.certificate_prefix, help="e.g. SLA"
    ),
    "certificate_colour": Option(
        "#005EB8", "Certificate accent colour", checks.certificate_colour, help="e.g. #005EB8"
    ),
    "completion_wording": Option(
        "has successfully completed",
        "Completion wording",
        checks.text("The completion wording", "completion_wording", required=True),
    ),
    "attendance_wording": Option(
        "attended",
        "Attendance wording",
        checks.text("The attendance wording", "attendance_wording", required=True),
    ),
    "equality_monitoring": Option(
        "0",
        "Record equality monitoring",
        checks.switch("Equality monitoring", "equality_monitoring"),
        "bool",
    ),
    "retention_years": Option(
        "6",
        "Review people inactive for (years)",
        checks.number("The retention period in years", "retention_years", 1, 100, whole=True),
        "number",
    ),
    "backup_folder": Option(
        "", "Backup folder", checks.backup_folder, help="blank for the default folder"
    ),
    "verification_address": Option(
        "",
        "Verification address",
        checks.verification_address,
        help="where the published verification page lives; certificates' QR codes open it",
    ),
    # Printed where someone checks a certificate, and on subject-access responses.
    "academy_contact": Option(
        "",
        "Academy contact (e-mail or phone)",
        checks.text("The academy's contact", "academy_contact"),
    ),
    "controller_contact": Option(
        "",
        "Data controller (organisation and address)",
        checks.text("The data controller", "controller_contact"),
    ),
    "dpo_contact": Option(
        "",
        "Data protection officer (name and e-mail)",
        checks.text("The data protection officer", "dpo_contact"),
    ),
    # The area's workforce by equality group, beside which the impact pack sets its reach.
    "workforce_shares": Option(
        "",
        "Workforce shares (% by equality group)",
        checks.workforce_shares,
        help="Group=percentage, separated by semicolons: White British=55; Asian=20",
    ),
}
BLOB_OPTIONS = {"logo": "Logo image", "signature": "Signature image"}
SECRET_KEY = "certificate_secret"
MAX_IMAGE_BYTES = checks.MAX_IMAGE_BYTES


def check(key: str, value: str) -> str:
    """The value to store for preference ``key``, or the one sentence saying what is wrong."""
    option = OPTIONS.get(key)
    if option is None:
        known = ", ".join(sorted([*OPTIONS, *BLOB_OPTIONS]))
        raise ValidationError(
            f"'{key}' is not a preference Cohort Desk knows; the preferences are {known}.",
            field=key,
        )
    return option.check(value)


def _validate(key: str, value: str) -> str:
    return check(key, value)


def get_all(db: Database) -> dict[str, str]:
    with db.read() as session:
        stored = {s.key: s.value for s in session.query(Setting).filter(Setting.key.in_(OPTIONS))}
    return {key: stored.get(key, option.default) for key, option in OPTIONS.items()}


def get(db: Database, key: str) -> str:
    return get_all(db)[key]


def get_in(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else OPTIONS[key].default


def save(db: Database, values: dict[str, str]) -> None:
    cleaned = {key: _validate(key, value) for key, value in values.items()}
    with db.write() as session:
        for key, value in cleaned.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            elif row.value != value:
                row.value = value


def get_blob(db: Database, key: str) -> bytes | None:
    with db.read() as session:
        row = session.get(Setting, key)
        return row.blob if row is not None else None


def certificate_secret(session: Session) -> bytes:
    """The per-database secret behind verification codes, made on first use."""
    row = session.get(Setting, SECRET_KEY)
    if row is None:
        row = Setting(key=SECRET_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return bytes.fromhex(row.value)


def check_image(key: str, data: bytes | None) -> None:
    """Accept only a picture that will print (see setting_checks.image)."""
    if key not in BLOB_OPTIONS:
        raise ValidationError(f"'{key}' is not an image setting.", field=key)
    checks.image(data, BLOB_OPTIONS[key].lower(), key)


def save_preferences(
    db: Database, values: dict[str, str], images: dict[str, bytes | None] | None = None
) -> None:
    """The Preferences dialog's Save: text settings and changed images in one transaction."""
    cleaned = {key: _validate(key, value) for key, value in values.items()}
    images = images or {}
    for key, data in images.items():
        check_image(key, data)
    with db.write() as session:
        for key, value in cleaned.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            elif row.value != value:
                row.value = value
        for key, data in images.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value="", blob=data))
            else:
                row.blob = data
