"""Subject access report: everything held about one person, as a readable A4 PDF (UK GDPR)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from cohort_desk.documents import layout as L
from cohort_desk.documents import text as T

LABEL_WIDTH = 50 * mm


@dataclass
class ReportSection:
    title: str
    rows: list[tuple[str, str]] | None = None  # label and value, e.g. ("E-mail", "a@b.org")
    table: list[list[str]] | None = None  # first row is the heading row


@dataclass
class SubjectAccessReport:
    person_name: str
    generated_at: datetime
    sections: list[ReportSection] = field(default_factory=list)
    academy_name: str = ""


INTRO = (
    "This report lists the personal information held about you in the academy's records "
    "system on the date above, in response to a subject access request under the UK GDPR. "
    "Please tell us if anything is wrong or missing."
)


def _styles() -> dict[str, ParagraphStyle]:
    s = L.styles()
    return {
        **s,
        "empty": ParagraphStyle("empty", parent=s["small"], textColor=L.MID_GREY),
        "tiny": ParagraphStyle("tiny", parent=s["cell"], fontSize=7, leading=8.5),
        "tiny_head": ParagraphStyle("tiny_head", parent=s["head"], fontSize=7, leading=8.5),
    }


def _value(text: str | None) -> str:
    return text if text is not None and T.clean(text) else "–"


def _key_values(rows: list[tuple[str, str]], width: float, st: dict[str, ParagraphStyle]) -> Table:
    data = [[T.para(key, st["label"]), T.para(_value(value), st["cell"])] for key, value in rows]
    table = Table(data, colWidths=(LABEL_WIDTH, width - LABEL_WIDTH), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, L.RULE_GREY),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def column_widths(rows: list[list[str]], width: float, size: float) -> list[float]:
    """Share the width by how much each column has to say (the first row is the bold heading),
    so short codes stay on one line and long notes wrap."""
    columns = max(len(r) for r in rows)
    cap = width * 0.45  # one wordy column must not starve the others

    def need(r: int, c: int) -> float:
        cell = T.clean(rows[r][c]) if c < len(rows[r]) else ""
        return min(T.text_width(cell, T.SANS_BOLD if r == 0 else T.SANS, size), cap)

    wants = [max(need(r, c) for r in range(len(rows))) + 3.2 * mm for c in range(columns)]
    if sum(wants) <= width:  # room to spare: spread it in proportion
        return [w * width / sum(wants) for w in wants]
    # Otherwise fill from the narrowest: each column gets what it wants while that is no more
    # than an even share of what is left; the wordy columns split the rest and wrap.
    widths = [0.0] * columns
    remaining, order = width, sorted(range(columns), key=lambda c: wants[c])
    for n, c in enumerate(order):
        share = remaining / (columns - n)
        widths[c] = min(wants[c], share)
        remaining -= widths[c]
    return widths


def _grid(rows: list[list[str]], width: float, st: dict[str, ParagraphStyle]) -> Table:
    columns = max(len(r) for r in rows)
    small = columns > 6
    body, head = (st["tiny"], st["tiny_head"]) if small else (st["cell"], st["head"])
    padded = [list(r) + [""] * (columns - len(r)) for r in rows]
    data = [[T.para(c, head) for c in padded[0]]]
    data += [[T.para(_value(c), body) for c in r] for r in padded[1:]]
    widths = column_widths(padded, width, body.fontSize)
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), L.PALE_GREY),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, L.DARK_BLUE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, L.RULE_GREY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _section(section: ReportSection, width: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    heading = T.para(section.title, st["heading"])
    # keepWithNext would push a long table whole onto a new page; this only keeps a heading
    # from being stranded at the foot of one.
    parts: list[Flowable] = [CondPageBreak(25 * mm), heading]
    if section.rows:
        parts.append(_key_values(section.rows, width, st))
    if section.table and len(section.table) > 1:
        if section.rows:
            parts.append(Spacer(1, 3 * mm))
        parts.append(_grid(section.table, width, st))
    if len(parts) == 2:
        # Saying so plainly shows the section was checked, not forgotten.
        parts.append(Paragraph("Nothing held.", st["empty"]))
    return parts


def render_subject_access(report: SubjectAccessReport) -> bytes:
    """A4 portrait: title, when it was generated, then each section as a list or a table."""
    st = _styles()
    width = L.PAGE[0] - 2 * L.MARGIN
    when = f"{T.uk_date(report.generated_at)} at {T.clock(report.generated_at)}"
    story: list[Flowable] = [
        Paragraph("Subject access report", st["title"]),
        T.para(f"Information held about {T.clean(report.person_name)}", st["heading"]),
        Paragraph(f"Generated {when}", st["body"]),
        Spacer(1, 2 * mm),
        Paragraph(INTRO, st["small"]),
        Spacer(1, 2 * mm),
    ]
    for section in report.sections:
        story += _section(section, width, st)
    name = T.clean(report.person_name)
    return L.build_document(
        story,
        L.PAGE,
        title=f"Subject access report: {name}",
        header=(report.academy_name or "Cohort Desk", "Subject access report", None),
        footer=L.Footer(f"Subject access report: {name}", report.generated_at),
    )
