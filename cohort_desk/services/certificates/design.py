"""The look of certificates (wording, colour, academy, signatory, logo and signature), kept in
the shared settings, and a preview page drawn by the same code that prints the real ones."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Certificate, Setting
from cohort_desk.documents.certificates import (
    CertificateData,
    CertificateDesign,
    render_certificate,
)
from cohort_desk.errors import ValidationError
from cohort_desk.services import settings
from cohort_desk.services.certificates.files import page_for, verify_who
from cohort_desk.vocabulary import CertificateKind

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass
class DesignValues:
    """What the design dialog edits; images are the file's bytes, or None for none."""

    academy_name: str
    signatory_name: str
    signatory_title: str
    accent_colour: str
    completion_wording: str
    attendance_wording: str
    logo: bytes | None
    signature: bytes | None


def _design_from(
    values: dict[str, str], logo: bytes | None, signature: bytes | None
) -> CertificateDesign:
    return CertificateDesign(
        academy_name=values["academy_name"],
        logo=logo,
        signatory_name=values["signatory_name"],
        signatory_title=values["signatory_title"],
        signature=signature,
        accent_colour=values["certificate_colour"],
        completion_wording=values["completion_wording"],
        attendance_wording=values["attendance_wording"],
    )


def design_in(session: Session) -> CertificateDesign:
    values = {key: settings.get_in(session, key) for key in settings.OPTIONS}
    blobs = {
        row.key: row.blob
        for row in session.scalars(select(Setting).where(Setting.key.in_(("logo", "signature"))))
    }
    return _design_from(values, blobs.get("logo"), blobs.get("signature"))


def load_design(db: Database) -> DesignValues:
    with db.read() as session:
        design = design_in(session)
    return DesignValues(
        academy_name=design.academy_name,
        signatory_name=design.signatory_name,
        signatory_title=design.signatory_title,
        accent_colour=design.accent_colour,
        completion_wording=design.completion_wording,
        attendance_wording=design.attendance_wording,
        logo=design.logo,
        signature=design.signature,
    )


def design_of(values: DesignValues) -> CertificateDesign:
    return CertificateDesign(
        academy_name=values.academy_name,
        logo=values.logo,
        signatory_name=values.signatory_name,
        signatory_title=values.signatory_title,
        signature=values.signature,
        accent_colour=values.accent_colour,
        completion_wording=values.completion_wording,
        attendance_wording=values.attendance_wording,
    )


def check_image(data: bytes | None, label: str, field: str) -> None:
    """Refuse a picture that would not print, when it is chosen rather than at print time."""
    if data is None:
        return
    if not data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        raise ValidationError(f"The {label} must be a PNG or JPEG picture.", field)
    if len(data) > settings.MAX_IMAGE_BYTES:
        raise ValidationError(
            f"The {label} is {len(data) / 1_000_000:.1f} MB; choose one under "
            f"{settings.MAX_IMAGE_BYTES // 1_000_000} MB so certificates stay small.",
            field,
        )
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception:  # noqa: BLE001 - any decoder complaint means "not a picture we can print"
        raise ValidationError(
            f"The {label} is damaged or not really a picture; choose another file.", field
        ) from None


def save_design(db: Database, values: DesignValues) -> None:
    """Save the certificate design for everyone using this database, all or nothing."""
    colour = values.accent_colour.strip().upper()
    if not _COLOUR.fullmatch(colour):
        raise ValidationError(
            "The colour must be written as # and six hex digits, like #005EB8.", "accent_colour"
        )
    texts = {
        "academy_name": values.academy_name,
        "signatory_name": values.signatory_name,
        "signatory_title": values.signatory_title,
        "certificate_colour": colour,
        "completion_wording": values.completion_wording,
        "attendance_wording": values.attendance_wording,
    }
    required = {
        "academy_name": "The academy's name",
        "completion_wording": "The completion wording",
        "attendance_wording": "The attendance wording",
    }
    for key, label in required.items():
        if not texts[key].strip():
            raise ValidationError(f"{label} cannot be empty.", key)
    for key, text in texts.items():
        if len(text.strip()) > 200:
            raise ValidationError(f"{settings.OPTIONS[key].label} is too long; keep it short.", key)
    check_image(values.logo, "logo", "logo")
    check_image(values.signature, "signature image", "signature")
    images = {"logo": values.logo, "signature": values.signature}
    with db.write() as session:
        for key, text in texts.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=" ".join(text.split())))
            elif row.value != " ".join(text.split()):
                row.value = " ".join(text.split())
        for key, data in images.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value="", blob=data))
            elif row.blob != data:
                row.blob = data


SAMPLE_NAME = "Nguyễn Thị Minh Khai"


def sample_page(
    db: Database, kind: CertificateKind = CertificateKind.COMPLETION
) -> CertificateData:
    """The most recent real certificate of that kind (so the preview shows a real page), or a
    sample with a long, accented name when none has been issued yet."""
    with db.read() as session:
        cert = session.scalar(
            select(Certificate)
            .where(Certificate.kind == kind)
            .order_by(Certificate.year.desc(), Certificate.sequence.desc())
            .limit(1)
        )
        if cert is not None:
            return page_for(session, cert, cert.holder_name, cert.cpd_hours)
        who = verify_who(session)
    completion = kind == CertificateKind.COMPLETION
    return CertificateData(
        kind=CertificateKind.COMPLETION if completion else CertificateKind.ATTENDANCE,
        name=SAMPLE_NAME,
        programme="Systems Leadership Academy",
        course="Cohort 1 (2026)" if completion else "Masterclass: health inequalities",
        dates_text="February to September 2026" if completion else "3 March 2026",
        cpd_hours=24 if completion else 3,
        number="SLA-2026-0042",
        code="7KQM-2XPA-9HD4",
        issued_on=date.today(),
        verify_hint=who,
    )


def preview_pdf(values: DesignValues, page: CertificateData) -> bytes:
    """One page drawn exactly as issuing would draw it, with the design being edited."""
    return render_certificate(page, design_of(values))
