"""The headline figures of the impact pack as cards: this period's figure, what it counts,
and the change on the previous period, each as the pack prints it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from cohort_desk.services.reports.sections import Cell

COLUMNS = 4


def cell_text(value: Cell, percent: bool = False) -> str:
    """A figure as shown: 1,204; 12.5; 65% for a percentage; – when there is none."""
    if value is None:
        return "–"
    if isinstance(value, int):
        text = f"{value:,}"
    elif isinstance(value, float):
        text = f"{value:,.1f}".removesuffix(".0")
    else:
        return str(value)  # "<5", or a change on the previous period as it prints itself
    return f"{text}%" if percent else text


class HeadlineCard(QFrame):
    def __init__(self, row: list[Cell], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        label = str(row[0])
        percent = label.endswith("%")
        caption = label.removesuffix(" %")
        self.figure = QLabel(cell_text(row[1], percent))
        self.figure.setObjectName("figure")
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.change = QLabel(f"{row[3]} on the previous period ({cell_text(row[2], percent)})")
        self.change.setObjectName("subheading")
        self.change.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.setSpacing(0)
        layout.addWidget(self.figure, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.caption)
        layout.addWidget(self.change)
        self.setAccessibleName(caption)
        self.setAccessibleDescription(f"{self.figure.text()} {caption}; {self.change.text()}")


class HeadlineGrid(QWidget):
    """The cards, four to a row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[HeadlineCard] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)

    def show_rows(self, rows: list[list[Cell]]) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = [HeadlineCard(row) for row in rows]
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // COLUMNS, index % COLUMNS)
