"""Attendance from a file: a Teams attendance report or a typed list of who came. Plan, then apply.

Both kinds of file decide a status for every participant on the session's register:

- Teams report (any layout and display language, sheets.teams): present, late or left early
  from first join and last leave against the cohort's thresholds.
- List (any spreadsheet with an e-mail or name column): those listed came, so present; a
  late or left-early mark already made is kept, since a list has no times to contradict it.

Attendees are matched to the register by e-mail, then by account (a guest's #EXT# account
decoded), then by a name only one person on the register has (rules.attendees); the plan says
how. Participants matched by nothing are absent, unless apologies were already recorded, so the
register is complete after one import. Everyone in the file matched to nobody (guests, the
organiser, typing mistakes, two people of one name) is listed with the reason, never added.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, Enrolment, Person
from cohort_desk.errors import UserError
from cohort_desk.rules.attendance import STATUS_LABELS, AttendanceRule, classify_join
from cohort_desk.rules.attendees import (
    Attendee,
    Matched,
    RegisterPerson,
    match_attendees,
    upn_address,
)
from cohort_desk.rules.dates import format_date, to_local
from cohort_desk.rules.names import email_key
from cohort_desk.rules.wording import plural
from cohort_desk.services.attendance.attendee_lists import read_attendee_list
from cohort_desk.services.attendance.marking import (
    RegisterLine,
    lines_in,
    session_marks,
    status_counts,
    write_marks,
)
from cohort_desk.services.common import cohort_rule, session_in
from cohort_desk.sheets.reading import read_table
from cohort_desk.sheets.teams import TeamsAttendee, TeamsReport, is_teams_report, read_teams_report
from cohort_desk.vocabulary import AttendanceStatus, Role

TEAMS = "Teams report"
LIST = "list of who came"


@dataclass(frozen=True)
class PlannedMark:
    person_id: int
    ref: str
    name: str
    email: str
    before: str | None
    after: str | None  # None: left unmarked (seen only outside the session's times)
    reason: str
    matched_by: str = ""  # how the file's entry was matched to them; "" when not in it
    minutes: int | None = None  # minutes inside the session, from a Teams report

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Outsider:
    """Someone in the file matched to nobody on the register: listed, never added."""

    name: str
    email: str  # "" when the file gives none
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

    def not_matched(self) -> list[dict[str, Any]]:
        return [{"name": o.name, "email": o.email or None, "why": o.reason} for o in self.outsiders]

    def json_document(self, counts: dict[str, int] | None = None) -> dict[str, object]:
        """The document `attend --from ... --json` prints; scripts rely on its shape."""
        return {
            **(counts or self.counts()),
            "not_enrolled": [o.email for o in self.outsiders if o.email],
            "not_matched": self.not_matched(),
        }


@dataclass(frozen=True)
class _Seen:
    """Everything the file says about one person on the register."""

    how: str
    first_join: datetime | None = None
    last_leave: datetime | None = None
    stayed: bool = False


def plan_from_file(db: Database, session_id: int, path: str | os.PathLike[str]) -> AttendancePlan:
    """Read the file and decide everyone's status, changing nothing."""
    starts_at = _session_start(db, session_id)
    report: TeamsReport | None = None
    if is_teams_report(path):
        report = read_teams_report(path)
        _check_day(report, starts_at, Path(path).name, session_id)
        attendees = [Attendee(a.name, a.email, a.upn) for a in report.attendees]
    else:
        attendees = read_attendee_list(read_table(path))
    with db.read() as session:
        cs = session_in(session, session_id)
        cohort = session.get(Cohort, cs.cohort_id)
        assert cohort is not None
        rule = cohort_rule(cohort)
        start = to_local(cs.starts_at).replace(tzinfo=None)
        end = to_local(cs.ends_at).replace(tzinfo=None) if cs.ends_at else None
        lines = {line.person_id: line for line in lines_in(session, cs)}
        register = _register(session, lines)
        elsewhere = _known_elsewhere(session, attendees, set(lines), cs.cohort_id)
        matched, missed = match_attendees(attendees, register, elsewhere)
        if register and attendees and not matched:
            _refuse_strangers(len(attendees), Path(path).name, session_id)
        seen = _combine(matched, report.attendees if report else None)
        plan = AttendancePlan(
            session_id,
            cs.title,
            format_date(cs.starts_at),
            Path(path).name,
            TEAMS if report else LIST,
            outsiders=[Outsider(m.name, m.email or "", m.why) for m in missed],
        )
        for person_id, line in lines.items():
            entry = seen.get(person_id)
            if report is not None:
                after, reason = _from_report(line.status, entry, start, end, rule)
            else:
                after, reason = _from_list(line.status, entry is not None)
            spent = _minutes_in(entry, start, end) if report is not None else None
            plan.marks.append(
                PlannedMark(
                    person_id,
                    line.ref,
                    line.full_name,
                    line.email,
                    line.status,
                    after,
                    reason,
                    entry.how if entry else "",
                    spent,
                )
            )
    return plan


def _register(session: Session, lines: dict[int, RegisterLine]) -> list[RegisterPerson]:
    query = select(Person.id, Person.preferred_name).where(Person.id.in_(list(lines) or [0]))
    preferred = {person_id: name for person_id, name in session.execute(query)}
    return [
        RegisterPerson(
            line.person_id,
            line.email,
            line.given_name,
            line.family_name,
            preferred.get(line.person_id) or "",
        )
        for line in lines.values()
    ]


def _known_elsewhere(
    session: Session, attendees: list[Attendee], register: set[int], cohort_id: int
) -> dict[str, str]:
    """E-mail key -> why, for people Cohort Desk knows who are not on this register."""
    keys = {email_key(a.email) for a in attendees if "@" in a.email}
    keys |= {email_key(upn_address(a.upn)[0]) for a in attendees if "@" in a.upn}
    if not keys:
        return {}
    people = session.execute(
        select(Person.id, Person.email_key).where(
            Person.email_key.in_(sorted(keys)), Person.erased_at.is_(None)
        )
    ).all()
    roles = {
        person_id: (role, status)
        for person_id, role, status in session.execute(
            select(Enrolment.person_id, Enrolment.role, Enrolment.status).where(
                Enrolment.cohort_id == cohort_id,
                Enrolment.person_id.in_([p for p, _k in people] or [0]),
            )
        )
    }
    found: dict[str, str] = {}
    for person_id, key in people:
        if person_id in register:
            continue
        role, status = roles.get(person_id, ("", ""))
        if role == Role.FACILITATOR:
            found[key] = "a facilitator of this cohort, not a participant"
        elif role:
            found[key] = f"{status} in this cohort, so not on the register"
        else:
            found[key] = "in Cohort Desk but not enrolled in this cohort"
    return found


def _combine(matched: list[Matched], times: list[TeamsAttendee] | None) -> dict[int, _Seen]:
    """One entry per person: someone may join from a laptop and a phone, so the earliest
    join and the latest leave of all their entries count."""
    seen: dict[int, _Seen] = {}
    for match in matched:
        before = seen.get(match.person_id)
        how = match.how
        if before is not None and how not in before.how.split(", "):
            how = f"{before.how}, {how}"
        if times is None:
            seen[match.person_id] = _Seen(how)
            continue
        entry = times[match.attendee]
        now = _Seen(how, entry.first_join, entry.last_leave, entry.stayed)
        if before is not None and before.first_join and before.last_leave:
            later = before if before.last_leave > entry.last_leave else now
            now = _Seen(
                how,
                min(entry.first_join, before.first_join),
                later.last_leave,
                later.stayed,
            )
        seen[match.person_id] = now
    return seen


def _session_start(db: Database, session_id: int) -> datetime:
    # Looked up first so that an unknown session is reported before the file is read.
    with db.read() as session:
        return session_in(session, session_id).starts_at


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


def _refuse_strangers(count: int, name: str, session_id: int) -> None:
    """A file matching no one on the register (another session's list, another meeting the
    same day) would mark everyone absent and overwrite the marks made: refuse it instead."""
    raise UserError(
        f"No one in {name} ({plural(count, 'person')}) is on the register of session "
        f"{session_id}, so importing it would mark everyone absent; choose the file for that "
        "session, or mark the register by hand."
    )


def _minutes_in(seen: _Seen | None, start: datetime, end: datetime | None) -> int | None:
    """Minutes between joining and last leaving that fall inside the session (the CPD rule
    "minutes attended" uses them); None when the report does not say."""
    if seen is None or seen.first_join is None or seen.last_leave is None:
        return None
    last = end if seen.stayed and end is not None else seen.last_leave  # still there at saving
    begin = max(seen.first_join, start)
    finish = min(last, end) if end is not None else last
    return max(0, int((finish - begin).total_seconds() // 60))


def _from_report(
    before: str | None,
    seen: _Seen | None,
    start: datetime,
    end: datetime | None,
    rule: AttendanceRule,
) -> tuple[str | None, str]:
    if seen is None or seen.first_join is None or seen.last_leave is None:
        if before == AttendanceStatus.APOLOGIES:
            return AttendanceStatus.APOLOGIES, "no entry in the report matched them; apologies kept"
        return AttendanceStatus.ABSENT, "no entry in the report matched them"
    last = seen.last_leave
    times = f"joined {seen.first_join:%H:%M}, last left {last:%H:%M}"
    if seen.stayed and end is not None and last < end:
        # The oldest log was saved during the meeting, with them still in it.
        last = end
        times = f"joined {seen.first_join:%H:%M}, still there when the list was saved"
    status = classify_join(start, end, seen.first_join, last, rule)
    if status == AttendanceStatus.ABSENT:
        # They are in the file, so it is no evidence of absence: absent is only ever given to
        # people no entry matched. Their mark stays as it is, for a person to decide.
        kept = f"{STATUS_LABELS[before].lower()} kept" if before else "left unmarked"
        return before, (
            f"{times}, only outside the session's times; {kept} (check the session's times)"
        )
    return status, times


def _from_list(before: str | None, listed: bool) -> tuple[str, str]:
    if listed:
        if before in (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY):
            return before, f"listed; {STATUS_LABELS[before].lower()} kept"
        return AttendanceStatus.PRESENT, "listed"
    if before == AttendanceStatus.APOLOGIES:
        return AttendanceStatus.APOLOGIES, "no entry in the list matched them; apologies kept"
    return AttendanceStatus.ABSENT, "no entry in the list matched them"


def apply_plan(db: Database, plan: AttendancePlan) -> dict[str, int]:
    """Write the planned marks in one transaction; returns everyone's status counts after.

    An apology recorded by someone else since the preview is not overwritten with absent.
    """
    with db.write() as session:
        cs = session_in(session, plan.session_id)
        current = {pid: row.status for pid, row in session_marks(session, cs.id).items()}
        on_register = {line.person_id for line in lines_in(session, cs)}
        wanted: dict[int, str] = {
            m.person_id: m.after
            for m in plan.marks
            if m.person_id in on_register
            and m.after is not None
            and current.get(m.person_id) != m.after
            and not (
                m.after == AttendanceStatus.ABSENT
                and current.get(m.person_id) == AttendanceStatus.APOLOGIES
            )
        }
        write_marks(session, cs.id, wanted, "file", db.actor)
        rows = session_marks(session, cs.id)
        for m in plan.marks:
            row = rows.get(m.person_id)
            if m.minutes is not None and row is not None and row.status == m.after:
                row.minutes_attended = m.minutes
        return status_counts(line.status for line in lines_in(session, cs))
