"""The main window: a side bar of screens, a search field, menus and a status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cohort_desk import APP_NAME, __version__
from cohort_desk.db.engine import Database
from cohort_desk.ui.views import discover_screens
from cohort_desk.ui.views.base import Screen

SEARCH_DELAY_MS = 120  # wait for a pause in typing before filtering a big list


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle(APP_NAME)
        self.resize(1200, 760)
        self.screens: list[Screen] = []
        self._build()
        self._build_actions()
        if self.screens:
            self.nav.setCurrentRow(0)
        self._restore_state()
        self._update_status()

    # Layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Screens")
        self.nav.setMinimumWidth(150)
        self.stack = QStackedWidget()
        for screen_class in discover_screens():
            screen = screen_class(self.db, self.stack)
            screen.status_changed.connect(self._update_status)
            screen.data_changed.connect(self._on_data_changed)
            self.screens.append(screen)
            self.stack.addWidget(screen)
            self.nav.addItem(screen.title)
        self.nav.currentRowChanged.connect(self._show_screen)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search (Ctrl+F)")
        self.search.setAccessibleName("Search the current list")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.search, 0)
        self.search.setMinimumWidth(280)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(top)
        right_layout.addWidget(self.stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([180, 1020])
        self.setCentralWidget(self.splitter)

        self.db_label = QLabel(f"Database: {self.db.describe()}")
        self.count_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.export_action = self._action("&Export…", "Ctrl+E", self._export, file_menu)
        self.print_action = self._action(
            "&Print…", QKeySequence.StandardKey.Print, self._print, file_menu
        )
        file_menu.addSeparator()
        self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, file_menu)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.new_action = self._action("&New", QKeySequence.StandardKey.New, self._new, edit_menu)
        self.delete_action = self._action(
            "&Delete", QKeySequence.StandardKey.Delete, self._delete, edit_menu
        )
        edit_menu.addSeparator()
        self._action("&Find", QKeySequence.StandardKey.Find, self.focus_search, edit_menu)

        view_menu = self.menuBar().addMenu("&View")
        self._action("&Refresh", QKeySequence.StandardKey.Refresh, self.refresh_current, view_menu)
        view_menu.addSeparator()
        for number, screen in enumerate(self.screens[:9], start=1):
            self._action(
                screen.title,
                f"Ctrl+{number}",
                lambda _c=False, n=number - 1: self.nav.setCurrentRow(n),
                view_menu,
            )

        help_menu = self.menuBar().addMenu("&Help")
        self._action("&About Cohort Desk", None, self._about, help_menu)

    def _action(self, text, shortcut, slot, menu):  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    # Behaviour ----------------------------------------------------------------------------
    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def _show_screen(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        screen = self.screens[row]
        self.heading.setText(screen.title)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.search.setEnabled(screen.searchable)
        screen.set_search("")
        self.new_action.setEnabled(screen.can_new)
        self.delete_action.setEnabled(screen.can_delete)
        self.print_action.setEnabled(screen.can_print)
        self.export_action.setEnabled(screen.can_export)
        self._update_status()

    def _apply_search(self) -> None:
        screen = self.current_screen()
        if screen is not None:
            screen.set_search(self.search.text())

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

    def _new(self) -> None:
        if (screen := self.current_screen()) is not None:
            screen.new_record()

    def _delete(self) -> None:
        if (screen := self.current_screen()) is not None:
            screen.delete_selected()

    def _print(self) -> None:
        if (screen := self.current_screen()) is not None:
            screen.print_current()

    def _export(self) -> None:
        if (screen := self.current_screen()) is not None:
            screen.export_current()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nRecords for a systems leadership academy: people, "
            f"cohorts, sessions, attendance, certificates and mentoring.\n\n"
            f"Database: {self.db.describe()}",
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

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        if (screen := self.current_screen()) is not None:
            settings.setValue("window/screen", screen.title)
        super().closeEvent(event)
