"""The main window: a side bar of screens, a search field, menus, a toolbar and a status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cohort_desk import APP_NAME, __version__, paths
from cohort_desk.ui.kit import ask, dialogs, theme
from cohort_desk.ui.kit import settings as options
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.splitter import save_all_splitters
from cohort_desk.ui.kit.table import save_all_tables
from cohort_desk.ui.shell.screen import Screen
from cohort_desk.ui.shell.screen_stack import ScreenStack
from cohort_desk.ui.shell.window_actions import build_menus_and_toolbar

if TYPE_CHECKING:  # the window is shown before SQLAlchemy is imported and the database opened
    from cohort_desk.db.engine import Database

SEARCH_DELAY_MS = 120  # wait for a pause in typing before filtering a big list


class MainWindow(QMainWindow):
    """Made with an open database, or with none and the name of the one being opened: it is
    then shown at once, "Opening …" in its status bar and the actions that need the database
    disabled, and ``attach`` builds its first screen once the database is open."""

    def __init__(self, db: Database | None = None, opening: str = "") -> None:
        super().__init__()
        self.db = db
        self._opening = opening
        self.setWindowTitle(APP_NAME)
        resize_to_fit(self, 1280, 800)
        # One undo stack per screen; the one in front is the group's active stack, so Ctrl+Z
        # only undoes what was done on the screen the person is looking at.
        self.undo_group = QUndoGroup(self)
        self._searched: set[Screen] = set()
        self._build()
        self.actions = build_menus_and_toolbar(self, self, self.undo_group, self.stack.titles)
        self.actions.dark.setChecked(theme.is_dark())
        self._restore_state()
        if self.nav.currentRow() < 0 and self.stack.count():
            self.nav.setCurrentRow(0)
        self._update_status()
        if db is None:
            for action in self._screen_actions() + self.actions.need_database:
                action.setEnabled(False)
        else:
            self._build_rest_later()

    def attach(self, db: Database) -> None:
        """The database is open: show the screen the side bar points at, enable the rest."""
        self.db = self.stack.db = db
        self.db_label.setText(f"Database: {db.describe()}")
        for action in self.actions.need_database:
            action.setEnabled(True)
        self._show_screen(self.nav.currentRow())
        self._build_rest_later()

    def _build_rest_later(self) -> None:
        # The other screens are built once the window is on screen.
        QTimer.singleShot(0, self.stack, self.stack.build_rest_later)

    def _screen_actions(self) -> tuple[QAction, ...]:
        a = self.actions
        return (a.new, a.edit, a.delete, a.print, a.export)

    def database_text(self) -> str:
        """The database as the status bar names it, open or still opening."""
        return self.db.describe() if self.db is not None else self._opening

    @property
    def screens(self) -> list[Screen]:
        """Every screen, in side-bar order (building any not built yet)."""
        return self.stack.all_screens()

    # Layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.stack = ScreenStack(self.db)
        self.stack.screen_built.connect(self._wire)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Screens")
        widest = max(
            (self.fontMetrics().horizontalAdvance(t) for t in self.stack.titles), default=0
        )
        self.nav.setMinimumWidth(max(170, widest + 48))  # 48: the item padding and the bar
        for number, title in enumerate(self.stack.titles, start=1):
            item = QListWidgetItem(title)
            item.setSizeHint(QSize(0, self.fontMetrics().height() * 2 + 8))
            if number <= 9:
                item.setToolTip(f"{title} (Ctrl+{number})")
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
        self.splitter.setSizes([self.nav.minimumWidth(), 1280 - self.nav.minimumWidth()])
        self.setCentralWidget(self.splitter)

        self.db_label = QLabel(
            f"Database: {self.db.describe()}" if self.db else f"Opening {self._opening}…"
        )
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.setTabOrder(self.nav, self.search)

    def _wire(self, screen: Screen) -> None:
        screen.status_changed.connect(self._update_status)
        screen.data_changed.connect(self._on_data_changed)
        screen.open_record.connect(self.go_to)
        self.undo_group.addStack(screen.undo_stack)

    # Behaviour ----------------------------------------------------------------------------
    def current_screen(self) -> Screen | None:
        return self.stack.current_screen()

    def screen_titled(self, title: str) -> Screen | None:
        titles = self.stack.titles
        if title not in titles or self.db is None:
            return None
        return self.stack.screen_at(titles.index(title))

    def go_to_row(self, row: int) -> Callable[..., None]:
        return lambda _checked=False: self.nav.setCurrentRow(row)

    def _show_screen(self, row: int) -> None:
        if row < 0:
            return
        if self.db is None:  # still opening: the screen is built once the database is open
            self.stack.setCurrentIndex(row)
            self.heading.setText(self.stack.titles[row])
            self.search.setEnabled(False)
            return
        screen = self.stack.screen_at(row)
        self.stack.setCurrentIndex(row)
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
        self.undo_group.setActiveStack(screen.undo_stack)
        self.actions.new.setEnabled(screen.can_new)
        self.actions.edit.setEnabled(screen.can_edit)
        self.actions.delete.setEnabled(screen.can_delete)
        self.actions.print.setEnabled(screen.can_print)
        self.actions.export.setEnabled(screen.can_export)
        self._update_status()

    def go_to(self, title: str, record_id: int) -> None:
        """Show another screen at one record (an overview line, a mentee's name)."""
        if title not in self.stack.titles:
            return
        self.nav.setCurrentRow(self.stack.titles.index(title))
        screen = self.current_screen()
        if screen is not None:
            screen.show_record(record_id)

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

    def reload_all(self) -> None:
        """After the whole database changed under the window (a restore): refresh everything."""
        self._on_data_changed()
        self.refresh_current()

    def _on_data_changed(self) -> None:
        for screen in self.stack.built_screens():
            if screen is not self.current_screen():
                screen.setProperty("stale", True)

    def _update_status(self) -> None:
        screen = self.current_screen()
        self.count_label.setText(screen.status_text() if screen else "")

    def new_record(self) -> None:
        if (screen := self.current_screen()) is not None and screen.can_new:
            screen.new_record()

    def edit_selected(self) -> None:
        if (screen := self.current_screen()) is not None and screen.can_edit:
            screen.edit_selected()

    def delete_selected(self) -> None:
        if (screen := self.current_screen()) is not None and screen.can_delete:
            screen.delete_selected()

    def print_current(self) -> None:
        if (screen := self.current_screen()) is not None and screen.can_print:
            screen.print_current()

    def export(self) -> None:
        if (screen := self.current_screen()) is not None and screen.can_export:
            screen.export_current()

    def import_file(self) -> None:
        """File > Import…: the import wizard, on the screen that lists the imports."""
        if self.db is None:
            return
        for row in range(len(self.stack.titles)):
            if self.stack.screen_class(row).can_import:
                self.nav.setCurrentRow(row)
                self.stack.screen_at(row).import_file()
                return

    def open_preferences(self) -> None:
        from cohort_desk.ui.shell.preferences import PreferencesDialog

        if self.db is None:
            return
        if dialogs.run(PreferencesDialog(self.db, self)):
            self._on_data_changed()
            self.refresh_current()

    def set_dark(self, dark: bool) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            options.THEME.set(theme.apply_theme(app, "dark" if dark else "light"))

    def open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.log_dir())))

    def show_undo_history(self) -> None:
        from cohort_desk.ui.shell.undo_history import UndoHistoryDialog

        stacks = [(screen.title, screen.undo_stack) for screen in self.stack.built_screens()]
        dialogs.run(UndoHistoryDialog(stacks, self))

    def show_getting_started(self) -> None:
        from cohort_desk.ui.shell.help import GETTING_STARTED, HelpDialog

        dialogs.run(HelpDialog("Getting started", GETTING_STARTED, self))

    def show_shortcuts(self) -> None:
        from cohort_desk.ui.shell.help import HelpDialog, shortcuts_html

        menus = [action.menu() for action in self.menuBar().actions() if action.menu()]
        dialogs.run(HelpDialog("Keyboard shortcuts", shortcuts_html(menus), self))

    def about(self) -> None:
        ask.about(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nRecords for a systems leadership academy: people, "
            f"cohorts, sessions, attendance, certificates and mentoring.\n\n"
            f"Database: {self.database_text()}\nLog folder: {paths.log_dir()}",
        )

    # Remembered state ---------------------------------------------------------------------
    def _restore_state(self) -> None:
        if geometry := options.WINDOW_GEOMETRY.get():
            self.restoreGeometry(QByteArray(geometry))
        if splitter := options.WINDOW_SPLITTER.get():
            self.splitter.restoreState(QByteArray(splitter))
        last = options.LAST_SCREEN.get()
        if last in self.stack.titles:
            self.nav.setCurrentRow(self.stack.titles.index(last))

    def save_state(self) -> None:
        options.WINDOW_GEOMETRY.set(bytes(self.saveGeometry().data()))
        options.WINDOW_SPLITTER.set(bytes(self.splitter.saveState().data()))
        if (screen := self.current_screen()) is not None:
            options.LAST_SCREEN.set(screen.title)
        save_all_tables(self)
        save_all_splitters(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stack.stop_building()
        for screen in self.stack.built_screens():
            screen.wait_for_work()
        self.save_state()
        super().closeEvent(event)
