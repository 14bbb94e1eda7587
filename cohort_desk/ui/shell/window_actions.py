"""The main window's menus, toolbar and keyboard shortcuts, in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from cohort_desk import APP_NAME
from cohort_desk.ui.shell import theme

if TYPE_CHECKING:
    from cohort_desk.ui.shell.main_window import MainWindow

Shortcut = str | QKeySequence | QKeySequence.StandardKey | None


def add_action(
    window: MainWindow, text: str, shortcut: Shortcut, slot: Callable[..., Any], menu: QMenu
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({key})")
    action.triggered.connect(slot)
    menu.addAction(action)
    window.addAction(action)  # shortcuts work even with the menu bar hidden
    return action


def build_menus_and_toolbar(window: MainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    window.export_action = add_action(window, "&Export…", "Ctrl+E", window.export, file_menu)
    window.print_action = add_action(
        window, "&Print…", QKeySequence.StandardKey.Print, window.print_current, file_menu
    )
    file_menu.addSeparator()
    add_action(window, "&Quit", QKeySequence.StandardKey.Quit, window.close, file_menu)

    edit_menu = bar.addMenu("&Edit")
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    for action in (window.undo_action, window.redo_action):
        edit_menu.addAction(action)
        window.addAction(action)
    edit_menu.addSeparator()
    window.new_action = add_action(
        window, "&New…", QKeySequence.StandardKey.New, window.new_record, edit_menu
    )
    window.edit_action = add_action(window, "&Open or edit…", "F2", window.edit_selected, edit_menu)
    window.delete_action = add_action(
        window, "&Delete…", QKeySequence.StandardKey.Delete, window.delete_selected, edit_menu
    )
    edit_menu.addSeparator()
    add_action(window, "&Find", QKeySequence.StandardKey.Find, window.focus_search, edit_menu)
    edit_menu.addSeparator()
    add_action(window, "P&references…", "Ctrl+,", window.open_preferences, edit_menu)

    view_menu = bar.addMenu("&View")
    window.refresh_action = add_action(
        window, "&Refresh", QKeySequence.StandardKey.Refresh, window.refresh_current, view_menu
    )
    window.dark_action = add_action(window, "&Dark theme", None, window.set_dark, view_menu)
    window.dark_action.setCheckable(True)
    window.dark_action.setChecked(theme.is_dark())
    view_menu.addSeparator()
    for number, title in enumerate(window.stack.titles[:9], start=1):
        add_action(window, title, f"Ctrl+{number}", window.go_to_row(number - 1), view_menu)

    help_menu = bar.addMenu("&Help")
    add_action(window, "Open the &log folder", None, window.open_logs, help_menu)
    add_action(window, f"&About {APP_NAME}", None, window.about, help_menu)

    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    # Words, not icons: clear to everyone, and nothing for a screen reader to guess.
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for group in (
        (window.new_action, window.edit_action, window.delete_action),
        (window.undo_action, window.redo_action),
        (window.print_action, window.export_action, window.refresh_action),
    ):
        for action in group:
            toolbar.addAction(action)
        toolbar.addSeparator()
    window.addToolBar(toolbar)
    window.toolbar = toolbar
