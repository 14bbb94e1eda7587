"""The selection report written as a PDF (documents layer, every script) or an xlsx workbook."""

from __future__ import annotations

import os
from pathlib import Path

from cohort_desk import outputs
from cohort_desk.db.engine import Database
from cohort_desk.documents.selection_report import (
    FLAG,
    ReportGroup,
    ReportSection,
    SelectionReportData,
    render_selection_report,
)
from cohort_desk.errors import ValidationError
from cohort_desk.rules.selection import PRIMARY, SECONDARY, WITHHELD
from cohort_desk.services import settings
from cohort_desk.services.applications.report import STAGES, SelectionReport, selection_report
from cohort_desk.sheets.writing import SheetOut, write_xlsx

HOW_TO_READ = [
    f"Counts under 5 are shown as “{PRIMARY}”; where one could be worked out from the total, "
    f"another count is shown only as “{SECONDARY}”, and “{WITHHELD}” withholds a whole column.",
    "Offered counts everyone offered a place, declined offers included; shortlisted counts "
    "everyone shortlisted at any point.",
    "Offer rate = offered ÷ applied. A group is flagged “Under 4/5” when its offer rate is under "
    "four fifths of the highest group's (the usual rule of thumb for adverse impact); groups "
    "with fewer than 5 applicants, and 'Not recorded', 'Not given' and 'Prefer not to say', are "
    "not compared.",
    "A rate or ratio is left blank where printing it would let a hidden count be worked out; "
    "the flag still says whether the group fell under four fifths.",
]


def _places(report: SelectionReport) -> str:
    return "not set" if report.places is None else str(report.places)


def report_data(db: Database, report: SelectionReport) -> SelectionReportData:
    return SelectionReportData(
        academy_name=settings.get(db, "academy_name"),
        cohort=report.cohort,
        programme=report.programme,
        places=_places(report),
        stages=list(STAGES),
        totals=report.totals,
        sections=[
            ReportSection(
                table.characteristic,
                [
                    ReportGroup(g.group, g.shown, g.rate, g.ratio, g.flagged, g.compared)
                    for g in table.lines
                ],
            )
            for table in report.tables
        ],
        notes=[*HOW_TO_READ, report.equality_note],
        printed_at=report.printed_at,
        logo=settings.get_blob(db, "logo"),
    )


def report_sheets(report: SelectionReport) -> list[SheetOut]:
    """A summary sheet, then one sheet per characteristic. Counts stay text: "<5" is not a
    number, and a number column with gaps would invite someone to total it."""
    summary = [
        ["Cohort", report.cohort],
        ["Programme", report.programme],
        ["Places", _places(report)],
        *([stage, total] for stage, total in zip(STAGES, report.totals, strict=True)),
        *(["Flagged", f"{c}: {g}"] for c, g in report.flags),
        *(["Note", note] for note in [*HOW_TO_READ, report.equality_note]),
    ]
    sheets = [SheetOut("Summary", ["", ""], summary, heading=f"Selection report: {report.cohort}")]
    headers = ["Group", *STAGES, "Offer rate", "Ratio to highest", "Four fifths"]
    for table in report.tables:
        rows = [
            [
                g.group,
                *g.shown,
                g.rate,
                g.ratio,
                FLAG if g.flagged else ("" if g.compared else "not compared"),
            ]
            for g in table.lines
        ]
        sheets.append(
            SheetOut(
                table.characteristic,
                headers,
                rows,
                heading=f"{table.characteristic}: {report.cohort}",
                fills={len(headers) - 1: {FLAG: "F6D3D0"}},
            )
        )
    return sheets


def write_selection_report(
    db: Database, cohort_id: int, path: str | os.PathLike[str], overwrite: bool = True
) -> Path:
    """Write the cohort's selection report as .pdf or .xlsx, chosen by the file name."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ValidationError(
            f"The selection report can be saved as .pdf or .xlsx, not '{target.name}'; end the "
            "file name with one of those.",
            field="output",
        )
    report = selection_report(db, cohort_id)
    if suffix == ".xlsx":
        write_xlsx(target, report_sheets(report))
        return target
    pdf = render_selection_report(report_data(db, report))
    return outputs.write_file(target, pdf, overwrite=overwrite, what="document")
