"""A database whose published verification page holds one certificate of each kind a person
checking a code can meet: standing, revoked and replaced, revoked alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from cohort_desk.cli import lookup
from cohort_desk.db.models import Certificate
from cohort_desk.rules.certificate_codes import certificate_number, verification_code
from cohort_desk.services import settings
from cohort_desk.services.certificates.issuing import issue
from cohort_desk.services.certificates.register import revoke
from cohort_desk.services.certificates.signing import signer_for
from tests.integration.certificate_data import P, build_cohort

TODAY = date(2026, 11, 28)
# Names and e-mails distinctive enough that finding them in a file can only mean a leak.
PEOPLE = [
    ("Zuzanna", "Kowalczyk-Ogunleye", "zuzanna.kowalczyk@trust.example.org"),
    ("Siobhán", "Ní Bhriain", "siobhan.nibhriain@council.example.org"),
    ("Oluwaseun", "Adeyemi-Thornbury", "seun.adeyemi@icb.example.org"),
]


@dataclass
class Published:
    genuine: str  # a standing certificate's code
    genuine_number: str
    revoked: str  # revoked, and replaced by `replacement`
    replacement: str  # the replacement's number
    revoked_alone: str  # revoked, not replaced
    codes: list[str]


def build_published_scenario(db: object, out: Path) -> Published:
    built = build_cohort(db, [(g, f, e, [P, P, P, P]) for g, f, e in PEOPLE])
    cohort = lookup.cohort_id(db, "Cohort Hand 2026")  # type: ignore[arg-type]
    issue(db, out / "pdfs", cohort_id=cohort, today=TODAY)  # type: ignore[arg-type]
    with db.read() as s:  # type: ignore[attr-defined]
        certs = {c.person_id: c for c in s.scalars(select(Certificate))}
        first, second, third = (certs[built.people[e]] for _g, _f, e in PEOPLE)
        genuine, number = first.code, first.number
        revoked, revoked_alone = second.code, third.code
    revoke(db, revoked, "Issued with the wrong cohort")  # type: ignore[arg-type]
    revoke(db, revoked_alone, "Issued in error")  # type: ignore[arg-type]
    replacement = _replace(db, built.people[PEOPLE[1][2]], built.cohort_id)
    with db.read() as s:  # type: ignore[attr-defined]
        codes = list(s.scalars(select(Certificate.code)))
    return Published(genuine, number, revoked, replacement, revoked_alone, codes)


def _replace(db: object, person_id: int, cohort_id: int) -> str:
    """A new certificate for someone whose first one was revoked, as the academy would issue
    after correcting a mistake (made directly: issuing skips anyone already holding one)."""
    later = date(2026, 12, 3)
    signer = signer_for(db)  # type: ignore[arg-type]
    with db.write() as s:  # type: ignore[attr-defined]
        secret = settings.certificate_secret(s)
        number = certificate_number("SLA", later.year, 99)
        cert = Certificate(
            number=number,
            year=later.year,
            sequence=99,
            code=verification_code(secret, number, str(person_id), later),
            kind="completion",
            person_id=person_id,
            cohort_id=cohort_id,
            holder_name="Siobhán Ní Bhriain",
            course="Cohort Hand 2026",
            cpd_hours=12.0,
            issued_on=later,
            issued_by="tester",
        )
        s.add(cert)
        s.flush()
        signer.sign(cert)
    return number
