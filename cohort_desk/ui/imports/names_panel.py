"""The import preview's organisations and professions: each one the file writes another way
than a known one, what it will be stored as and why, and each new one, to keep as new or to
map to a known name before anything is written."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.rules.wording import plural
from cohort_desk.services.imports import ImportPlan, NameInPlan
from cohort_desk.ui.kit.table import cell_table

KEEP_NEW = "Add it as new"
KnownNames = Callable[[str], list[str]]  # kind -> the known names, for the mapping choices


class KnownNamesPanel(QWidget):
    """``choices`` holds {(kind, name in the file): known name} for the next plan, and
    ``choices_changed`` says they changed (Qt cannot carry a dict with tuple keys)."""

    choices_changed = Signal()

    def __init__(self, known_names: KnownNames | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.known_names = known_names or (lambda _kind: [])
        self.choices: dict[tuple[str, str], str] = {}
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = cell_table(
            ["Kind", "In the file", "Stored as", "Why"], "Organisations and professions of the file"
        )
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        self.setVisible(False)

    def show_names(self, plan: ImportPlan) -> None:
        names = plan.names
        self.setVisible(bool(names))
        new = sum(1 for n in names if n.new)
        self.heading.setText(
            f"Organisations and professions: {plural(len(names) - new, 'name')} written another "
            f"way than a known one, stored as the known one; {plural(new, 'new name')}"
            + (", added as written unless you choose a known one." if new else ".")
        )
        self.table.setRowCount(len(names))
        for row, name in enumerate(names):
            self.table.setItem(row, 0, QTableWidgetItem(name.kind.capitalize()))
            self.table.setItem(row, 1, QTableWidgetItem(name.in_file))
            if name.new or name.why == "chosen by you":
                self.table.setCellWidget(row, 2, self._chooser(name))
                self.table.setItem(row, 2, None)
            else:
                self.table.removeCellWidget(row, 2)
                self.table.setItem(row, 2, QTableWidgetItem(name.stored))
            self.table.setItem(row, 3, QTableWidgetItem(_why(name)))
        shown = min(len(names), 6)  # longer lists scroll
        self.table.setFixedHeight(
            self.table.horizontalHeader().height()
            + shown * self.table.verticalHeader().defaultSectionSize()
            + 4
        )

    def _chooser(self, name: NameInPlan) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(f"Store {name.in_file} as")
        combo.addItem(KEEP_NEW, "")
        known = self.known_names(name.kind)
        for candidate in [*name.candidates, *(k for k in known if k not in name.candidates)]:
            combo.addItem(candidate, candidate)
        if name.why == "chosen by you":
            combo.setCurrentIndex(max(combo.findData(name.stored), 0))
        combo.currentIndexChanged.connect(
            lambda _i, n=name, c=combo: self._chosen(n, str(c.currentData()))
        )
        return combo

    def _chosen(self, name: NameInPlan, known: str) -> None:
        key = (name.kind, name.in_file)
        if known:
            self.choices[key] = known
        else:
            self.choices.pop(key, None)
        self.choices_changed.emit()


def _why(name: NameInPlan) -> str:
    if name.new:
        could = f"; it could be {' or '.join(name.candidates)}" if name.candidates else ""
        return f"New{could}"
    return name.why[0].upper() + name.why[1:]
