"""Issuing certificates: to everyone eligible who has none yet, numbered without gaps, each
recorded with its code and the hash of its file; and re-printing with the same number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Certificate, Enrolment, Person
from cohort_desk.documents.fonts import describe_missing, missing_characters
from cohort_desk.errors import NotFoundError, RefusedError
from cohort_desk.rules.dates import UK
from cohort_desk.rules.wording import plural
from cohort_desk.services.certificates.design import design_in
from cohort_desk.services.certificates.eligibility import (
    EligibilityRow,
    cohort_candidates,
    issue_counts,
    printed_name,
    session_candidates,
)
from cohort_desk.services.certificates.files import (
    PrintJob,
    StagedFiles,
    combined_file_name,
    file_names,
    page_for,
    prepare_folder,
    write_pages,
)
from cohort_desk.services.certificates.numbers import ensure_secret, lock_numbering, number_new
from cohort_desk.services.certificates.signing import signer_for
from cohort_desk.services.common import cohort_in, session_in
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.vocabulary import CertificateKind, EnrolmentStatus, Role


@dataclass
class IssueResult:
    """What one issue run did. ``files`` are the single certificates in the order of
    ``numbers`` and ``codes``, then the combined file for printing."""

    course: str
    issued: int = 0
    already_issued: int = 0
    not_eligible: int = 0
    reissued: int = 0
    numbers: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    combined: Path | None = None
    # One sentence for each eligible person whose certificate was not issued because their
    # name cannot be drawn with the bundled fonts.
    not_printable: list[str] = field(default_factory=list)

    @property
    def nothing_eligible(self) -> bool:
        return (
            self.issued == 0
            and self.already_issued == 0
            and self.reissued == 0
            and not self.not_printable
        )

    @property
    def message(self) -> str:
        """The summary, then a sentence for each certificate not issued."""
        return " ".join([self.summary, *self.not_printable])

    @property
    def summary(self) -> str:
        if self.nothing_eligible:
            return (
                f"No one is eligible for a certificate for {self.course} yet "
                f"({plural(self.not_eligible, 'person')} not eligible); "
                "nothing was issued."
            )
        parts: list[str] = []
        new = self.numbers[len(self.numbers) - self.issued :] if self.issued else []
        if new:
            span = new[0] if len(new) == 1 else f"{new[0]} to {new[-1]}"
            parts.append(f"Issued {plural(self.issued, 'certificate')} ({span})")
        if self.reissued:
            parts.append(f"re-printed {plural(self.reissued, 'certificate')} with their numbers")
        if not parts and self.not_printable:
            parts.append("Nothing was issued")
        elif not parts:
            parts.append(
                "Nothing new to issue: the one eligible person already has a certificate"
                if self.already_issued == 1
                else f"Nothing new to issue: all {self.already_issued:,} eligible people "
                "already have certificates"
            )
        elif self.already_issued and not self.reissued:
            parts.append(f"{self.already_issued:,} already had one")
        if self.not_eligible:
            parts.append(f"{self.not_eligible:,} not eligible")
        if self.not_printable:
            parts.append(
                f"{plural(len(self.not_printable), 'certificate')} not issued because the name "
                "cannot be printed"
            )
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."


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
) -> IssueResult:
    """Issue certificates for a cohort (completion) or one session (attendance) to everyone
    eligible who has none yet, writing a PDF each plus one combined PDF into ``out_dir``.

    With ``reissue`` the certificates already issued (and not revoked) are printed again with
    their numbers, codes and dates, showing the holder's name as it is now.
    """
    if (cohort_id is None) == (session_id is None):
        raise ValueError("give either a cohort or a session")
    folder = prepare_folder(Path(out_dir))
    today = today or uk_today()
    ensure_secret(db)
    signer = signer_for(db)  # refused here, before any number is taken, without the key
    staged = StagedFiles(folder)
    try:
        with db.write() as session:
            lock_numbering(session)
            if cohort_id is not None:
                target = cohort_in(session, cohort_id)
                rows, kind, course = (
                    cohort_candidates(session, target),
                    CertificateKind.COMPLETION,
                    target.name,
                )
                where = {"cohort_id": target.id, "session_id": None}
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
            fresh = number_new(session, db.actor, to_issue, kind, where, course, today)
            again = _reprintable(session, existing) if reissue else []
            result.reissued = len(again)
            _print(session, [*again, *fresh], existing, course, staged, result, progress, today)
            for cert in [*again, *fresh]:
                signer.sign(cert)
            result.issued = len(fresh)
            if kind == CertificateKind.COMPLETION:
                _mark_completed(session, where["cohort_id"], {c.person_id for c in fresh}, today)
    except BaseException:
        staged.discard()
        raise
    staged.publish()
    return result


def unprintable_reason(name: str) -> str | None:
    """Why a name cannot go on a certificate (characters no bundled font has), or None."""
    if not name.strip():
        return "the name is empty"
    missing = missing_characters(name)
    return f"it contains {describe_missing(missing)}" if missing else None


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


def _print(
    session: Session,
    certs: Sequence[Certificate],
    neighbours: Sequence[Certificate],
    course: str,
    staged: StagedFiles,
    result: IssueResult,
    progress: Progress,
    today: date,
) -> None:
    """Render ``certs`` into staged files and record each file's hash; re-printed ones (those
    already hashed) are recorded as reissues, with the holder's name as it is now."""
    if not certs:
        return
    ids = {c.person_id for c in (*certs, *neighbours)}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    cache: dict[tuple[str, int | None], tuple[str, str, str]] = {}
    jobs: list[PrintJob] = []
    for cert in certs:
        person = people[cert.person_id]
        if cert.file_sha256:  # a reissue: print today's spelling of the name and course
            cert.holder_name = printed_name(person)
        reason = unprintable_reason(cert.holder_name)
        if reason is not None:
            raise RefusedError(
                f"Certificate {cert.number} was not printed: {reason}; give {person.email} a "
                "name as printed that uses letters Cohort Desk can print."
            )
        page = page_for(session, cert, cert.holder_name, cert.cpd_hours, cache)
        cert.course = page.course
        jobs.append(PrintJob(cert.id, page, person.family_name, person.given_name))
    printing = {c.id for c in certs}
    others = [
        PrintJob(
            c.id,
            page_for(session, c, c.holder_name, c.cpd_hours, cache),
            people[c.person_id].family_name,
            people[c.person_id].given_name,
        )
        for c in neighbours
        if c.id not in printing
    ]
    names = file_names(jobs, others)
    written, combined = write_pages(
        jobs, names, design_in(session), staged, combined_file_name(course, today), progress
    )
    for cert in certs:
        path, sha = written[cert.id]
        if cert.file_sha256:
            cert.reissues += 1
            cert.last_reissued_on = today
        cert.file_sha256 = sha
        result.numbers.append(cert.number)
        result.codes.append(cert.code)
        result.files.append(path)
    if combined is not None:
        result.files.append(combined)
        result.combined = combined


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
) -> IssueResult:
    """Print chosen certificates again (after a name correction, or to replace a lost copy),
    with their numbers, codes and issue dates; each reprint is recorded as a reissue."""
    if not certificate_ids:
        raise RefusedError("Choose at least one certificate to re-print.")
    folder = prepare_folder(Path(out_dir))
    today = today or uk_today()
    signer = signer_for(db)
    staged = StagedFiles(folder)
    try:
        with db.write() as session:
            certs = session.scalars(
                select(Certificate)
                .where(Certificate.id.in_(set(certificate_ids)))
                .order_by(Certificate.year, Certificate.sequence)
            ).all()
            if len(certs) != len(set(certificate_ids)):
                raise NotFoundError(
                    "A chosen certificate is no longer in the database; refresh (F5)."
                )
            revoked = [c.number for c in certs if c.revoked_at is not None]
            if revoked:
                raise RefusedError(
                    f"Certificate {revoked[0]} was revoked, so it cannot be re-printed."
                )
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
            _print(session, certs, neighbours, course, staged, result, progress, today)
            for cert in certs:
                signer.sign(cert)
    except BaseException:
        staged.discard()
        raise
    staged.publish()
    return result
