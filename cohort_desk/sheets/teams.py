"""Read a Microsoft Teams meeting attendance report: who came, when they joined and left.

Teams writes UTF-16 tab-separated text in the organiser's display language and locale. Current
reports have numbered sections ("1. Summary", "2. Participants", "3. In-Meeting Activities");
older ones a summary and one table, and the oldest (2020-21) a log of "Full Name / User Action
/ Timestamp" with no e-mail at all. People re-save them from Excel as CSV or xlsx. All are read
into one TeamsReport with each person once; the words of each language are in teams_words.
Datetimes are naive, in the report's own local time.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cohort_desk.errors import UserError
from cohort_desk.rules.attendees import upn_address
from cohort_desk.rules.headers import heading_words
from cohort_desk.rules.names import clean_text, email_key
from cohort_desk.sheets.csv_text import DELIMITERS, decode_bytes, parse_rows, read_text
from cohort_desk.sheets.reading import Cell, read_table
from cohort_desk.sheets.safety import detect_kind, file_label
from cohort_desk.sheets.teams_words import JOIN_ACTION, LEFT_ACTION, SUMMARY, column_key


@dataclass(frozen=True)
class TeamsAttendee:
    name: str
    email: str  # as the Email column gives it; "" for guests and in the oldest log
    first_join: dt.datetime
    last_leave: dt.datetime
    role: str
    upn: str = ""  # the account, as the "Participant ID (UPN)" column gives it
    # The oldest log was saved during the meeting: someone whose last line is a join was
    # still there, and last_leave is only when the list was saved.
    stayed: bool = False


@dataclass(frozen=True)
class TeamsReport:
    title: str | None
    start: dt.datetime | None
    end: dt.datetime | None
    attendees: list[TeamsAttendee]


_SECTION = re.compile(r"^\s*(\d\.\s+\S.*|meeting summary)$", re.IGNORECASE)
# 2/2/26, 9:55:00 AM (US); 02/02/2026, 09:55:00 (UK, France, Spain, Portugal, Brazil);
# 02.02.2026 09:55:00 (Germany, Poland); 2-2-2026 9:55:00; "9:55:00 a. m." (Spanish).
_SLASHED = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})[/.-](?P<year>\d{4}|\d{2}),?\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<half>[ap])?\.?\s*m?\.?$",
    re.IGNORECASE,
)
_HEAD_ROWS = 30
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")


def is_teams_report(path: str | os.PathLike[str]) -> bool:
    """True when the file looks like a Teams attendance report rather than a list of people."""
    try:
        if detect_kind(path) != "text":
            rows = [[str(c) for c in row] for row in read_table(path).rows[:_HEAD_ROWS]]
        else:
            with open(path, "rb") as handle:
                head = decode_bytes(handle.read(16384), file_label(path))
            lines = "\n".join(head.splitlines()[:_HEAD_ROWS])
            rows = parse_rows(lines, file_label(path), _report_delimiter(lines))
    except (UserError, OSError):
        return False
    return is_teams_table(rows)


def is_teams_table(rows: Sequence[Sequence[Cell]]) -> bool:
    """True when the first rows of a sheet head a table of attendees as Teams writes one."""
    return any(_table_header(row) is not None for row in rows[:_HEAD_ROWS])


def read_teams_report(path: str | os.PathLike[str]) -> TeamsReport:
    """Read a Teams attendance report (CSV as downloaded, or the same table in a workbook)."""
    name = file_label(path)
    if detect_kind(path) == "text":
        text = read_text(path)
        delimiter = _report_delimiter("\n".join(text.splitlines()[:40]))
        rows: Sequence[Sequence[Cell]] = parse_rows(text, name, delimiter)
    else:
        rows = read_table(path).rows
    return parse_teams_rows(rows, name)


def _report_delimiter(head: str) -> str | None:
    """Teams writes tabs. Re-saved from Excel, a report has commas or semicolons, and its
    times hold commas too ("02.02.26, 09:20:00"), which fool a sniffer: the delimiter that
    splits out a table heading is the one."""
    if "\t" in head:
        return "\t"
    for delimiter in DELIMITERS:
        try:
            rows = parse_rows(head, "", delimiter)
        except UserError:
            continue
        if any(_table_header(row) is not None for row in rows):
            return delimiter
    return None


def _table_header(row: Sequence[Cell]) -> dict[str, int] | None:
    """Column key -> index when the row heads a table of attendees (a name, and either join
    times or the oldest log's actions), in any language Teams writes."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = column_key(str(cell)) if isinstance(cell, str) and len(cell) < 80 else None
        if key is not None and key not in found:
            found[key] = index
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
                key = SUMMARY.get(heading_words(filled[0]))
                if key and key not in summary:
                    summary[key] = filled[1]
            continue
        # Sections are numbered alike in every language: 2 is Participants, 3 Activities.
        participants = section.startswith("2.") or "participants" in section
        kind = "participants" if participants else "activities"
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
    upn: str
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
    """One attendee per e-mail (or account, or name for guests): earliest join, latest leave.

    The Participants section is read first so its names, e-mails and roles win.
    """
    people: dict[str, _Person] = {}
    by_name: dict[str, str] = {}
    for _, record in sorted(records, key=lambda pair: pair[0] != "participants"):
        person_name = clean_text(str(record.get("name", "")))
        email = clean_text(str(record.get("email", "")))
        upn = clean_text(str(record.get("upn", "")))
        if not person_name and not email and not upn:
            continue
        # Guests have no e-mail, and activities may omit one given under Participants.
        named = "name:" + person_name.casefold()
        address = email or (upn_address(upn)[0] if "@" in upn else "")
        key = email_key(address) if address else by_name.get(named, named)
        by_name.setdefault(named, key)
        person = people.setdefault(
            key, _Person(person_name, email, upn, clean_text(str(record.get("role", ""))))
        )
        if "action" in record:  # the oldest format logs one join or leave per line
            moment = _stamp(record.get("stamp", ""), day_first, name)
            bucket = person.leaves if _left(record["action"], name) else person.joins
            if moment is not None:
                bucket.append(moment)
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
        stayed = (
            end is None
            and bool(person.joins)
            and (not person.leaves or max(person.joins) > max(person.leaves))
        )
        if stayed:
            last = latest or last
        attendees.append(
            TeamsAttendee(
                person.name,
                person.email,
                first,
                max(first, last),
                person.role,
                person.upn,
                stayed,
            )
        )
    return attendees


def _left(action: Cell, name: str) -> bool:
    """Whether a line of the oldest log is someone leaving (True) or joining (False).

    An action in words this reader does not know is refused: guessing would mark people
    present for the wrong hours."""
    words = heading_words(str(action))
    if LEFT_ACTION.match(words):
        return True
    if JOIN_ACTION.match(words):
        return False
    raise UserError(
        f"The report {name} says '{clean_text(str(action))}' where Teams writes 'Joined' or "
        "'Left', in words Cohort Desk does not know; download the report with Teams set to "
        "English, or mark this session by hand."
    )


def _day_first(values: Sequence[Cell], name: str) -> bool:
    """Decide d/m against m/d once per file, from every timestamp in it.

    A number over 12 settles it; dots or dashes (02.02.2026) are only ever written day first;
    otherwise AM/PM means Teams used US order and a 24-hour clock means UK order.
    """
    day_evidence = month_evidence = twelve_hour = False
    for value in values:
        match = _SLASHED.match(_tidy(value)) if isinstance(value, str) else None
        if match:
            day_evidence |= int(match["a"]) > 12 or match["sep"] != "/"
            month_evidence |= int(match["b"]) > 12
            twelve_hour |= match["half"] is not None
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
            a, b, year, hour, minute = (int(match[g]) for g in ("a", "b", "year", "hour", "minute"))
            day, month = (a, b) if day_first else (b, a)
            year += 2000 if year < 100 else 0
            if match["half"]:
                hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
            return dt.datetime(year, month, day, hour, minute, int(match["second"] or 0))
    except ValueError:
        pass
    raise UserError(
        f"The time '{text}' in {name} is not one Cohort Desk understands; download "
        "the report again from Teams without editing it."
    )
