"""Edit > Undo history: the recent changes of every screen, newest first, each with its screen,
and a way to undo back to one of them after saying what else that takes back.

Each screen keeps its own undo stack, so undoing back to a change undoes it and the changes
made after it on the same screen; changes made on other screens stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import never_default
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.undo import ServiceCommand

SHOWN = 100  # changes listed at most: each screen keeps its last 100 anyway


@dataclass(frozen=True)
class Change:
    """One change that can still be undone."""

    screen: str
    text: str
    made_at: datetime | None
    sequence: int
    stack: QUndoStack
    index: int  # its place on its screen's stack


def recent_changes(stacks: Sequence[tuple[str, QUndoStack]]) -> list[Change]:
    """Every change still undoable on each screen, newest first."""
    found: list[Change] = []
    for screen, stack in stacks:
        for index in range(stack.index()):
            command = stack.command(index)
            made = command.made_at if isinstance(command, ServiceCommand) else None
            order = command.sequence if isinstance(command, ServiceCommand) else 0
            found.append(Change(screen, command.text(), made, order, stack, index))
    found.sort(key=lambda c: c.sequence, reverse=True)
    return found[:SHOWN]


def also_taken_back(change: Change, changes: Sequence[Change]) -> list[Change]:
    """The later changes on the same screen that undoing back to ``change`` undoes too."""
    return [c for c in changes if c.stack is change.stack and c.index > change.index]


def undo_back_to(change: Change) -> None:
    change.stack.setIndex(change.index)


COLUMNS: list[Column[Change]] = [
    Column("When", lambda c: f"{c.made_at:%H:%M}" if c.made_at else "", lambda c: c.sequence),
    Column("Screen", lambda c: c.screen),
    Column("Change", lambda c: c.text, tooltip=lambda c: c.text),
]


class UndoHistoryDialog(QDialog):
    def __init__(
        self, stacks: Sequence[tuple[str, QUndoStack]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Undo history")
        resize_to_fit(self, 640, 420)
        self.stacks = stacks
        note = QLabel(
            "Changes that can still be undone, newest first. Undoing back to one also undoes "
            "the later changes made on the same screen; those on other screens stay."
        )
        note.setWordWrap(True)
        self.model: RowTableModel[Change] = RowTableModel(COLUMNS, self)
        self.table = RecordTable(self.model, None, self, sortable=False)
        self.table.setAccessibleName("Changes that can be undone")
        self.table.set_column_widths({0: 7, 1: 22})
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = self.buttons.addButton(
            "&Undo back to here…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.undo_button.setDefault(True)
        never_default(self.buttons.button(QDialogButtonBox.StandardButton.Close))
        self.undo_button.clicked.connect(self.undo_chosen)
        self.buttons.rejected.connect(self.reject)
        self.table.row_activated.connect(lambda _row: self.undo_chosen())
        self.table.selectionModel().selectionChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(recent_changes(self.stacks))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._enable()
        self.table.setFocus()

    def _enable(self, *_args: object) -> None:
        self.undo_button.setEnabled(self.table.current_row() is not None)

    def question(self, change: Change) -> str:
        later = also_taken_back(change, self.model.all_rows())
        text = f"Undo \u2018{change.text}\u2019 on {change.screen}?"
        if later:
            listed = "; ".join(f"\u2018{c.text}\u2019" for c in later)
            text += f" This also undoes the later changes on {change.screen}: {listed}."
        return text

    def undo_chosen(self) -> None:
        change = self.table.current_row()
        if change is None:
            return
        count = len(also_taken_back(change, self.model.all_rows())) + 1
        yes = "Undo" if count == 1 else f"Undo {count} changes"
        if ask.confirm(self, "Undo history", self.question(change), yes):
            undo_back_to(change)
            self.reload()
