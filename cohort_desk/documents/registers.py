"""Printed sign-in registers for one session (A4 portrait), from plain data to PDF bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from cohort_desk.documents import layout as L
from cohort_desk.documents import text as T

# Re-exported: the summary is printed beside the register, so callers find both here.
from cohort_desk.documents.summary import (  # noqa: F401
    SummaryData,
    SummaryRow,
    SummarySession,
    render_cohort_summary,
)

# Fixed heights keep the number of people per page predictable (and testable): a row only
# grows past ROW_HEIGHT when a name or organisation needs a third line.
ROW_HEIGHT = 10 * mm
HEADER_ROW_HEIGHT = 9 * mm  # fits two-line headings ("Left early") with room to spare
# No., Ref, Name, Organisation, Present, Late, Left early, Signature: 180 mm across A4.
COLUMNS = (8 * mm, 14 * mm, 44 * mm, 40 * mm, 12 * mm, 12 * mm, 12 * mm, 38 * mm)
WALK_IN_COLUMNS = (8 * mm, 48 * mm, 44 * mm, 42 * mm, 38 * mm)


@dataclass
class RegisterPerson:
    ref: str
    given_name: str
    family_name: str
    organisation: str
    job_title: str = ""


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


def time_range(starts_at: datetime, ends_at: datetime | None) -> str:
    start = T.clock(starts_at)
    if ends_at is None:
        return start
    if T.to_uk(ends_at).date() != T.to_uk(starts_at).date():
        return f"{start} – {T.clock(ends_at)} on {T.uk_date(ends_at)}"
    return f"{start}–{T.clock(ends_at)}"


class TickBox(Flowable):
    """An empty square to tick; one instance serves every cell since it holds no state."""

    def __init__(self, size: float = 4.5 * mm) -> None:
        super().__init__()
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(L.DARK_GREY)
        self.canv.setFillColor(L.WHITE)
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)


def _styles() -> dict[str, ParagraphStyle]:
    s = L.styles()
    return {
        **s,
        "head_c": ParagraphStyle("head_c", parent=s["head"], alignment=TA_CENTER, fontSize=7),
        "session": ParagraphStyle(
            "session",
            parent=s["title"],
            fontSize=14,
            leading=17.5,
            textColor=L.DARK_GREY,
            spaceAfter=1,
        ),
        "num": ParagraphStyle("num", parent=s["cell"], textColor=L.DARK_GREY),
    }


def _details(data: RegisterData, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Everything a facilitator checks before the session: what, when, where, who."""
    place = []
    if T.clean(data.venue):
        place.append(("Venue", data.venue))
    if T.clean(data.online_link):
        place.append(("Online", data.online_link))
    if not place:
        place.append(("Venue", "To be confirmed"))
    left = [
        ("Date", T.long_date(data.starts_at)),
        ("Time", time_range(data.starts_at, data.ends_at)),
        ("Type", data.session_kind or "–"),
        ("Facilitator", data.facilitator or "–"),
    ]
    count = len(data.people)
    right = [*place, ("Expected", f"{count} {'person' if count == 1 else 'people'}")]
    depth = max(len(left), len(right))
    left += [("", "")] * (depth - len(left))
    right += [("", "")] * (depth - len(right))
    rows = [
        [
            T.para(a, st["label"]),
            T.para(b, st["cell"]),
            T.para(c, st["label"]),
            T.para(d, st["cell"]),
        ]
        for (a, b), (c, d) in zip(left, right, strict=True)
    ]
    grid = Table(rows, colWidths=(22 * mm, 70 * mm, 20 * mm, 68 * mm), hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    kicker = " · ".join(x for x in (T.clean(data.programme), T.clean(data.cohort)) if x)
    return [
        Paragraph("Sign-in register", st["title"]),
        T.para(data.session_title, st["session"]),
        T.para(kicker, st["body"]),
        Spacer(1, 2 * mm),
        grid,
        Spacer(1, 2 * mm),
        Paragraph(
            "Please sign beside your name. The facilitator ticks Present, Late or Left early.",
            st["small"],
        ),
        Spacer(1, 3 * mm),
    ]


def _grid_style(rows: int, ncols: int) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), L.PALE_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 1, L.DARK_BLUE),
        ("GRID", (0, 0), (-1, -1), 0.4, L.RULE_GREY),
        ("BOX", (0, 0), (-1, -1), 0.8, L.DARK_GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    # Light stripes help the eye travel from a name across to its signature box.
    commands += [("BACKGROUND", (0, r), (-1, r), L.STRIPE) for r in range(2, rows, 2)]
    return commands


def _people_table(data: RegisterData, st: dict[str, ParagraphStyle]) -> Table:
    tick = TickBox()
    header = [
        Paragraph("No.", st["head"]),
        Paragraph("Ref", st["head"]),
        Paragraph("Name", st["head"]),
        Paragraph("Organisation", st["head"]),
        Paragraph("Present", st["head_c"]),
        Paragraph("Late", st["head_c"]),
        Paragraph("Left early", st["head_c"]),
        Paragraph("Signature", st["head"]),
    ]
    rows: list[list[Any]] = [header]
    name_room, org_room = COLUMNS[2] - 3 * mm, COLUMNS[3] - 3 * mm  # less the cell padding
    for number, person in enumerate(sorted(data.people, key=person_sort_key), start=1):
        # Bold family name first, as the list is sorted by it; the person's own capitals kept.
        family = T.breakable(person.family_name, T.SANS_BOLD, 8.5, name_room)
        name = f"<b>{T.markup(family)}</b>, " if family else ""
        name += T.markup(T.breakable(person.given_name, T.SANS, 8.5, name_room))
        organisation = T.markup(T.breakable(person.organisation, T.SANS, 8.5, org_room))
        if T.clean(person.job_title):
            organisation += f"<br/><font size=7 color='#425563'>{T.markup(person.job_title)}</font>"
        rows.append(
            [
                Paragraph(str(number), st["num"]),
                T.para(person.ref, st["cell"]),
                Paragraph(name, st["cell"]),
                Paragraph(organisation, st["cell"]),
                tick,
                tick,
                tick,
                "",
            ]
        )
    table = Table(
        rows,
        colWidths=COLUMNS,
        repeatRows=1,
        minRowHeights=[HEADER_ROW_HEIGHT] + [ROW_HEIGHT] * (len(rows) - 1),
    )
    table.setStyle(
        TableStyle(
            [
                *_grid_style(len(rows), len(COLUMNS)),
                ("ALIGN", (4, 1), (6, -1), "CENTER"),
                # Narrow columns: their headings need every millimetre.
                ("LEFTPADDING", (4, 0), (6, 0), 0.5 * mm),
                ("RIGHTPADDING", (4, 0), (6, 0), 0.5 * mm),
                ("LEFTPADDING", (0, 0), (0, -1), 1 * mm),
                ("RIGHTPADDING", (0, 0), (0, -1), 1 * mm),
            ]
        )
    )
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
        minRowHeights=[HEADER_ROW_HEIGHT] + [ROW_HEIGHT] * blank_rows,
    )
    table.setStyle(
        TableStyle(
            [
                *_grid_style(len(rows), len(WALK_IN_COLUMNS)),
                ("LEFTPADDING", (0, 0), (0, -1), 1 * mm),
                ("RIGHTPADDING", (0, 0), (0, -1), 1 * mm),
            ]
        )
    )
    heading = Paragraph("Not on the list? Please print your details and sign.", st["heading"])
    heading.keepWithNext = True
    return [heading, table]


def render_register(data: RegisterData, blank_rows: int = 5) -> bytes:
    """A4 sign-in register: session details, everyone enrolled, then rows for walk-ins."""
    st = _styles()
    story: list[Flowable] = [*_details(data, st), _people_table(data, st)]
    if blank_rows > 0:
        story += [Spacer(1, 2 * mm), *_walk_in_table(blank_rows, len(data.people) + 1, st)]
    date_text = T.uk_date(data.starts_at)
    subtitle = " · ".join(
        x for x in ("Sign-in register", T.clean(data.cohort), T.clean(data.programme)) if x
    )
    return L.build_document(
        story,
        L.PAGE,
        title=f"Register: {T.clean(data.session_title)} {date_text}",
        header=(data.academy_name, subtitle, data.logo),
        footer=L.Footer(f"{T.clean(data.session_title)}, {date_text}", data.printed_at),
    )
