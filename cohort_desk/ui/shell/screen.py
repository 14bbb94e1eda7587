"""The one interface between the main window and its screens.

The shell knows a screen only through ``Screen``: its flags (what the menus may offer), its
signals and its named hooks. A feature's commands depend on this interface too, never on
their screen's class, so no room imports another's insides and nothing calls a method by
name through getattr. (vorta's views/base_tab.py is the model.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QTabWidget, QWidget

from cohort_desk.ui.kit.undo import UNDO_LIMIT

if TYPE_CHECKING:  # the window is drawn before SQLAlchemy is imported
    from cohort_desk.db.engine import Database


class Screen(QWidget):
    """One page of the main window (People, Cohorts...). Subclasses set ``title`` and
    ``order``, say what they offer with the ``can_*`` flags, and override the hooks that
    apply; the others do nothing."""

    title: ClassVar[str] = ""
    order: ClassVar[int] = 100
    can_new: ClassVar[bool] = False  # Ctrl+N
    can_edit: ClassVar[bool] = False  # F2, "Open or edit"
    can_delete: ClassVar[bool] = False  # Delete
    can_print: ClassVar[bool] = False  # Ctrl+P
    can_export: ClassVar[bool] = False  # Ctrl+E
    searchable: ClassVar[bool] = True  # the search field filters this screen
    can_import: ClassVar[bool] = False  # File > Import… comes here

    # The record count or selection changed: the status bar follows.
    status_changed = Signal()
    # This screen changed data: the others reload when next shown.
    data_changed = Signal()
    # Show another screen at one record: (screen title, record id).
    open_record = Signal(str, int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        # Each screen has its own undo stack, so Ctrl+Z only ever undoes a change made on
        # the screen in front of the person (the shell makes the shown one active).
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)

    # Hooks the shell calls ---------------------------------------------------------------
    def refresh(self) -> None:
        """Reload from the database (F5, or when shown after changes elsewhere)."""

    def set_search(self, text: str) -> None:
        """Filter what is shown as the person types in the search field."""

    def status_text(self) -> str:
        return ""

    def new_record(self) -> None:
        """Ctrl+N."""

    def edit_selected(self) -> None:
        """F2: open or edit what is selected."""

    def delete_selected(self) -> None:
        """The Delete key."""

    def print_current(self) -> None:
        """Ctrl+P."""

    def export_current(self) -> None:
        """Ctrl+E: what is shown, to a spreadsheet."""

    def import_file(self) -> None:
        """File > Import…, on the screen that says ``can_import``."""

    def show_record(self, record_id: int) -> None:
        """Select one record (asked by another screen through ``open_record``)."""

    def wait_for_work(self) -> None:
        """Let background work finish before the window closes: a job's thread still running
        when the screen is deleted takes the whole program down with it."""
        from cohort_desk.ui.kit.workers import BackgroundJob

        for job in self.findChildren(BackgroundJob):
            job.wait()

    def is_loading(self) -> bool:
        """Whether the screen is filling itself in the background; the window waits to build
        the other screens till it has, so the two do not share the processor."""
        return False

    # Hooks a screen's commands call ------------------------------------------------------
    def reload_after_change(self) -> None:
        """After this screen changed data: show it, and tell the others."""
        self.refresh()
        self.data_changed.emit()


class Panel(QWidget):
    """One tab of a TabbedScreen. The screen passes the search text and its undo stack on to
    the tab shown; ``changed`` says the panel changed data."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack: QUndoStack | None = None

    def refresh(self) -> None:
        """Reload from the database."""

    def set_search(self, text: str) -> None:
        """Filter as the person types."""

    def status_text(self) -> str:
        return ""


class TabbedScreen(Screen):
    """A screen made of Panels in tabs: the search field and the status line speak to the
    tab shown, and every tab shares the screen's undo stack."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._search = ""
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)

    def add_panel(self, panel: Panel, label: str) -> Panel:
        panel.undo_stack = self.undo_stack
        self.tabs.addTab(panel, label)
        if self.tabs.count() == 1:
            # Connected after the first tab, so building the screen loads nothing by itself.
            self.tabs.currentChanged.connect(self._tab_changed)
        return panel

    def panels(self) -> list[Panel]:
        found = [self.tabs.widget(i) for i in range(self.tabs.count())]
        return [panel for panel in found if isinstance(panel, Panel)]

    def current_panel(self) -> Panel | None:
        panel = self.tabs.currentWidget()
        return panel if isinstance(panel, Panel) else None

    def _tab_changed(self, _index: int) -> None:
        self.set_search(self._search)

    def set_search(self, text: str) -> None:
        self._search = text
        panel = self.current_panel()
        if panel is not None:
            panel.set_search(text)
        self.status_changed.emit()

    def status_text(self) -> str:
        panel = self.current_panel()
        return panel.status_text() if panel is not None else ""
