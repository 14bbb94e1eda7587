"""Fitting a table's columns to what they hold, each time its rows are loaded and when it is
resized (the rules are in column_fit). Any table over a RowTableModel can have one: the kit's
RecordTable does, and so does the attendance register's marking table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QToolTip

from cohort_desk.ui.kit import column_fit
from cohort_desk.ui.kit.rows import RowTableModel


class ColumnFitter(QObject):
    """Sizes ``view``'s resizable columns: dates, times and codes whole, free text up to
    ``maximum`` pixels and narrowed when the table is short of room. After a person has sized
    the columns (or their sizes were remembered), only a cut date, time or code is widened.
    Free text cut short shows whole in its tooltip."""

    def __init__(self, view: QTableView, model: RowTableModel[Any], maximum: int = 320) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        self.maximum = maximum
        self.user_sized = False  # a person dragged a column: keep their widths
        self._fitting = False
        view.horizontalHeader().sectionResized.connect(self._section_resized)
        model.rows_replaced.connect(self.fit)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def fit(self, maximum: int | None = None) -> None:
        if maximum is not None:
            self.maximum = maximum
        view, header, model = self.view, self.view.horizontalHeader(), self.model
        modes = {
            c: header.sectionResizeMode(c)
            for c in range(model.columnCount())
            if not view.isColumnHidden(c)
        }
        shown = [c for c, mode in modes.items() if mode == QHeaderView.ResizeMode.Interactive]
        if not shown:
            return
        # A stretching column (the overview's session titles) is sized by Qt, but it shares
        # the room like any free text, or it was squeezed to 80 px beside wide columns.
        stretching = [c for c, mode in modes.items() if mode == QHeaderView.ResizeMode.Stretch]
        measured = [self._measure(c) for c in shown + stretching]
        sizes: list[int | None]
        if self.user_sized:  # their widths, shown or not: only a cut date, time or code widens
            sizes = [
                max(header.sectionSize(c), m.content, m.heading) if m.whole else None
                for c, m in zip(shown, measured[: len(shown)], strict=True)
            ]
        elif not view.isVisible():
            # Not on screen yet: as measured; fitted to the room once shown.
            sizes = list(column_fit.widths(measured, None, self.maximum))
        else:
            fixed = sum(
                header.sectionSize(c) for c in modes if c not in shown and c not in stretching
            )
            room = view.viewport().width() - fixed
            sizes = list(column_fit.widths(measured, max(room, 0), self.maximum))
        self._fitting = True
        try:
            for column, size in zip(shown, sizes[: len(shown)], strict=True):
                if size is not None and size != header.sectionSize(column):
                    header.resizeSection(column, size)
        finally:
            self._fitting = False

    def _measure(self, column: int) -> column_fit.Measured:
        model = self.model
        cells = self.view.fontMetrics()
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        metrics = self.view.horizontalHeader().fontMetrics()
        heading = min(
            metrics.horizontalAdvance(title),
            metrics.averageCharWidth() * column_fit.HEADING_CHARACTERS,
        )
        spec = model.columns[column] if column < len(model.columns) else None
        numbers = bool(spec and spec.align_right)
        texts = [spec.widest] if spec and spec.widest else []
        if spec and spec.widest_row:
            # All rows, not only those shown: a filter changed later does not refit.
            row = spec.widest_row(model.all_rows())
            value = None if row is None else spec.display(row)
            if value is not None and value != "":
                texts.append(str(value))
        for row in range(min(model.rowCount(), column_fit.SAMPLE_ROWS)):
            text = model.data(model.index(row, column))
            if text:
                texts.append(text)
        widest = max((cells.horizontalAdvance(t) for t in texts), default=0)
        whole = bool(texts) and (numbers or all(column_fit.whole_text(t) for t in texts))
        least = (
            0
            if whole
            else max((cells.horizontalAdvance(column_fit.whole_start(t)) for t in texts), default=0)
        )
        return column_fit.Measured(
            heading + column_fit.HEADER_PADDING,
            widest + column_fit.CELL_PADDING if widest else 0,
            whole,
            least + column_fit.CELL_PADDING + cells.horizontalAdvance("…") if least else 0,
        )

    def _section_resized(self, _column: int, _old: int, _new: int) -> None:
        header = self.view.horizontalHeader()
        if not self._fitting and self.view.isVisible() and header.underMouse():
            self.user_sized = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.view:
            if kind == QEvent.Type.Show:
                self.fit()
        elif kind == QEvent.Type.Resize and not self.user_sized:
            # The viewport's own resize, not the view's: when the view's arrives here the
            # viewport still has its old width, so a table laid out while hidden (a tab not yet
            # shown) kept the widths of its first, narrow size and cut names beside room.
            self.fit()
        elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            return self._tooltip(event)
        return False

    def _tooltip(self, event: QHelpEvent) -> bool:
        index = self.view.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole) is not None:
            return False
        text = str(index.data() or "")
        room = self.view.visualRect(index).width() - column_fit.CELL_PADDING
        if text and self.view.fontMetrics().horizontalAdvance(text) > room:
            QToolTip.showText(event.globalPos(), text, self.view.viewport())
            return True
        return False
