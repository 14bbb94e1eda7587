"""One check per shared preference: what the window and `cohort-desk preferences set` accept,
cleaned the same way, refused with the same sentence. Each takes the typed text and returns
the value to store, or raises ValidationError naming the preference as its field."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from cohort_desk import organisation
from cohort_desk.errors import ValidationError
from cohort_desk.rules.certificate_codes import certificate_number
from cohort_desk.rules.impact import parse_shares, shares_text
from cohort_desk.rules.verification_links import check_verification_address

Check = Callable[[str], str]
MAX_TEXT = 200
MAX_IMAGE_BYTES = 2_000_000
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def text(label: str, key: str, required: bool = False) -> Check:
    """Free text on one line, up to 200 characters; ``required`` refuses it empty."""

    def check(value: str) -> str:
        cleaned = _one_line(value)
        if required and not cleaned:
            raise ValidationError(f"{label} cannot be empty.", key)
        if len(cleaned) > MAX_TEXT:
            raise ValidationError(f"{label} is too long; keep it under {MAX_TEXT} characters.", key)
        return cleaned

    return check


def number(label: str, key: str, low: float, high: float, whole: bool = False) -> Check:
    def check(value: str) -> str:
        try:
            amount = int(value.strip()) if whole else float(value.strip().rstrip("%").strip())
        except ValueError:
            kind = "a whole number" if whole else "a number"
            raise ValidationError(f"{label} must be {kind}, not '{value.strip()}'.", key) from None
        if not low <= amount <= high:
            raise ValidationError(f"{label} must be between {low:g} and {high:g}.", key)
        return str(amount)

    return check


def switch(label: str, key: str) -> Check:
    def check(value: str) -> str:
        word = value.strip().lower()
        if word in _TRUE:
            return "1"
        if word in _FALSE:
            return "0"
        raise ValidationError(f"{label} is on or off: give 1 or 0 (yes or no).", key)

    return check


def certificate_prefix(value: str) -> str:
    prefix = value.strip().upper()
    try:
        certificate_number(prefix, 2026, 1)
    except ValidationError as exc:
        raise ValidationError(exc.message, "certificate_prefix") from None
    return prefix


def certificate_colour(value: str) -> str:
    colour = value.strip().upper()
    if not _COLOUR.fullmatch(colour):
        raise ValidationError(
            "The colour must be written as # and six hex digits, like #005EB8.",
            "certificate_colour",
        )
    return colour


def verification_address(value: str) -> str:
    return check_verification_address(value)


def workforce_shares(value: str) -> str:
    """The impact pack's workforce shares, "White British=55; Asian=20", each 0 to 100."""
    return shares_text(parse_shares(value))


def backup_folder(value: str) -> str:
    """Blank for the default folder; else a folder that exists and takes files, stored whole."""
    org = organisation.load()
    if org.backup_folder:
        raise ValidationError(
            f"Your organisation sets the backup folder ({org.backup_folder}) in {org.file}; "
            "ask your IT team to change it there.",
            field="backup_folder",
        )
    typed = value.strip()
    if not typed:
        return ""
    path = Path(typed).expanduser()
    if not path.is_dir():
        raise ValidationError(
            f"The folder {path} does not exist or is out of reach; create it or choose another.",
            field="backup_folder",
        )
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".cohort-desk-", delete=True):
            pass
    except OSError:
        raise ValidationError(
            f"Cohort Desk cannot write to {path}; choose a folder you can save files in.",
            field="backup_folder",
        ) from None
    return str(path.resolve())


def image(data: bytes | None, label: str, field: str) -> None:
    """A logo or signature that will print: PNG or JPEG, under 2 MB, and really a picture
    (every certificate and register embeds it, so refuse it when chosen, not when printing)."""
    if data is None:
        return
    if not data.startswith(_IMAGE_SIGNATURES):
        raise ValidationError(
            "That file is not a PNG or JPEG image; choose a .png or .jpg file.", field
        )
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(
            f"The {label} is {len(data) / 1_000_000:.1f} MB; choose one under "
            f"{MAX_IMAGE_BYTES // 1_000_000} MB so certificates stay small.",
            field,
        )
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
    except Exception:  # noqa: BLE001 - any decoder complaint means "not a picture we can print"
        raise ValidationError(
            f"The {label} is damaged or not really a picture; choose another file.", field
        ) from None
