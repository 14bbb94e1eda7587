"""Issuing certificates: to everyone eligible who has none yet, numbered without gaps, each
recorded with its code and the hash of its file; and re-printing with the same number.

The PDFs are drawn with no lock held (services.certificates.drawing): a run's records are saved
with their numbers and file hashes in one short write at its end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Certificate, Enrolment, Person
from cohort_desk.documents.fonts import describe_missing, missing_characters
from cohort_desk.errors import NotFoundError, RefusedError
from cohort_desk.rules.dates import UK
from cohort_desk.services.certificates.drawing import (
    Drawing,
    Written,
    prepare,
    record_drawn,
    run_without_lock,
    unprintable_reason,
)
from cohort_desk.services.certificates.eligibility import (
    EligibilityRow,
    cohort_candidates,
    issue_counts,
    session_candidates,
)
from cohort_desk.services.certificates.files import StagedFiles, prepare_folder
from cohort_desk.services.certificates.numbers import ensure_secret, last_sequence, number_new
from cohort_desk.services.certificates.results import IssueResult
from cohort_desk.services.certificates.signing import Signer, signer_for
from cohort_desk.services.common import cohort_in, session_in
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.vocabulary import CertificateKind, EnrolmentStatus, Role

__all__ = ["IssueResult", "issue", "reissue_certificates", "uk_today", "unprintable_reason"]


def uk_today() -> date:
    return datetime.now(UK).date()


def issue(
    db: Database,
    out_dir: Path | str,
    *,
    cohort_id: int | None = None,
    session_id: int | None = None,
    progress: Progress = NO_PROGRESS,
    reissue: bool = False,
    today: date | None = None,
    overwrite: bool = True,
) -> IssueResult:
    """Issue certificates for a cohort (completion) or one session (attendance) to everyone
    eligible who has none yet, writing a PDF each plus one combined PDF into ``out_dir``.

    With ``reissue`` the certificates already issued (and not revoked) are printed again with
    their numbers, codes and dates, showing the holder's name as it is now.
    """
    if (cohort_id is None) == (session_id is None):
        raise ValueError("give either a cohort or a session")
    folder = prepare_folder(Path(out_dir))
    day = today or uk_today()
    ensure_secret(db)
    signer = signer_for(db)  # refused here, before any number is taken, without the key

    def plan(session: Session) -> _Issue:
        return _plan_issue(session, db.actor, signer, (cohort_id, session_id), reissue, day)

    return run_without_lock(db, plan, lambda: StagedFiles(folder, overwrite), progress).result


@dataclass
class _Issue:
    """One issue run as planned: the new records (not yet saved), the reprints, their pages,
    and what the plan rests on (the year's highest number, the course's certificates)."""

    result: IssueResult
    kind: str
    where: dict[str, int | None]
    today: date
    last: int
    seen: set[tuple[int, int]]
    fresh: list[Certificate]
    again: list[Certificate]
    drawing: Drawing
    signer: Signer

    def still_current(self, session: Session) -> bool:
        if _versions(session, {"kind": self.kind, **self.where}) != self.seen:
            return False
        return not self.fresh or last_sequence(session, self.today.year) == self.last

    def record(self, session: Session, written: Written, combined: Path | None) -> None:
        certs = [*self.again, *self.fresh]
        record_drawn(session, certs, self, written, combined)
        self.result.issued = len(self.fresh)
        if self.kind == CertificateKind.COMPLETION:
            people = {c.person_id for c in self.fresh}
            _mark_completed(session, self.where["cohort_id"], people, self.today)


def _plan_issue(
    session: Session,
    actor: str,
    signer: Signer,
    target_ids: tuple[int | None, int | None],
    reissue: bool,
    today: date,
) -> _Issue:
    cohort_id, session_id = target_ids
    if cohort_id is not None:
        target = cohort_in(session, cohort_id)
        rows, kind, course = (
            cohort_candidates(session, target),
            CertificateKind.COMPLETION,
            target.name,
        )
        where: dict[str, int | None] = {"cohort_id": target.id, "session_id": None}
    else:
        assert session_id is not None
        meeting = session_in(session, session_id)
        rows, kind, course = (
            session_candidates(session, meeting),
            CertificateKind.ATTENDANCE,
            meeting.title,
        )
        where = {"cohort_id": None, "session_id": meeting.id}
    result = IssueResult(course=course)
    existing = session.scalars(
        select(Certificate)
        .filter_by(kind=kind, **where)
        .order_by(Certificate.sequence, Certificate.id)
    ).all()
    counts = issue_counts(rows)
    result.already_issued, result.not_eligible = counts.holders, counts.not_eligible
    to_issue = [r for r in rows if r.eligible and not r.certificate]
    _refuse_unprintable_course(session, course, kind, where)
    to_issue = _printable(to_issue, result)
    last = last_sequence(session, today.year)
    fresh = number_new(session, actor, to_issue, kind, where, course, today, last)
    again = _reprintable(session, existing) if reissue else []
    result.reissued = len(again)
    drawing = prepare(session, [*again, *fresh], existing, course, today)
    seen = {(c.id, c.version) for c in existing}
    return _Issue(result, kind, where, today, last, seen, fresh, again, drawing, signer)


def _versions(session: Session, where: dict[str, object]) -> set[tuple[int, int]]:
    found = session.execute(select(Certificate.id, Certificate.version).filter_by(**where))
    return {(id_, version) for id_, version in found}


def _printable(rows: Sequence[EligibilityRow], result: IssueResult) -> list[EligibilityRow]:
    """The rows whose names can be drawn; a sentence in the result for each of the others,
    who get no number: a certificate with a blank or boxed name is worse than none."""
    keep = []
    for row in rows:
        reason = unprintable_reason(row.printed_name)
        if reason is None:
            keep.append(row)
        else:
            result.not_printable.append(
                f"Not issued to {row.email}: {reason}; give them a name as printed that "
                "uses letters Cohort Desk can print."
            )
    return keep


def _refuse_unprintable_course(
    session: Session, course: str, kind: str, where: dict[str, int | None]
) -> None:
    from cohort_desk.db.models import Cohort, CohortSession

    if kind == CertificateKind.COMPLETION:
        cohort = session.get(Cohort, where["cohort_id"])
        texts = [cohort.programme.name] if cohort else []
    else:
        meeting = session.get(CohortSession, where["session_id"])
        texts = [meeting.title, meeting.cohort.programme.name] if meeting else []
    for text in texts:
        missing = missing_characters(text)
        if missing:
            raise RefusedError(
                f'No certificates were issued: "{text}" contains {describe_missing(missing)}; '
                "rename it and try again."
            )


def _reprintable(session: Session, certs: Sequence[Certificate]) -> list[Certificate]:
    """Those that may be printed again: not revoked, and the holder not erased (their name
    is gone, and a certificate with a placeholder name helps no one)."""
    erased = set(
        session.scalars(
            select(Person.id).where(
                Person.id.in_({c.person_id for c in certs}), Person.erased_at.is_not(None)
            )
        )
    )
    return [c for c in certs if c.revoked_at is None and c.person_id not in erased]


def _mark_completed(
    session: Session, cohort_id: int | None, person_ids: set[int], today: date
) -> None:
    # "completed" records that the certificate was issued; eligibility treats it as enrolled.
    if not person_ids:
        return
    for enrolment in session.scalars(
        select(Enrolment).where(
            Enrolment.cohort_id == cohort_id,
            Enrolment.role == Role.PARTICIPANT,
            Enrolment.person_id.in_(person_ids),
            Enrolment.status == EnrolmentStatus.ENROLLED,
        )
    ):
        enrolment.status, enrolment.status_on = EnrolmentStatus.COMPLETED, today


def reissue_certificates(
    db: Database,
    certificate_ids: Sequence[int],
    out_dir: Path | str,
    progress: Progress = NO_PROGRESS,
    today: date | None = None,
    overwrite: bool = True,
) -> IssueResult:
    """Print chosen certificates again (after a name correction, or to replace a lost copy),
    with their numbers, codes and issue dates; each reprint is recorded as a reissue."""
    if not certificate_ids:
        raise RefusedError("Choose at least one certificate to re-print.")
    folder = prepare_folder(Path(out_dir))
    day = today or uk_today()
    signer = signer_for(db)
    wanted = set(certificate_ids)

    def plan(session: Session) -> _Reprint:
        return _plan_reprint(session, wanted, signer, day)

    return run_without_lock(db, plan, lambda: StagedFiles(folder, overwrite), progress).result


@dataclass
class _Reprint:
    """Chosen certificates to print again, as they were when the run was planned."""

    result: IssueResult
    certs: list[Certificate]
    seen: set[tuple[int, int]]
    drawing: Drawing
    signer: Signer
    today: date

    def still_current(self, session: Session) -> bool:
        ids = [c.id for c in self.certs]
        found = session.execute(
            select(Certificate.id, Certificate.version).where(Certificate.id.in_(ids))
        )
        return {(id_, version) for id_, version in found} == self.seen

    def record(self, session: Session, written: Written, combined: Path | None) -> None:
        record_drawn(session, self.certs, self, written, combined)


def _plan_reprint(session: Session, wanted: set[int], signer: Signer, today: date) -> _Reprint:
    certs = session.scalars(
        select(Certificate)
        .where(Certificate.id.in_(wanted))
        .order_by(Certificate.year, Certificate.sequence)
    ).all()
    if len(certs) != len(wanted):
        raise NotFoundError("A chosen certificate is no longer in the database; refresh (F5).")
    revoked = [c.number for c in certs if c.revoked_at is not None]
    if revoked:
        raise RefusedError(f"Certificate {revoked[0]} was revoked, so it cannot be re-printed.")
    allowed = _reprintable(session, certs)
    erased = [c.number for c in certs if c not in allowed]
    if erased:
        raise RefusedError(
            f"Certificate {erased[0]} belongs to someone whose details were erased, "
            "so it cannot be re-printed."
        )
    courses = {c.course for c in certs}
    course = courses.pop() if len(courses) == 1 else "Re-printed certificates"
    neighbours = session.scalars(
        select(Certificate).where(
            Certificate.cohort_id.in_({c.cohort_id for c in certs if c.cohort_id})
            | Certificate.session_id.in_({c.session_id for c in certs if c.session_id})
        )
    ).all()
    result = IssueResult(course=course, reissued=len(certs), already_issued=len(certs))
    drawing = prepare(session, certs, neighbours, course, today)
    seen = {(c.id, c.version) for c in certs}
    return _Reprint(result, list(certs), seen, drawing, signer, today)
