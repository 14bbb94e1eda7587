"""Subject access report: everything held about one person, as a readable A4 PDF (UK GDPR)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cohort_desk.documents import fonts as F
from cohort_desk.documents import layout as L
from cohort_desk.documents import text as T

LABEL_WIDTH = 50 * mm


@dataclass
class ReportSection:
    title: str
    rows: list[tuple[str, str]] | None = None  # label and value, e.g. ("E-mail", "a@b.org")
    table: list[list[str]] | None = None  # first row is the heading row
    text: str = ""  # a paragraph under the heading
    # Columns of the table holding other people's names: highlighted for the sender to review
    # (disclose or redact) before the response goes out.
    review_columns: frozenset[int] = frozenset()


@dataclass
class SubjectAccessReport:
    person_name: str
    generated_at: datetime
    sections: list[ReportSection] = field(default_factory=list)
    academy_name: str = ""
    # The part that explains the data (controller, purposes, rights...), printed before it.
    about: list[ReportSection] = field(default_factory=list)
    # What the sender must do before sending; printed in a box at the top.
    before_sending: list[str] = field(default_factory=list)


INTRO = (
    "This is the personal information the academy holds about you in its records system on "
    "the date above, in response to your request under the UK GDPR (Article 15), with what "
    "the law asks us to tell you about it. Please tell us if anything is wrong or missing."
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


REVIEW = HexColor("#FFF1B8")  # a highlighter yellow that prints light in black and white


def _grid(
    rows: list[list[str]],
    width: float,
    st: dict[str, ParagraphStyle],
    review: frozenset[int] = frozenset(),
) -> Table:
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
                *(("BACKGROUND", (c, 1), (c, -1), REVIEW) for c in sorted(review)),
            ]
        )
    )
    return table


def _section(section: ReportSection, width: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    heading = T.para(section.title, st["heading"])
    # keepWithNext would push a long table whole onto a new page; this only keeps a heading
    # from being stranded at the foot of one.
    parts: list[Flowable] = [CondPageBreak(25 * mm), heading]
    if section.text:
        parts.append(T.para(section.text, st["body"]))
    if section.rows:
        parts.append(_key_values(section.rows, width, st))
    if section.table and len(section.table) > 1:
        if section.rows:
            parts.append(Spacer(1, 3 * mm))
        parts.append(_grid(section.table, width, st, section.review_columns))
        if section.review_columns:
            parts.append(
                Paragraph(
                    "Highlighted: other people's names. Before sending, decide whether each "
                    "may be disclosed or should be blacked out (UK GDPR Article 15(4)).",
                    st["small"],
                )
            )
    if len(parts) == 2:
        # Saying so plainly shows the section was checked, not forgotten.
        parts.append(Paragraph("Nothing held.", st["empty"]))
    return parts


def _with_codes_for_missing(report: SubjectAccessReport) -> tuple[SubjectAccessReport, bool]:
    seen: list[bool] = []

    def fix(text: str) -> str:
        shown = F.codes_for_missing(text)
        seen.append(shown != text)
        return shown

    def fix_section(s: ReportSection) -> ReportSection:
        return replace(
            s,
            title=fix(s.title),
            rows=[(fix(k), fix(v)) for k, v in s.rows] if s.rows else s.rows,
            table=[[fix(c) for c in r] for r in s.table] if s.table else s.table,
            text=fix(s.text),
        )

    sections = [fix_section(s) for s in report.sections]
    fixed = replace(
        report,
        person_name=fix(report.person_name),
        sections=sections,
        about=[fix_section(s) for s in report.about],
    )
    return fixed, any(seen)


def _before_sending(
    items: list[str], width: float, st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """A box for the sender only: what to check or fill in, so the reply goes out complete."""
    heading = "<b>Before sending</b> (remove this box from the copy you send)"
    lines: list[Flowable] = [Paragraph(heading, st["body"])]
    lines += [T.para(f"• {item}", st["small"]) for item in items]
    box = Table([[lines]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, L.WARNING_RED),
                ("BACKGROUND", (0, 0), (-1, -1), REVIEW),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return [box, Spacer(1, 3 * mm)]


def render_subject_access(report: SubjectAccessReport) -> bytes:
    """A4 portrait: who is answering and what the law asks them to say, then each kind of
    record held, as a list or a table."""
    # A legal answer is never refused for want of a glyph: characters no font has are written
    # as their Unicode code points instead, and the report says so at the top.
    report, replaced = _with_codes_for_missing(report)
    st = _styles()
    width = L.PAGE[0] - 2 * L.MARGIN
    name = T.clean(report.person_name)
    story: list[Flowable] = [
        Paragraph("Your personal information", st["title"]),
        T.para(f"A response to the subject access request of {name}", st["heading"]),
        Paragraph(f"Prepared on {T.long_date(report.generated_at)}", st["body"]),
        Spacer(1, 2 * mm),
        Paragraph(INTRO, st["small"]),
        Spacer(1, 3 * mm),
    ]
    if report.before_sending:
        story += _before_sending(report.before_sending, width, st)
    if replaced:
        story += [
            Paragraph(
                "Some characters held cannot be printed with the fonts Cohort Desk has; each is "
                "shown as its Unicode code instead, like [U+13A3].",
                st["small"],
            ),
            Spacer(1, 2 * mm),
        ]
    for section in report.about:
        story += _section(section, width, st)
    if report.about:
        held = Paragraph("The information we hold about you", st["title"])
        story += [PageBreak(), held]
    for section in report.sections:
        story += _section(section, width, st)
    return L.build_document(
        story,
        L.PAGE,
        title=f"Subject access response: {name}",
        header=(report.academy_name or "Cohort Desk", "Subject access response", None),
        footer=L.Footer(f"Subject access response: {name}", report.generated_at),
    )
