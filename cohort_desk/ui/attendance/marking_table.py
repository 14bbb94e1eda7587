"""A table where one key sets an attendance status and moves down: P, L, E, A, X."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from cohort_desk.rules.attendance import STATUS_LABELS, STATUS_MARKS, status_for_key

CLEAR_KEYS = (Qt.Key.Key_Backspace,)
Index = QModelIndex | QPersistentModelIndex


class MarkingTable(QTableView):
    """Emits ``status_keyed(rows_or_cells, status)`` for P/L/E/A/X (None for Backspace) and
    moves to the next row, so a register is keyed in with one press per person.

    With several rows selected the key applies to all of them. Other keys (arrows, Tab,
    F2 to edit a note) behave as in any table.
    """

    status_keyed = Signal(list, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAlternatingRowColors(False)  # the status colours carry the meaning
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if self.state() != QAbstractItemView.State.EditingState and not modifiers:
            status = status_for_key(event.text()) if event.text() else None
            if status is not None or event.key() in CLEAR_KEYS:
                self._mark(status)
                event.accept()
                return
        super().keyPressEvent(event)

    def _mark(self, status: str | None) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        selected = self.selectionModel().selectedIndexes()
        # The key applies to the selection when the current cell is part of it (Shift+arrows).
        targets = selected if current in selected and len(selected) > 1 else [current]
        self.status_keyed.emit(targets, status)
        below = max(index.row() for index in targets) + 1
        model = self.model()
        if below < model.rowCount():
            self.setCurrentIndex(model.index(below, current.column()))
        else:
            self.setCurrentIndex(model.index(current.row(), current.column()))


class StatusDelegate(QStyledItemDelegate):
    """A combo of statuses for editing a cell with the mouse (double-click)."""

    CHOICES = [("", "Not marked")] + [
        (status, f"{STATUS_MARKS[status]}  {label}") for status, label in STATUS_LABELS.items()
    ]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for status, label in self.CHOICES:
            combo.addItem(label, status)
        combo.setAccessibleName("Attendance status")
        # Choosing from the list saves straight away, with no extra Enter.
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole) or ""
        editor.setCurrentIndex(max(0, editor.findData(current)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData() or None, Qt.ItemDataRole.EditRole)
