"""Certificate numbers: one issue run at a time takes the next numbers of the year, so they
run on without gaps or duplicates even when two administrators issue at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Certificate, Setting
from cohort_desk.rules.certificate_codes import certificate_number, verification_code
from cohort_desk.services import settings
from cohort_desk.services.certificates.eligibility import EligibilityRow


def ensure_secret(db: Database) -> None:
    with db.read() as session:
        if session.get(Setting, settings.SECRET_KEY) is not None:
            return
    try:
        with db.write() as session:
            settings.certificate_secret(session)
    except IntegrityError:
        pass  # another administrator's first issue made it at the same moment: use theirs


def lock_numbering(session: Session) -> None:
    # One issue run at a time takes the next numbers. On PostgreSQL this row lock queues a
    # second run until the first commits (and its later reads then see the first run's
    # certificates); SQLite ignores FOR UPDATE, its BEGIN IMMEDIATE already serialises writers.
    session.execute(select(Setting.key).where(Setting.key == settings.SECRET_KEY).with_for_update())


def last_sequence(session: Session, year: int) -> int:
    """The highest certificate number of the year taken so far (0 before the first)."""
    highest = select(func.max(Certificate.sequence)).where(Certificate.year == year)
    return session.scalar(highest) or 0


def number_new(
    session: Session,
    actor: str,
    rows: Sequence[EligibilityRow],
    kind: str,
    where: dict[str, int | None],
    course: str,
    today: date,
    last: int,
) -> list[Certificate]:
    """New certificate records numbered on from ``last``, the year's highest number when they
    were planned; not yet added to any session. They are saved only together with their file
    hashes, and only if ``last`` is still the year's highest number then, so the numbers run on
    without gaps or duplicates (a certificate is never deleted, only revoked)."""
    if not rows:
        return []
    prefix = settings.get_in(session, "certificate_prefix")
    secret = settings.certificate_secret(session)
    made: list[Certificate] = []
    for offset, row in enumerate(rows, start=1):
        sequence = last + offset
        number = certificate_number(prefix, today.year, sequence)
        made.append(
            Certificate(
                number=number,
                year=today.year,
                sequence=sequence,
                # The person's id, never their name or e-mail: those may be corrected later.
                code=verification_code(secret, number, str(row.person_id), today),
                kind=kind,
                person_id=row.person_id,
                holder_name=row.printed_name,
                course=course,
                cpd_hours=row.cpd_hours or None,
                issued_on=today,
                issued_by=actor,
                reissues=0,
                file_sha256="",
                **where,
            )
        )
    return made
