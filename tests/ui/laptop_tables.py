"""Every screen, with the demo data, in the main window on a 1366 x 768 screen: its buttons and
labels whole and inside the window; in its tables a date, a time, a code or a number shows
whole, and so does every column's heading, while free text gives way (issue 15 item 5). Run
by test_fits_a_laptop.py.

The screens are the side bar's (found, not listed), and each tab of each screen is shown in
turn, so a new screen or tab is checked without touching this file.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView, QTabWidget, QWidget

from cohort_desk.ui.kit import column_fit, fit
from cohort_desk.ui.kit.rows import RowTableModel
from tests.ui.laptop import ON_A_LAPTOP, SCREEN, USABLE, dressed_as_the_app, what_does_not_fit

pytestmark = pytest.mark.skipif(
    ON_A_LAPTOP not in os.environ, reason="run by test_fits_a_laptop.py"
)

CHECKED_ROWS = 60


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def _cut(table: QTableView) -> list[str]:
    """What the table shows cut: a heading, or a date, time, code or number in a cell (or
    the one a longer text starts with: "06/12/2026 09:30 by ...")."""
    model = table.model()
    assert isinstance(model, RowTableModel)
    cells = table.fontMetrics()
    headings = table.horizontalHeader().fontMetrics()
    cut: list[str] = []
    for column in range(model.columnCount()):
        if table.isColumnHidden(column):
            continue
        width = table.columnWidth(column)
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        long = headings.averageCharWidth() * column_fit.HEADING_CHARACTERS
        if min(headings.horizontalAdvance(title), long) + 8 > width:  # 4: margin each side
            cut.append(f"heading {title!r} ({width} wide)")
        numbers = model.columns[column].align_right
        for row in range(min(model.rowCount(), CHECKED_ROWS)):
            text = str(model.data(model.index(row, column)) or "")
            if not text:
                continue
            if numbers or column_fit.whole_text(text):
                needed = cells.horizontalAdvance(text)
            elif start := column_fit.whole_start(text):
                needed = cells.horizontalAdvance(start if start == text else start + " …")
            else:
                continue
            if needed + 6 > width:  # 3: the item's margin each side
                cut.append(f"{title!r}: {text!r} ({width} wide)")
                break
    return cut


def _where(table: QTableView) -> str:
    return (
        table.accessibleName()
        or getattr(table, "settings_key", None)
        or type(table.parentWidget()).__name__
    )


def _scrolls_sideways(screen: QWidget) -> bool:
    """A screen must fit the window's width: a sideways scroll bar hides its right-hand
    buttons (the Sessions screen's Evaluation… was cut in half)."""
    area = screen.parentWidget().parentWidget() if screen.parentWidget() else None
    return isinstance(area, QScrollArea) and area.horizontalScrollBar().isVisible()


def _tables(screen: QWidget) -> list[QTableView]:
    return [
        t
        for t in screen.findChildren(QTableView)
        if isinstance(t.model(), RowTableModel) and t.isVisible() and t.model().rowCount()
    ]


@pytest.fixture
def laptop_window(qtbot, demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    from cohort_desk.ui.shell.main_window import MainWindow

    screen = QApplication.primaryScreen()
    assert screen is not None and screen.geometry() == SCREEN, "not run on the screen asked for"
    monkeypatch.setattr(fit, "available_area", lambda _widget=None: USABLE)
    dressed_as_the_app()
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_no_screen_cuts_a_button_a_date_a_code_or_a_heading(laptop_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = laptop_window
    cut: list[str] = []
    checked = 0
    for number, screen in enumerate(window.screens):
        window.nav.setCurrentRow(number)
        _settle()
        tabs = screen.findChildren(QTabWidget)
        views = [(tab_widget, i) for tab_widget in tabs for i in range(tab_widget.count())] or [
            (None, 0)
        ]
        for tab_widget, index in views:
            if tab_widget is not None:
                if not tab_widget.isVisible():
                    continue
                tab_widget.setCurrentIndex(index)
                _settle()
            place = screen.title
            if tab_widget is not None:
                place += f" ({tab_widget.tabText(index)} tab)"
            cut += [f"{place}: {what}" for what in what_does_not_fit(window)]
            if _scrolls_sideways(screen):
                cut.append(f"{place}: wider than the window ({screen.minimumSizeHint().width()})")
            for table in _tables(screen):
                checked += 1
                cut += [f"{place} / {_where(table)}: {what}" for what in _cut(table)]
    assert checked >= len(window.screens), "too few tables with rows were seen"

    # A register with a mark keyed in: "Recorded" holds the time it was made.
    attendance = next(s for s in window.screens if s.title == "Attendance")
    window.nav.setCurrentRow(window.screens.index(attendance))
    _settle()
    register = attendance.register
    tabs = attendance.findChild(QTabWidget)
    if tabs is not None:
        tabs.setCurrentWidget(register)
        _settle()
    register.table.setFocus()
    register.table.setCurrentIndex(register.model.index(0, 0))
    qtbot.keyClick(register.table, "p")
    _settle()
    cut += [f"Attendance register after a mark: {what}" for what in _cut(register.table)]
    if cut:
        window.grab().save("/tmp/laptop-tables.png")
    assert not cut, "\n".join(dict.fromkeys(cut))
