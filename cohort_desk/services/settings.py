"""Shared preferences, stored in the database so every administrator sees the same."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Setting
from cohort_desk.errors import ValidationError


@dataclass(frozen=True)
class Option:
    default: str
    label: str
    kind: str = "text"  # text, int, float, bool


# Declared once, with defaults: nothing else in the app invents a key.
OPTIONS: dict[str, Option] = {
    "academy_name": Option("South East London Systems Leadership Academy", "Academy name"),
    "signatory_name": Option("", "Signatory name"),
    "signatory_title": Option("", "Signatory title"),
    "default_min_attendance": Option("75", "Default minimum attendance (%)", "float"),
    "certificate_prefix": Option("SLA", "Certificate number prefix"),
    "certificate_colour": Option("#005EB8", "Certificate accent colour"),
    "completion_wording": Option("has successfully completed", "Completion wording"),
    "attendance_wording": Option("attended", "Attendance wording"),
    "equality_monitoring": Option("0", "Record equality monitoring", "bool"),
    "retention_years": Option("6", "Review people inactive for (years)", "int"),
    "backup_folder": Option("", "Backup folder"),
    # Printed where someone checks a certificate, and on subject-access responses.
    "academy_contact": Option("", "Academy contact (e-mail or phone)"),
    "controller_contact": Option("", "Data controller (organisation and address)"),
    "dpo_contact": Option("", "Data protection officer (name and e-mail)"),
}
BLOB_OPTIONS = {"logo": "Logo image", "signature": "Signature image"}
SECRET_KEY = "certificate_secret"


def _validate(key: str, value: str) -> str:
    option = OPTIONS.get(key)
    if option is None:
        raise ValidationError(f"'{key}' is not a setting Cohort Desk knows.", field=key)
    value = value.strip()
    try:
        if option.kind == "int":
            value = str(int(value))
        elif option.kind == "float":
            value = str(float(value))
        elif option.kind == "bool":
            value = "1" if value.lower() in ("1", "true", "yes", "on") else "0"
    except ValueError:
        raise ValidationError(f"{option.label} must be a number.", field=key) from None
    if key == "default_min_attendance" and not 0 <= float(value) <= 100:
        raise ValidationError("The minimum attendance must be between 0 and 100.", field=key)
    return value


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


MAX_IMAGE_BYTES = 2_000_000
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def check_image(key: str, data: bytes | None) -> None:
    """Accept only PNG or JPEG of a sensible size: every certificate and register embeds it."""
    if key not in BLOB_OPTIONS:
        raise ValidationError(f"'{key}' is not an image setting.", field=key)
    if data is None:
        return
    if not data.startswith(_IMAGE_SIGNATURES):
        raise ValidationError(
            "That file is not a PNG or JPEG image; choose a .png or .jpg file.", field=key
        )
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(
            f"That image is {len(data) / 1_000_000:.1f} MB; choose one under 2 MB so "
            "certificates stay small.",
            field=key,
        )


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
