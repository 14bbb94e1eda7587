"""The column choices and the preview table of the import wizard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.rules.headers import FIELD_LABELS, FIELDS
from cohort_desk.rules.wording import plural
from cohort_desk.services.imports import ImportPlan, RowOutcome
from cohort_desk.services.imports.columns import ColumnGuess
from cohort_desk.ui.imports.names_panel import KnownNamesPanel
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable, cell_table

FIELD_CHOICES = [("ignore", "(not imported)")] + [
    (name, FIELD_LABELS[name].capitalize()) for name in FIELDS if name != "ignore"
]
OUTCOME_LABELS = {
    "new": "New",
    "update": "Update",
    "unchanged": "Unchanged",
    "merged": "Merged",
    "skipped": "Skipped",
    "error": "Error",
    "repeat": "Repeat",  # an application import: someone who has applied already
}
# Light tints that keep dark text readable in both themes' table colours.
ERROR_BACKGROUND = QColor("#F8D7DA")
ERROR_TEXT = QColor("#7A1B22")
UPDATE_BACKGROUND = QColor("#FFF3CD")
NEW_BACKGROUND = QColor("#DFF0E3")


class ColumnChoices(QWidget):
    """One line per column of the file: its heading, a few values, and a combo of fields."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guess: ColumnGuess | None = None
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = cell_table(["Column in the file", "First values", "Import as"], parent=self)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(2, 190)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_guess(self, guess: ColumnGuess, sheet: str, remembered: bool) -> None:
        self.guess = guess
        where = f"Headings found on row {guess.header_row} of the sheet '{sheet}'."
        if not guess.recognised:
            where = (
                f"No headings were recognised, so row {guess.header_row} of '{sheet}' is taken "
                "as the headings: say which column holds the e-mail addresses and names."
            )
        elif remembered:
            where += " Your choices from last time, for a file with these headings, are used."
        self.note.setText(where + " Change 'Import as' where the guess is wrong.")
        self.table.setRowCount(len(guess.headers))
        for index, heading in enumerate(guess.headers):
            self.table.setItem(index, 0, QTableWidgetItem(heading or f"(column {index + 1})"))
            samples = QTableWidgetItem(" · ".join(guess.samples[index]))
            samples.setToolTip("\n".join(guess.samples[index]))
            self.table.setItem(index, 1, samples)
            combo = QComboBox()
            combo.setAccessibleName(f"Import column {heading or index + 1} as")
            for name, label in FIELD_CHOICES:
                combo.addItem(label, name)
            combo.setCurrentIndex(combo.findData(guess.mapping.get(index, "ignore")))
            combo.setEnabled(bool(heading))  # a column without a heading cannot be named
            self.table.setCellWidget(index, 2, combo)
        self.table.resizeRowsToContents()

    def combo(self, column: int) -> QComboBox:
        widget = self.table.cellWidget(column, 2)
        assert isinstance(widget, QComboBox)
        return widget

    def choose(self, column: int, field: str) -> None:
        self.combo(column).setCurrentIndex(self.combo(column).findData(field))

    def choices(self) -> dict[str, str]:
        """Heading -> field (or "ignore") for every column with a heading, as shown; where a
        heading repeats, its first column, which is the one a heading names."""
        if self.guess is None:
            return {}
        chosen: dict[str, str] = {}
        for index, heading in enumerate(self.guess.headers):
            key = " ".join(heading.split()).casefold()
            if heading and key not in {h.casefold() for h in chosen}:
                chosen[heading] = self.combo(index).currentData()
        return chosen


def _details(row: RowOutcome) -> str:
    if row.changes:
        changes = "; ".join(
            f"{c.label.capitalize()}: {c.before or '(blank)'} → {c.after}" for c in row.changes
        )
        return f"{changes}. {row.message}".strip() if row.message else changes
    return row.message


def _background(row: RowOutcome) -> Any:
    return {
        "error": ERROR_BACKGROUND,
        "repeat": UPDATE_BACKGROUND,
        "update": UPDATE_BACKGROUND,
        "new": NEW_BACKGROUND,
    }.get(row.outcome)


def _foreground(row: RowOutcome) -> Any:
    # Tinted rows get dark text whatever the theme, or white-on-pale would be unreadable.
    return (
        ERROR_TEXT if row.outcome == "error" else (QColor("#212B32") if _background(row) else None)
    )


def _column(title: str, display: Any, **options: Any) -> Column[RowOutcome]:
    return Column(title, display, foreground=_foreground, background=_background, **options)


PREVIEW_COLUMNS: list[Column[RowOutcome]] = [
    _column("Row", lambda r: r.row, align_right=True),
    _column("Outcome", lambda r: OUTCOME_LABELS[r.outcome]),
    _column("E-mail", lambda r: r.email),
    _column("Name", lambda r: r.name),
    _column("Details", _details, tooltip=_details),
]
SHOW_CHOICES = [
    ("All rows", None),
    ("Errors", "error"),
    ("New", "new"),
    ("Updates", "update"),
    ("Unchanged", "unchanged"),
    ("Merged", "merged"),
    ("Skipped", "skipped"),
    ("Repeat applications", "repeat"),
]


class PreviewTable(QWidget):
    """Counts above, every row of the file below with errors highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.show_combo = QComboBox()
        self.show_combo.setAccessibleName("Show rows")
        for label, outcome in SHOW_CHOICES:
            self.show_combo.addItem(label, outcome)
        self.show_combo.currentIndexChanged.connect(self._filter)
        self.model: RowTableModel[RowOutcome] = RowTableModel(PREVIEW_COLUMNS, self)
        self.table = RecordTable(self.model, "import_preview", self)
        self.table.set_column_widths({0: 5, 1: 10, 2: 28, 3: 20})
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.show_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        self.names = KnownNamesPanel()  # organisations and professions matched or new
        layout.addWidget(self.names)
        layout.addWidget(self.table, 1)

    def show_plan(self, plan: ImportPlan) -> None:
        self.names.show_names(plan)
        self.model.set_rows(plan.rows)
        self.show_combo.setCurrentIndex(1 if plan.errors else 0)
        self._filter()
        self.counts.setText(counts_text(plan))

    def _filter(self) -> None:
        outcome = self.show_combo.currentData()
        self.model.set_filter(None if outcome is None else (lambda r: r.outcome == outcome))


def counts_text(plan: ImportPlan) -> str:
    errors = len(plan.errors)
    parts = [
        f"{plan.created:,} new",
        f"{plan.updated:,} to update",
        f"{plan.unchanged:,} unchanged",
        f"{plural(plan.merged_rows, 'row')} merged into a later row with the same e-mail address",
        f"{plural(plan.count('skipped'), 'row')} skipped",
        f"{plural(errors, 'row')} with errors (left out)",
    ]
    text = ", ".join(parts) + "."
    if plan.cohort_name:
        text += f" {plan.to_enrol:,} to enrol in {plan.cohort_name} as {plan.role}s."
    if not plan.has_changes:
        text += " Nothing needs changing: the database already matches this file."
    return text
