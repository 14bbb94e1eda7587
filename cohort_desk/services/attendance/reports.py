"""A cohort's attendance grid (participants x sessions) and its summary as PDF or xlsx."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from cohort_desk import outputs
from cohort_desk.db.engine import Database
from cohort_desk.db.models import Attendance, CohortSession, Person, Programme
from cohort_desk.db.types import utcnow
from cohort_desk.documents.summary import (
    SummaryData,
    SummaryRow,
    SummarySession,
    render_cohort_summary,
)
from cohort_desk.errors import ValidationError
from cohort_desk.rules.attendance import (
    PARTIAL_CPD,
    STATUS_LABELS,
    STATUS_MARKS,
    AttendanceRule,
    AttendanceSummary,
    cpd_hours_attended,
    minimum_text,
    percentage_text,
    summarise,
)
from cohort_desk.rules.dates import format_date, format_time, to_local
from cohort_desk.rules.names import listed_name
from cohort_desk.services import settings
from cohort_desk.services.attendance.marking import participants_query, printed_order
from cohort_desk.services.common import cohort_in, cohort_rule
from cohort_desk.sheets.writing import SheetOut, write_xlsx
from cohort_desk.vocabulary import AttendanceStatus


@dataclass(slots=True)
class GridSession:
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime | None
    cpd_hours: float
    held: bool  # counted in percentages: it has started, or someone was marked at it

    @property
    def minutes(self) -> int | None:
        if self.ends_at is None:
            return None
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(slots=True)
class GridRow:
    person_id: int
    ref: str
    given_name: str
    family_name: str
    email: str
    organisation: str
    statuses: list[str | None]  # one per session, in the grid's session order
    summary: AttendanceSummary
    cpd_hours: float
    flag: str

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(slots=True)
class CohortGrid:
    cohort_id: int
    cohort: str
    programme: str
    rule: AttendanceRule
    sessions: list[GridSession]
    rows: list[GridRow]


def flag_text(summary: AttendanceSummary, rule: AttendanceRule) -> str:
    """Why someone needs attention: below the minimum, or (while sessions remain) unable to
    reach it any more. Once every session is held the two mean the same, and "Below" says it."""
    minimum = minimum_text(rule.min_attendance_pct)
    finished = summary.held == summary.possible
    if summary.cannot_reach and not finished:
        return f"Cannot reach {minimum}"
    if summary.cannot_reach:
        return f"Below {minimum}"
    if summary.below_minimum:
        return f"Below {minimum}"
    return ""


def cohort_grid(db: Database, cohort_id: int, now: datetime | None = None) -> CohortGrid:
    """Every participant on the cohort's registers against every session, with % and flags."""
    now = now or utcnow()
    with db.read() as session:
        cohort = cohort_in(session, cohort_id)
        programme = session.get(Programme, cohort.programme_id)
        sessions = list(
            session.scalars(
                select(CohortSession)
                .where(CohortSession.cohort_id == cohort.id, CohortSession.cancelled_at.is_(None))
                .order_by(CohortSession.starts_at, CohortSession.id)
            )
        )
        marks: dict[tuple[int, int], str] = {}
        minutes: dict[tuple[int, int], int | None] = {}
        query = (
            select(
                Attendance.session_id,
                Attendance.person_id,
                Attendance.status,
                Attendance.minutes_attended,
            )
            .join(CohortSession, CohortSession.id == Attendance.session_id)
            .where(CohortSession.cohort_id == cohort.id)
        )
        for session_id, person_id, status, attended_minutes in session.execute(query):
            marks[(session_id, person_id)] = status
            minutes[(session_id, person_id)] = attended_minutes
        # An apology sent ahead does not make a future session count as held; any other mark
        # does, so a register keyed in early is not left out of the percentages.
        marked = {sid for (sid, _), status in marks.items() if status != AttendanceStatus.APOLOGIES}
        grid_sessions = [
            GridSession(
                s.id,
                s.title,
                s.starts_at,
                s.ends_at,
                s.cpd_hours,
                s.starts_at <= now or s.id in marked,
            )
            for s in sessions
        ]
        rule = cohort_rule(cohort)
        rows = [
            _row(person, organisation or "", grid_sessions, marks, minutes, rule)
            for person, organisation in session.execute(participants_query(cohort.id))
        ]
        rows.sort(key=lambda r: printed_order(r.family_name, r.given_name, r.ref))
        return CohortGrid(
            cohort.id, cohort.name, programme.name if programme else "", rule, grid_sessions, rows
        )


def _row(
    person: Person,
    organisation: str,
    sessions: list[GridSession],
    marks: dict[tuple[int, int], str],
    minutes: dict[tuple[int, int], int | None],
    rule: AttendanceRule,
) -> GridRow:
    statuses = [marks.get((s.id, person.id)) for s in sessions]
    held = [
        (status, s.cpd_hours, minutes.get((s.id, person.id)), s.minutes)
        for status, s in zip(statuses, sessions, strict=True)
        if s.held
    ]
    summary = summarise([mark[0] for mark in held], rule, len(sessions), len(held))
    return GridRow(
        person_id=person.id,
        ref=person.ref,
        given_name=person.given_name,
        family_name=person.family_name,
        email=person.email,
        organisation=organisation,
        statuses=statuses,
        summary=summary,
        cpd_hours=cpd_hours_attended(held, rule),
        flag=flag_text(summary, rule),
    )


def summary_data(db: Database, grid: CohortGrid) -> SummaryData:
    """The grid as the printed cohort summary wants it."""
    return SummaryData(
        academy_name=settings.get(db, "academy_name"),
        cohort=grid.cohort,
        programme=grid.programme,
        sessions=[SummarySession(s.title, s.starts_at, s.cpd_hours) for s in grid.sessions],
        rows=[
            SummaryRow(
                name=listed_name(row.given_name, row.family_name),
                organisation=row.organisation,
                marks=[STATUS_MARKS.get(status or "", "") for status in row.statuses],
                attended=row.summary.attended,
                possible=row.summary.held,
                percentage=row.summary.percentage,
                cpd_hours=row.cpd_hours,
                flag=row.flag,
            )
            for row in grid.rows
        ],
        min_attendance_pct=grid.rule.min_attendance_pct,
        logo=settings.get_blob(db, "logo"),
    )


def summary_pdf(db: Database, grid: CohortGrid) -> bytes:
    return render_cohort_summary(summary_data(db, grid))


# The PDF summary's tints (documents/summary.py), as Excel fills.
MARK_FILLS = {"P": "D7EFDC", "L": "FCE6C2", "E": "FCE6C2", "A": "F6D3D0", "X": "E1E5E8"}


def summary_sheets(grid: CohortGrid) -> list[SheetOut]:
    """Real numbers for Excel: whole counts, percentages as fractions shown as 0.0%. Laid out to
    read and print: a title row, the names frozen, narrow coloured mark columns, landscape."""
    n = len(grid.sessions)
    headers = ["Ref", "Family name", "Given name", "E-mail", "Organisation"]
    headers += [f"{format_date(s.starts_at)[:5]} {s.title}" for s in grid.sessions]
    headers += ["Attended", "Held", "Attendance", "CPD hours", "Flag"]
    rows = [
        [
            row.ref,
            row.family_name,
            row.given_name,
            row.email,
            row.organisation,
            *(STATUS_MARKS.get(status or "", "") for status in row.statuses),
            row.summary.attended,
            row.summary.held,
            None if row.summary.percentage is None else _rounded_down(row.summary.percentage),
            row.cpd_hours,
            row.flag,
        ]
        for row in grid.rows
    ]
    marks = range(5, 5 + n)
    people = SheetOut(
        "Attendance",
        headers,
        rows,
        number_formats={5 + n: "0", 6 + n: "0", 7 + n: "0.0%", 8 + n: "0.0#"},
        heading=" · ".join(
            x
            for x in (f"Attendance summary: {grid.cohort}", grid.programme, _rule_words(grid))
            if x
        ),
        freeze_columns=3,
        widths={**{i: 4.5 for i in marks}, 0: 8, 3: 28, 4: 26, 9 + n: 18},
        rotated=set(marks),
        fills=dict.fromkeys(marks, MARK_FILLS),
        landscape=True,
    )
    sessions = SheetOut(
        "Sessions",
        ["No.", "Date", "Start", "End", "Session", "CPD hours", "Held", *STATUS_LABELS.values()],
        [
            [
                number,
                to_local(s.starts_at).date(),
                format_time(s.starts_at),
                format_time(s.ends_at),
                s.title,
                s.cpd_hours,
                "Yes" if s.held else "No",
                *(
                    sum(1 for row in grid.rows if row.statuses[number - 1] == status)
                    for status in STATUS_LABELS
                ),
            ]
            for number, s in enumerate(grid.sessions, start=1)
        ],
        number_formats={5: "0.0#"},
    )
    key = SheetOut(
        "Key",
        ["Mark", "Meaning"],
        [[mark, STATUS_LABELS[status]] for status, mark in STATUS_MARKS.items()]
        + [
            ["", "Not marked"],
            ["Minimum attendance", minimum_text(grid.rule.min_attendance_pct)],
            ["CPD when late or leaving early", PARTIAL_CPD[grid.rule.partial_cpd]],
        ],
        fills={0: MARK_FILLS},
    )
    return [people, sessions, key]


def _rounded_down(percentage: float) -> float:
    """The fraction Excel shows as the same 0.0% the PDF and the window print (rounded down)."""
    return float(percentage_text(percentage).rstrip("%")) / 100


def _rule_words(grid: CohortGrid) -> str:
    return f"certificates need at least {minimum_text(grid.rule.min_attendance_pct)}"


def write_cohort_summary(
    db: Database, path: str | os.PathLike[str], cohort_id: int, now: datetime | None = None
) -> Path:
    """Write the summary as PDF or xlsx, chosen by the file's extension."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ValidationError(
            f"The summary can be saved as .pdf or .xlsx, not '{target.name}'; "
            "end the file name with one of those.",
            field="output",
        )
    grid = cohort_grid(db, cohort_id, now)
    if suffix == ".xlsx":
        write_xlsx(target, summary_sheets(grid))
    else:
        write_bytes(target, summary_pdf(db, grid))
    return target


def write_bytes(target: Path, data: bytes) -> None:
    """Save a document through cohort_desk.outputs: beside its final name first, so a failure
    never leaves half a file (the caller has checked whether it may replace one)."""
    outputs.write_file(target, data, what="document")
