"""Read a Microsoft Teams meeting attendance report: who came, when they joined and left.

Teams writes UTF-16 tab-separated text in the organiser's locale. Current reports have three
sections ("1. Summary", "2. Participants", "3. In-Meeting Activities"); older ones a summary
and one table, and the oldest a log of "Full Name / User Action / Timestamp". All are read into
one TeamsReport with each person once. Datetimes are naive, in the report's own local time.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cohort_desk.errors import UserError
from cohort_desk.rules.names import clean_text, email_key
from cohort_desk.sheets.csv_text import decode_bytes, parse_rows, read_text
from cohort_desk.sheets.reading import Cell, read_table
from cohort_desk.sheets.safety import detect_kind, file_label


@dataclass(frozen=True)
class TeamsAttendee:
    name: str
    email: str  # "" for guests without an account
    first_join: dt.datetime
    last_leave: dt.datetime
    role: str


@dataclass(frozen=True)
class TeamsReport:
    title: str | None
    start: dt.datetime | None
    end: dt.datetime | None
    attendees: list[TeamsAttendee]


_COLUMNS = {
    "name": ("name", "full name", "participant"),
    "join": ("first join", "join time", "first join time"),
    "leave": ("last leave", "leave time", "last leave time"),
    "email": ("email", "e-mail", "email address"),
    "upn": ("participant id (upn)", "upn"),
    "role": ("role",),
    "action": ("user action", "activity"),
    "stamp": ("timestamp", "time"),
}
_SUMMARY = {
    "meeting title": "title",
    "title": "title",
    "start time": "start",
    "meeting start time": "start",
    "end time": "end",
    "meeting end time": "end",
}
_SECTION = re.compile(r"^\s*(\d\.\s+\S.*|meeting summary)$", re.IGNORECASE)
_SLASHED = re.compile(
    r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2}),?\s+(\d{1,2}):(\d{2})"
    r"(?::(\d{2}))?\s*([ap])?\.?\s*m?\.?$",
    re.IGNORECASE,
)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")


def is_teams_report(path: str | os.PathLike[str]) -> bool:
    """True when the file looks like a Teams attendance report rather than a list of people."""
    try:
        if detect_kind(path) != "text":
            rows = [[str(c) for c in row] for row in read_table(path).rows[:15]]
        else:
            with open(path, "rb") as handle:
                head = decode_bytes(handle.read(8192), file_label(path))
            rows = parse_rows("\n".join(head.splitlines()[:15]), file_label(path))
    except (UserError, OSError):
        return False
    for row in rows:
        first = clean_text(row[0]).casefold() if row else ""
        if first in ("1. summary", "meeting summary") or _table_header(row) is not None:
            return True
    return False


def read_teams_report(path: str | os.PathLike[str]) -> TeamsReport:
    """Read a Teams attendance report (CSV as downloaded, or the same table in a workbook)."""
    name = file_label(path)
    if detect_kind(path) == "text":
        text = read_text(path)
        first_lines = "\n".join(text.splitlines()[:40])
        delimiter = "\t" if "\t" in first_lines else None
        rows: Sequence[Sequence[Cell]] = parse_rows(text, name, delimiter)
    else:
        rows = read_table(path).rows
    return parse_teams_rows(rows, name)


def _table_header(row: Sequence[Cell]) -> dict[str, int] | None:
    cells = [clean_text(str(c)).casefold() for c in row]
    found: dict[str, int] = {}
    for key, labels in _COLUMNS.items():
        for label in labels:
            if label in cells:
                found[key] = cells.index(label)
                break
    if "name" in found and ({"join", "action"} & found.keys()):
        return found
    return None


def parse_teams_rows(rows: Sequence[Sequence[Cell]], name: str) -> TeamsReport:
    """Turn the rows of a report into a TeamsReport; see the module docstring for formats."""
    summary: dict[str, Cell] = {}
    records: list[tuple[str, dict[str, Cell]]] = []
    header: dict[str, int] | None = None
    section = ""
    for row in rows:
        cells = [c.strip() if isinstance(c, str) else c for c in row]
        filled = [c for c in cells if c != ""]
        if not filled:
            header = None
            continue
        if len(filled) == 1 and isinstance(cells[0], str) and _SECTION.match(cells[0]):
            section, header = cells[0].casefold(), None
            continue
        if header is None:
            header = _table_header(cells)
            if header is None and len(filled) >= 2 and isinstance(filled[0], str):
                key = _SUMMARY.get(clean_text(filled[0]).casefold())
                if key and key not in summary:
                    summary[key] = filled[1]
            continue
        kind = "participants" if "participants" in section else "activities"
        records.append((kind, {k: cells[i] if i < len(cells) else "" for k, i in header.items()}))
    if not records:
        raise UserError(
            f"The file {name} does not look like a Teams attendance report; "
            "download the report again from the meeting's Attendance tab."
        )
    day_first = _day_first(
        [summary.get("start", ""), summary.get("end", "")]
        + [r.get(k, "") for _, r in records for k in ("join", "leave", "stamp")],
        name,
    )
    start, end = (_stamp(summary.get(k, ""), day_first, name) for k in ("start", "end"))
    title = clean_text(str(summary.get("title", ""))) or None
    return TeamsReport(title, start, end, _merge(records, day_first, name, start, end))


@dataclass
class _Person:
    name: str
    email: str
    role: str
    joins: list[dt.datetime] = field(default_factory=list)
    leaves: list[dt.datetime] = field(default_factory=list)


def _merge(
    records: list[tuple[str, dict[str, Cell]]],
    day_first: bool,
    name: str,
    start: dt.datetime | None,
    end: dt.datetime | None,
) -> list[TeamsAttendee]:
    """One attendee per e-mail (or per name for guests): earliest join, latest leave.

    The Participants section is read first so its names, e-mails and roles win.
    """
    people: dict[str, _Person] = {}
    by_name: dict[str, str] = {}
    for _, record in sorted(records, key=lambda pair: pair[0] != "participants"):
        person_name = clean_text(str(record.get("name", "")))
        email = clean_text(str(record.get("email", "")))
        upn = clean_text(str(record.get("upn", "")))
        if not email and "@" in upn and "#ext#" not in upn.casefold():
            email = upn
        if not person_name and not email:
            continue
        # Guests have no e-mail, and activities may omit one given under Participants.
        named = "name:" + person_name.casefold()
        key = email_key(email) if email else by_name.get(named, named)
        by_name.setdefault(named, key)
        person = people.setdefault(
            key, _Person(person_name, email, clean_text(str(record.get("role", ""))))
        )
        if "action" in record:  # the oldest format logs one join or leave per line
            moment = _stamp(record.get("stamp", ""), day_first, name)
            left = clean_text(str(record["action"])).casefold().startswith("left")
            if moment is not None:
                (person.leaves if left else person.joins).append(moment)
            continue
        for column, bucket in (("join", person.joins), ("leave", person.leaves)):
            moment = _stamp(record.get(column, ""), day_first, name)
            if moment is not None:
                bucket.append(moment)
    every = [m for p in people.values() for m in (*p.joins, *p.leaves)]
    earliest = start or min(every, default=None)
    latest = end or max(every, default=None)
    attendees = []
    for person in people.values():
        first = min(person.joins, default=earliest)
        last = max(person.leaves, default=latest)
        if first is None or last is None:
            continue
        attendees.append(
            TeamsAttendee(person.name, person.email, first, max(first, last), person.role)
        )
    return attendees


def _day_first(values: Sequence[Cell], name: str) -> bool:
    """Decide d/m against m/d once per file, from every timestamp in it.

    A number over 12 settles it; otherwise AM/PM means Teams used US order and a 24-hour clock
    means UK order.
    """
    day_evidence = month_evidence = twelve_hour = False
    for value in values:
        match = _SLASHED.match(_tidy(value)) if isinstance(value, str) else None
        if match:
            day_evidence |= int(match[1]) > 12
            month_evidence |= int(match[2]) > 12
            twelve_hour |= match[7] is not None
    if day_evidence and month_evidence:
        raise UserError(
            f"The dates in {name} mix day/month and month/day order; download the "
            "report again without editing it."
        )
    if day_evidence or month_evidence:
        return day_evidence
    return not twelve_hour


def _tidy(text: str) -> str:
    # Newer Windows locales put a narrow no-break space before AM/PM.
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def _stamp(value: Cell, day_first: bool, name: str) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = _tidy(value)
    if not text:
        return None
    try:
        iso = _ISO.match(text)
        if iso:
            year, month, day, hour, minute, second = (int(g or 0) for g in iso.groups())
            return dt.datetime(year, month, day, hour, minute, second)
        match = _SLASHED.match(text)
        if match:
            a, b, year, hour, minute = (int(g) for g in match.groups()[:5])
            day, month = (a, b) if day_first else (b, a)
            year += 2000 if year < 100 else 0
            if match[7]:
                hour = hour % 12 + (12 if match[7].lower() == "p" else 0)
            return dt.datetime(year, month, day, hour, minute, int(match[6] or 0))
    except ValueError:
        pass
    raise UserError(
        f"The time '{text}' in {name} is not one Cohort Desk understands; download "
        "the report again from Teams without editing it."
    )
