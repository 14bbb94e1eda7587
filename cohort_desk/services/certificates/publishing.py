"""Publishing the verification page: every certificate, sealed under its own code, written as
a folder for any static web host; and how far the published list has fallen behind."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Certificate, Setting, VerificationEntry
from cohort_desk.db.types import utcnow
from cohort_desk.documents.text import clock, long_date
from cohort_desk.documents.verification_data import (
    ITERATIONS,
    Sealing,
    data_document,
    derive_seeds,
    lookup_of,
    seal,
)
from cohort_desk.documents.verification_site import check_folder, write_site
from cohort_desk.errors import RefusedError
from cohort_desk.rules.dates import format_datetime, to_local
from cohort_desk.rules.wording import plural
from cohort_desk.services import settings
from cohort_desk.services.certificates.files import page_for
from cohort_desk.services.certificates.signing import (
    hmac_holds,
    key_problem,
    public_key_in,
    signature_holds,
)
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.vocabulary import CertificateState

#: Where the last publication is remembered (not a preference: the window and the command
#: line write it, nobody edits it). Shared, so any administrator can publish again.
PUBLICATION_KEY = "verification_publication"
_CHUNK = 200


@dataclass(frozen=True)
class Publication:
    folder: str
    published_at: datetime
    published_by: str
    certificates: int
    salt: bytes
    iterations: int

    def as_json(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "published_at": self.published_at.isoformat(),
            "published_by": self.published_by,
            "certificates": self.certificates,
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "iterations": self.iterations,
        }

    @classmethod
    def from_json(cls, text: str) -> Publication:
        data = json.loads(text)
        return cls(
            folder=data["folder"],
            published_at=datetime.fromisoformat(data["published_at"]),
            published_by=data["published_by"],
            certificates=int(data["certificates"]),
            salt=base64.b64decode(data["salt"]),
            iterations=int(data["iterations"]),
        )


@dataclass(frozen=True)
class PublicationStatus:
    """The last publication (None before the first) and how many certificates were issued
    or changed (revoked, re-printed, holder erased) since."""

    publication: Publication | None
    behind: int

    @property
    def sentence(self) -> str:
        if self.publication is None:
            return "The verification page has not been published yet."
        when = format_datetime(self.publication.published_at)
        if self.behind == 0:
            return f"The published list is up to date (published {when})."
        changes = plural(self.behind, "change")
        return f"The published list is {changes} behind (published {when})."


@dataclass
class PublishResult:
    folder: Path
    published_at: datetime
    certificates: int = 0
    revoked: int = 0
    derived: int = 0
    left_out: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def message(self) -> str:
        count = plural(self.certificates, "certificate")
        text = f"Published {count}"
        if self.revoked:
            text += f" ({self.revoked:,} revoked)"
        text += f" to {self.folder}."
        if self.left_out:
            text += (
                f" Left out {len(self.left_out):,} whose record no longer checks out "
                f"({', '.join(self.left_out[:3])}{'…' if len(self.left_out) > 3 else ''})."
            )
        return text


def publication_status(db: Database) -> PublicationStatus:
    with db.read() as session:
        publication = _publication(session)
        behind = session.scalar(
            select(func.count())
            .select_from(Certificate)
            .outerjoin(VerificationEntry, VerificationEntry.certificate_id == Certificate.id)
            .where(
                or_(
                    VerificationEntry.certificate_id.is_(None),
                    VerificationEntry.certificate_version != Certificate.version,
                )
            )
        )
    return PublicationStatus(publication, int(behind or 0) if publication else 0)


def _publication(session: Session) -> Publication | None:
    row = session.get(Setting, PUBLICATION_KEY)
    if row is None or not row.value:
        return None
    return Publication.from_json(row.value)


def publish_again(db: Database, progress: Progress = NO_PROGRESS) -> PublishResult:
    """Publish to the folder of the last publication, replacing the page there."""
    status = publication_status(db)
    if status.publication is None:
        raise RefusedError("The verification page has not been published yet; choose a folder.")
    folder = Path(status.publication.folder)
    if not folder.is_dir():
        raise RefusedError(
            f"The folder {folder} where the list was last published is not on this computer; "
            "choose a folder to publish to."
        )
    return publish_verification(db, folder, overwrite=True, progress=progress)


def publish_verification(
    db: Database,
    folder: Path | str,
    *,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
    now: datetime | None = None,
) -> PublishResult:
    """Write the verification page and its sealed list of every certificate into ``folder``,
    and remember the folder, the time and what was published."""
    target = check_folder(Path(folder), overwrite)
    now = now or utcnow()
    with db.read() as session:
        previous = _publication(session)
        if previous is not None and previous.iterations == ITERATIONS:
            sealing = Sealing(previous.salt, previous.iterations)
            seeds = {
                e.certificate_id: (e.seed, e.certificate_version)
                for e in session.scalars(select(VerificationEntry))
            }
        else:
            sealing, seeds = Sealing.new(), {}
        academy = settings.get_in(session, "academy_name")
        rows = _details(db, session)
    result = PublishResult(target, now)
    fresh = [r for r in rows if r.sound and not seeds.get(r.id, ("", 0))[0]]
    derived: dict[int, bytes] = {}
    for start in range(0, len(fresh), _CHUNK):
        progress.step(start, len(fresh), "Sealing the certificates under their codes")
        chunk = fresh[start : start + _CHUNK]
        derived.update(
            zip((r.id for r in chunk), derive_seeds((r.code for r in chunk), sealing), strict=True)
        )
    progress.step(len(fresh), len(fresh), "Writing the page")
    entries: dict[str, str] = {}
    kept: list[dict[str, Any]] = []
    for row in rows:
        if not row.sound:
            result.left_out.append(row.details["number"])
            kept.append({"certificate_id": row.id, "certificate_version": row.version, "seed": ""})
            continue
        seed = derived.get(row.id) or bytes.fromhex(seeds[row.id][0])
        entries[lookup_of(seed)] = seal(seed, row.details)
        kept.append(
            {"certificate_id": row.id, "certificate_version": row.version, "seed": seed.hex()}
        )
        result.certificates += 1
        result.revoked += row.details["status"] == CertificateState.REVOKED
    result.derived = len(derived)
    local = to_local(now)
    document = data_document(
        entries,
        sealing,
        now.isoformat(),
        f"{long_date(local, weekday=False)} at {clock(local)}",
        academy,
    )
    result.files = write_site(target, document)
    publication = Publication(
        str(target), now, db.actor, result.certificates, sealing.salt, sealing.iterations
    )
    with db.write() as session:
        session.execute(delete(VerificationEntry))
        if kept:
            session.execute(insert(VerificationEntry), kept)
        setting = session.get(Setting, PUBLICATION_KEY)
        value = json.dumps(publication.as_json())
        if setting is None:
            session.add(Setting(key=PUBLICATION_KEY, value=value))
        else:
            setting.value = value
    return result


@dataclass
class _Row:
    id: int
    version: int
    code: str
    sound: bool  # its code and signature still match (not altered behind Cohort Desk's back)
    details: dict[str, Any]


def _details(db: Database, session: Session) -> list[_Row]:
    """What the page may say about each certificate. Never the revoke reason (it can be
    about a person's conduct) and nothing used to find a person: no e-mail, no organisation.
    A record that `verify` would not vouch for (its code or signature no longer matches) is
    left out, so the page never says "genuine" where the app would not."""
    public_raw = public_key_in(session)
    problem = key_problem(db, public_raw)
    if problem:
        raise RefusedError(problem)
    certs = session.scalars(
        select(Certificate).order_by(Certificate.issued_on, Certificate.id)
    ).all()
    replacements = _replacements(certs)
    cache: dict[tuple[str, int | None], tuple[str, str, str]] = {}
    rows = []
    for cert in certs:
        page = page_for(session, cert, cert.holder_name, cert.cpd_hours, cache)
        details: dict[str, Any] = {
            "number": cert.number,
            "kind": cert.kind,
            "name": cert.holder_name,
            "course": cert.course,
            "programme": page.programme,
            "dates": page.dates_text,
            "cpd_hours": cert.cpd_hours or None,
            "issued": cert.issued_on.isoformat(),
            "reprinted": cert.last_reissued_on.isoformat() if cert.last_reissued_on else None,
            "status": CertificateState.REVOKED if cert.revoked_at else CertificateState.VALID,
            "revoked": to_local(cert.revoked_at).date().isoformat() if cert.revoked_at else None,
            "replaced_by": replacements.get(cert.id),
        }
        sound = hmac_holds(session, cert) and (
            public_raw is None or signature_holds(cert, public_raw)
        )
        rows.append(
            _Row(
                cert.id,
                cert.version,
                cert.code,
                sound,
                {k: v for k, v in details.items() if v is not None},
            )
        )
    return rows


def _replacements(certs: Sequence[Certificate]) -> dict[int, str]:
    """For each revoked certificate, the number of a later one that stands for the same person
    and the same cohort or session, if the academy issued one."""
    standing: dict[tuple[Any, ...], list[Certificate]] = {}
    for cert in certs:
        if cert.revoked_at is None:
            key = (cert.person_id, cert.kind, cert.cohort_id, cert.session_id)
            standing.setdefault(key, []).append(cert)
    found: dict[int, str] = {}
    for cert in certs:
        if cert.revoked_at is None:
            continue
        later = [
            c
            for c in standing.get((cert.person_id, cert.kind, cert.cohort_id, cert.session_id), [])
            if (c.issued_on, c.id) > (cert.issued_on, cert.id)
        ]
        if later:
            found[cert.id] = later[0].number
    return found
