"""The impact pack as sections of rows, which the PDF and the workbook both print."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cohort_desk.rules import impact as I
from cohort_desk.rules.dates import format_date


@dataclass(frozen=True)
class Change:
    """The change on the previous period: a number the workbook keeps as a number, printed
    "+3", "-1.5" or "+4.2 points" (``points`` for a percentage) in the PDF and the window."""

    value: float | None
    points: bool = False

    def __str__(self) -> str:
        return I.format_change(self.value, self.points)

    @classmethod
    def between(cls, now: object, before: object, points: bool = False) -> Change:
        """From two cells: no change to show when either is missing or hidden ("<5")."""
        numbers = [v if isinstance(v, int | float) else None for v in (now, before)]
        return cls(I.difference(*numbers), points)


Cell = int | float | str | Change | None


def compared(label: str, now: float | None, then: float | None, points: bool = False) -> list[Cell]:
    """A figure's row: this period, the previous one and the change."""
    return [label, now, then, Change.between(now, then, points)]


SHEET_NAME_LIMIT = 31  # Excel's longest sheet name
# Titles the window looks sections up by (its headline cards and the cohorts table).
AT_A_GLANCE = "At a glance"
EVALUATION = "Evaluation"
COHORTS = "Attendance and completion by cohort"


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    sheet: str  # the workbook's sheet: short and clear, within Excel's 31 characters
    chart: str = ""  # "bar" or "line"; "" for none
    chart_columns: tuple[int, ...] = (1, 2)  # the columns drawn, against the first
    chart_from: int = 0  # the first row drawn: rows above it are on another scale
    chart_above: bool = False  # drawn full width above the table, for long row labels
    chart_scale: tuple[int, int] | None = None  # a fixed value axis (a rating scale, 1 to 5)
    axis_label: str = ""  # what the value axis measures, printed under it
    note: str = ""
    percent_columns: set[int] = field(default_factory=set)  # printed with a % sign

    def __post_init__(self) -> None:
        if not 0 < len(self.sheet) <= SHEET_NAME_LIMIT:
            raise ValueError(f"a sheet name of 1 to 31 characters, not {self.sheet!r}")


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
