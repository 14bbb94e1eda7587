"""Attendance from a file: a Teams attendance report or a typed list of e-mails. Plan, then apply.

Both kinds of file decide a status for every participant on the session's register:

- Teams report: present, late or left early from first join and last leave against the cohort's
  thresholds; not in the report: absent, unless apologies were already recorded.
- List of e-mails (any spreadsheet with an e-mail column): those listed came, so present; a
  late or left-early mark already made is kept, since a list has no times to contradict it.
  Those not listed are absent unless apologies were already recorded, as for a Teams report,
  so the register is complete after one import.

People in the file who are not participants on the register (guests, the organiser, typos) are
listed, never added.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, Person
from cohort_desk.errors import UserError, ValidationError
from cohort_desk.rules.attendance import STATUS_LABELS, AttendanceRule, classify_join
from cohort_desk.rules.dates import format_date, to_local
from cohort_desk.rules.headers import guess_field
from cohort_desk.rules.names import check_email, clean_text, email_key
from cohort_desk.services.attendance.marking import (
    lines_in,
    session_marks,
    status_counts,
    write_marks,
)
from cohort_desk.services.common import cohort_rule, session_by_id
from cohort_desk.sheets.reading import Cell, read_table
from cohort_desk.sheets.teams import TeamsReport, is_teams_report, read_teams_report
from cohort_desk.vocabulary import AttendanceStatus

TEAMS = "Teams report"
EMAIL_LIST = "list of e-mails"
HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class PlannedMark:
    person_id: int
    ref: str
    name: str
    email: str
    before: str | None
    after: str
    reason: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Outsider:
    """Someone in the file who is not a participant on the register: listed, never added."""

    name: str
    email: str
    reason: str


@dataclass
class AttendancePlan:
    session_id: int
    session_title: str
    session_date: str
    file_name: str
    kind: str
    marks: list[PlannedMark] = field(default_factory=list)
    outsiders: list[Outsider] = field(default_factory=list)

    @property
    def changes(self) -> list[PlannedMark]:
        return [m for m in self.marks if m.changed]

    def counts(self) -> dict[str, int]:
        return status_counts(m.after for m in self.marks)

    def json_document(self, counts: dict[str, int] | None = None) -> dict[str, object]:
        """The shape shared/CLI.md promises for `attend --from ... --json`."""
        return {
            **(counts or self.counts()),
            "not_enrolled": [o.email for o in self.outsiders if o.email],
        }


@dataclass(frozen=True)
class _Seen:
    name: str
    email: str
    first_join: datetime | None = None
    last_leave: datetime | None = None


def plan_from_file(db: Database, session_id: int, path: str | os.PathLike[str]) -> AttendancePlan:
    """Read the file and decide everyone's status, changing nothing."""
    starts_at = _session_start(db, session_id)
    if is_teams_report(path):
        report = read_teams_report(path)
        _check_day(report, starts_at, Path(path).name, session_id)
        seen = [_Seen(a.name, a.email, a.first_join, a.last_leave) for a in report.attendees]
        kind = TEAMS
    else:
        seen = [_Seen("", email) for email in read_email_list(path)]
        kind = EMAIL_LIST
    with db.read() as session:
        cs = session_by_id(session, session_id)
        cohort = session.get(Cohort, cs.cohort_id)
        assert cohort is not None
        rule = cohort_rule(cohort)
        start = to_local(cs.starts_at).replace(tzinfo=None)
        end = to_local(cs.ends_at).replace(tzinfo=None) if cs.ends_at else None
        lines = {line.person_id: line for line in lines_in(session, cs)}
        matched, outsiders = _match(session, seen, set(lines))
        plan = AttendancePlan(
            session_id, cs.title, format_date(cs.starts_at), Path(path).name, kind, [], outsiders
        )
        for person_id, line in lines.items():
            entry = matched.get(person_id)
            if kind == TEAMS:
                after, reason = _from_report(line.status, entry, start, end, rule)
            else:
                after, reason = _from_list(line.status, entry is not None)
            plan.marks.append(
                PlannedMark(
                    person_id, line.ref, line.full_name, line.email, line.status, after, reason
                )
            )
    return plan


def _match(
    session: Session, seen: list[_Seen], register: set[int]
) -> tuple[dict[int, _Seen], list[Outsider]]:
    """Pair the file's entries with participants on the register by e-mail."""
    by_key: dict[str, _Seen] = {}
    outsiders: list[Outsider] = []
    for entry in seen:
        if not entry.email:
            outsiders.append(Outsider(entry.name, "", "no e-mail address in the file"))
            continue
        try:
            key = email_key(check_email(entry.email))
        except ValidationError:
            outsiders.append(Outsider(entry.name, entry.email, "not a valid e-mail address"))
            continue
        by_key.setdefault(key, entry)
    query = select(Person).where(Person.email_key.in_(list(by_key)), Person.erased_at.is_(None))
    people = {p.email_key: p for p in session.scalars(query)}
    matched: dict[int, _Seen] = {}
    for key, entry in by_key.items():
        person = people.get(key)
        if person is not None and person.id in register:
            matched[person.id] = entry
        else:
            why = "not in the database" if person is None else "not enrolled as a participant"
            outsiders.append(Outsider(entry.name, entry.email, why))
    return matched, outsiders


def _session_start(db: Database, session_id: int) -> datetime:
    # Looked up first so that an unknown session is reported before the file is read.
    with db.read() as session:
        return session_by_id(session, session_id).starts_at


def _check_day(report: TeamsReport, starts_at: datetime, name: str, session_id: int) -> None:
    """A report from another day's meeting would mark everyone absent: refuse it instead."""
    day = to_local(starts_at).date()
    days = {a.first_join.date() for a in report.attendees}
    days |= {a.last_leave.date() for a in report.attendees}
    if report.start is not None:
        days.add(report.start.date())
    if days and day not in days:
        when = ", ".join(format_date(d) for d in sorted(days)[:3])
        raise UserError(
            f"The Teams report {name} is for a meeting on {when}, but session {session_id} is "
            f"on {format_date(day)}; choose the report for that day or the right session."
        )


def _from_report(
    before: str | None,
    seen: _Seen | None,
    start: datetime,
    end: datetime | None,
    rule: AttendanceRule,
) -> tuple[str, str]:
    if seen is None or seen.first_join is None or seen.last_leave is None:
        if before == AttendanceStatus.APOLOGIES:
            return AttendanceStatus.APOLOGIES, "not in the report; apologies kept"
        return AttendanceStatus.ABSENT, "not in the report"
    status = classify_join(start, end, seen.first_join, seen.last_leave, rule)
    times = f"joined {seen.first_join:%H:%M}, last left {seen.last_leave:%H:%M}"
    if status == AttendanceStatus.ABSENT:
        if before == AttendanceStatus.APOLOGIES:
            return AttendanceStatus.APOLOGIES, f"{times}, outside the session; apologies kept"
        return AttendanceStatus.ABSENT, f"{times}, outside the session"
    return status, times


def _from_list(before: str | None, listed: bool) -> tuple[str, str]:
    if listed:
        if before in (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY):
            return before, f"listed; {STATUS_LABELS[before].lower()} kept"
        return AttendanceStatus.PRESENT, "listed"
    if before == AttendanceStatus.APOLOGIES:
        return AttendanceStatus.APOLOGIES, "not listed; apologies kept"
    return AttendanceStatus.ABSENT, "not listed"


def read_email_list(path: str | os.PathLike[str]) -> list[str]:
    """The e-mail addresses in a spreadsheet: the column headed as e-mail, or else the column
    where most cells look like addresses (a list typed with no heading)."""
    table = read_table(path)
    rows = table.rows
    column, first = _email_column(rows)
    if column is None:
        raise UserError(
            f"No e-mail addresses were found in {table.file_name}; use a list with one "
            "e-mail address per row, under a heading such as 'Email'."
        )
    found: list[str] = []
    for row in rows[first:]:
        value = clean_text(str(row[column])) if column < len(row) else ""
        if value and value not in found:
            found.append(value)
    if not found:
        raise UserError(
            f"The e-mail column of {table.file_name} is empty; type the addresses of the "
            "people who came under its heading."
        )
    return found


def _email_column(rows: list[list[Cell]]) -> tuple[int | None, int]:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        for column, cell in enumerate(row):
            if isinstance(cell, str) and "@" not in cell and guess_field(cell) == "email":
                return column, index + 1
    tally: dict[int, int] = {}
    for row in rows:
        for column, cell in enumerate(row):
            if isinstance(cell, str) and "@" in cell and _is_email(cell):
                tally[column] = tally.get(column, 0) + 1
    if not tally:
        return None, 0
    return max(tally, key=lambda c: (tally[c], -c)), 0


def _is_email(text: str) -> bool:
    try:
        check_email(text)
    except ValidationError:
        return False
    return True


def apply_plan(db: Database, plan: AttendancePlan) -> dict[str, int]:
    """Write the planned marks in one transaction; returns everyone's status counts after.

    An apology recorded by someone else since the preview is not overwritten with absent.
    """
    with db.write() as session:
        cs = session_by_id(session, plan.session_id)
        current = {pid: row.status for pid, row in session_marks(session, cs.id).items()}
        on_register = {line.person_id for line in lines_in(session, cs)}
        wanted = {
            m.person_id: m.after
            for m in plan.marks
            if m.person_id in on_register
            and current.get(m.person_id) != m.after
            and not (
                m.after == AttendanceStatus.ABSENT
                and current.get(m.person_id) == AttendanceStatus.APOLOGIES
            )
        }
        write_marks(session, cs.id, wanted, "file", db.actor)
        return status_counts(line.status for line in lines_in(session, cs))
