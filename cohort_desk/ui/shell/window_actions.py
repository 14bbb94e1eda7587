"""The main window's menus, toolbar and keyboard shortcuts, in one place.

The actions call the window through ``WindowCommands``, the few slots the menus need, so this
module never imports the main window (and the main window's tests can count every shortcut).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from cohort_desk import APP_NAME

Shortcut = str | QKeySequence | QKeySequence.StandardKey | None


class WindowCommands(Protocol):
    """What the menus ask of the window."""

    def import_file(self) -> None: ...
    def export(self) -> None: ...
    def print_current(self) -> None: ...
    def close(self) -> bool: ...
    def new_record(self) -> None: ...
    def edit_selected(self) -> None: ...
    def delete_selected(self) -> None: ...
    def focus_search(self) -> None: ...
    def show_undo_history(self) -> None: ...
    def open_preferences(self) -> None: ...
    def refresh_current(self) -> None: ...
    def set_dark(self, dark: bool) -> None: ...
    def go_to_row(self, row: int) -> Callable[..., None]: ...
    def show_getting_started(self) -> None: ...
    def show_shortcuts(self) -> None: ...
    def open_logs(self) -> None: ...
    def about(self) -> None: ...


@dataclass
class WindowActions:
    """The actions the window enables and disables as screens change."""

    new: QAction
    edit: QAction
    delete: QAction
    print: QAction
    export: QAction
    refresh: QAction
    undo: QAction
    redo: QAction
    dark: QAction
    toolbar: QToolBar
    # Enabled only once the database is open (the window is shown while it opens).
    need_database: tuple[QAction, ...] = ()


def plain_text(action: QAction) -> str:
    """A menu item's words without the & that marks its access key or the trailing dots."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def shortcut_text(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def set_tip(action: QAction, text: str = "") -> None:
    """The tooltip names the action and its shortcut: 'Undo Enrol 3 people (Ctrl+Z)'."""
    words = text or plain_text(action)
    key = shortcut_text(action)
    action.setToolTip(f"{words} ({key})" if key else words)


def add_action(
    window: QMainWindow, text: str, shortcut: Shortcut, slot: Callable[..., Any], menu: QMenu
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    set_tip(action)
    action.triggered.connect(slot)
    menu.addAction(action)
    window.addAction(action)  # shortcuts work even with the menu bar hidden
    return action


def _undo_actions(window: QMainWindow, group: QUndoGroup) -> tuple[QAction, QAction]:
    undo = group.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = group.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    # Qt puts the change's words into the menu text as they are, so the "&" of "Lewisham &
    # Greenwich" vanished and underlined the G; name the change with the "&" doubled.
    group.undoTextChanged.connect(lambda text: undo.setText(_named("&Undo", text)))
    group.redoTextChanged.connect(lambda text: redo.setText(_named("&Redo", text)))
    for action in (undo, redo):
        set_tip(action)
        # The menu text names the change ("Undo Enrol 3 people"); so does the tooltip.
        action.changed.connect(lambda a=action: _follow_text(a))
        window.addAction(action)
    return undo, redo


def _named(verb: str, change: str) -> str:
    return f"{verb} {change.replace('&', '&&')}" if change else verb


def _follow_text(action: QAction) -> None:
    words = plain_text(action)
    key = shortcut_text(action)
    wanted = f"{words} ({key})" if key else words
    if action.toolTip() != wanted:
        action.setToolTip(wanted)


def build_menus_and_toolbar(
    window: QMainWindow, commands: WindowCommands, group: QUndoGroup, titles: Sequence[str]
) -> WindowActions:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    import_ = add_action(window, "&Import…", "Ctrl+I", commands.import_file, file_menu)
    export = add_action(window, "&Export…", "Ctrl+E", commands.export, file_menu)
    print_ = add_action(
        window, "&Print…", QKeySequence.StandardKey.Print, commands.print_current, file_menu
    )
    file_menu.addSeparator()
    add_action(window, "&Quit", QKeySequence.StandardKey.Quit, commands.close, file_menu)

    edit_menu = bar.addMenu("&Edit")
    undo, redo = _undo_actions(window, group)
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    history = add_action(window, "Undo &history…", "Ctrl+H", commands.show_undo_history, edit_menu)
    edit_menu.addSeparator()
    new = add_action(window, "&New…", QKeySequence.StandardKey.New, commands.new_record, edit_menu)
    edit = add_action(window, "&Open or edit…", "F2", commands.edit_selected, edit_menu)
    delete = add_action(
        window, "&Delete…", QKeySequence.StandardKey.Delete, commands.delete_selected, edit_menu
    )
    edit_menu.addSeparator()
    add_action(window, "&Find", QKeySequence.StandardKey.Find, commands.focus_search, edit_menu)
    edit_menu.addSeparator()
    preferences = add_action(
        window, "P&references…", "Ctrl+,", commands.open_preferences, edit_menu
    )

    view_menu = bar.addMenu("&View")
    refresh = add_action(
        window, "&Refresh", QKeySequence.StandardKey.Refresh, commands.refresh_current, view_menu
    )
    dark = add_action(window, "&Dark theme", None, commands.set_dark, view_menu)
    dark.setCheckable(True)
    view_menu.addSeparator()
    for number, title in enumerate(titles[:9], start=1):
        add_action(window, title, f"Ctrl+{number}", commands.go_to_row(number - 1), view_menu)

    help_menu = bar.addMenu("&Help")
    add_action(window, "&Getting started", "F1", commands.show_getting_started, help_menu)
    add_action(window, "&Keyboard shortcuts", "Ctrl+/", commands.show_shortcuts, help_menu)
    help_menu.addSeparator()
    add_action(window, "Open the &log folder", None, commands.open_logs, help_menu)
    add_action(window, f"&About {APP_NAME}", None, commands.about, help_menu)

    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    # Words, not icons: clear to everyone, and nothing for a screen reader to guess.
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for actions in ((new, edit, delete), (undo, redo), (print_, export, refresh)):
        for action in actions:
            toolbar.addAction(action)
        toolbar.addSeparator()
    window.addToolBar(toolbar)
    need_database = (import_, history, preferences, refresh)
    return WindowActions(
        new, edit, delete, print_, export, refresh, undo, redo, dark, toolbar, need_database
    )
