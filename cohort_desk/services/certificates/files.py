"""Certificates on paper: what each page says, safe file names, and files that appear in the
folder only once their issue is saved."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cohort_desk import paths, unfinished
from cohort_desk.db.models import Certificate, Cohort, CohortSession
from cohort_desk.documents.certificates import (
    CertificateData,
    CertificateDesign,
    certificate_file_name,
    render_certificate,
    render_certificates,
)
from cohort_desk.documents.text import long_date
from cohort_desk.errors import UserError, ValidationError, is_file_in_use
from cohort_desk.rules.dates import to_local
from cohort_desk.services import settings
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.unfinished import TEMP_PREFIX, TEMP_SUFFIX
from cohort_desk.vocabulary import CertificateKind


def verify_who(session: Session) -> str:
    """Whom a reader asks to check a certificate: the academy's contact, else its name."""
    from cohort_desk.services import settings

    contact = settings.get_in(session, "academy_contact").strip()
    academy = settings.get_in(session, "academy_name").strip()
    if contact and academy:
        return f"{academy} ({contact})"
    return contact or academy


def _month_year(day: date) -> str:
    return long_date(day, weekday=False).split(" ", 1)[1]  # "2 February 2026" -> month and year


def describe_dates(first: date | None, last: date | None) -> str:
    """ "February to September 2026", "November 2025 to June 2026" or "3 March 2026"."""
    first, last = first or last, last or first
    if first is None or last is None:
        return ""
    if first == last:
        return long_date(first, weekday=False)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {long_date(last, weekday=False)}"
    start = _month_year(first) if first.year != last.year else _month_year(first).split(" ")[0]
    return f"{start} to {_month_year(last)}"


def cohort_dates(session: Session, cohort: Cohort) -> str:
    first, last = cohort.starts_on, cohort.ends_on
    if first is None or last is None:
        bounds = session.execute(
            select(func.min(CohortSession.starts_at), func.max(CohortSession.starts_at)).where(
                CohortSession.cohort_id == cohort.id
            )
        ).one()
        first = first or (to_local(bounds[0]).date() if bounds[0] else None)
        last = last or (to_local(bounds[1]).date() if bounds[1] else None)
    return describe_dates(first, last)


def page_for(
    session: Session,
    cert: Certificate,
    name: str,
    cpd_hours: float | None,
    cache: dict[tuple[str, int | None], tuple[str, str, str]] | None = None,
) -> CertificateData:
    """What one certificate says, from its record and the cohort or session it is for.
    ``cache`` spares a thousand identical look-ups when a whole cohort is printed."""
    cache = {} if cache is None else cache
    key = (
        cert.kind,
        cert.cohort_id if cert.kind == CertificateKind.COMPLETION else cert.session_id,
    )
    if key not in cache:
        if cert.kind == CertificateKind.COMPLETION:
            cohort = session.get(Cohort, cert.cohort_id)
            assert cohort is not None
            cache[key] = (cohort.programme.name, cohort.name, cohort_dates(session, cohort))
        else:
            meeting = session.get(CohortSession, cert.session_id)
            assert meeting is not None
            # The programme's name, never the cohort's internal one ("SLA Cohort 1 (2025-26)").
            cache[key] = (
                meeting.cohort.programme.name,
                meeting.title,
                long_date(to_local(meeting.starts_at).date(), weekday=False),
            )
    programme, course, dates = cache[key]
    # Read once per print run rather than per page, in the same cache.
    if "verify_who" not in cache:  # type: ignore[comparison-overlap]
        cache["verify_who"] = (verify_who(session), "", "")  # type: ignore[index]
    if "verify_address" not in cache:  # type: ignore[comparison-overlap]
        address = settings.get_in(session, "verification_address")
        cache["verify_address"] = (address, "", "")  # type: ignore[index]
    return CertificateData(
        kind=CertificateKind(cert.kind),
        name=name,
        programme=programme,
        course=course,
        dates_text=dates,
        cpd_hours=cpd_hours if cpd_hours else None,
        number=cert.number,
        code=cert.code,
        issued_on=cert.issued_on,
        verify_hint=cache["verify_who"][0],  # type: ignore[index]
        verify_address=cache["verify_address"][0],  # type: ignore[index]
    )


@dataclass
class PrintJob:
    """One certificate to write: its page, and the parts of its file name."""

    certificate_id: int
    page: CertificateData
    family_name: str
    given_name: str


def file_names(jobs: Sequence[PrintJob], others: Sequence[PrintJob] = ()) -> dict[int, str]:
    """ "Family Given - Course.pdf" for each job; where two people share a name (among these
    jobs and the others already issued for the same course) the number tells their files apart,
    so one never overwrites the other."""
    base = {
        j.certificate_id: certificate_file_name(j.family_name, j.given_name, j.page.course)
        for j in (*others, *jobs)
    }
    counts: dict[str, int] = {}
    for name in base.values():
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    names: dict[int, str] = {}
    for job in jobs:
        name = base[job.certificate_id]
        if counts[name.casefold()] > 1:
            suffix = f" ({job.page.number})"
            stem = certificate_file_name(
                job.family_name, job.given_name, job.page.course, limit=120 - len(suffix)
            )
            name = f"{stem[:-4]}{suffix}.pdf"
        names[job.certificate_id] = name
    return names


def prepare_folder(folder: Path) -> Path:
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"{folder} is a file; give a folder for the certificates.", "out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".cohort-desk-{secrets.token_hex(4)}.probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        raise UserError(
            f"Cohort Desk cannot write to the folder {folder}; choose another folder."
        ) from None
    unfinished.sweep()  # part-files of an earlier run that was killed
    return folder.resolve()


class StagedFiles:
    """Files written beside their final names and moved into place only after the database
    has saved the issue, so a failed or cancelled run leaves no certificate that is not on
    record (and a record never points at a half-written file)."""

    def __init__(self, folder: Path, overwrite: bool = True) -> None:
        self.folder = folder
        self.overwrite = overwrite  # False: a file of the same name already there is refused
        self._staged: list[tuple[Path, Path]] = []
        # Noted outside the folder, so a run killed part-way has its part-files (which hold
        # names) removed on the next start or run.
        self._token = unfinished.begin(folder)

    def add(self, name: str, data: bytes) -> Path:
        final = self.folder / name
        if not self.overwrite and final.exists():
            raise UserError(
                f"{final} already exists; choose another folder, or add --overwrite to "
                "replace it. Nothing was issued."
            )
        temp = self.folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}"
        try:
            paths.create_private_file(temp)
            temp.write_bytes(data)
        except OSError as exc:
            raise UserError(
                f"Cohort Desk could not write {final} ({exc.strerror or exc}); "
                "free some space or choose another folder."
            ) from None
        self._staged.append((temp, final))
        return final

    def unique(self, name: str) -> str:
        """A name not yet used in the folder nor in this run: "x.pdf", "x (2).pdf"..."""
        taken = {final.name.casefold() for _, final in self._staged}
        stem, n = name[:-4], 2
        while name.casefold() in taken or (self.folder / name).exists():
            name, n = f"{stem} ({n}).pdf", n + 1
        return name

    def publish(self) -> None:
        """Move every file into place. Called after the issue is saved, so a file that cannot
        be replaced (open in Acrobat or Excel on Windows) must say the issue itself stands."""
        failed: list[tuple[Path, OSError]] = []
        for temp, final in self._staged:
            try:
                os.replace(temp, final)
            except OSError as exc:
                temp.unlink(missing_ok=True)
                failed.append((final, exc))
        self._staged.clear()
        unfinished.end(self._token)
        if failed:
            final, error = failed[0]
            reason = (
                "it is open in another program; close it in Excel (or the program that has it open)"
                if is_file_in_use(error)
                else f"of an error ({error.strerror or error})"
            )
            raise UserError(
                f"The certificates were issued and recorded, but {final.name}"
                f"{f' and {len(failed) - 1} other files' if len(failed) > 1 else ''} could not "
                f"be saved because {reason}, then print them again (--reissue)."
            )

    def discard(self) -> None:
        for temp, _ in self._staged:
            temp.unlink(missing_ok=True)
        self._staged.clear()
        unfinished.end(self._token)


def write_pages(
    jobs: Sequence[PrintJob],
    names: dict[int, str],
    design: CertificateDesign,
    staged: StagedFiles,
    combined_name: str,
    progress: Progress = NO_PROGRESS,
) -> tuple[dict[int, tuple[Path, str]], Path | None]:
    """Each job as its own PDF and all of them in one PDF for printing. Returns
    {certificate id: (path, SHA-256 of the file)} and the combined file's path."""
    written: dict[int, tuple[Path, str]] = {}
    total = len(jobs) * 2
    for index, job in enumerate(jobs):
        progress.step(index, total, f"Writing certificate {index + 1:,} of {len(jobs):,}")
        data = render_certificate(job.page, design)
        written[job.certificate_id] = (
            staged.add(names[job.certificate_id], data),
            hashlib.sha256(data).hexdigest(),
        )
    if not jobs:
        return written, None

    def pages() -> Iterator[CertificateData]:
        # Stepping per page keeps Cancel working while the combined file is drawn.
        for index, job in enumerate(jobs):
            progress.step(len(jobs) + index, total, "Putting every certificate in one file")
            yield job.page

    combined = staged.add(staged.unique(combined_name), render_certificates(pages(), design))
    progress.step(total, total, "Saving")
    return written, combined


def combined_file_name(course: str, on: date) -> str:
    return certificate_file_name(course, "", f"all certificates {on.isoformat()}")
