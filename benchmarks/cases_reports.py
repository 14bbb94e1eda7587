"""Report cases: a 300-person sign-in register as PDF, and a cohort's attendance summary as
.xlsx, each beside the bare library doing the same work (reportlab platypus, openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from bench_data import NOW, records_db
from harness import FeatureMissing, Result, Target, Workspace, feature, side_by_side


def _floor_register(people: list[Any]) -> Callable[[], Any]:
    """A bare platypus table: one row per person, name and organisation wrapped in Paragraphs,
    a repeated header row and a grid, on A4."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from cohort_desk.documents import text as T

    widths = [w * mm for w in (8, 14, 44, 40, 12, 12, 12, 38)]
    cell = ParagraphStyle("cell", fontName=T.SANS, fontSize=8.5, leading=10)

    def work() -> bytes:
        rows: list[list[Any]] = [
            ["No.", "Ref", "Name", "Organisation", "Present", "Late", "Left early", "Signature"]
        ]
        for number, person in enumerate(people, start=1):
            name = Paragraph(f"<b>{person.family_name}</b>, {person.given_name}", cell)
            rows.append(
                [str(number), person.ref, name, Paragraph(person.organisation, cell)]
                + ["", "", "", ""]
            )
        table = Table(
            rows, colWidths=widths, repeatRows=1, minRowHeights=[9 * mm] + [10 * mm] * len(people)
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), T.SANS, 8.5),
                    ("GRID", (0, 0), (-1, -1), 0.4, "#C8CFD4"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4).build([table])
        return buffer.getvalue()

    return work


def register(ws: Workspace) -> list[Result]:
    with feature("services.attendance.register_data"):
        from cohort_desk.db.opening import open_database
        from cohort_desk.documents import text as T
        from cohort_desk.documents.registers import render_register
        from cohort_desk.services.attendance.marking import register_data

    T.register_fonts()
    records = records_db(ws)
    db = open_database(str(records.path))
    data = register_data(db, records.register_session_id)
    count = len(data.people)
    floor = _floor_register(data.people)
    results = []
    for name, title, work in (
        ("register", "(documents layer)", lambda: render_register(data)),
        (
            "register-service",
            "(register_data + render)",
            lambda: render_register(register_data(db, records.register_session_id)),
        ),
    ):
        seconds, floor_seconds, peak, floor_peak = side_by_side(
            ws.sizes.runs, lambda w=work: w, lambda: floor
        )
        results.append(
            Result(
                name,
                f"a {count:,}-person sign-in register {title}",
                Target("seconds", 0.5),
                seconds=seconds,
                floor_seconds=floor_seconds,
                peak_mb=peak,
                floor_peak_mb=floor_peak,
                runs=ws.sizes.runs,
                details={"pages": render_register(data).count(b"/Type /Page\n")},
            )
        )
    db.dispose()
    return results


def summary(ws: Workspace) -> list[Result]:
    """The attendance summary export, or, until it exists, write_xlsx of the same cells."""
    from cohort_desk.db.opening import open_database

    records = records_db(ws)
    db = open_database(str(records.path))
    people, sessions = ws.sizes.summary_people, ws.sizes.summary_sessions
    note = ""
    try:
        with feature("services.attendance_reports"):
            from cohort_desk.services.attendance.reports import (
                cohort_grid,
                summary_sheets,
                write_cohort_summary,
            )
    except FeatureMissing as missing:
        from cohort_desk.sheets.writing import write_xlsx

        note = f"{missing}: measured write_xlsx of the same cells"
        sheets = _stand_in_sheets(people, sessions)

        def export(target: Any) -> None:
            write_xlsx(target, sheets)

    else:
        sheets = summary_sheets(cohort_grid(db, records.summary_cohort_id, now=NOW))

        def export(target: Any) -> None:
            write_cohort_summary(db, target, cohort_id=records.summary_cohort_id, now=NOW)

    def case() -> Callable[[], Any]:
        target = ws.fresh("summary", ".xlsx")
        return lambda: export(target)

    def floor() -> Callable[[], Any]:
        from openpyxl import Workbook

        target = ws.fresh("floor-summary", ".xlsx")

        def work() -> None:
            book = Workbook(write_only=True)
            for sheet in sheets:
                out = book.create_sheet(sheet.title)
                out.append(sheet.headers)
                for cells in sheet.rows:
                    out.append(list(cells))
            book.save(target)

        return work

    seconds, floor_seconds, peak, floor_peak = side_by_side(ws.sizes.runs, case, floor)
    db.dispose()
    return [
        Result(
            "summary",
            f"cohort summary, {people:,} people x {sessions} sessions, as .xlsx",
            Target("seconds", 1.0),
            seconds=seconds,
            floor_seconds=floor_seconds,
            peak_mb=peak,
            floor_peak_mb=floor_peak,
            runs=ws.sizes.runs,
            note=note,
        )
    ]


def _stand_in_sheets(people: int, sessions: int) -> list[Any]:
    """The summary's cells as the export lays them out, for measuring before it exists."""
    from cohort_desk.sheets.writing import SheetOut

    headers = ["Ref", "Family name", "Given name", "E-mail", "Organisation"]
    headers += [f"Session {n + 1}" for n in range(sessions)]
    headers += ["Attended", "Held", "Attendance", "CPD hours", "Flag"]
    row: list[object] = ["P000001", "Okonkwo", "Ada", "ada@nhs.net", "Lewisham and Greenwich"]
    row += ["P"] * sessions + [sessions, sessions, 1.0, 3.0 * sessions, ""]
    return [SheetOut("Attendance", headers, [row] * people)]
