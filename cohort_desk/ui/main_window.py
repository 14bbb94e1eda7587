"""The main window: a side bar of screens, a search field, menus, a toolbar and a status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cohort_desk import APP_NAME, __version__, paths
from cohort_desk.db.engine import Database
from cohort_desk.ui import theme
from cohort_desk.ui.undo import UNDO_LIMIT
from cohort_desk.ui.views import discover_screens
from cohort_desk.ui.views.base import Screen
from cohort_desk.ui.widgets.splitter import save_all_splitters
from cohort_desk.ui.widgets.table import save_all_tables

SEARCH_DELAY_MS = 120  # wait for a pause in typing before filtering a big list
Shortcut = str | QKeySequence | QKeySequence.StandardKey | None


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)
        # Made before the screens, so every screen pushes onto this one stack.
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.screens: list[Screen] = []
        self._searched: set[Screen] = set()
        self._build()
        self._build_actions()
        self._restore_state()
        if self.nav.currentRow() < 0 and self.screens:
            self.nav.setCurrentRow(0)
        self._update_status()

    # Layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Screens")
        self.nav.setMinimumWidth(170)
        self.stack = QStackedWidget()
        for number, screen_class in enumerate(discover_screens(), start=1):
            screen = screen_class(self.db, self.stack)
            screen.status_changed.connect(self._update_status)
            screen.data_changed.connect(self._on_data_changed)
            if hasattr(screen, "open_record"):
                screen.open_record.connect(self.go_to)
            self.screens.append(screen)
            self.stack.addWidget(self._scrollable(screen))
            item = QListWidgetItem(screen.title)
            item.setSizeHint(QSize(0, self.fontMetrics().height() * 2 + 8))
            if number <= 9:
                item.setToolTip(f"{screen.title} (Ctrl+{number})")
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_screen)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search (Ctrl+F)")
        self.search.setAccessibleName("Search the current list")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.heading.setFont(font)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.search, 0)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(16, 10, 16, 8)
        right_layout.setSpacing(10)
        right_layout.addLayout(top)
        right_layout.addWidget(self.stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([190, 1090])
        self.setCentralWidget(self.splitter)

        self.db_label = QLabel(f"Database: {self.db.describe()}")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.setTabOrder(self.nav, self.search)

    @staticmethod
    def _scrollable(screen: Screen) -> QScrollArea:
        """A screen wider than a small or 150%-scaled display scrolls instead of forcing the
        window wider than the display."""
        area = QScrollArea()
        area.setWidget(screen)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return area

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.export_action = self._action("&Export…", "Ctrl+E", self._export, file_menu)
        self.print_action = self._action(
            "&Print…", QKeySequence.StandardKey.Print, self._print, file_menu
        )
        file_menu.addSeparator()
        self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, file_menu)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action in (self.undo_action, self.redo_action):
            edit_menu.addAction(action)
            self.addAction(action)
        edit_menu.addSeparator()
        self.new_action = self._action("&New…", QKeySequence.StandardKey.New, self._new, edit_menu)
        self.edit_action = self._action("&Open or edit…", "F2", self._edit, edit_menu)
        self.delete_action = self._action(
            "&Delete…", QKeySequence.StandardKey.Delete, self._delete, edit_menu
        )
        edit_menu.addSeparator()
        self._action("&Find", QKeySequence.StandardKey.Find, self.focus_search, edit_menu)
        edit_menu.addSeparator()
        self._action("P&references…", "Ctrl+,", self.open_preferences, edit_menu)

        view_menu = bar.addMenu("&View")
        self.refresh_action = self._action(
            "&Refresh", QKeySequence.StandardKey.Refresh, self.refresh_current, view_menu
        )
        self.dark_action = self._action("&Dark theme", None, self._toggle_theme, view_menu)
        self.dark_action.setCheckable(True)
        self.dark_action.setChecked(theme.is_dark())
        view_menu.addSeparator()
        for number, screen in enumerate(self.screens[:9], start=1):
            self._action(screen.title, f"Ctrl+{number}", self._go(number - 1), view_menu)

        help_menu = bar.addMenu("&Help")
        self._action("Open the &log folder", None, self._open_logs, help_menu)
        self._action(f"&About {APP_NAME}", None, self._about, help_menu)

        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for group in (
            (self.new_action, self.edit_action, self.delete_action),
            (self.undo_action, self.redo_action),
            (self.print_action, self.export_action, self.refresh_action),
        ):
            for action in group:
                toolbar.addAction(action)
            toolbar.addSeparator()
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _action(
        self, text: str, shortcut: Shortcut, slot: Callable[..., Any], menu: QMenu
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            tip = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({tip})")
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _go(self, row: int) -> Callable[..., None]:
        return lambda _checked=False: self.nav.setCurrentRow(row)

    # Behaviour ----------------------------------------------------------------------------
    def current_screen(self) -> Screen | None:
        index = self.stack.currentIndex()
        return self.screens[index] if 0 <= index < len(self.screens) else None

    def screen_titled(self, title: str) -> Screen | None:
        return next((s for s in self.screens if s.title == title), None)

    def _show_screen(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        screen = self.screens[row]
        if screen.property("stale"):
            screen.refresh()  # loaded on first view, or reloaded after changes elsewhere
            screen.setProperty("stale", False)
        self.heading.setText(screen.title)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.search.setEnabled(screen.searchable)
        if screen in self._searched:
            # Only a screen left filtered needs clearing: clearing resets its list.
            self._searched.discard(screen)
            screen.set_search("")
        self.new_action.setEnabled(screen.can_new)
        self.edit_action.setEnabled(bool(getattr(screen, "can_edit", False)))
        self.delete_action.setEnabled(screen.can_delete)
        self.print_action.setEnabled(screen.can_print)
        self.export_action.setEnabled(screen.can_export)
        self._update_status()

    def go_to(self, title: str, record_id: int) -> None:
        """Show another screen at one record (an overview line, a mentee's name)."""
        for index, screen in enumerate(self.screens):
            if screen.title == title:
                self.nav.setCurrentRow(index)
                show = getattr(screen, "show_record", None)
                if callable(show):
                    show(record_id)
                return

    def _apply_search(self) -> None:
        screen = self.current_screen()
        if screen is not None:
            screen.set_search(self.search.text())
            if self.search.text():
                self._searched.add(screen)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh_current(self) -> None:
        screen = self.current_screen()
        if screen is not None:
            screen.refresh()
            screen.set_search(self.search.text())

    def _on_data_changed(self) -> None:
        for screen in self.screens:
            if screen is not self.current_screen():
                screen.setProperty("stale", True)

    def _update_status(self) -> None:
        screen = self.current_screen()
        self.count_label.setText(screen.status_text() if screen else "")

    def _call(self, name: str) -> None:
        screen = self.current_screen()
        method = getattr(screen, name, None)
        if callable(method):
            method()

    def _new(self) -> None:
        self._call("new_record")

    def _edit(self) -> None:
        self._call("edit_selected")

    def _delete(self) -> None:
        self._call("delete_selected")

    def _print(self) -> None:
        self._call("print_current")

    def _export(self) -> None:
        self._call("export_current")

    def open_preferences(self) -> None:
        from cohort_desk.ui.dialogs.preferences import PreferencesDialog

        if PreferencesDialog(self.db, self).exec():
            self._on_data_changed()
            self.refresh_current()

    def _toggle_theme(self, dark: bool) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            name = theme.apply_theme(app, "dark" if dark else "light")
            QSettings().setValue(theme.THEME_KEY, name)

    def _open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.log_dir())))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nRecords for a systems leadership academy: people, "
            f"cohorts, sessions, attendance, certificates and mentoring.\n\n"
            f"Database: {self.db.describe()}\nLog folder: {paths.log_dir()}",
        )

    # Remembered state ---------------------------------------------------------------------
    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        last = settings.value("window/screen", "")
        for index, screen in enumerate(self.screens):
            if screen.title == last:
                self.nav.setCurrentRow(index)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        if (screen := self.current_screen()) is not None:
            settings.setValue("window/screen", screen.title)
        save_all_tables(self)
        save_all_splitters(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        for screen in self.screens:
            wait = getattr(screen, "wait_for_work", None)
            if callable(wait):
                wait()
        self.save_state()
        super().closeEvent(event)
