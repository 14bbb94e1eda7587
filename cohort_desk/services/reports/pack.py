"""The impact pack: a period's figures beside the previous period's, as sections that the PDF
(documents/impact_pack.py) and the workbook (one sheet per section) both print.

Every figure in a section is a real number (a percentage as 75.0, not "75%") except where
privacy suppresses it ("<5", "5+"), so the workbook can be added up and charted."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path

from cohort_desk import outputs
from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError, ValidationError
from cohort_desk.rules import impact as I
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.selection import suppress_column
from cohort_desk.rules.wording import plural
from cohort_desk.services import settings
from cohort_desk.services.reports.figures import PeriodFigures, period_figures
from cohort_desk.services.reports.scores import evaluation_sections
from cohort_desk.services.reports.sections import (
    AT_A_GLANCE,
    COHORTS,
    Cell,
    Change,
    ImpactPack,
    Section,
    compared,
)
from cohort_desk.sheets.writing import Formatted, SheetOut, write_xlsx

FORMATS = (".pdf", ".xlsx")


def build_pack(db: Database, start: date, end: date) -> ImpactPack:
    refusal = I.period_refusal(start, end)
    if refusal:
        raise ValidationError(refusal, field="to")
    before = I.previous_period(start, end)
    with db.read() as session:
        now = period_figures(session, start, end)
        then = period_figures(session, *before)
        name = settings.get_in(session, "academy_name")
    sections = [
        _headline(now, then),
        *(_breakdown(title, now.by[title], then.by[title]) for title in now.by),
        _cohorts(now, then),
        _leadership(db, end),
        *evaluation_sections(now, then),
        *(
            _equality(title, now.equality[title], then.equality[title], workforce_shares(db))
            for title in now.equality
        ),
    ]
    return ImpactPack(name, start, end, before, sections, logo=settings.get_blob(db, "logo"))


def _row(label: str, now: float | None, then: float | None, percent: bool = False) -> list[Cell]:
    return compared(label, now, then, percent)


def _headline(now: PeriodFigures, then: PeriodFigures) -> Section:
    rows = [
        _row("People reached", now.reached, then.reached),
        _row("New", now.new, then.new),
        _row("Returning", now.returning, then.returning),
        _row("Certificates issued", now.certificates, then.certificates),
        _row("CPD hours certified", now.cpd_hours, then.cpd_hours),
        _row("Mentoring pairs active", now.pairs_active, then.pairs_active),
        _row("Mentoring meetings held", now.meetings, then.meetings),
        _row("Community of Practice members", now.members, then.members),
        _row("Community of Practice growth", now.growth, then.growth),
    ]
    return Section(AT_A_GLANCE, ["Figure", "This period", "Previous period", "Change"], rows,
                   "At a glance", chart="bar")  # fmt: skip


def _breakdown(title: str, now: Counter[str], then: Counter[str]) -> Section:
    groups = sorted(set(now) | set(then), key=lambda g: (-now[g], -then[g], g.casefold()))
    rows = [_row(group, now[group], then[group]) for group in groups]
    return Section(f"Reach by {title.lower()}", [title, "This period", "Previous period",
                   "Change"], rows, f"Reach by {title.lower()}", chart="bar")  # fmt: skip


def _cohorts(now: PeriodFigures, then: PeriodFigures) -> Section:
    before = {c.key: c for c in then.cohorts}
    rows: list[list[Cell]] = []
    for c in now.cohorts:
        old = before.get(c.key)
        rows.append(
            [
                c.name,
                c.participants,
                c.sessions_held,
                *_rate_row(c.attendance_rate, old.attendance_rate if old else None),
                *_rate_row(c.completion_rate, old.completion_rate if old else None),
            ]
        )
    return Section(
        COHORTS,
        ["Cohort", "Participants", "Sessions held", "Attendance %", "Previous period",
         "Change", "Completion %", "Previous period", "Change"],
        rows,
        "Attendance and completion",
        chart="bar",
        chart_columns=(3, 4),  # attendance now and before, coloured as every other chart
        note="Attendance is over the sessions held in each period; completion is the "
        "cohort's by each period's last day. The previous period is blank for a cohort "
        "that held no sessions in it.",
        percent_columns={3, 4, 6, 7},
    )  # fmt: skip


def _rate_row(now: float | None, then: float | None) -> list[Cell]:
    now, then = _round(now), _round(then)
    return [now, then, Change.between(now, then, points=True)]


def _leadership(db: Database, end: date) -> Section:
    from cohort_desk.services.community.leadership import leadership_report

    report = leadership_report(db, today=end, quarters=9)  # now and the 8 before
    rows: list[list[Cell]] = [[q.quarter, q.days_per_week, q.people] for q in report.over_time]
    return Section(
        "System leadership days a week",
        ["Quarter", "Days a week", "People"],
        rows,
        "Leadership days a week",
        chart="line",
        chart_columns=(1,),
        note=f"Now ({format_date(end)}): {report.total_days_per_week:g} days a week held by "
        f"{plural(report.people, 'person')}.",
    )


def _equality(
    title: str, now: Counter[str], then: Counter[str], shares: dict[str, float]
) -> Section:
    """Each period's column suppressed on its own against its own number reached (both are
    printed); the change only where both counts are shown, as it would give a hidden one
    away."""
    groups = sorted(set(now) | set(then), key=lambda g: (g == "Not given", g.casefold()))
    shown_now = _suppressed([now[g] for g in groups])
    shown_then = _suppressed([then[g] for g in groups])
    total = sum(now.values())
    rows: list[list[Cell]] = []
    for group, value, before in zip(groups, shown_now, shown_then, strict=True):
        share = _round(I.rate(now[group], total)) if isinstance(value, int) else None
        workforce = shares.get(f"{title}: {group}", shares.get(group))
        rows.append([group, value, before, Change.between(value, before), share, workforce])
    return Section(
        f"Equality reach: {title.lower()}",
        [title, "This period", "Previous period", "Change", "Share %", "Workforce share %"],
        rows,
        f"Equality by {title.lower()}",
        note="Counts under 5 are shown as <5, and others as 5+ where needed so that no small "
        "count can be worked out.",
        chart="bar",
        chart_columns=(4, 5),
        chart_above=True,
        percent_columns={4, 5},
    )


def _suppressed(counts: list[int]) -> list[Cell]:
    """The counts as printed: a number where it may be shown, else "<5", "5+" or "[c]"."""
    return [
        count if text == str(count) else text
        for count, text in zip(counts, suppress_column(counts), strict=True)
    ]


SHARES_KEY = "workforce_shares"


def workforce_shares(db: Database) -> dict[str, float]:
    """The workforce shares entered for the area ("White British=55; Asian=20"), by group."""
    return I.parse_shares(settings.get(db, SHARES_KEY))


def set_workforce_shares(db: Database, typed: str) -> dict[str, float]:
    """Check and keep the workforce shares; refused in one sentence, changing nothing. The
    one check is the preference's own, so Preferences and `preferences set` agree."""
    settings.save(db, {SHARES_KEY: typed})
    return workforce_shares(db)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def check_format(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"The impact pack is written as .pdf or .xlsx, not '{suffix or 'no extension'}'; "
            "end the file name with .pdf or .xlsx."
        )
    return suffix


def write_pack(pack: ImpactPack, path: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """The pack as a PDF or a workbook, by the file's extension."""
    suffix = check_format(path)
    target = outputs.check_target(path, overwrite=overwrite, what="impact pack")
    if suffix == ".xlsx":
        write_xlsx(target, _sheets(pack))
        return target
    from cohort_desk.documents.impact_pack import render_impact_pack

    return outputs.write_file(target, render_impact_pack(pack), what="impact pack")


# The change as a real number that still reads "+3" in Excel; a percentage's change is in
# points, which Excel's "%" would show a hundred times too large.
CHANGE_FORMAT = "+0;-0;0"
CHANGE_DECIMAL_FORMAT = "+0.0;-0.0;0"
POINTS_FORMAT = '+0.0" points";-0.0" points";0" points"'


def _xlsx_cell(value: Cell) -> object:
    if not isinstance(value, Change):
        return value
    if value.points:
        return Formatted(value.value, POINTS_FORMAT)
    whole = value.value is None or value.value == int(value.value)
    return Formatted(value.value, CHANGE_FORMAT if whole else CHANGE_DECIMAL_FORMAT)


def _sheets(pack: ImpactPack) -> list[SheetOut]:
    sheets = [
        SheetOut(
            section.sheet,
            section.headers,
            [[_xlsx_cell(v) for v in row] for row in section.rows],
            heading=f"{section.title}, {pack.period_text} (previous: {pack.previous_text})",
        )
        for section in pack.sections
    ]
    sheets.append(SheetOut("Definitions", ["Term", "Definition"], list(pack.definitions)))
    return sheets
