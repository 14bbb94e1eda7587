"""People's rights under UK GDPR: the subject access export (JSON and PDF) and erasure, which
anonymises someone irreversibly while keeping the anonymous counts the academy reports on."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from cohort_desk import outputs
from cohort_desk.db.audit import record_event
from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Application,
    Attendance,
    AuditEntry,
    Certificate,
    CommunityMembership,
    Enrolment,
    EqualityRecord,
    ImportChange,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
    MessageSent,
    Person,
    Score,
)
from cohort_desk.db.types import utcnow
from cohort_desk.documents.person_report import (
    ReportSection,
    SubjectAccessReport,
    render_subject_access,
)
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import format_date, format_datetime
from cohort_desk.services import settings
from cohort_desk.services.certificates.signing import Signer, signer_if_here
from cohort_desk.services.common import person_in
from cohort_desk.services.evaluation.privacy import erase_from_feedback
from cohort_desk.services.privacy.audit import describe_changes
from cohort_desk.services.privacy.notice import Notice, notice
from cohort_desk.services.privacy.scrub import ScrubReport, scrub_everywhere
from cohort_desk.services.privacy.subject_access import PERSON_LABELS, AccessExport, collect

ERASED_GIVEN, ERASED_FAMILY = "Erased", "person"
ERASED_HOLDER = "erased"
REDACTED = "<erased>"


# Subject access ---------------------------------------------------------------------------


def shown(value: Any) -> str:
    """A value as printed: dates dd/mm/yyyy, times in UK local time, yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# Columns that name other people (reviewed before sending) or staff accounts (left out).
OTHER_PEOPLE = {"mentoring": {"with"}}
STAFF_COLUMNS = {"recorded_by", "who", "issued_by", "panel_member"}
ACTIONS = {
    "created": "Added",
    "updated": "Changed",
    "deleted": "Removed",
    "subject access export": "A copy of your information was prepared for you",
}


def _internal(key: str) -> bool:
    """Field names that mean nothing to the person: database ids, hashes, row versions."""
    return key in {"id", "version", "email_key"} or key.endswith(("_id", "sha256", "_key"))


def plain_history(row: dict[str, Any]) -> dict[str, Any]:
    """A history entry in plain words: no ids, hashes or account names."""
    changes = {k: v for k, v in (row.get("changes") or {}).items() if not _internal(k)}
    action = str(row.get("action", ""))
    return {
        **row,
        "action": ACTIONS.get(action, action.capitalize()),
        "summary": describe_changes(changes, action) if changes else "",
    }


def to_report(
    export: AccessExport, academy: str, about: Notice | None = None
) -> SubjectAccessReport:
    sections = [ReportSection("Your record", rows=[(label, shown(export.person[k]))
                for k, label in PERSON_LABELS])]  # fmt: skip
    for s in export.sections:
        columns = [(k, label) for k, label in s.columns if k not in STAFF_COLUMNS]
        rows = [plain_history(r) for r in s.rows] if s.key == "audit_trail" else s.rows
        table = [[label for _, label in columns]]
        table += [[shown(row.get(k)) for k, _ in columns] for row in rows]
        review = OTHER_PEOPLE.get(s.key, set())
        marked = frozenset(i for i, (k, _) in enumerate(columns) if k in review)
        sections.append(ReportSection(s.title, table=table, review_columns=marked))
    report = SubjectAccessReport(export.person_name, export.generated_at, sections, academy)
    if about is not None:
        report.about = _about_sections(about)
        report.before_sending = [
            *(f"Fill in {gap}." for gap in about.missing()),
            "Check that the purposes and lawful basis below match your organisation's "
            "privacy notice.",
            "Review the highlighted names of other people: disclose them or black them out.",
            "Send within one month of the request; record in the request log when you did.",
        ]
    return report


def _about_sections(about: Notice) -> list[ReportSection]:
    unset = "(not recorded: set it in Preferences before sending)"
    return [
        ReportSection(
            "Who holds your information",
            rows=[
                ("Data controller", about.controller or unset),
                ("Data protection officer", about.dpo or unset),
                ("Questions about this response", about.contact),
            ],
        ),
        ReportSection("Why we hold it, and our lawful basis", rows=about.purposes),
        ReportSection("Who receives it", text=about.recipients),
        ReportSection("How long we keep it", rows=about.retention),
        ReportSection("Your rights", text=about.rights),
        ReportSection("How to complain", text=about.complaints),
    ]


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def export_paths(target: str | os.PathLike[str]) -> tuple[Path, Path]:
    """(json, pdf): -o x.pdf writes x.pdf and x.json; any other name is the JSON file and the
    PDF goes beside it with .pdf added or swapped in."""
    path = Path(target).expanduser()
    if path.suffix.lower() == ".pdf":
        return path.with_suffix(".json"), path
    if path.suffix.lower() == ".json":
        return path, path.with_suffix(".pdf")
    return path, path.with_name(path.name + ".pdf")


def _write_both(files: dict[Path, bytes]) -> None:
    """Both files or neither: a JSON without its PDF would look like a finished export."""
    outputs.write_files(files)


def export_subject_access(
    db: Database, person_id: int, target: str | os.PathLike[str]
) -> AccessExport:
    """Write the JSON and the PDF, and record in the audit trail that they were given out."""
    json_path, pdf_path = export_paths(target)
    if not json_path.parent.is_dir():
        raise UserError(
            f"The folder {json_path.parent} does not exist; create it or choose another."
        )
    # Gathered in a read, rendered outside any transaction: other people can keep saving.
    with db.read() as session:
        export = collect(session, person_in(session, person_id))
        academy = settings.get_in(session, "academy_name")
        about = notice(
            settings.get_in(session, "controller_contact"),
            settings.get_in(session, "dpo_contact"),
            settings.get_in(session, "academy_contact"),
            academy,
            int(settings.get_in(session, "retention_years")),
        )
    pdf = render_subject_access(to_report(export, academy, about))
    text = json.dumps(export.as_json(), default=_json_default, ensure_ascii=False, indent=2)
    _write_both({json_path: (text + "\n").encode("utf-8"), pdf_path: pdf})
    with db.write() as session:
        record_event(
            session,
            "Person",
            export.person_id,
            "subject access export",
            {"files": [json_path.name, pdf_path.name]},
            person_id=export.person_id,
        )
    return export


# Erasure ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureResult:
    person_id: int
    ref: str
    placeholder_email: str
    audit_entries_redacted: int
    copies: ScrubReport | None = None  # what happened in the backups and old row versions


def erased_email(person_id: int) -> str:
    """Unique (the e-mail key is), and .invalid can never be a real address (RFC 2606)."""
    return f"erased-{person_id}@invalid"


def _redact(changes: dict[str, Any] | None) -> dict[str, Any] | None:
    # Which fields changed stays readable for accountability; what they held does not.
    if not changes:
        return changes
    return {
        key: [None if v is None else REDACTED for v in value]
        if isinstance(value, list)
        else REDACTED
        for key, value in changes.items()
    }


def _bump(model: Any) -> dict[str, Any]:
    # Core updates skip the ORM's version check, so bump by hand: anyone holding the old
    # version of these rows gets the "changed by someone else" message, not a silent overwrite.
    return {"version": model.version + 1}


def _forget_messages(session: Session, pid: int) -> list[int]:
    """Blank the subjects and file names of the e-mails written to them, which hold their name,
    and of the same e-mail's record for anyone it went to with them (a mentor introduction
    names both). What was written, when and by whom stays, as anonymous history."""
    mine = session.execute(
        select(MessageSent.file_name, MessageSent.written_at).where(MessageSent.person_id == pid)
    ).all()
    together = or_(
        MessageSent.person_id == pid,
        *((MessageSent.file_name == name) & (MessageSent.written_at == at) for name, at in mine),
    )
    ids = list(session.scalars(select(MessageSent.id).where(together)))
    if ids:
        session.execute(
            update(MessageSent)
            .where(MessageSent.id.in_(ids))
            .values(subject=REDACTED, file_name="", attachments=[])
            .execution_options(synchronize_session=False)
        )
    return ids


def anonymise_in(
    session: Session, person: Person, action: str, reason: str, signer: Signer | None = None
) -> ErasureResult:
    """Replace everything identifying about ``person`` in one transaction. Core updates on
    purpose: the automatic audit hook would otherwise copy the old values into new audit
    entries, which is the very thing erasure must not leave behind."""
    pid, now = person.id, utcnow()
    placeholder = erased_email(pid)
    erase_from_feedback(session, person)  # while their name is still known
    session.execute(
        update(Person)
        .where(Person.id == pid)
        .values(
            title="",
            given_name=ERASED_GIVEN,
            family_name=ERASED_FAMILY,
            preferred_name="",
            name_as_printed="",
            email=placeholder,
            email_key=placeholder,
            phone="",
            organisation_id=None,
            job_title="",
            interests="",
            notes="",
            erased_at=now,
            archived_at=person.archived_at or now,
            updated_at=now,
            **_bump(Person),
        )
        .execution_options(synchronize_session=False)
    )
    pairs = select(MentoringPair.id).where(
        or_(MentoringPair.mentor_id == pid, MentoringPair.mentee_id == pid)
    )
    meeting_ids = list(
        session.scalars(select(MentoringMeeting.id).where(MentoringMeeting.pair_id.in_(pairs)))
    )
    changes: list[tuple[Any, Any, dict[str, Any]]] = [
        (Attendance, Attendance.person_id == pid, {"note": ""}),
        (Enrolment, Enrolment.person_id == pid, {"status_reason": "", "override_reason": ""}),
        # What they wrote when applying, and what the panel noted about it.
        (Application, Application.person_id == pid, {"answers": {}}),
        (Score, Score.person_id == pid, {"note": ""}),
        (Certificate, Certificate.person_id == pid, {"holder_name": ERASED_HOLDER}),
        (
            MentorProfile,
            MentorProfile.person_id == pid,
            {"expertise": "", "notes": "", "active": False},
        ),
        (MentoringPair, MentoringPair.id.in_(pairs), {"end_reason": "", "reasons": None}),
        (MentoringMeeting, MentoringMeeting.id.in_(meeting_ids), {"notes": ""}),
        (
            CommunityMembership,
            CommunityMembership.person_id == pid,
            {"interests": "", "consent_to_contact": False, "source": ""},
        ),
        (
            LeadershipRole,
            LeadershipRole.person_id == pid,
            {"title": ERASED_HOLDER, "body": "", "organisation_id": None},
        ),
    ]
    for model, where, values in changes:
        session.execute(
            update(model)
            .where(where)
            .values(**values, **_bump(model))
            .execution_options(synchronize_session=False)
        )
    session.execute(delete(EqualityRecord).where(EqualityRecord.person_id == pid))
    message_ids = _forget_messages(session, pid)
    session.execute(
        update(ImportChange)
        .where(ImportChange.person_id == pid)
        .values(before=None)
        .execution_options(synchronize_session=False)
    )
    entries = session.execute(
        select(AuditEntry.id, AuditEntry.changes).where(
            or_(
                AuditEntry.person_id == pid,
                (AuditEntry.record_type == "Person") & (AuditEntry.record_id == pid),
                (AuditEntry.record_type == "MentoringMeeting")
                & AuditEntry.record_id.in_(meeting_ids),
                (AuditEntry.record_type == "MessageSent") & AuditEntry.record_id.in_(message_ids),
            )
        )
    ).all()
    redacted = [{"id": i, "changes": _redact(c)} for i, c in entries if c]
    if redacted:
        session.execute(update(AuditEntry), redacted)
    if signer is not None:
        # Their certificates now read "erased": signed again, they still verify as issued.
        certificates = select(Certificate).where(Certificate.person_id == pid)
        for cert in session.scalars(certificates.execution_options(populate_existing=True)):
            signer.sign(cert)
    session.expire(person)
    record_event(session, "Person", pid, action, {"reason": reason}, person_id=pid)
    return ErasureResult(pid, person.ref, placeholder, len(redacted))


def erase_person(db: Database, person_id: int, reason: str = "at their request") -> ErasureResult:
    """Erase someone: irreversible, recorded in the audit trail, and carried
    into every automatic backup (or the backup destroyed), so their details survive nowhere
    Cohort Desk can reach. No backup is taken first: it would hold them again."""
    signer = signer_if_here(db)
    with db.write() as session:
        person = person_in(session, person_id)
        key = (person.id, person.created_at)
        result = anonymise_in(session, person, "erased", reason, signer)
    copies = scrub_everywhere(
        db, [key], lambda session, found: anonymise_in(session, found, "erased", reason, signer)
    )
    return replace(result, copies=copies)


def erased_people(db: Database) -> list[tuple[int, datetime]]:
    """Who has been erased, as (id, created_at): enough to recognise the same record in a
    backup of this database, and nothing that identifies anyone."""
    with db.read() as session:
        query = select(Person.id, Person.created_at).where(Person.erased_at.is_not(None))
        return [(pid, created) for pid, created in session.execute(query)]


def reapply_erasures(db: Database, erased: list[tuple[int, datetime]]) -> int:
    """After a restore, erase again anyone erased since the backup was taken, so restoring
    never brings an erased person back. A record counts as the same one only when both its id
    and its creation time match, so a backup of another database is never touched."""
    again = 0
    with db.write() as session:
        for pid, created in erased:
            person = session.get(Person, pid)
            if person is None or person.erased_at is not None or person.created_at != created:
                continue
            anonymise_in(session, person, "erased", "erased again after a restore")
            again += 1
    return again
