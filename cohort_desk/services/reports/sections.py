"""The impact pack as sections of rows, which the PDF and the workbook both print."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cohort_desk.rules import impact as I
from cohort_desk.rules.dates import format_date

Cell = int | float | str | None
# Titles the window looks sections up by (its headline cards and the cohorts table).
AT_A_GLANCE = "At a glance"
EVALUATION = "Evaluation"
COHORTS = "Attendance and completion by cohort"


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    chart: str = ""  # "bar" or "line"; "" for none
    chart_columns: tuple[int, ...] = (1, 2)  # the columns drawn, against the first
    chart_from: int = 0  # the first row drawn: rows above it are on another scale
    chart_above: bool = False  # drawn full width above the table, for long row labels
    note: str = ""
    percent_columns: set[int] = field(default_factory=set)  # printed with a % sign


@dataclass
class ImpactPack:
    academy_name: str
    start: date
    end: date
    previous: tuple[date, date]
    sections: list[Section]
    definitions: tuple[tuple[str, str], ...] = I.DEFINITIONS
    logo: bytes | None = None

    def section(self, title: str) -> Section | None:
        return next((s for s in self.sections if s.title == title), None)

    @property
    def period_text(self) -> str:
        return f"{format_date(self.start)} to {format_date(self.end)}"

    @property
    def previous_text(self) -> str:
        return f"{format_date(self.previous[0])} to {format_date(self.previous[1])}"
