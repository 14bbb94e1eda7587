"""The workforce shares table of Preferences: one row per equality group and its share of the
area's workforce, beside which the impact pack sets the people it reached."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.rules.privacy import EQUALITY_ANSWERS
from cohort_desk.ui.kit.table import cell_table

VISIBLE_ROWS = 4


def known_groups() -> list[str]:
    """Every equality answer, and "Question: answer" for those several questions share
    (Yes, No, Prefer not to say), so a share can be set for one question only."""
    seen: dict[str, int] = {}
    for answers in EQUALITY_ANSWERS.values():
        for answer in answers:
            seen[answer] = seen.get(answer, 0) + 1
    groups = [a for a, n in seen.items() if n == 1]
    for question, answers in EQUALITY_ANSWERS.items():
        title = question.replace("_", " ").capitalize()
        groups += [f"{title}: {a}" for a in answers if seen[a] > 1]
    return groups


class _GroupDelegate(QStyledItemDelegate):
    """The group column's editor offers the equality answers as the person types."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        if index.column() == 0:
            completer = QCompleter(known_groups(), editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
        return editor


class WorkforceSharesTable(QWidget):
    """Group and share %, editable in place; Add group and Remove below."""

    def __init__(self, shares: dict[str, float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = cell_table(["Group", "Share %"], "Workforce shares", editable=True)
        self.table.setToolTip(
            "The share of your area's health and care workforce in each equality group "
            "(0 to 100); the impact pack shows its reach beside them."
        )
        self.table.setItemDelegate(_GroupDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header.sizeHint().height() + VISIBLE_ROWS * row_height + 4)
        self.add_button = QPushButton("Add &group")
        self.remove_button = QPushButton("&Remove group")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.setFocusProxy(self.table)  # Alt+W, and an error about a share, go to the table
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        for group, share in shares.items():
            self.add_row(group, f"{share:g}", edit=False)

    def add_row(self, group: str = "", share: str = "", *, edit: bool = True) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(group))
        number = QTableWidgetItem(share)
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, 1, number)
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)

    def rows(self) -> list[tuple[str, str]]:
        """(group, share) as typed, one per row, blanks included."""
        found = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, column) for column in (0, 1)]
            found.append(tuple(c.text() if c is not None else "" for c in cells))
        return [(group, share) for group, share in found]
