"""The register of certificates: listing what was issued, verifying a code, and revoking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Certificate, Cohort, CohortSession, Person
from cohort_desk.db.types import utcnow
from cohort_desk.documents.certificates import QR_PREFIX
from cohort_desk.errors import NotFoundError, RefusedError, ValidationError
from cohort_desk.rules.certificate_codes import (
    certificate_number,
    code_status,
    normalise_code,
    parse_certificate_number,
)
from cohort_desk.rules.dates import format_date, to_local
from cohort_desk.services.certificates.signing import certificate_problem, signer_for
from cohort_desk.services.common import cohort_in


@dataclass(slots=True)
class CertificateRow:
    id: int
    number: str
    year: int
    sequence: int
    kind: str
    person_id: int
    holder_name: str
    email: str
    cohort: str
    session_title: str
    course: str
    cpd_hours: float | None
    issued_on: date
    issued_by: str
    code: str
    reissues: int
    last_reissued_on: date | None
    revoked_at: datetime | None
    revoke_reason: str

    @property
    def status(self) -> str:
        return "Revoked" if self.revoked_at else "Valid"


@dataclass(frozen=True)
class Verification:
    """The answer to "is this certificate genuine?"; ``reason`` says why not."""

    valid: bool
    reason: str = ""
    number: str = ""
    name: str = ""
    course: str = ""
    issued_on: date | None = None
    revoked_at: datetime | None = None
    revoke_reason: str = ""

    def as_json(self) -> dict[str, object]:
        if self.valid:
            assert self.issued_on is not None
            return {
                "valid": True,
                "name": self.name,
                "course": self.course,
                "issued": self.issued_on.isoformat(),
            }
        return {"valid": False, "reason": self.reason}

    @property
    def sentence(self) -> str:
        if not self.valid:
            return self.reason
        return (
            f"Genuine: certificate {self.number} was issued to {self.name} for {self.course} "
            f"on {format_date(self.issued_on)}."
        )


def list_certificates(
    db: Database,
    cohort_id: int | None = None,
    session_id: int | None = None,
    search: str = "",
    revoked: bool | None = None,
    year: int | None = None,
    certificate_id: int | None = None,
) -> list[CertificateRow]:
    """The register, newest first; ``cohort_id`` includes certificates for its sessions, and
    ``revoked`` True/False keeps only revoked/standing ones."""
    query = (
        select(Certificate, Person.email, Cohort.name, CohortSession.title)
        .join(Person, Person.id == Certificate.person_id)
        .outerjoin(CohortSession, CohortSession.id == Certificate.session_id)
        .outerjoin(
            Cohort,
            Cohort.id == func.coalesce(Certificate.cohort_id, CohortSession.cohort_id),
        )
        .order_by(Certificate.year.desc(), Certificate.sequence.desc())
    )
    if session_id is not None:
        query = query.where(Certificate.session_id == session_id)
    if revoked is not None:
        query = query.where(
            Certificate.revoked_at.is_not(None) if revoked else Certificate.revoked_at.is_(None)
        )
    if year is not None:
        query = query.where(Certificate.year == year)
    if certificate_id is not None:
        query = query.where(Certificate.id == certificate_id)
    with db.read() as session:
        if cohort_id is not None:
            query = query.where(Cohort.id == cohort_in(session, cohort_id).id)
        rows = [
            CertificateRow(
                id=c.id,
                number=c.number,
                year=c.year,
                sequence=c.sequence,
                kind=c.kind,
                person_id=c.person_id,
                holder_name=c.holder_name,
                email=email,
                cohort=cohort_name or "",
                session_title=title or "",
                course=c.course,
                cpd_hours=c.cpd_hours,
                issued_on=c.issued_on,
                issued_by=c.issued_by,
                code=c.code,
                reissues=c.reissues,
                last_reissued_on=c.last_reissued_on,
                revoked_at=c.revoked_at,
                revoke_reason=c.revoke_reason,
            )
            for c, email, cohort_name, title in session.execute(query)
        ]
    return [r for r in rows if matches(r, search)] if search.strip() else rows


def matches(row: CertificateRow, text: str) -> bool:
    """Search as you type over what a person might know: name, e-mail, number, code, course."""
    needle = text.strip().casefold()
    if not needle:
        return True
    haystack = " ".join(
        (row.holder_name, row.email, row.number, row.code, row.course, row.cohort)
    ).casefold()
    return needle in haystack or needle.replace(" ", "-") in haystack


def _code_from(text: str) -> str:
    """The code alone, also when a QR scanner typed the whole payload ("COHORT-DESK-CERT
    SLA-2026-0042 7KQM-2XPA-9HD4")."""
    parts = text.split()
    if len(parts) == 3 and parts[0].upper() == QR_PREFIX:
        return parts[2]
    return text


def verify(db: Database, text: str) -> Verification:
    """Whether a typed verification code belongs to a certificate that still stands."""
    typed = _code_from(text)
    status = code_status(typed)
    if status == "malformed":
        return Verification(
            False,
            "That is not a verification code: a code has 12 letters and digits, "
            "like 7KQM-2XPA-9HD4.",
        )
    if status == "typo":
        return Verification(
            False,
            "That code has a typo: one of its characters is wrong (the last one is a "
            "check); compare it with the certificate again.",
        )
    code = normalise_code(typed)
    with db.read() as session:
        cert = session.scalar(select(Certificate).where(Certificate.code == code))
        if cert is None:
            return Verification(
                False,
                f"No certificate has the code {code}; it may have been mistyped, or "
                "the certificate is not one of ours.",
            )
        # The signature (and, for the oldest certificates, the code) catches a record
        # edited, un-revoked or invented behind Cohort Desk's back.
        problem = certificate_problem(db, session, cert)
    if problem:
        return Verification(False, problem)
    found = Verification(True, "", cert.number, cert.holder_name, cert.course, cert.issued_on)
    if cert.revoked_at is not None:
        return Verification(
            False,
            f"Certificate {cert.number} ({cert.holder_name}, {cert.course}) was revoked on "
            f"{format_date(cert.revoked_at)}: {_sentence(cert.revoke_reason)}",
            found.number,
            found.name,
            found.course,
            found.issued_on,
            cert.revoked_at,
            cert.revoke_reason,
        )
    return found


def _sentence(text: str) -> str:
    text = text.strip() or "no reason recorded"
    return text if text[-1] in ".!?" else f"{text}."


def find_certificate(session: Session, text: str) -> Certificate:
    """A certificate by its number ("SLA-2026-0042", "sla 2026 42") or its code."""
    parts = parse_certificate_number(text)
    cert: Certificate | None = None
    if parts is not None:
        try:
            number = certificate_number(*parts)
        except ValidationError:
            number = text.strip().upper()
        cert = session.scalar(select(Certificate).where(Certificate.number == number))
    elif code_status(text) != "malformed":
        cert = session.scalar(select(Certificate).where(Certificate.code == normalise_code(text)))
    else:
        raise ValidationError(
            f"'{text}' is neither a certificate number (like SLA-2026-0042) nor a "
            "verification code (like 7KQM-2XPA-9HD4).",
            field="certificate",
        )
    if cert is None:
        raise NotFoundError(f"There is no certificate {text.strip()} in the register.")
    return cert


def revoke(db: Database, number_or_code: str, reason: str) -> CertificateRow:
    """Revoke a certificate: it stays in the register (its number is never reused) and
    verification reports it as revoked, with the reason."""
    why = " ".join(reason.split())
    if not why:
        raise ValidationError("Give a reason for revoking the certificate.", field="reason")
    signer = signer_for(db)
    with db.write() as session:
        cert = find_certificate(session, number_or_code)
        if cert.revoked_at is not None:
            raise RefusedError(
                f"Certificate {cert.number} was already revoked on "
                f"{format_date(cert.revoked_at)}: {_sentence(cert.revoke_reason)}"
            )
        cert.revoked_at, cert.revoke_reason = utcnow(), why
        signer.sign(cert)  # the state is signed: un-revoking by editing the record shows
        cert_id = cert.id
    return get_certificate(db, cert_id)


def get_certificate(db: Database, certificate_id: int) -> CertificateRow:
    found = list_certificates(db, certificate_id=certificate_id)
    if not found:
        raise NotFoundError("That certificate is no longer in the database; refresh (F5).")
    return found[0]


REGISTER_HEADERS = [
    "Number",
    "Kind",
    "Name",
    "E-mail",
    "Course",
    "Cohort",
    "CPD hours",
    "Issued",
    "Issued by",
    "Verification code",
    "Re-printed",
    "Last re-printed",
    "Revoked",
    "Revoke reason",
]


def register_table(rows: list[CertificateRow]) -> list[list[object]]:
    """The register as spreadsheet rows (dates as dates), in the order of REGISTER_HEADERS."""
    return [
        [
            r.number,
            r.kind,
            r.holder_name,
            r.email,
            r.course,
            r.cohort,
            r.cpd_hours,
            r.issued_on,
            r.issued_by,
            r.code,
            r.reissues,
            r.last_reissued_on,
            to_local(r.revoked_at).date() if r.revoked_at else None,
            r.revoke_reason,
        ]
        for r in rows
    ]
