"""Printed sign-in registers for one session (A4 portrait), from plain data to PDF bytes.

Made to be read at arm's length on a table by the door: names at 11.5 pt on one line, the
organisation beside them in smaller type, a signature box 62 mm wide, rows 12 mm apart, and
the session's title, date, time and venue at the top of every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from cohort_desk.documents import fonts as F
from cohort_desk.documents import layout as L
from cohort_desk.documents import shaping as S
from cohort_desk.documents import text as T

# Re-exported: the summary is printed beside the register, so callers find both here.
from cohort_desk.documents.summary import (  # noqa: F401
    SummaryData,
    SummaryRow,
    SummarySession,
    render_cohort_summary,
)

# Fixed heights keep the number of people per page predictable (and testable): a row never
# grows, because the name shrinks (and at worst takes two lines) to fit it.
ROW_HEIGHT = 12 * mm
HEADER_ROW_HEIGHT = 7 * mm
HEADER_BAND = 24 * mm  # academy, session title, and date, time and venue, on every page
# No. (with the person's reference, for keying attendance in quickly), Name, Organisation,
# facilitator's tick, Signature: 180 mm across A4.
COLUMNS = (11 * mm, 66 * mm, 38 * mm, 9 * mm, 56 * mm)
WALK_IN_COLUMNS = (11 * mm, 55 * mm, 38 * mm, 38 * mm, 38 * mm)
NAME_SIZE, NAME_MIN = 11.5, 8.5
ORG_SIZE = 7.5
PAD = 1.5 * mm


@dataclass
class RegisterPerson:
    ref: str
    given_name: str
    family_name: str
    organisation: str
    job_title: str = ""
    printed_name: str = ""  # the person's "name as printed", when they have one


@dataclass
class RegisterData:
    academy_name: str
    logo: bytes | None
    programme: str
    cohort: str
    session_title: str
    session_kind: str
    starts_at: datetime
    ends_at: datetime | None
    venue: str
    online_link: str
    facilitator: str
    people: list[RegisterPerson] = field(default_factory=list)
    printed_at: datetime = field(default_factory=datetime.now)


def person_sort_key(person: RegisterPerson) -> tuple[str, str, str, str]:
    return (
        T.sort_key(person.family_name),
        T.sort_key(person.given_name),
        person.family_name,
        person.ref,
    )


def name_spans(person: RegisterPerson, size: float) -> list[S.Span]:
    """The name as printed when the person has one; otherwise "Family, Given" with the family
    name in bold, since the list is sorted by it."""
    printed = T.clean(person.printed_name)
    if printed:
        return [S.Span(printed, True, size)]
    family, given = T.clean(person.family_name), T.clean(person.given_name)
    spans = [S.Span(family, True, size)] if family else []
    if family and given:
        spans.append(S.Span(", ", False, size))
    if given:
        spans.append(S.Span(given, False, size))
    return spans


def printed_text(person: RegisterPerson) -> str:
    return "".join(s.text for s in name_spans(person, NAME_SIZE))


def people_text(data: RegisterData) -> list[tuple[str, str]]:
    """Every text the register prints that someone typed, with whose it is."""
    out = [
        ("The session's title", data.session_title),
        ("The venue", data.venue),
        ("The facilitator's name", data.facilitator),
        ("The programme's name", data.programme),
        ("The cohort's name", data.cohort),
    ]
    for person in data.people:
        who = T.clean(person.ref) or "someone"
        out += [
            (f"The name of {who}", printed_text(person)),
            (f"The organisation of {who}", person.organisation),
        ]
    return out


def time_range(starts_at: datetime, ends_at: datetime | None) -> str:
    start = T.clock(starts_at)
    if ends_at is None:
        return start
    if T.to_uk(ends_at).date() != T.to_uk(starts_at).date():
        return f"{start} – {T.clock(ends_at)} on {T.uk_date(ends_at)}"
    return f"{start}–{T.clock(ends_at)}"


class NameCell(Flowable):
    """A name on one line at NAME_SIZE, shrunk to fit down to NAME_MIN, and only then on two
    lines: never clipped, never taller than the row."""

    def __init__(self, spans: list[S.Span], size: float = NAME_SIZE, lines: int = 2) -> None:
        super().__init__()
        self.spans, self.size, self.max_lines = spans, size, lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        from cohort_desk.documents.textblock import wrap_spans

        self.width = available_width

        def scale(size: float) -> tuple[S.Span, ...]:
            return tuple(S.Span(s.text, s.bold, size, s.colour) for s in self.spans)

        whole = S.lay_out(scale(1.0)).width
        size = min(self.size, available_width / whole) if whole else self.size
        if size >= NAME_MIN or self.max_lines == 1:
            self.lines, self.used = [scale(max(size, 1.0))], max(size, 1.0)
        else:
            size = NAME_MIN
            lines = wrap_spans(scale(size), available_width)
            while len(lines) > self.max_lines and size > 5:
                size -= 0.5
                lines = wrap_spans(scale(size), available_width)
            self.lines, self.used = lines, size
        self.height = len(self.lines) * self.used * 1.15
        return self.width, self.height

    def draw(self) -> None:
        y = self.height - self.used * 0.95
        for line in self.lines:
            S.draw_line(self.canv, 0, y, S.lay_out(line))
            y -= self.used * 1.15


class OrganisationCell(NameCell):
    """The organisation in small grey type, on up to three lines, shortened with "…" if need be."""

    def __init__(self, text: str) -> None:
        super().__init__([S.Span(T.clean(text), False, ORG_SIZE, L.DARK_GREY)], ORG_SIZE)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        from cohort_desk.documents.textblock import wrap_spans

        self.width = available_width
        self.used = ORG_SIZE
        lines = wrap_spans(self.spans, available_width)
        if len(lines) > 3:
            rest = " ".join("".join(s.text for s in line) for line in lines[2:])
            rest = T.ellipsize(rest, T.SANS, ORG_SIZE, available_width)
            lines = [*lines[:2], (S.Span(rest, False, ORG_SIZE, L.DARK_GREY),)]
        self.lines = lines
        self.height = len(lines) * ORG_SIZE * 1.15
        return self.width, self.height


class TickBox(Flowable):
    """An empty square for the facilitator's tick; one instance serves every cell."""

    def __init__(self, size: float = 4 * mm) -> None:
        super().__init__()
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(L.MID_GREY)
        self.canv.setFillColor(L.WHITE)
        self.canv.setLineWidth(0.6)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)


def _styles() -> dict[str, ParagraphStyle]:
    s = L.styles()
    return {
        **s,
        "head_c": ParagraphStyle("head_c", parent=s["head"], alignment=TA_CENTER),
        "num": ParagraphStyle("num", parent=s["cell"], textColor=L.DARK_GREY, fontSize=8),
        "ref": ParagraphStyle("ref", parent=s["cell"], fontSize=8, leading=8),
    }


def session_line(data: RegisterData) -> tuple[str, str]:
    """("Monday 2 February 2026 · 09:30–12:30 · ", "Room 3.14"): the date and time are never
    shortened; the place may be, to fit the page."""
    place = T.clean(data.venue) or T.clean(data.online_link) or "Venue to be confirmed"
    return (
        f"{T.long_date(data.starts_at)}  ·  {time_range(data.starts_at, data.ends_at)}  ·  ",
        place,
    )


def _draw_band(canvas: Canvas, data: RegisterData) -> None:
    """The top of every page: academy and programme, the session's title, its date, time and
    place, and the logo on the right."""
    width, height = canvas._pagesize  # type: ignore[attr-defined]  # reportlab has no getter
    top = height - L.TOP
    reader = L.image_reader(data.logo)
    logo_w = 40 * mm if reader else 0
    room = width - 2 * L.MARGIN - (logo_w + 4 * mm if reader else 0)
    canvas.saveState()
    parts = ("Sign-in register", T.clean(data.academy_name), T.clean(data.programme))
    kicker = "  ·  ".join(x for x in parts if x)
    canvas.setFillColor(L.DARK_GREY)
    T.draw(canvas, L.MARGIN, top - 3.5 * mm, T.ellipsize(kicker, T.SANS, 8, room), T.SANS, 8)
    title = T.clean(data.session_title) or "Session"
    size = T.fit_text(title, T.SANS_BOLD, 14, room, 11)
    canvas.setFillColor(L.DARK_BLUE)
    T.draw(
        canvas,
        L.MARGIN,
        top - 10.5 * mm,
        T.ellipsize(title, T.SANS_BOLD, size, room),
        T.SANS_BOLD,
        size,
    )
    when, place = session_line(data)
    canvas.setFillColor(L.DARK_GREY)
    x = L.MARGIN + T.draw(canvas, L.MARGIN, top - 17 * mm, when, T.SANS_BOLD, 10)
    T.draw(
        canvas, x, top - 17 * mm, T.ellipsize(place, T.SANS, 10, L.MARGIN + room - x), T.SANS, 10
    )
    if reader:
        L.draw_image_fit(
            canvas, reader, width - L.MARGIN - logo_w, top - 19 * mm, logo_w, 18 * mm, anchor="e"
        )
    canvas.setStrokeColor(L.BLUE)
    canvas.setLineWidth(1.5)
    canvas.line(L.MARGIN, top - HEADER_BAND, width - L.MARGIN, top - HEADER_BAND)
    canvas.restoreState()


def _details(data: RegisterData, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Page one only: which cohort, who runs it, how many are expected, and what to do."""
    count = len(data.people)
    facts = [
        ("Cohort", data.cohort),
        ("Facilitator", data.facilitator or "–"),
        ("Expected", f"{count} {'person' if count == 1 else 'people'}"),
    ]
    if T.clean(data.online_link) and T.clean(data.venue):
        facts.append(("Online", data.online_link))
    spans: list[S.Span] = []
    for label, value in facts:
        if T.clean(value):
            if spans:
                spans.append(S.Span("  ·  ", False, 9, L.MID_GREY))
            spans += [
                S.Span(f"{label} ", True, 9, L.DARK_BLUE),
                S.Span(T.clean(value), False, 9, L.DARK_GREY),
            ]
    note = "Please sign beside your name. The facilitator ticks the box for anyone present."
    return [
        T.TextBlock(spans, st["body"]),
        Spacer(1, 1 * mm),
        Paragraph(note, st["small"]),
        Spacer(1, 2.5 * mm),
    ]


def _grid_style(rows: int) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), L.PALE_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 1, L.DARK_BLUE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, L.RULE_GREY),
        ("BOX", (0, 0), (-1, -1), 0.8, L.DARK_GREY),
        # The signature box stands apart, so a pen finds it at a glance.
        ("LINEBEFORE", (-1, 0), (-1, -1), 0.8, L.DARK_GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (0, 0), (0, -1), 1 * mm),
        ("RIGHTPADDING", (0, 0), (0, -1), 1 * mm),
    ]
    # Light stripes help the eye travel from a name across to its signature box.
    commands += [("BACKGROUND", (0, r), (-2, r), L.STRIPE) for r in range(2, rows, 2)]
    return commands


def _people_table(data: RegisterData, st: dict[str, ParagraphStyle]) -> Table:
    tick = TickBox()
    header = [
        Paragraph("No.", st["head"]),
        Paragraph("Name", st["head"]),
        Paragraph("Organisation", st["head"]),
        T.para("✓", st["head_c"]),
        Paragraph("Signature", st["head"]),
    ]
    rows: list[list[Any]] = [header]
    for number, person in enumerate(sorted(data.people, key=person_sort_key), start=1):
        rows.append(
            [
                T.TextBlock(
                    [
                        S.Span(str(number), False, 8, L.DARK_GREY),
                        S.Span(f"\n{T.clean(person.ref)}", False, 5.5, L.MID_GREY),
                    ],
                    st["ref"],
                ),
                NameCell(name_spans(person, NAME_SIZE)),
                OrganisationCell(person.organisation),
                tick,
                "",
            ]
        )
    table = Table(
        rows,
        colWidths=COLUMNS,
        repeatRows=1,
        rowHeights=[HEADER_ROW_HEIGHT] + [ROW_HEIGHT] * (len(rows) - 1),
    )
    table.setStyle(TableStyle([*_grid_style(len(rows)), ("ALIGN", (3, 0), (3, -1), "CENTER")]))
    return table


def _walk_in_table(
    blank_rows: int, first_number: int, st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    header = [
        Paragraph(t, st["head"]) for t in ("No.", "Name", "Organisation", "E-mail", "Signature")
    ]
    rows: list[list[Any]] = [header]
    rows += [
        [Paragraph(str(first_number + i), st["num"]), "", "", "", ""] for i in range(blank_rows)
    ]
    table = Table(
        rows,
        colWidths=WALK_IN_COLUMNS,
        repeatRows=1,
        rowHeights=[HEADER_ROW_HEIGHT] + [ROW_HEIGHT] * blank_rows,
    )
    table.setStyle(
        TableStyle([*_grid_style(len(rows)), ("INNERGRID", (0, 0), (-1, -1), 0.5, L.RULE_GREY)])
    )
    heading = Paragraph("Not on the list? Please print your details and sign.", st["heading"])
    heading.keepWithNext = True
    return [heading, table]


def render_register(data: RegisterData, blank_rows: int = 5) -> bytes:
    """A4 sign-in register: everyone enrolled, then rows for walk-ins."""
    F.require_printable("register", people_text(data))
    st = _styles()
    story: list[Flowable] = [*_details(data, st), _people_table(data, st)]
    if blank_rows > 0:
        story += [Spacer(1, 1 * mm), *_walk_in_table(blank_rows, len(data.people) + 1, st)]
    date_text = T.uk_date(data.starts_at)
    return L.build_document(
        story,
        L.PAGE,
        title=f"Register: {T.clean(data.session_title)} {date_text}",
        header=lambda canvas: _draw_band(canvas, data),
        footer=L.Footer(T.clean(data.session_title), data.printed_at, keep=f", {date_text}"),
        header_height=HEADER_BAND,
    )
