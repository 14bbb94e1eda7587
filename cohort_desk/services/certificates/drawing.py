"""Drawing certificates with no lock held, so another administrator's save never waits for a
run's PDFs.

A run is planned in a short read (who gets which number, what each page says), drawn into
staged files outside any transaction, then saved in one short write: the new records with
their numbers, file hashes and signatures, the reprints' counts, all at once. The write first
checks that nothing the plan rests on changed meanwhile (the year's highest number, the
course's certificates and their versions); if something did, another run got there first, so
the files are thrown away and the run is planned and drawn again. A run killed at any moment
therefore leaves all of its records or none, and no record without its file's hash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Certificate, Person
from cohort_desk.documents.certificates import CertificateDesign
from cohort_desk.documents.fonts import describe_missing, missing_characters
from cohort_desk.errors import RefusedError
from cohort_desk.services.certificates.design import design_in
from cohort_desk.services.certificates.eligibility import printed_name
from cohort_desk.services.certificates.files import (
    PrintJob,
    StagedFiles,
    combined_file_name,
    file_names,
    page_for,
    write_pages,
)
from cohort_desk.services.certificates.numbers import lock_numbering
from cohort_desk.services.certificates.results import IssueResult
from cohort_desk.services.certificates.signing import Signer
from cohort_desk.services.progress import Progress

log = logging.getLogger(__name__)

#: Runs drawn outside the lock before one is drawn holding it, as every run once was: only
#: another run saving first makes a plan stale, so this bounds the redrawing when many overlap.
OPTIMISTIC_TRIES = 3

Written = dict[int, tuple[Path, str]]


@dataclass
class Drawing:
    """What one run prints: a page per certificate (keyed by its id, or a negative stand-in
    for a certificate not yet saved) and the names of their files."""

    jobs: list[PrintJob] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    holders: dict[int, str] = field(default_factory=dict)  # the name each page prints
    design: CertificateDesign | None = None
    combined_name: str = ""


def unprintable_reason(name: str) -> str | None:
    """Why a name cannot go on a certificate (characters no bundled font has), or None."""
    if not name.strip():
        return "the name is empty"
    missing = missing_characters(name)
    return f"it contains {describe_missing(missing)}" if missing else None


def key_of(cert: Certificate, index: int) -> int:
    """A certificate's key in a drawing: its id once saved, else -1, -2... by position."""
    return cert.id if cert.id is not None else -(index + 1)


def prepare(
    session: Session,
    certs: Sequence[Certificate],
    neighbours: Sequence[Certificate],
    course: str,
    today: date,
) -> Drawing:
    """Plan the pages of ``certs`` (read only). Re-printed ones (those already hashed) show the
    holder's name as it is now. ``neighbours`` are the course's other certificates, whose file
    names new ones must not take."""
    drawing = Drawing()
    if not certs:
        return drawing
    ids = {c.person_id for c in (*certs, *neighbours)}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    cache: dict[tuple[str, int | None], tuple[str, str, str]] = {}
    for index, cert in enumerate(certs):
        person = people[cert.person_id]
        holder = printed_name(person) if cert.file_sha256 else cert.holder_name
        reason = unprintable_reason(holder)
        if reason is not None:
            raise RefusedError(
                f"Certificate {cert.number} was not printed: {reason}; give {person.email} a "
                "name as printed that uses letters Cohort Desk can print."
            )
        key = key_of(cert, index)
        page = page_for(session, cert, holder, cert.cpd_hours, cache)
        drawing.holders[key] = holder
        drawing.jobs.append(PrintJob(key, page, person.family_name, person.given_name))
    printing = {c.id for c in certs if c.id is not None}
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
    drawing.names = file_names(drawing.jobs, others)
    drawing.design = design_in(session)
    drawing.combined_name = combined_file_name(course, today)
    return drawing


def draw(drawing: Drawing, staged: StagedFiles, progress: Progress) -> tuple[Written, Path | None]:
    if not drawing.jobs:
        return {}, None
    assert drawing.design is not None
    return write_pages(
        drawing.jobs, drawing.names, drawing.design, staged, drawing.combined_name, progress
    )


class Run(Protocol):
    """One planned run: what it draws, whether its plan still holds, and how it is saved."""

    drawing: Drawing

    def still_current(self, session: Session) -> bool: ...

    def record(self, session: Session, written: Written, combined: Path | None) -> None: ...


R = TypeVar("R", bound=Run)


def run_without_lock(
    db: Database,
    plan: Callable[[Session], R],
    staging: Callable[[], StagedFiles],
    progress: Progress,
) -> R:
    """Plan, draw with no lock held and save ``plan``'s run; planned and drawn again while
    another run saved first, and finally drawn under the lock (which always succeeds)."""
    for attempt in range(OPTIMISTIC_TRIES):
        with db.read() as session:
            run = plan(session)
        if not run.drawing.jobs:
            return run  # nothing to draw is nothing to save
        staged = staging()
        try:
            written, combined = draw(run.drawing, staged, progress)
            with db.write() as session:
                lock_numbering(session)
                saved = run.still_current(session)
                if saved:
                    run.record(session, written, combined)
        except BaseException:
            staged.discard()
            raise
        if saved:
            staged.publish()
            return run
        staged.discard()
        log.info("another certificate run saved first; drawing again (try %d)", attempt + 2)
    staged = staging()
    try:
        with db.write() as session:
            lock_numbering(session)
            run = plan(session)
            written, combined = draw(run.drawing, staged, progress)
            run.record(session, written, combined)
    except BaseException:
        staged.discard()
        raise
    staged.publish()
    return run


class Recording(Protocol):
    """What saving a drawn run needs besides its certificates."""

    result: IssueResult
    drawing: Drawing
    signer: Signer
    today: date


def record_drawn(
    session: Session,
    certs: Sequence[Certificate],
    run: Recording,
    written: Written,
    combined: Path | None,
) -> None:
    """Save the drawn ``certs`` (in the order they were prepared): new ones added with their
    file hashes; re-printed ones (those already hashed) recorded as reissues with the name they
    now show; each signed over what it now says."""
    result = run.result
    for index, cert in enumerate(certs):
        key = key_of(cert, index)
        live = cert if cert.id is None else session.get(Certificate, cert.id)
        assert live is not None  # the plan was checked against the database just now
        path, sha = written[key]
        if live.file_sha256:
            live.holder_name = run.drawing.holders[key]
            live.reissues += 1
            live.last_reissued_on = run.today
        live.course = run.drawing.jobs[index].page.course
        live.file_sha256 = sha
        run.signer.sign(live)
        if cert.id is None:
            session.add(live)
        result.numbers.append(live.number)
        result.codes.append(live.code)
        result.files.append(path)
    if combined is not None:
        result.files.append(combined)
        result.combined = combined
