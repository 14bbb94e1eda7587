"""Cohort attendance summary: every participant against every session, with %, CPD and flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from cohort_desk.documents import fonts as F
from cohort_desk.documents import layout as L
from cohort_desk.documents import shaping as S
from cohort_desk.documents import text as T
from cohort_desk.rules.attendance import minimum_text, percentage_text
from cohort_desk.rules.wording import plural

LANDSCAPE_ABOVE = 8  # sessions; beyond this the grid needs the long edge of the paper
HEAD_HEIGHT = 36 * mm
MARKS = {  # mark -> (meaning, tint); the letter carries the meaning in black-and-white prints
    "P": ("Present", L.TINT_GREEN),
    "L": ("Late", L.TINT_AMBER),
    "E": ("Left early", L.TINT_AMBER),
    "A": ("Absent", L.TINT_RED),
    "X": ("Apologies", L.TINT_GREY),
}


@dataclass
class SummarySession:
    title: str
    starts_at: datetime
    cpd_hours: float = 0.0


@dataclass
class SummaryRow:
    name: str
    organisation: str
    marks: list[str]
    attended: int
    possible: int
    percentage: float | None
    cpd_hours: float
    flag: str = ""


@dataclass
class SummaryData:
    academy_name: str
    cohort: str
    programme: str
    sessions: list[SummarySession]
    rows: list[SummaryRow]
    min_attendance_pct: float
    printed_at: datetime = field(default_factory=datetime.now)
    logo: bytes | None = None


# Kept for callers written before the rule moved to rules/attendance.py.
percent_text = percentage_text


class SessionHead(Flowable):
    """A session column heading: dd/mm across the bottom, the title rotated above it."""

    def __init__(self, day: str, title: str, height: float) -> None:
        super().__init__()
        self.day, self.title, self.height = day, T.clean(title), height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        c, w = self.canv, self.width
        size = min(7.0, max(4.5, w * 0.8))
        c.saveState()
        c.setFillColor(L.DARK_BLUE)
        if T.text_width(self.day, T.SANS_BOLD, 5.5) <= w - 0.5:
            day = T.fit_text(self.day, T.SANS_BOLD, 7, w - 0.5)
            T.draw(c, w / 2, 0, self.day, T.SANS_BOLD, day, "centre")
            c.translate(w / 2 + size * 0.36, day + 2.5)
            c.rotate(90)
            room = self.height - day - 3
        else:  # too narrow for the date across: it turns with the title
            c.translate(w / 2 + size * 0.36, 0)
            c.rotate(90)
            T.draw(c, 0, 0, self.day, T.SANS_BOLD, size)
            c.translate(T.text_width(self.day, T.SANS_BOLD, size) + 2, 0)
            room = self.height - T.text_width(self.day, T.SANS_BOLD, size) - 3
        c.setFillColor(L.DARK_GREY)
        T.draw(c, 0, 0, T.ellipsize(self.title, T.SANS, size, room), T.SANS, size)
        c.restoreState()


def _styles() -> dict[str, ParagraphStyle]:
    s = L.styles()
    return {
        **s,
        "mark": ParagraphStyle("mark", parent=s["cell"], alignment=TA_CENTER, fontSize=8),
        "num": ParagraphStyle("num", parent=s["cell"], alignment=TA_RIGHT, fontSize=8),
        "head_r": ParagraphStyle("head_r", parent=s["head"], alignment=TA_RIGHT, fontSize=7),
        "flag": ParagraphStyle(
            "flag",
            parent=s["cell"],
            fontName=T.SANS_BOLD,
            fontSize=7.5,
            leading=9,
            textColor=L.WARNING_RED,
        ),
    }


def _legend(data: SummaryData, st: dict[str, ParagraphStyle]) -> Table:
    cells: list[Flowable] = []
    for mark, (meaning, _tint) in MARKS.items():
        cells += [Paragraph(f"<b>{mark}</b>", st["mark"]), Paragraph(meaning, st["cell_small"])]
    cells += [Paragraph("", st["mark"]), Paragraph("Not marked", st["cell_small"])]
    widths = []
    for _ in range(len(cells) // 2):
        widths += [6 * mm, 21 * mm]
    legend = Table([cells], colWidths=widths, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for i, (_mark, (_meaning, tint)) in enumerate(MARKS.items()):
        commands += [
            ("BACKGROUND", (2 * i, 0), (2 * i, 0), tint),
            ("BOX", (2 * i, 0), (2 * i, 0), 0.4, L.RULE_GREY),
        ]
    commands.append(("BOX", (2 * len(MARKS), 0), (2 * len(MARKS), 0), 0.4, L.RULE_GREY))
    legend.setStyle(TableStyle(commands))
    return legend


def _grid(data: SummaryData, width: float, st: dict[str, ParagraphStyle]) -> Table:
    n = len(data.sessions)
    fixed = (16 * mm, 12 * mm, 12 * mm, 30 * mm)  # Attended, %, CPD hours, Flag
    room = width - sum(fixed)
    # The name column keeps enough room for an organisation on one line where it can.
    session_w = min(8.5 * mm, (room - 55 * mm) / n) if n else 0
    name_w = room - session_w * n
    header: list[Flowable] = [Paragraph("Participant", st["head"])]
    header += [
        SessionHead(f"{T.to_uk(s.starts_at):%d/%m}", s.title, HEAD_HEIGHT) for s in data.sessions
    ]
    header += [
        Paragraph("Attended", st["head_r"]),
        Paragraph("%", st["head_r"]),
        Paragraph("CPD hours", st["head_r"]),
        Paragraph("Flag", st["head"]),
    ]
    rows: list[list[Any]] = [header]
    commands: list[tuple[Any, ...]] = []
    for r, row in enumerate(data.rows, start=1):
        who = [S.Span(T.clean(row.name), True, 8.5)]
        if T.clean(row.organisation):
            who.append(S.Span("\n" + T.clean(row.organisation), False, 6.5, L.DARK_GREY))
        marks = [(m or "").strip().upper() for m in row.marks[:n]]
        marks += [""] * (n - len(marks))
        for c, mark in enumerate(marks, start=1):
            if mark in MARKS:
                commands.append(("BACKGROUND", (c, r), (c, r), MARKS[mark][1]))
        below = row.percentage is not None and row.percentage < data.min_attendance_pct
        if below:
            commands.append(("BACKGROUND", (n + 2, r), (n + 2, r), L.TINT_RED))
        rows.append(
            [
                T.TextBlock(who, st["cell"]),
                *(Paragraph(m, st["mark"]) for m in marks),
                Paragraph(f"{row.attended}/{row.possible}", st["num"]),
                Paragraph(percentage_text(row.percentage), st["num"]),
                Paragraph(T.hours_text(row.cpd_hours), st["num"]),
                T.para(row.flag, st["flag"]),
            ]
        )
    widths = [name_w, *([session_w] * n), *fixed]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), L.PALE_GREY),
                ("LINEBELOW", (0, 0), (-1, 0), 1, L.DARK_BLUE),
                ("GRID", (0, 0), (-1, -1), 0.4, L.RULE_GREY),
                ("BOX", (0, 0), (-1, -1), 0.8, L.DARK_GREY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                # Heavier rules fence the session marks off from the name and the totals.
                ("LINEAFTER", (0, 0), (0, -1), 0.8, L.DARK_GREY),
                ("LINEAFTER", (n, 0), (n, -1), 0.8, L.DARK_GREY),
                ("LEFTPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("LEFTPADDING", (1, 0), (n, -1), 0.3 * mm),
                ("RIGHTPADDING", (1, 0), (n, -1), 0.3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                *commands,
            ]
        )
    )
    return table


def _session_key(data: SummaryData, width: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Full titles, since the rotated column headings may have to be shortened."""
    rows = [
        [
            Paragraph(str(i), st["num"]),
            Paragraph(T.long_date(s.starts_at), st["cell"]),
            T.para(s.title, st["cell"]),
            Paragraph(T.cpd_text(s.cpd_hours) if s.cpd_hours else "", st["cell_small"]),
        ]
        for i, s in enumerate(data.sessions, start=1)
    ]
    if not rows:
        return []
    head = [Paragraph("No.", st["head_r"])]
    head += [Paragraph(t, st["head"]) for t in ("Date", "Session", "CPD")]
    table = Table(
        [head, *rows], colWidths=(10 * mm, 48 * mm, width - 88 * mm, 30 * mm), repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, L.RULE_GREY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    heading = Paragraph("Sessions", st["heading"])
    # Not keepWithNext: that would push a long key whole onto a new page.
    return [CondPageBreak(30 * mm), heading, table]


def render_cohort_summary(data: SummaryData) -> bytes:
    """The grid a programme lead checks before certificates are issued."""
    texts = [("The cohort's name", data.cohort), ("The programme's name", data.programme)]
    texts += [(f"The title of session {i}", s.title) for i, s in enumerate(data.sessions, 1)]
    for row in data.rows:
        texts += [
            (f"The name “{row.name}”", row.name),
            (f"The organisation of “{row.name}”", row.organisation),
        ]
    F.require_printable("attendance summary", texts)
    st = _styles()
    pagesize = landscape(L.PAGE) if len(data.sessions) > LANDSCAPE_ABOVE else L.PAGE
    width = pagesize[0] - 2 * L.MARGIN
    kicker = " · ".join(x for x in (T.clean(data.cohort), T.clean(data.programme)) if x)
    people = len(data.rows)
    facts = (
        f"{plural(people, 'participant')} · {plural(len(data.sessions), 'session')} · "
        f"certificates need at least {minimum_text(data.min_attendance_pct)} attendance"
    )
    story: list[Flowable] = [
        Paragraph("Attendance summary", st["title"]),
        T.para(kicker, st["body"]),
        T.para(facts, st["small"]),
        Spacer(1, 2 * mm),
        _legend(data, st),
        Spacer(1, 3 * mm),
        _grid(data, width, st),
        *_session_key(data, width, st),
    ]
    subtitle = " · ".join(x for x in ("Attendance summary", T.clean(data.cohort)) if x)
    return L.build_document(
        story,
        pagesize,
        title=f"Attendance summary: {T.clean(data.cohort)}",
        header=(data.academy_name, subtitle, data.logo),
        footer=L.Footer(f"Attendance summary: {T.clean(data.cohort)}", data.printed_at),
    )
