"""The selection report as a PDF: for each characteristic, applicants through each stage
(counts under 5 already suppressed by the service), offer rates and the four-fifths flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from cohort_desk.documents import fonts as F
from cohort_desk.documents import layout as L
from cohort_desk.documents import text as T

FLAG = "Under 4/5"
HIGHEST = "Highest rate"


@dataclass(frozen=True)
class ReportGroup:
    group: str
    counts: list[str]  # as printed: a number, "<5", "5+" or "[c]"
    rate: str
    ratio: str
    flagged: bool
    compared: bool
    highest: bool = False


@dataclass(frozen=True)
class ReportSection:
    title: str
    groups: list[ReportGroup]


@dataclass
class SelectionReportData:
    academy_name: str
    cohort: str
    programme: str
    places: str
    stages: list[str]
    totals: list[str]
    sections: list[ReportSection]
    notes: list[str]
    printed_at: datetime = field(default_factory=datetime.now)
    logo: bytes | None = None


def _styles() -> dict[str, ParagraphStyle]:
    s = L.styles()
    return {
        **s,
        "num": ParagraphStyle("num", parent=s["cell"], alignment=TA_RIGHT),
        "head_r": ParagraphStyle("head_r", parent=s["head"], alignment=TA_RIGHT),
        "flag": ParagraphStyle(
            "flag", parent=s["cell"], fontName=T.SANS_BOLD, textColor=L.WARNING_RED
        ),
    }


def _section(
    section: ReportSection, stages: list[str], width: float, st: dict[str, ParagraphStyle]
) -> Flowable:
    head = [Paragraph(section.title, st["head"])]
    head += [Paragraph(stage, st["head_r"]) for stage in stages]
    head += [
        Paragraph("Offer rate", st["head_r"]),
        Paragraph("Ratio to highest", st["head_r"]),
        Paragraph("Four fifths", st["head"]),
    ]
    rows: list[list[Any]] = [head]
    commands: list[tuple[Any, ...]] = []
    for r, group in enumerate(section.groups, start=1):
        if group.flagged:
            verdict = Paragraph(FLAG, st["flag"])
            commands.append(("BACKGROUND", (0, r), (-1, r), L.TINT_RED))
        elif group.highest:
            verdict = Paragraph(HIGHEST, st["cell"])
        elif group.compared:
            verdict = Paragraph("", st["cell"])
        else:
            verdict = Paragraph("not compared", st["cell_small"])
        rows.append(
            [
                T.para(group.group, st["cell"]),
                *(Paragraph(count, st["num"]) for count in group.counts),
                Paragraph(group.rate, st["num"]),
                Paragraph(group.ratio, st["num"]),
                verdict,
            ]
        )
    number = 19 * mm
    fixed = number * len(stages) + 18 * mm + 22 * mm + 24 * mm
    table = Table(
        rows,
        colWidths=[width - fixed, *([number] * len(stages)), 18 * mm, 22 * mm, 24 * mm],
        repeatRows=1,
    )
    table.setStyle(L.figures_table_style(2, *commands))
    return table


def render_selection_report(data: SelectionReportData) -> bytes:
    texts = [("The cohort's name", data.cohort), ("The programme's name", data.programme)]
    for section in data.sections:
        texts += [(f"The group “{g.group}”", g.group) for g in section.groups]
    F.require_printable("selection report", texts)
    st = _styles()
    width = L.PAGE[0] - 2 * L.MARGIN
    totals = " · ".join(
        f"{stage}: {total}" for stage, total in zip(data.stages, data.totals, strict=True)
    )
    story: list[Flowable] = [
        Paragraph("Selection report: is it fair?", st["title"]),
        T.para(f"{T.clean(data.cohort)} · {T.clean(data.programme)}", st["body"]),
        T.para(f"Places: {data.places} · {totals}", st["body"]),
        Spacer(1, 2 * mm),
    ]
    flagged = [f"{s.title}: {g.group}" for s in data.sections for g in s.groups if g.flagged]
    verdict = (
        "Offer rates under four fifths of the highest: " + "; ".join(flagged) + "."
        if flagged
        else "No group's offer rate is under four fifths of the highest in its table."
    )
    story += [T.para(verdict, st["flag"] if flagged else st["body"]), Spacer(1, 2 * mm)]
    story += [Paragraph(note, st["small"]) for note in data.notes]
    for section in data.sections:
        heading = Paragraph(section.title, st["heading"])
        story += [
            CondPageBreak(40 * mm),
            KeepTogether([heading, _section(section, data.stages, width, st)]),
        ]
    subtitle = f"Selection report · {T.clean(data.cohort)}"
    return L.build_document(
        story,
        L.PAGE,
        title=f"Selection report: {T.clean(data.cohort)}",
        header=(data.academy_name, subtitle, data.logo),
        footer=L.Footer(f"Selection report: {T.clean(data.cohort)}", data.printed_at),
    )
