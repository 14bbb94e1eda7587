"""The one table of the window: records that remember their column widths, order and hidden
columns, or a short list in the order the service gave. Columns take their widths from what
they hold each time rows are loaded (see column_fit): dates, times and codes whole, free text
giving way, its whole text in the tooltip.

Right-clicking the header chooses columns; Enter or a double-click opens the current row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QTableWidget,
    QWidget,
)

from cohort_desk.ui.kit.fitting import ColumnFitter
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.settings import TABLE_STATE


class RecordTable(QTableView):
    """``settings_key`` names the table's remembered state; ``hidden_by_default`` lists column
    numbers a newcomer does not need to see at first."""

    row_activated = Signal(object)  # the row object under Enter or a double-click

    def __init__(
        self,
        model: RowTableModel[Any],
        settings_key: str | None,
        parent: QWidget | None = None,
        *,
        hidden_by_default: Iterable[int] = (),
        multi_select: bool = False,
        sortable: bool = True,
        sort_column: int = 0,
        sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
    ) -> None:
        """``settings_key`` None: nothing is remembered. ``sort_column`` -1: rows keep the
        service's order until someone clicks a heading."""
        super().__init__(parent)
        self.settings_key = settings_key
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
            if multi_select
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as people expect in a form
        self.verticalHeader().setVisible(False)
        # Fixed row heights: Qt never measures 100,000 rows.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._choose_columns)
        for column in hidden_by_default:
            self.setColumnHidden(column, True)
        if sortable:
            # Qt's header starts out descending; people expect A to Z until they click.
            self.horizontalHeader().setSortIndicator(sort_column, sort_order)
            self.setSortingEnabled(True)
        self.doubleClicked.connect(lambda _index: self._activate())
        # After a reset Qt paints the rows at once, then lays them out on a timer (scroll bar,
        # header) and paints them all again; laying out at once leaves one paint, half the
        # cost of a keystroke's reset over 100,000 people (25 ms of 50, measured).
        model.modelReset.connect(self.doItemsLayout)
        self.fitter = ColumnFitter(self, model)

    @property
    def row_model(self) -> RowTableModel[Any]:
        model = self.model()
        assert isinstance(model, RowTableModel)
        return model

    # Sizes and remembered state -----------------------------------------------------------
    def set_column_widths(self, widths: dict[int, int]) -> None:
        """Sensible first widths (in average characters); remembered widths win later."""
        unit = self.fontMetrics().averageCharWidth()
        for column, chars in widths.items():
            self.setColumnWidth(column, chars * unit + 16)

    def fit_columns(self, maximum: int | None = None) -> None:
        """Size the columns to what they hold (see kit.fitting); ``maximum`` caps free text."""
        self.fitter.fit(maximum)

    def restore_state(self) -> None:
        if self.settings_key is None:
            return
        state = TABLE_STATE[self.settings_key].get()
        if state:
            header = self.horizontalHeader()
            if header.restoreState(QByteArray(state)):
                self.fitter.user_sized = True  # their widths, as they left them
                if self.isSortingEnabled():
                    self.row_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def save_state(self) -> None:
        if self.settings_key is not None:
            TABLE_STATE[self.settings_key].set(bytes(self.horizontalHeader().saveState().data()))

    def _choose_columns(self, position: Any) -> None:
        menu = QMenu(self)
        model = self.row_model
        visible = [c for c in range(model.columnCount()) if not self.isColumnHidden(c)]
        for column in range(model.columnCount()):
            action = QAction(str(model.headerData(column, Qt.Orientation.Horizontal)), menu)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            # The last visible column cannot be hidden, or the table would vanish.
            action.setEnabled(not (len(visible) == 1 and column in visible))
            action.toggled.connect(lambda on, c=column: self.setColumnHidden(c, not on))
            menu.addAction(action)
        menu.popup(self.horizontalHeader().mapToGlobal(position))
        self._menu = menu  # keep a reference while it is open

    # Rows ---------------------------------------------------------------------------------
    def current_row(self) -> Any | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row()):
            rows = self.selected_rows()
            return rows[0] if rows else None
        return self.row_model.row_at(index.row())

    def selected_rows(self) -> list[Any]:
        numbers = sorted(index.row() for index in self.selectionModel().selectedRows())
        return [self.row_model.row_at(n) for n in numbers]

    def select_where(self, match: Any) -> bool:
        """Select and show the first row for which ``match(row)`` is true."""
        for number, row in enumerate(self.row_model.rows()):
            if match(row):
                self.selectRow(number)
                self.scrollTo(self.row_model.index(number, 0))
                return True
        return False

    def select_row(self, row: Any) -> bool:
        """Select and show this very row object, if it is shown; ``select_where`` without a
        Python test per row, for a model that can find a row (PresortedTableModel)."""
        find = getattr(self.row_model, "position_of", None)
        if find is None:
            return self.select_where(lambda shown: shown is row)
        number = find(row)
        if number is None:
            return False
        self.selectRow(number)
        self.scrollTo(self.row_model.index(number, 0))
        return True

    def _activate(self) -> None:
        row = self.current_row()
        if row is not None:
            self.row_activated.emit(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_row() is not None:
            self._activate()
            return
        super().keyPressEvent(event)


def list_table(model: RowTableModel[Any], name: str, stretch_last: bool = True) -> RecordTable:
    """A short list (mentors, backups, an audit page): one row chosen at a time, grid lines,
    nothing remembered, and the service's order until a heading is clicked."""
    table = RecordTable(model, None, sort_column=-1)
    table.setAccessibleName(name)
    table.setShowGrid(True)
    table.setTabKeyNavigation(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header = table.horizontalHeader()
    header.setSectionsMovable(False)
    header.setStretchLastSection(stretch_last)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
    return table


def cell_table(
    headings: Sequence[str],
    name: str = "",
    parent: QWidget | None = None,
    *,
    editable: bool = False,
) -> QTableWidget:
    """A small grid of cells rather than a list of records: a choice in each row (the import's
    columns and names) or values typed in place (workforce shares). No row numbers; read-only
    and nothing to select, or with ``editable`` typed into in place and chosen by whole rows."""
    table = QTableWidget(0, len(headings), parent)
    table.setHorizontalHeaderLabels(list(headings))
    if name:
        table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    if editable:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
    else:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    return table


def save_all_tables(root: QWidget) -> None:
    for table in root.findChildren(RecordTable):
        table.save_state()
