"""Marking attendance for one session: its register, marks by key or list, walk-ins, notes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    Organisation,
    Person,
    Programme,
    person_ref,
)
from cohort_desk.documents.registers import RegisterData, RegisterPerson
from cohort_desk.documents.text import sort_key
from cohort_desk.errors import NotFoundError, ValidationError
from cohort_desk.rules.attendance import STATUS_LABELS
from cohort_desk.rules.characters import as_typed
from cohort_desk.rules.names import email_key, listed_name
from cohort_desk.rules.participants import COUNTED_STATUSES
from cohort_desk.services import settings
from cohort_desk.services.common import session_in
from cohort_desk.services.sessions.cancelling import refuse_if_cancelled
from cohort_desk.vocabulary import AttendanceSource, AttendanceStatus, Role

MAX_NOTE = 200


@dataclass(slots=True)
class RegisterLine:
    """One participant of a session as the marking screen shows them."""

    person_id: int
    given_name: str
    family_name: str
    email: str
    organisation: str
    status: str | None
    note: str
    source: str
    recorded_at: datetime | None
    recorded_by: str

    @property
    def ref(self) -> str:
        return person_ref(self.person_id)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def sort_name(self) -> str:
        return listed_name(self.given_name, self.family_name)


@dataclass(frozen=True)
class MarkResult:
    changed: int
    counts: dict[str, int]  # everyone on the register by the status they now have


def participants_query(cohort_id: int) -> Select[Person, str | None]:
    """Everyone on the cohort's registers, in the order a register prints them."""
    return (
        select(Person, Organisation.name)
        .join(Enrolment, Enrolment.person_id == Person.id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(
            Enrolment.cohort_id == cohort_id,
            Enrolment.role == Role.PARTICIPANT,
            Enrolment.status.in_(COUNTED_STATUSES),
            Person.erased_at.is_(None),
        )
        .order_by(func.lower(Person.family_name), func.lower(Person.given_name), Person.id)
    )


def session_marks(session: Session, session_id: int) -> dict[int, Attendance]:
    rows = session.scalars(select(Attendance).where(Attendance.session_id == session_id))
    return {row.person_id: row for row in rows}


def lines_in(session: Session, cs: CohortSession) -> list[RegisterLine]:
    marks = session_marks(session, cs.id)
    lines: list[RegisterLine] = []
    for person, organisation in session.execute(participants_query(cs.cohort_id)):
        mark = marks.get(person.id)
        lines.append(
            RegisterLine(
                person_id=person.id,
                given_name=person.given_name,
                family_name=person.family_name,
                email=person.email,
                organisation=organisation or "",
                status=mark.status if mark else None,
                note=mark.note if mark else "",
                source=mark.source if mark else "",
                recorded_at=mark.recorded_at if mark else None,
                recorded_by=mark.recorded_by if mark else "",
            )
        )
    # The printed register's order (accents folded: Ó Dónaill files under O), so the marks
    # are keyed in from the paper top to bottom.
    lines.sort(key=lambda x: printed_order(x.family_name, x.given_name, x.ref))
    return lines


def printed_order(family_name: str, given_name: str, ref: str) -> tuple[str, str, str, str]:
    """The order of the printed register (documents.registers.person_sort_key)."""
    return (sort_key(family_name), sort_key(given_name), family_name, ref)


def register_lines(db: Database, session_id: int) -> list[RegisterLine]:
    """The session's participants with the marks recorded so far (None: not marked yet)."""
    with db.read() as session:
        return lines_in(session, session_in(session, session_id))


def status_counts(statuses: Iterable[str | None]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(AttendanceStatus, 0)
    for status in statuses:
        if status is not None:
            counts[status] += 1
    return counts


def check_status(status: str) -> str:
    if status not in set(AttendanceStatus):
        words = ", ".join(s.replace("_", " ") for s in AttendanceStatus)
        raise ValidationError(f"'{status}' is not an attendance status; use {words}.", "status")
    return status


def check_source(source: str) -> str:
    if source not in set(AttendanceSource):
        raise ValueError(f"unknown attendance source {source!r}")
    return source


def _people_for(
    session: Session, cs: CohortSession, keys: Iterable[int | str]
) -> dict[object, int]:
    """Person ids for e-mails or ids; every one must be on the session's register."""
    found: dict[object, Person] = {}
    unknown: list[str] = []
    for key in keys:
        if isinstance(key, int):
            person = session.get(Person, key)
        else:
            person = session.scalar(select(Person).where(Person.email_key == email_key(key)))
        if person is None or person.erased_at is not None:
            unknown.append(f"number {key}" if isinstance(key, int) else as_typed(key))
        else:
            found[key] = person
    if unknown:
        raise NotFoundError(
            f"No one with the e-mail address {_and(unknown)} is in the database, so nothing "
            "was marked; check the spelling or add them first."
        )
    active = set(session.scalars(participants_query(cs.cohort_id).with_only_columns(Person.id)))
    outsiders = [p for p in found.values() if p.id not in active]
    if outsiders:
        cohort = session.get(Cohort, cs.cohort_id)
        lapsed: dict[int, str] = {
            person_id: status
            for person_id, status in session.execute(
                select(Enrolment.person_id, Enrolment.status).where(
                    Enrolment.cohort_id == cs.cohort_id, Enrolment.role == Role.PARTICIPANT
                )
            )
        }
        # Say why someone listed on the cohort is not expected, e.g. "(withdrawn)".
        names = _and(
            [
                f"{p.full_name} ({p.email}{', ' + lapsed[p.id] if p.id in lapsed else ''})"
                for p in outsiders
            ]
        )
        verb = "is" if len(outsiders) == 1 else "are"
        raise ValidationError(
            f"{names} {verb} not enrolled as a participant in {cohort.name if cohort else ''}, "
            "so nothing was marked; enrol them first or check the address.",
            field="email",
        )
    return {key: person.id for key, person in found.items()}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def write_marks(
    session: Session,
    session_id: int,
    wanted: Mapping[int, str],
    source: str,
    actor: str,
    note: str | None = None,
) -> int:
    """Insert or update marks through the ORM (so the audit trail sees them); returns how many
    changed. A note of None leaves any existing note alone."""
    meeting = session.get(CohortSession, session_id)
    if meeting is not None:
        refuse_if_cancelled(meeting)
    existing = session_marks(session, session_id)
    changed = 0
    for person_id, status in wanted.items():
        row = existing.get(person_id)
        if row is None:
            row = Attendance(session_id=session_id, person_id=person_id, note=note or "")
            session.add(row)
        elif row.status == status and (note is None or note == row.note):
            continue
        row.status, row.source, row.recorded_by = status, source, actor
        if note is not None:
            row.note = note
        changed += 1
    session.flush()
    return changed


def _counts_in(session: Session, cs: CohortSession) -> dict[str, int]:
    return status_counts(line.status for line in lines_in(session, cs))


def mark(
    db: Database,
    session_id: int,
    marks: Mapping[int, str] | Mapping[str, str] | Mapping[int | str, str],
    source: str = AttendanceSource.WINDOW,
    note: str | None = None,
) -> MarkResult:
    """Record statuses for people given by e-mail or person id: all of them, or none.

    Anyone not enrolled as a participant is an error naming them, never a silent enrolment.
    """
    wanted = {key: check_status(status) for key, status in marks.items()}
    check_source(source)
    note = _check_note(note)
    with db.write() as session:
        cs = session_in(session, session_id)
        ids = _people_for(session, cs, wanted.keys())
        by_person = {ids[key]: status for key, status in wanted.items()}
        changed = write_marks(session, cs.id, by_person, source, db.actor, note)
        return MarkResult(changed, _counts_in(session, cs))


def _check_note(note: str | None) -> str | None:
    if note is None:
        return None
    note = " ".join(note.split())
    if len(note) > MAX_NOTE:
        raise ValidationError(f"Keep the note under {MAX_NOTE} characters.", field="note")
    return note


def mark_all_present(
    db: Database, session_id: int, source: str = AttendanceSource.WINDOW
) -> MarkResult:
    """Mark everyone not yet marked as present; marks already made (apologies, late) stay."""
    check_source(source)
    with db.write() as session:
        cs = session_in(session, session_id)
        unmarked = {
            line.person_id: AttendanceStatus.PRESENT
            for line in lines_in(session, cs)
            if not line.status
        }
        changed = write_marks(session, cs.id, unmarked, source, db.actor)
        return MarkResult(changed, _counts_in(session, cs))


def clear_marks(db: Database, session_id: int, person_ids: Iterable[int]) -> int:
    """Remove marks made in error, so those people show as not marked again."""
    ids = list(person_ids)
    with db.write() as session:
        session_in(session, session_id)
        rows = session.scalars(
            select(Attendance).where(
                Attendance.session_id == session_id, Attendance.person_id.in_(ids)
            )
        ).all()
        for row in rows:
            session.delete(row)  # one by one, so the audit trail records each
        return len(rows)


def set_note(db: Database, session_id: int, person_id: int, note: str) -> None:
    """A note beside someone's mark ("left at 11 for clinic"); they must be marked first."""
    text = _check_note(note) or ""
    with db.write() as session:
        session_in(session, session_id)
        row = session_marks(session, session_id).get(person_id)
        if row is None:
            raise ValidationError("Mark this person's attendance first, then add a note.", "note")
        if row.note != text:
            row.note = text
            row.recorded_by = db.actor


def register_data(db: Database, session_id: int) -> RegisterData:
    """Everything the printed sign-in register needs, as plain values."""
    academy = settings.get(db, "academy_name")
    logo = settings.get_blob(db, "logo")
    with db.read() as session:
        cs = session_in(session, session_id)
        cohort = session.get(Cohort, cs.cohort_id)
        assert cohort is not None
        programme = session.get(Programme, cohort.programme_id)
        facilitator = session.get(Person, cs.facilitator_id) if cs.facilitator_id else None
        people = [
            RegisterPerson(
                ref=person.ref,
                given_name=person.given_name,
                family_name=person.family_name,
                organisation=organisation or "",
                job_title=person.job_title,
                printed_name=person.name_as_printed,
            )
            for person, organisation in session.execute(participants_query(cohort.id))
        ]
        # In the printed order (accents folded), as the lines on screen are: SQL's lower()
        # folds only A-Z and put "Ó Briain" after "Zhang".
        people.sort(key=lambda p: printed_order(p.family_name, p.given_name, p.ref))
        return RegisterData(
            academy_name=academy,
            logo=logo,
            programme=programme.name if programme else "",
            cohort=cohort.name,
            session_title=cs.title,
            session_kind=cs.kind.capitalize(),
            starts_at=cs.starts_at,
            ends_at=cs.ends_at,
            venue=cs.venue,
            online_link=cs.online_link,
            facilitator=facilitator.full_name if facilitator else "",
            people=people,
        )


def counts_sentence(counts: Mapping[str, int]) -> str:
    """'12 present, 2 late and 1 apologies', skipping the statuses nobody has."""
    parts = [f"{n} {STATUS_LABELS[s].lower()}" for s, n in counts.items() if n]
    return _and(parts) if parts else "nobody marked"
