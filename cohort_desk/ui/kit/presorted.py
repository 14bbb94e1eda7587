"""A row model for very long lists: every row is kept in sort order, so a filter never sorts.

RowTableModel sorts the rows left after each filter; over 100,000 people that is a quarter of a
second per keystroke. Here the whole list is sorted once, when the sort changes, and filtering
keeps that order, so a keystroke costs only the filter.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from itertools import repeat

from PySide6.QtCore import QModelIndex, Qt

from cohort_desk.ui.kit.rows import Row, RowTableModel, sort_rows

Selection = Callable[[list[Row]], list[Row]]


class PresortedTableModel(RowTableModel[Row]):
    _select: Selection[Row] | None = None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        if self._sort is not None:
            self._sort_all()
        self._rows = self._filtered()
        self.endResetModel()
        self.rows_replaced.emit()  # the columns are fitted to what they now hold

    def set_filter(self, keep: Callable[[Row], bool] | None) -> None:
        self.set_selection(None if keep is None else lambda rows: [r for r in rows if keep(r)])

    def set_selection(self, select: Selection[Row] | None) -> bool:
        """Filter with a function from all rows (in order) to those shown: one comprehension
        with no call per row is three times quicker than a predicate over 100,000 rows.

        False when the same rows are shown as before: the model is not reset, so the view
        keeps its selection and scroll and does not repaint (a reset and repaint is 16 ms, half
        a keystroke, and typing on often leaves the same people shown)."""
        self._select = select
        rows = self._filtered()
        if _same_rows(rows, self._rows):
            return False
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        return True

    def position_of(self, row: Row) -> int | None:
        """Where this very row object is shown, or None; a C loop (3 ms at most over 100,000
        rows), where a Python test per row is ten times slower."""
        try:
            return operator.indexOf(map(operator.is_, self._rows, repeat(row)), True)
        except ValueError:
            return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        before = self._rows
        persistent = self.persistentIndexList()
        self._sort = (column, order)
        self._sort_all()
        self._rows = self._filtered()
        # Keep the selection on the same people, not on the same row numbers.
        wanted = {id(before[i.row()]) for i in persistent if i.row() < len(before)}
        position = (
            {id(row): n for n, row in enumerate(self._rows) if id(row) in wanted} if wanted else {}
        )
        moved = []
        for index in persistent:
            number = position.get(id(before[index.row()])) if index.row() < len(before) else None
            moved.append(QModelIndex() if number is None else self.index(number, index.column()))
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _filtered(self) -> list[Row]:
        return list(self._all) if self._select is None else self._select(self._all)

    def _sort_all(self) -> None:
        assert self._sort is not None
        column, order = self._sort
        self._all = sort_rows(self._all, self.columns[column], order)


def _same_rows(new: list[Row], old: list[Row]) -> bool:
    """The same row objects in the same order (by identity: rows may be equal in value)."""
    return len(new) == len(old) and all(map(operator.is_, new, old))
